// The 64-digit engine remembers exp, ln, predictions, head products and base points between calls
// (evaluate.ts). None of that may change a digit: here the engine's Delta J is compared, as text,
// with the engine's formula as it was before those memos (kept below, straight decimal.js calls
// in the same order, nothing remembered, its own copy of the solver), on instances with affine and
// MLP world models, zero transitions, doubles whose exact decimals exceed 64 digits, -0, and
// perturbations asked for in the order a confirmation asks (eps = 1e-16 and 0, J_PG only then full).
import { all, create, type BigNumber } from 'mathjs';
import { describe, expect, it } from 'vitest';
import type { Instance, Perturbation, Reading, WorldModel } from '../../src/model/types.ts';
import { exactDecimalString } from '../../src/precise/exact.ts';
import { clearPreciseCache, preciseContext, preciseDelta, preciseEvaluate, preciseTanh } from '../../src/precise/evaluate.ts';
import { cmpAbs } from '../../src/precise/decimalParts.ts';

type Big = BigNumber;
const math = create(all, { number: 'BigNumber', precision: 64 });
const big = (x: number): Big => math.bignumber(exactDecimalString(x)) as Big;
const ZERO = math.bignumber(0) as Big;
const ONE = math.bignumber(1) as Big;
const dot = (x: Big[], y: Big[]) => x.reduce((s, xi, i) => s.plus(xi.times(y[i])), ZERO);
const sparseDot = (x: Big[], y: Big[]) => x.reduce((s, xi, i) => (xi.isZero() ? s : s.plus(xi.times(y[i]))), ZERO);
const matVec = (M: Big[][], x: Big[]) => M.map((row) => dot(row, x));

/** The elimination of linalg.ts as it was (partial pivoting, the same negligible-pivot rule). */
function solve(A: Big[][], B: Big[][]): Big[][] {
  const n = A.length;
  const m = B[0].length;
  const a = A.map((r) => r.slice());
  const b = B.map((r) => r.slice());
  const tiny = math.bignumber('1e-58') as Big;
  let scale = ZERO;
  for (const row of a) for (const v of row) if (v.abs().cmp(scale.abs()) > 0) scale = v;
  for (let col = 0; col < n; col++) {
    let p = col;
    for (let r = col + 1; r < n; r++) if (a[r][col].abs().cmp(a[p][col].abs()) > 0) p = r;
    if (a[p][col].abs().lte(scale.abs().times(tiny))) throw new Error('singular');
    [a[p], a[col]] = [a[col], a[p]];
    [b[p], b[col]] = [b[col], b[p]];
    for (let r = col + 1; r < n; r++) {
      const f = a[r][col].div(a[col][col]);
      if (f.abs().cmp(ZERO.abs()) === 0) continue;
      for (let c = col; c < n; c++) a[r][c] = a[r][c].minus(f.times(a[col][c]));
      for (let c = 0; c < m; c++) b[r][c] = b[r][c].minus(f.times(b[col][c]));
    }
  }
  const x = Array.from({ length: n }, () => new Array<Big>(m).fill(ZERO));
  for (let r = n - 1; r >= 0; r--) {
    for (let c = 0; c < m; c++) {
      let s = b[r][c];
      for (let k = r + 1; k < n; k++) s = s.minus(a[r][k].times(x[k][c]));
      x[r][c] = s.div(a[r][r]);
    }
  }
  return x;
}

interface Point { pi: Big[][]; logPi: Big[][]; A: Big[][]; d: Big[]; err: Big[][]; J_PG: Big; J_JEPA: Big }

/** eq. (1) at 64 digits for the linear head, every quantity computed afresh. */
function evaluate(inst: Instance, p: Perturbation | null): Point {
  const m = (x: number[][]) => x.map((row) => row.map(big));
  const P = inst.mdp.P.map(m);
  const R = m(inst.mdp.R);
  const gamma = big(inst.mdp.gamma);
  let E = m(inst.encoder);
  let W = m(inst.head.W);
  const b = inst.head.b.map(big);
  if (p) {
    const eps = big(p.eps);
    const k = big(p.k);
    const u = p.uExact ? p.uExact.map((x) => math.bignumber(x) as Big) : p.u.map(big);
    const r = p.r.map(big);
    E = E.map((row, s) => (s === p.state ? row.map((x, j) => x.plus(eps.times(u[j]))) : row));
    W = W.map((row, a) => (a === p.action ? row.map((x, j) => x.plus(k.times(r[j]))) : row));
  }
  const nS = P.length;
  const nA = W.length;
  const pi: Big[][] = [];
  const logPi: Big[][] = [];
  for (const l of E.map((z) => matVec(W, z).map((x, a) => x.plus(b[a])))) {
    const mx = l.reduce((acc, x) => (x.gt(acc) ? x : acc), l[0]);
    const e = l.map((x) => x.minus(mx).exp());
    const Z = e.reduce((s, x) => s.plus(x), ZERO);
    const lnZ = Z.ln();
    pi.push(e.map((x) => x.div(Z)));
    logPi.push(l.map((x) => x.minus(mx).minus(lnZ)));
  }
  const M: Big[][] = [];
  const rPi: Big[][] = [];
  for (let s = 0; s < nS; s++) {
    const pst = new Array<Big>(nS).fill(ZERO);
    for (let a = 0; a < nA; a++) for (let t = 0; t < nS; t++) if (!P[s][a][t].isZero()) pst[t] = pst[t].plus(pi[s][a].times(P[s][a][t]));
    M.push(pst.map((x, t) => (x === ZERO ? (s === t ? ONE : ZERO) : (s === t ? ONE : ZERO).minus(gamma.times(x)))));
    rPi.push([dot(pi[s], R[s])]);
  }
  const V = solve(M, rPi).map((r) => r[0]);
  const d = solve(M[0].map((_, j) => M.map((row) => row[j])), inst.mdp.mu.map((x) => [big(x)])).map((r) => r[0]);
  const Q = R.map((row, s) => row.map((r, a) => r.plus(gamma.times(sparseDot(P[s][a], V)))));
  const A = Q.map((row, s) => row.map((q) => q.minus(V[s])));
  const predict = predictor(inst.worldModel, nA);
  const err = E.map((z, s) => P[s].map((ps, a) => {
    const pred = predict(z, a);
    let e = ZERO;
    ps.forEach((pr, t) => {
      if (pr.isZero()) return;
      let sq = ZERO;
      pred.forEach((x, j) => { const diff = x.minus(E[t][j]); sq = sq.plus(diff.times(diff)); });
      e = e.plus(pr.times(sq));
    });
    return e;
  }));
  const lambda = big(inst.lambda);
  const J_JEPA = lambda.times(err.reduce((s, row, st) => s.plus(d[st].times(dot(pi[st], row))), ZERO));
  return { pi, logPi, A, d, err, J_PG: dot(inst.mdp.mu.map(big), V).neg(), J_JEPA };
}

function predictor(wm: WorldModel, nA: number): (z: Big[], a: number) => Big[] {
  const m = (x: number[][]) => x.map((row) => row.map(big));
  if (wm.kind === 'affine') return (z, a) => matVec(m(wm.M[a]), z).map((x, i) => x.plus(big(wm.c[a][i])));
  // The engine's tanh is its own, tested against decimal.js at 120 digits (precise.test.ts).
  const tanh = (x: Big) => preciseTanh(x.toString(), 64);
  return (z, a) => {
    let h: Big[] = [...z, ...Array.from({ length: nA }, (_, i) => (i === a ? ONE : ZERO))];
    wm.layers.forEach((l, i) => {
      h = matVec(m(l.W), h).map((x, j) => x.plus(big(l.b[j])));
      if (i < wm.layers.length - 1) h = h.map(tanh);
    });
    return h;
  };
}

/** The fixed-data terms: d0, pi0, A0 of the base point, log pi and err of x. */
function fixed(inst: Instance, base: Point, x: Point): { J_PG: Big; J_JEPA: Big } {
  let pg = ZERO;
  let jepa = ZERO;
  base.d.forEach((ds, s) => base.pi[s].forEach((p, a) => {
    const w = ds.times(p);
    pg = pg.plus(w.times(base.A[s][a]).times(x.logPi[s][a]));
    jepa = jepa.plus(w.times(x.err[s][a]));
  }));
  return { J_PG: pg.neg(), J_JEPA: big(inst.lambda).times(jepa) };
}

function referenceDelta(inst: Instance, p: Perturbation, reading: Reading): string[] {
  const e0 = evaluate(inst, null);
  const e1 = evaluate(inst, p);
  const [b, q] = reading === 'on-policy' ? [e0, e1] : [fixed(inst, e0, e0), fixed(inst, e0, e1)];
  return [q.J_PG.minus(b.J_PG), q.J_JEPA.minus(b.J_JEPA), q.J_PG.plus(q.J_JEPA).minus(b.J_PG.plus(b.J_JEPA))].map(String);
}

// ----------------------------------------------------------------- instances

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Small instances with zero transitions, repeated codes, -0 and tiny entries (exact decimals of 70+ digits). */
function randomInstance(rnd: () => number, kind: 'affine' | 'mlp', tiny = false): { instance: Instance; p: Omit<Perturbation, 'eps'> } {
  const int = (lo: number, hi: number) => lo + Math.floor(rnd() * (hi - lo + 1));
  // Below ~7.6e-6 a double's exact decimal has more than 64 digits, so rounding it (x + 0) is not exact.
  const g = () => { const x = rnd(); return x < 0.1 ? -0 : x < 0.5 ? (2 * rnd() - 1) * 1e-7 : 2 * rnd() - 1; };
  const vec = (n: number) => Array.from({ length: n }, g);
  const mat = (r: number, c: number) => Array.from({ length: r }, () => vec(c));
  const [nS, nA, d] = [int(2, 5), int(2, 3), int(2, 4)];
  const P = Array.from({ length: nS }, () => Array.from({ length: nA }, () => {
    const w = Array.from({ length: nS }, () => (rnd() < 0.3 ? 0 : rnd()));
    const sum = w.reduce((a, b) => a + b, 0) || 1;
    return w.map((x) => (x / sum) * 0.9);
  }));
  const mu = Array.from({ length: nS }, () => rnd());
  const muSum = mu.reduce((a, b) => a + b, 0);
  const encoder = mat(nS, d);
  if (nS > 2) encoder[2] = encoder[0].slice(); // a collapsed pair
  const h = int(2, 4);
  const worldModel: WorldModel = kind === 'affine'
    ? { kind: 'affine', M: Array.from({ length: nA }, () => mat(d, d)), c: mat(nA, d) }
    : { kind: 'mlp', activation: 'tanh', layers: [{ W: mat(h, d + nA), b: vec(h) }, { W: mat(d, h), b: vec(d) }] };
  // tiny: codes and the world model's offsets ~1e-7, so the JEPA errors (~1e-14) keep the last of
  // their 64 digits that rounding the moved code (E + 0 u) decides.
  const scale = (x: number[][]) => (tiny ? x.map((row) => row.map(() => (2 * rnd() - 1) * 1e-7)) : x);
  if (tiny && worldModel.kind === 'affine') worldModel.c = scale(worldModel.c);
  const instance: Instance = { mdp: { P, R: mat(nS, nA), mu: mu.map((x) => x / muSum), gamma: 0.5 + 0.4 * rnd() }, encoder: scale(encoder), head: { W: mat(nA, d), b: vec(nA) }, worldModel, lambda: 0.1 + rnd() };
  return { instance, p: { state: int(0, nS - 1), action: int(0, nA - 1), u: vec(d), r: vec(d), k: rnd() < 0.2 ? 0 : 0.5 + 2 * rnd() } };
}

describe('64-digit fast path against the formula without memos', () => {
  const rnd = mulberry32(1717);
  const cases = Array.from({ length: 24 }, (_, i) => randomInstance(rnd, i % 2 === 0 ? 'affine' : 'mlp', i % 4 === 0));

  it('Delta J of both readings, in a confirmation\'s order of requests, digit for digit', () => {
    clearPreciseCache();
    let nonzero = 0;
    for (const { instance, p } of cases) {
      // A confirmation's sequence: J_PG only at eps = 1e-16 and 0, the base point, then the full Delta, a second eps.
      // 64-digit strings (a direction the float64 u only approximates), as the confirmations pass.
      const uExact = p.u.map((x) => big(x).div(3).toString());
      const asks: [number, boolean, Reading, Partial<Perturbation>][] = [
        [1e-16, true, 'on-policy', {}], [0, true, 'on-policy', {}], [1e-16, false, 'fixed-data', {}], [0, false, 'fixed-data', {}],
        [1e-12, false, 'on-policy', {}], [0, false, 'on-policy', {}], [1e-3, false, 'fixed-data', { uExact }], [0, false, 'fixed-data', { uExact }],
      ];
      preciseEvaluate(instance, 64, { jepa: false });
      for (const [eps, pgOnly, reading, extra] of asks) {
        const q = { ...p, ...extra, eps };
        const got = preciseDelta(instance, q, reading, 64, pgOnly ? 'deltaJ_PG' : undefined);
        const want = referenceDelta(instance, q, reading);
        expect(got.deltaJ_PG.toString(), `${reading} eps ${eps}`).toBe(want[0]);
        if (!pgOnly) expect([got.deltaJ_JEPA, got.deltaJ].map(String), `${reading} eps ${eps}`).toEqual(want.slice(1));
        if (!got.deltaJ_PG.isZero()) nonzero++;
      }
      // The base point served from the J_PG-only one plus its JEPA errors: the full evaluation's digits.
      const ev = preciseEvaluate(instance, 64);
      const ref = evaluate(instance, null);
      expect([ev.J_PG, ev.J_JEPA].map(String)).toEqual([ref.J_PG, ref.J_JEPA].map(String));
      expect(ev.A.flat().map(String)).toEqual(ref.A.flat().map(String));
    }
    expect(nonzero).toBeGreaterThan(100);
  });

  it('exp and ln remembered by value: decimal.js\'s own digits, values differing only in sign or exponent kept apart', () => {
    const c = preciseContext(64);
    const xs = ['1.5', '15', '0.15', '-1.5', '-15', '-0.15', '1.5e-70', '-1.5e-70', '2', '0', '-0', '3.000000000000000000000000000000000000000000000000000000000000001'];
    for (const pass of [0, 1]) {
      for (const x of xs) {
        const b = c.math.bignumber(x) as Big;
        expect(c.exp(b).toString(), `exp(${x}) pass ${pass}`).toBe(b.exp().toString());
        if (b.gt(0)) expect(c.ln(b).toString(), `ln(${x}) pass ${pass}`).toBe(b.ln().toString());
      }
    }
    expect(c.exp(c.math.bignumber('-0') as Big).isNeg()).toBe(false);
  });

  it('cmpAbs read off the digits agrees with abs().cmp(abs()), rounded or exact inputs', () => {
    const c = preciseContext(64);
    const cmp = cmpAbs;
    const rnd = mulberry32(99);
    const pool: Big[] = ['0', '-0', '1', '-1', '10', '0.1', '9999999', '10000000', '-10000000.5', '1e-70', '-1e70', 'NaN', 'Infinity'].map((x) => c.math.bignumber(x) as Big);
    for (let i = 0; i < 300; i++) {
      const x = (2 * rnd() - 1) * 10 ** Math.floor(20 * rnd() - 10);
      // Exact decimals of doubles (up to ~70 digits), their 64-digit roundings, and arithmetic results.
      pool.push(c.big(x), c.big(x).plus(0), c.big(x).times(c.big(rnd())), c.big(x).neg().plus(0));
    }
    let ties = 0;
    for (let i = 0; i < pool.length; i++) {
      for (let j = i % 5; j < pool.length; j += 5) {
        const want = pool[i].abs().cmp(pool[j].abs());
        expect(cmp(pool[i], pool[j]), `${pool[i]} vs ${pool[j]}`).toBe(want);
        if (want === 0) ties++;
      }
    }
    expect(ties).toBeGreaterThan(0);
  });
});
