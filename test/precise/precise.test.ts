import { describe, expect, it } from 'vitest';
import type { Instance, Perturbation, Reading, WorldModel } from '../../src/model/types.ts';
import { preciseDelta, preciseEvaluate, preciseLocalShift, toNumbers, type Big } from '../../src/precise/index.ts';

// ----------------------------------------------------------------- hand-solved 2-state MDP
//
// States 0, 1; actions 0, 1; d = 1; encoder collapsed at 0 and W = 0, b = 0, so pi = (1/2, 1/2).
// gamma = 1/2, mu = (1, 0).
//   state 0, action 0: reward 1, to state 1 w.p. 1.
//   state 0, action 1: reward 0, stays in 0 w.p. 1/2 (the episode ends w.p. 1/2).
//   state 1, both actions: rewards 2 and 0, the episode ends.
// V(1) = (2 + 0)/2 = 1.
// V(0) = r_pi(0) + gamma (P_pi(0,0) V(0) + P_pi(0,1) V(1)) = 1/2 + 1/2 (V(0)/4 + 1/2)
//      => (7/8) V(0) = 3/4 => V(0) = 6/7.
// Q(0,0) = 1 + V(1)/2 = 3/2;  Q(0,1) = 0 + (1/2)(1/2) V(0) = 3/14;  check: (3/2 + 3/14)/2 = 6/7.
// Q(1,0) = 2, Q(1,1) = 0.  A = Q - V: A(0,.) = (9/14, -9/14), A(1,.) = (1, -1).
// d = mu^T (I - gamma P_pi)^{-1}: d(0) = 1 + gamma P_pi(0,0) d(0) = 1 + d(0)/8 => d(0) = 8/7;
//   d(1) = gamma P_pi(0,1) d(0) = (1/2)(1/2)(8/7) = 2/7.
// J_PG = -mu.V = -6/7.
// World model affine, M_a = 0, c = (1, 2): prediction c_a, target E(s') = 0, so the squared error
// is c_a^2 weighted by the surviving mass: err(0,0) = 1 * 1 = 1, err(0,1) = (1/2) * 4 = 2,
// err(1,.) = 0. J_JEPA = lambda d(0) (err(0,0) + err(0,1))/2 = (8/7)(3/2) = 12/7 with lambda = 1.
const hand: Instance = {
  mdp: {
    P: [
      [
        [0, 1],
        [0.5, 0],
      ],
      [
        [0, 0],
        [0, 0],
      ],
    ],
    R: [
      [1, 0],
      [2, 0],
    ],
    mu: [1, 0],
    gamma: 0.5,
  },
  encoder: [[0], [0]],
  head: { W: [[0], [0]], b: [0, 0] },
  worldModel: { kind: 'affine', M: [[[0]], [[0]]], c: [[1], [2]] },
  lambda: 1,
};

/** |x - p/q| < 10^-60, i.e. agreement to the working precision of 64 digits. */
function expectRational(x: Big, p: number, q: number): void {
  // x.times(0) yields a zero of x's own 64-digit class, so p/q is formed at that precision.
  const err = x.minus(x.times(0).plus(p).div(q)).abs();
  expect(err.lt('1e-60')).toBe(true);
}

describe('preciseEvaluate: hand-solved MDP', () => {
  it('matches the derivation to 60 digits', () => {
    const e = preciseEvaluate(hand);
    expectRational(e.V[0], 6, 7);
    expectRational(e.V[1], 1, 1);
    expectRational(e.Q[0][0], 3, 2);
    expectRational(e.Q[0][1], 3, 14);
    expectRational(e.Q[1][0], 2, 1);
    expectRational(e.A[0][0], 9, 14);
    expectRational(e.A[0][1], -9, 14);
    expectRational(e.A[1][1], -1, 1);
    expectRational(e.d[0], 8, 7);
    expectRational(e.d[1], 2, 7);
    expectRational(e.pi[0][1], 1, 2);
    expectRational(e.J_PG, -6, 7);
    expectRational(e.J_JEPA, 12, 7);
    expect(toNumbers(e.V)).toEqual([6 / 7, 1]);
  });

  it('a zero perturbation changes nothing, in both readings', () => {
    const p: Perturbation = { state: 0, action: 0, u: [1], r: [1], k: 0, eps: 0 };
    for (const reading of ['on-policy', 'fixed-data'] as Reading[]) {
      const r = preciseDelta(hand, p, reading);
      expect(r.deltaJ.isZero()).toBe(true);
      expect(r.cancellationDigits).toBe(Infinity);
    }
  });

  it('refuses a gamma = 1 instance whose policy can loop forever, and a bad shape', () => {
    const loop: Instance = structuredClone(hand);
    loop.mdp.gamma = 1;
    loop.mdp.P[1] = [
      [0, 1],
      [0, 1],
    ];
    expect(() => preciseEvaluate(loop)).toThrow(/gamma = 1/);
    // States 1, 2 closed; the row (0, 1/3, 2/3) leaks 5.6e-17 as exact rationals of its doubles,
    // below LEAK_TOL, so it counts as looping and is refused (see termination.ts).
    const thirds: Instance = {
      ...structuredClone(hand),
      mdp: {
        P: [
          [[0, 1, 0], [0.5, 0, 0]],
          [[0, 1 / 3, 2 / 3], [0, 1 / 3, 2 / 3]],
          [[0, 0, 1], [0, 0, 1]],
        ],
        R: [[1, 0], [2, 0], [0, 0]],
        mu: [1, 0, 0],
        gamma: 1,
      },
      encoder: [[0], [0], [0]],
    };
    expect(() => preciseEvaluate(thirds)).toThrow(/never ends the episode from state 1/);
    const ends: Instance = structuredClone(hand);
    ends.mdp.gamma = 1;
    const e = preciseEvaluate(ends);
    // gamma = 1: V(0) = r_pi(0) + P_pi(0,0) V(0) + P_pi(0,1) V(1) = 1/2 + V(0)/4 + 1/2 => V(0) = 4/3.
    expectRational(e.V[0], 4, 3);
    const bad: Instance = structuredClone(hand);
    bad.head.b = [0];
    expect(() => preciseEvaluate(bad)).toThrow(/head\.b/);
  });
});

// ----------------------------------------------------------------- independent float64 reference
//
// Written from the definitions in CLAIMS.md, sharing no code with src/: plain loops, Gauss-Jordan.

function solveF(A: number[][], b: number[]): number[] {
  const n = b.length;
  const M = A.map((row, i) => [...row, b[i]]);
  for (let c = 0; c < n; c++) {
    let p = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(M[r][c]) > Math.abs(M[p][c])) p = r;
    [M[c], M[p]] = [M[p], M[c]];
    for (let r = 0; r < n; r++) {
      if (r === c) continue;
      const f = M[r][c] / M[c][c];
      for (let k = c; k <= n; k++) M[r][k] -= f * M[c][k];
    }
  }
  return M.map((row, i) => row[n] / row[i]);
}

function wmF(wm: WorldModel, z: number[], a: number, nA: number): number[] {
  if (wm.kind === 'affine') return wm.M[a].map((row, i) => row.reduce((s, m, j) => s + m * z[j], wm.c[a][i]));
  let h = [...z, ...Array.from({ length: nA }, (_, i) => (i === a ? 1 : 0))];
  wm.layers.forEach((l, li) => {
    h = l.W.map((row, i) => row.reduce((s, w, j) => s + w * h[j], l.b[i]));
    if (li < wm.layers.length - 1) h = h.map(Math.tanh);
  });
  return h;
}

function floatEval(inst: Instance) {
  const { P, R, mu, gamma } = inst.mdp;
  const nS = P.length;
  const nA = inst.head.W.length;
  const logits = inst.encoder.map((z) => inst.head.W.map((w, a) => w.reduce((s, x, j) => s + x * z[j], inst.head.b[a])));
  const logPi = logits.map((l) => {
    const m = Math.max(...l);
    const lse = m + Math.log(l.reduce((s, x) => s + Math.exp(x - m), 0));
    return l.map((x) => x - lse);
  });
  const pi = logPi.map((r) => r.map(Math.exp));
  const Ppi = P.map((row, s) => Array.from({ length: nS }, (_, t) => row.reduce((acc, p, a) => acc + pi[s][a] * p[t], 0)));
  const I_gP = Ppi.map((row, s) => row.map((p, t) => (s === t ? 1 : 0) - gamma * p));
  const V = solveF(I_gP, R.map((r, s) => r.reduce((acc, x, a) => acc + pi[s][a] * x, 0)));
  const d = solveF(I_gP[0].map((_, j) => I_gP.map((row) => row[j])), mu);
  const Q = R.map((r, s) => r.map((x, a) => x + gamma * P[s][a].reduce((acc, p, t) => acc + p * V[t], 0)));
  const A = Q.map((r, s) => r.map((q) => q - V[s]));
  const err = inst.encoder.map((z, s) =>
    Array.from({ length: nA }, (_, a) => {
      const pred = wmF(inst.worldModel, z, a, nA);
      return P[s][a].reduce((acc, p, t) => acc + p * pred.reduce((q, x, j) => q + (x - inst.encoder[t][j]) ** 2, 0), 0);
    }),
  );
  const J_PG = -mu.reduce((acc, m, s) => acc + m * V[s], 0);
  const J_JEPA = inst.lambda * d.reduce((acc, ds, s) => acc + ds * pi[s].reduce((q, p, a) => q + p * err[s][a], 0), 0);
  return { pi, logPi, V, Q, A, d, err, J_PG, J_JEPA };
}

function floatDelta(inst: Instance, p: Perturbation, reading: Reading) {
  const pert: Instance = structuredClone(inst);
  pert.encoder[p.state] = pert.encoder[p.state].map((x, j) => x + p.eps * p.u[j]);
  pert.head.W[p.action] = pert.head.W[p.action].map((x, j) => x + p.k * p.r[j]);
  const e0 = floatEval(inst);
  const e1 = floatEval(pert);
  if (reading === 'on-policy') return { pg: e1.J_PG - e0.J_PG, jepa: e1.J_JEPA - e0.J_JEPA };
  let pg = 0;
  let jepa = 0;
  e0.d.forEach((ds, s) =>
    e0.pi[s].forEach((q, a) => {
      pg -= ds * q * e0.A[s][a] * (e1.logPi[s][a] - e0.logPi[s][a]);
      jepa += inst.lambda * ds * q * (e1.err[s][a] - e0.err[s][a]);
    }),
  );
  return { pg, jepa };
}

// ----------------------------------------------------------------- seeded random instances

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function randomInstance(rnd: () => number, kind: 'affine' | 'mlp') {
  const int = (lo: number, hi: number) => lo + Math.floor(rnd() * (hi - lo + 1));
  const g = () => 2 * rnd() - 1;
  const vec = (n: number) => Array.from({ length: n }, g);
  const mat = (r: number, c: number) => Array.from({ length: r }, () => vec(c));
  const nS = int(2, 5);
  const nA = int(2, 3);
  const d = int(2, 4);
  const P = Array.from({ length: nS }, () =>
    Array.from({ length: nA }, () => {
      const w = Array.from({ length: nS }, () => (rnd() < 0.3 ? 0 : rnd()));
      const sum = w.reduce((a, b) => a + b, 0) || 1;
      const keep = rnd() < 0.5 ? 1 : 0.6 + 0.4 * rnd();
      return w.map((x) => (x / sum) * keep);
    }),
  );
  const mu0 = Array.from({ length: nS }, () => rnd());
  const muSum = mu0.reduce((a, b) => a + b, 0);
  let worldModel: WorldModel;
  if (kind === 'affine') {
    worldModel = { kind: 'affine', M: Array.from({ length: nA }, () => mat(d, d)), c: mat(nA, d) };
  } else {
    const h = int(2, 5);
    const layers = rnd() < 0.5 ? [{ W: mat(h, d + nA), b: vec(h) }, { W: mat(d, h), b: vec(d) }] : [{ W: mat(h, d + nA), b: vec(h) }, { W: mat(h, h), b: vec(h) }, { W: mat(d, h), b: vec(d) }];
    worldModel = { kind: 'mlp', activation: 'tanh', layers };
  }
  const instance: Instance = {
    mdp: { P, R: mat(nS, nA), mu: mu0.map((x) => x / muSum), gamma: 0.5 + 0.45 * rnd() },
    encoder: mat(nS, d),
    head: { W: mat(nA, d).map((r) => r.map((x) => 2 * x)), b: vec(nA) },
    worldModel,
    lambda: 0.1 + rnd(),
  };
  const perturbation: Perturbation = { state: int(0, nS - 1), action: int(0, nA - 1), u: vec(d), r: vec(d), k: 0.5 + 2 * rnd(), eps: 0.05 + 0.2 * rnd() };
  return { instance, perturbation };
}

const close = (a: number, b: number, tol = 1e-10) => Math.abs(a - b) <= tol * Math.max(1, Math.abs(b));

describe('precise engine vs an independent float64 implementation', () => {
  const rnd = mulberry32(20240607);
  for (let i = 0; i < 24; i++) {
    const kind = i % 2 === 0 ? 'affine' : 'mlp';
    const { instance, perturbation } = randomInstance(rnd, kind);
    it(`random instance ${i} (${kind}, |S|=${instance.mdp.P.length})`, () => {
      const e = preciseEvaluate(instance, 40);
      const f = floatEval(instance);
      const cmp = (x: unknown, y: unknown) => {
        if (Array.isArray(y)) (y as unknown[]).forEach((v, j) => cmp((x as unknown[])[j], v));
        else expect(close(x as number, y as number), `${x} vs ${y}`).toBe(true);
      };
      cmp(toNumbers(e.V), f.V);
      cmp(toNumbers(e.Q), f.Q);
      cmp(toNumbers(e.A), f.A);
      cmp(toNumbers(e.d), f.d);
      cmp(toNumbers(e.pi), f.pi);
      cmp(e.J_PG.toNumber(), f.J_PG);
      cmp(e.J_JEPA.toNumber(), f.J_JEPA);
      for (const reading of ['on-policy', 'fixed-data'] as Reading[]) {
        const r = preciseDelta(instance, perturbation, reading, 40);
        const fd = floatDelta(instance, perturbation, reading);
        cmp(r.numbers.deltaJ_PG, fd.pg);
        cmp(r.numbers.deltaJ_JEPA, fd.jepa);
        cmp(r.numbers.deltaJ, fd.pg + fd.jepa);
        // The reported total is exactly the sum of its parts (one rounding at 40 digits).
        expect(r.deltaJ.minus(r.deltaJ_PG.plus(r.deltaJ_JEPA)).abs().lt('1e-35')).toBe(true);
      }
    });
  }
});

describe('preciseLocalShift', () => {
  it('agrees with the float reference and with eq. (2) to first order', () => {
    const { instance, perturbation } = randomInstance(mulberry32(7), 'affine');
    const s = perturbation.state;
    const sh = preciseLocalShift(instance, perturbation);
    const f0 = floatEval(instance);
    const pert: Instance = structuredClone(instance);
    pert.encoder[s] = pert.encoder[s].map((x, j) => x + perturbation.eps * perturbation.u[j]);
    pert.head.W[perturbation.action] = pert.head.W[perturbation.action].map((x, j) => x + perturbation.k * perturbation.r[j]);
    const f1 = floatEval(pert);
    (toNumbers(sh.piPrime) as number[]).forEach((x, a) => expect(close(x, f1.pi[s][a])).toBe(true));
    expect(close(sh.trueDeltaV.toNumber(), f1.V[s] - f0.V[s])).toBe(true);
    const one = f1.pi[s].reduce((acc, p, a) => acc + (p - f0.pi[s][a]) * f0.Q[s][a], 0);
    expect(close(sh.oneStep.toNumber(), one)).toBe(true);
    const sum = sh.deltaPi.reduce((a, x) => a.plus(x));
    expect(sum.abs().lt('1e-60')).toBe(true);
  });
});

describe('cancellation', () => {
  it('resolves a delta far below float64 noise', () => {
    const { instance, perturbation } = randomInstance(mulberry32(11), 'mlp');
    const p = { ...perturbation, k: 1e-30, eps: 1e-30 };
    const r = preciseDelta(instance, p, 'on-policy');
    const r2 = preciseDelta(instance, p, 'on-policy', 100);
    // Two precisions agree to ~digits - cancellationDigits; the delta is O(1e-30), not noise.
    expect(r.cancellationDigits).toBeGreaterThan(25);
    const rel = r.deltaJ.minus(r2.deltaJ).abs().div(r2.deltaJ.abs()).toNumber();
    expect(rel).toBeLessThan(1e-25);
    expect(Math.abs(r.numbers.deltaJ)).toBeGreaterThan(1e-33);
  });
});
