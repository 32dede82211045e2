// Checks of P1.local and P2.local: at generated collapsed (P1) or tied (P2) configurations meeting the
// hypotheses, a certified descent direction (local.ts), or a local minimiser. A refutation needs a
// configuration that is a local minimiser: here, one whose J equals the proven lower bound of J
// (exact certificate: a global minimiser is a local one). 'none' without such a certificate is undecided.
import fc from 'fast-check';
import type { PropertyCheck } from '../claims/framework.ts';
import type { Mdp, Reading } from '../model/types.ts';
import { float64Scalar } from '../precise/dual.ts';
import { uniformOptimality } from './exactCache.ts';
import { exactRational } from '../precise/exact.ts';
import { caseCorners, minCaseArbitrary, type MinCase } from './cases.ts';
import { identity, toInstance, type Config } from './config.ts';
import { gapHypotheses, type GapKind } from './gapChecks.ts';
import { findDescent, type Construction } from './local.ts';
import { evaluateIn, fieldMdp } from './policyValue.ts';
import { layoutOf, pack } from './config.ts';
import { objective64 } from './objective.ts';
import { pointOf } from './objectiveFloat.ts';
import { reachableStates } from '../engine/mdp.ts';
import { exactRank } from '../claims/exactRank.ts';
import { preciseContext } from '../precise/evaluate.ts';
import { refineMinCase } from '../search/refineMin.ts';

export interface LocalCase extends MinCase {
  kind: 'random' | 'stationary' | 'uniform';
  /** Code dimension offset: P1 d = 1 + extra; P2 d = |A| + 2 + k with k = 1 + extra (Assumption 3). */
  extra: number;
  /** Dyadic values (multiples of 1/4) the configuration is drawn from, so W_psi(z, a) = z is exact. */
  vals: number[];
  /** Necessity analysis only: the other codes use every coordinate (Assumption 3 may fail). */
  spread?: boolean;
}

/** P2's pair needs room: two collapsed states and at least one other, so up to 4 states there. */
export const localCaseArbitrary = (maxS = 3): fc.Arbitrary<LocalCase> =>
  minCaseArbitrary(maxS, 3).chain((c) =>
    fc.record({
      kind: fc.constantFrom<LocalCase['kind']>('random', 'stationary', 'stationary', 'uniform'),
      extra: fc.integer({ min: 0, max: 1 }),
      vals: fc.array(fc.integer({ min: -8, max: 8 }).map((k) => k / 4), { minLength: 48, maxLength: 48 }),
    }).map((r) => ({ ...c, ...r })),
  );

/**
 * The configuration of a case. P1: every code z (z = 0 for 'uniform'); P2: s_a and s_b share z, the
 * other codes in the first k coordinates (so dim span(P) <= k = d - |A| - 2: Assumption 3). W = 0 and
 * c = z - M z (zero JEPA residual) except for 'random'; b: the case's values ('random'), 0 ('uniform'),
 * or a stationary constant policy's logits (|A| = 2, else the case's values).
 */
export function localConfig(c: LocalCase, cls: GapKind): Config {
  const S = c.mdp.P.length, A = c.mdp.P[0].length;
  const k = 1 + c.extra;
  const d = cls === 'collapsed' ? 1 + c.extra : A + 2 + k;
  let i = 0;
  const next = () => c.vals[i++ % c.vals.length];
  const vec = (n: number, live = n) => Array.from({ length: n }, (_, j) => (j < live ? next() : 0));
  const z = c.kind === 'uniform' ? new Array<number>(d).fill(0) : vec(d, cls === 'collapsed' ? d : k);
  const E = Array.from({ length: S }, (_, s) => (cls === 'collapsed' || c.kind === 'uniform' || s === c.pair[0] || s === c.pair[1] ? z.slice() : vec(d, c.spread ? d : k)));
  const W = Array.from({ length: A }, () => (c.kind === 'random' ? vec(d) : new Array<number>(d).fill(0)));
  const M = Array.from({ length: A }, () => (c.kind === 'uniform' ? identity(d) : Array.from({ length: d }, () => vec(d))));
  // Residual zero at every code pair would need M E(s) + c = E(t) for all transitions: exact only for
  // collapsed codes; for tied configurations the residual is what it is (the check measures J anyway).
  const cc = M.map((m) => z.map((zj, r) => zj - m[r].reduce((acc, x, j) => acc + x * z[j], 0)));
  if (c.kind === 'random') cc.forEach((row) => { row[0] += next(); });
  const b = c.kind === 'uniform' ? new Array<number>(A).fill(0) : c.kind === 'stationary' && A === 2 ? stationaryLogits(c.mdp) ?? vec(A) : vec(A);
  return { E, W, b, M, c: cc };
}

/** Logits (x, 0) of an interior stationary point of p -> V^p(mu) over constant policies (|A| = 2), if any. */
export function stationaryLogits(mdp: Mdp): number[] | null {
  const F = float64Scalar;
  const m = fieldMdp(F, mdp);
  const slope = (x: number) => {
    const p0 = 1 / (1 + Math.exp(-x));
    const ev = evaluateIn(F, m, Array.from({ length: m.S }, () => [p0, 1 - p0]));
    return ev.Q.reduce((acc, q, s) => acc + ev.d[s] * p0 * (q[0] - ev.V[s]), 0);
  };
  let lo = -12, flo = slope(lo);
  for (let x = -11.5; x <= 12; x += 0.5) {
    const fx = slope(x);
    if (flo !== 0 && fx !== 0 && Math.sign(fx) !== Math.sign(flo)) {
      let a = lo, b = x, fa = flo;
      for (let it = 0; it < 80; it++) {
        const mid = (a + b) / 2, fm = slope(mid);
        if (fm === 0) return [mid, 0];
        if (Math.sign(fm) === Math.sign(fa)) { a = mid; fa = fm; } else b = mid;
      }
      return [(a + b) / 2, 0];
    }
    lo = x; flo = fx;
  }
  return null;
}

/**
 * Exact certificate that the configuration is a global (hence local) minimiser: J equals its lower
 * bound -V*(mu) + 0 iff (i) every action is optimal at every reachable state (a full-support policy
 * then has V^pi(mu) = V*(mu)) and (ii) every transition a full-support policy takes from a reachable
 * state is predicted exactly, M_a E(s) + c_a = E(s') whenever P(s'|s,a) > 0 (rationals), so J_JEPA = 0.
 * Fixed data: the advantages on the data are then 0 and J_fd(.; theta0) >= 0 = J_fd(theta0; theta0).
 */
export function globalMinimiser(c: LocalCase, cfg: Config): { holds: boolean; why: string } {
  const reach = reachableStates(c.mdp);
  const Eq = cfg.E.map((z) => z.map(exactRational));
  for (let s = 0; s < Eq.length; s++) {
    if (!reach[s]) continue;
    for (let a = 0; a < cfg.M.length; a++) {
      const pred = cfg.M[a].map((row, r) => row.reduce((acc, x, j) => acc.add(exactRational(x).mul(Eq[s][j])), exactRational(cfg.c[a][r])));
      for (let t = 0; t < Eq.length; t++) {
        if (c.mdp.P[s][a][t] > 0 && !pred.every((x, r) => x.equals(Eq[t][r]))) return { holds: false, why: `non-zero JEPA residual on the transition (${s}, ${a}) -> ${t}` };
      }
    }
  }
  const cert = uniformOptimality(c.mdp);
  return { holds: cert.optimal, why: cert.optimal ? `exact rationals: every action is optimal at every reachable state [${cert.reachable.join(', ')}] (the uniform policy has A <= 0 there), so the configuration's full-support policy has J_PG = -V*(mu); every transition from a reachable state is predicted exactly, so J_JEPA = 0: J equals its lower bound, a global and so a local minimiser` : 'some reachable action is strictly suboptimal' };
}

/**
 * Prop. 2's Assumption 1 read on the configuration's policy (as properties/P2.ts reads it): some
 * action has A^{pi_c}(s, a) > 0 at one of the two collapsed states (which one is called s_a is the
 * paper's free choice). Exact when the policy is uniform, else at 64 digits (margin 1e-40).
 */
export function configAssumption1(c: LocalCase, screen = false, requireReachable = false): { holds: boolean; why: string } {
  const cfg = localConfig(c, 'tied');
  const uniform = cfg.W.every((r) => r.every((x) => x === 0)) && cfg.b.every((x) => x === cfg.b[0]);
  const reach = reachableStates(c.mdp);
  const positive = (s: number): boolean => {
    if (requireReachable && !reach[s]) return false;
    if (uniform) return uniformOptimality(c.mdp).A[s].some((x) => x.compare(0) > 0);
    if (screen) {
      const fp = pointOf(c.mdp, layoutOf(cfg), pack(cfg));
      return Array.from({ length: c.mdp.P[0].length }, (_, a) => fp.advantage[s * c.mdp.P[0].length + a]).some((x) => x > 1e-9);
    }
    const L = layoutOf(cfg);
    const point = objective64(c.mdp, c.lambda, L, pack(cfg).map((v) => preciseContext(64).big(v)), 'on-policy').point;
    return point.A[s].some((x) => x.toNumber() > 1e-40);
  };
  const at = c.pair.find(positive);
  return at === undefined
    ? { holds: false, why: 'no action has a positive advantage at s_a or s_b under the configuration\'s policy' }
    : { holds: true, why: `Assumption 1 (Prop. 2) on the configuration's policy: a positive advantage at collapsed state ${at} (${uniform ? 'exact rationals' : '64 digits'})` };
}

/**
 * Assumption 3 (reading (i)) of a tied configuration, decided exactly: dim span(P) <= d - |A| - 2 with P
 * the codes of every state but s_a (z_d among them). The generator builds it in (other codes in k
 * coordinates); a file edited to spread the codes, or a case with `spread`, is outside it.
 */
export function configAssumption3(c: LocalCase): { holds: boolean; why: string } {
  const cfg = localConfig(c, 'tied');
  const d = cfg.E[0].length, A = cfg.W.length;
  const rank = exactRank(cfg.E.filter((_, s) => s !== c.pair[0]));
  return rank <= d - A - 2
    ? { holds: true, why: `Assumption 3: dim span(P) = ${rank} <= d - |A| - 2 = ${d - A - 2} (exact rank)` }
    : { holds: false, why: `Assumption 3 fails: dim span(P) = ${rank} > d - |A| - 2 = ${d - A - 2} (exact rank)` };
}

const both = (h: { holds: boolean; why: string }, next: () => { holds: boolean; why: string }): { holds: boolean; why: string } => {
  if (!h.holds) return h;
  const g = next();
  return g.holds ? { holds: true, why: `${h.why}; ${g.why}` } : g;
};

export function localCheck(cls: GapKind, reading: Reading, repair?: { test: (c: MinCase) => boolean; why: string; replacesAssumption1?: boolean; reachablePair?: boolean }, construction: Construction = 'free'): PropertyCheck<LocalCase> {
  const hyp = (c: LocalCase, screen = false) => (repair?.replacesAssumption1 ? { holds: repair.test(c), why: repair.why } : cls === 'collapsed' ? gapHypotheses(c, cls) : both(configAssumption1(c, screen, repair?.reachablePair), () => configAssumption3(c)));
  return {
    reading, method: 'certificate',
    refine: refineMinCase,
    interpretation: repair?.why ?? (cls === 'collapsed' ? 'configurations with every code equal (d = 1, 2), affine world model' : "configurations with E(s_a) = E(s_b) meeting Assumption 3 (d = |A| + 2 + k, the other codes in k coordinates), affine world model; Assumption 1 read on the configuration's policy at s_a (as properties/P2.ts reads it)"),
    arbitrary: () => localCaseArbitrary(cls === 'collapsed' ? 3 : 4),
    maxRuns: 300,
    hypotheses: (c) => hyp(c),
    run: (c) => {
      const h = hyp(c, true);
      if (!h.holds) return { kind: 'skip', reason: repair?.replacesAssumption1 ? 'repair hypothesis fails' : h.why.startsWith('Assumption 3 fails') ? 'Assumption 3 fails' : 'Assumption 1 fails' };
      if (repair && !repair.test(c)) return { kind: 'skip', reason: 'repair hypothesis fails' };
      const cfg = localConfig(c, cls);
      const found = findDescent(c.mdp, c.lambda, cfg, reading, construction);
      if (found.kind !== 'none') return { kind: 'ok', figures: { [found.kind]: 1 } };
      const g = globalMinimiser(c, cfg);
      if (!g.holds) return { kind: 'undecided', reason: 'no certified descent direction and no global-minimiser certificate' };
      return {
        kind: 'violation', margin: 0, noise: 1e-12, confirmWhileShrinking: true,
        message: `the configuration (see instance) is a local minimiser: ${found.message}; ${g.why}`,
        measured: { gradNorm: found.gradNorm, maxDPiA: found.maxG }, predicted: { descent: 1 },
        construction: { config: 'instance', kind: c.kind },
        confirm: () => {
          const again = globalMinimiser(c, localConfig(c, cls));
          return { confirmed: again.holds, margin: 0, digits: Infinity, message: again.why };
        },
      };
    },
    corners: (c) => caseCorners(c, [`config ${c.kind}`]),
    instanceOf: (c) => toInstance(c.mdp, c.lambda, localConfig(c, cls)),
    rule: `At a generated ${cls === 'collapsed' ? 'fully collapsed' : 'E(s_a) = E(s_b)'} configuration: a first-order descent (-grad J, certified) or, at a stationary point, negative curvature in the plane (E(s) += eps x, W += delta e_a x^T, b -= delta e_a x^T E(s)) certified at 64 digits; a refutation is a configuration whose J equals the proven lower bound (exact rationals).`,
  };
}
