// Assumption 1 (no action optimal in every state) decided from a high-precision V* with a proven
// error bound, for MDPs too large for exact rational policy iteration (rational.ts solves I - gamma P
// densely in fractions: minutes and gigabytes at 1,000 states). The 64-digit arithmetic only picks a
// candidate V̂; everything the decision rests on is computed exactly from V̂ and the instance's doubles.
//
// Why the bound holds. Let T be the Bellman optimality operator, (T V)(s) = max_a Q_V(s, a) with
// Q_V(s, a) = R(s, a) + gamma sum_t P(s, a, t) V(t), and V* its fixed point (the value exact policy
// iteration ends on: its last policy is greedy on its own value, so T V* = V*). Take weights h > 0 and
//   beta = max_{s,a} gamma sum_t P(s, a, t) h(t) / h(s),   ||x||_h = max_s |x(s)| / h(s).
// For any x, y: |(T x)(s) - (T y)(s)| <= max_a gamma sum_t P(s,a,t) |x(t) - y(t)| (a max moves by at
// most the largest change of its arguments) <= max_a gamma sum_t P(s,a,t) h(t) ||x - y||_h (P >= 0)
// <= beta h(s) ||x - y||_h. So with beta < 1, T is a contraction in ||.||_h, V* is its only fixed
// point, and with rho = ||T V̂ - V̂||_h:
//   ||V̂ - V*||_h <= ||V̂ - T V̂||_h + ||T V̂ - T V*||_h <= rho + beta ||V̂ - V*||_h,
// hence ||V̂ - V*||_h <= delta := rho / (1 - beta). Then Q*(s, a) - Q_V̂(s, a) = gamma sum_t P(s,a,t)
// (V*(t) - V̂(t)), so |Q*(s, a) - Q_V̂(s, a)| <= e(s, a) := gamma sum_t P(s, a, t) h(t) delta.
// beta, rho, Q_V̂ and e are exact rationals (the doubles of the instance and V̂ read exactly), so no
// rounding enters the bound. An action a is certainly not optimal at s when some b has
// Q_V̂(s,b) - e(s,b) > Q_V̂(s,a) + e(s,a); certainly the only optimal action when that holds against
// every other b. Exact ties (common in generated instances) can never be separated: then the caller
// decides exactly.
//
// Weights: h = 1 gives beta = gamma * (largest row sum), enough whenever gamma < 1 or every row
// loses mass. For gamma = 1 with some row of mass 1, h = the largest expected number of steps to the
// end of the episode (h = 1 + max_a P_a h, float64 policy iteration): then P_a h <= h - 1, so
// beta <= 1 - 1 / max h; h's rounding only moves beta slightly, and beta is checked exactly anyway.
import { fraction, type Fraction } from 'mathjs';
import type { Mdp } from '../model/types.ts';
import { flatten } from '../engine/mdp.ts';
import { optimalValues } from '../engine/evaluate.ts';
import { exactRational } from './exact.ts';
import { preciseContext, type Big } from './evaluate.ts';
import { refinedSolve } from './refine.ts';
import { sparsePolicyIteration, sparseRefinedSolve, type SparseModel } from './certifiedSolve.ts';

export interface CertifiedAssumption1 {
  /** false: some action is within the bound of optimal everywhere it is not certainly optimal (decide exactly). */
  decided: boolean;
  /** Assumption 1 holds (meaningful when decided). */
  holds: boolean;
  why: string;
  /** How it was decided, for a reason line: "Q* at 64 digits within a certified ...". */
  method: string;
  /** delta = ||V* - V̂||_h bound and the weights' contraction factor beta (rounded, for reports). */
  delta: number;
  beta: number;
  /** Per action, a state where it is certainly not optimal, or -1. */
  suboptimalAt: number[];
  /** Actions certainly the only optimal one in every state. */
  optimalEverywhere: number[];
  /** Policy iteration steps at high precision after the float64 policy. */
  iterations: number;
}

const ZERO = fraction(0n, 1n);
const ONE = fraction(1n, 1n);

/** The exact value of a finite decimal BigNumber. */
export function bigToFraction(x: Big): Fraction {
  const [mant, expText] = x.toExponential().split('e');
  const negative = mant.startsWith('-');
  const [whole, frac = ''] = mant.replace('-', '').split('.');
  const shift = frac.length - Number(expText);
  let n = BigInt(whole + frac);
  let d = 1n;
  if (shift >= 0) d = 10n ** BigInt(shift);
  else n *= 10n ** BigInt(-shift);
  return fraction(negative ? -n : n, d);
}

/** A rational's approximate value (numerator and denominator may overflow a double). */
export function approx(f: Fraction): number {
  const v = Number(f.n) / Number(f.d);
  if (Number.isFinite(v)) return Number(f.s) * v;
  const bits = Math.max(f.n.toString(2).length, f.d.toString(2).length) - 1000;
  return Number(f.s) * (Number(f.n >> BigInt(bits)) / Number(f.d >> BigInt(bits)));
}

const maxOf = (xs: Fraction[]) => xs.reduce((m, x) => (x.compare(m) > 0 ? x : m));

/** The instance's transitions by (s, a) = s * A + a, nonzeros only, and its doubles read exactly. */
interface Sparse {
  mdp: Mdp;
  S: number;
  A: number;
  succ: number[][];
  prob: number[][];
  gamma: Fraction;
  exact(x: number): Fraction;
}

function sparse(mdp: Mdp): Sparse {
  const S = mdp.P.length, A = mdp.P[0].length;
  const memo = new Map<number, Fraction>();
  const exact = (x: number) => {
    let f = memo.get(x);
    if (!f) memo.set(x, (f = exactRational(x)));
    return f;
  };
  const succ: number[][] = [], prob: number[][] = [];
  for (let s = 0; s < S; s++)
    for (let a = 0; a < A; a++) {
      const t: number[] = [], p: number[] = [];
      mdp.P[s][a].forEach((x, j) => x !== 0 && (t.push(j), p.push(x)));
      succ.push(t);
      prob.push(p);
    }
  return { mdp, S, A, succ, prob, gamma: exact(mdp.gamma), exact };
}

/** Q_V(s, a) = R(s, a) + gamma sum_t P(s, a, t) V(t), exactly, for a rational V. */
function qOf(m: Sparse, V: Fraction[]): Fraction[] {
  return m.succ.map((ts, i) => {
    let ev = ZERO;
    ts.forEach((t, k) => (ev = ev.add(m.exact(m.prob[i][k]).mul(V[t]))));
    return m.exact(m.mdp.R[Math.floor(i / m.A)][i % m.A]).add(m.gamma.mul(ev));
  });
}

/**
 * A candidate V̂ close to V*: float64 policy iteration, then the policy's V at `digits` (iterative
 * refinement) and policy improvement on the exact Q_V̂ until no state gains more than the solve's
 * own accuracy (a float64 policy can miss advantages below ~1e-16 that the decision must see; the
 * threshold keeps it from cycling on the solve's last digits). Only a candidate: the bound is sound
 * for any V̂. A string says why none was found.
 */
function candidate(m: Sparse, digits: number): { V: Fraction[]; Q: Fraction[]; iterations: number } | string {
  const { S, A, succ, prob, mdp } = m;
  const sm: SparseModel = { S, A, succ, prob, gamma: mdp.gamma };
  const reward = (i: number) => mdp.R[Math.floor(i / A)][i % A];
  // Sparse solves first (no S x S matrix); the dense float64 LU path when they do not converge.
  let policy = sparsePolicyIteration(sm, reward)?.policy;
  if (!policy) {
    try {
      policy = optimalValues(flatten(mdp)).policy;
    } catch (error) {
      return `float64 policy iteration failed (${(error as Error).message})`;
    }
  }
  const c = preciseContext(digits);
  const bigGamma = c.big(mdp.gamma);
  const dense = (policy: Int32Array): Big[] | null => {
    const M: Big[][] = Array.from({ length: S }, () => new Array<Big>(S).fill(c.zero));
    const r: Big[] = [];
    for (let s = 0; s < S; s++) {
      const i = s * A + policy[s];
      M[s][s] = c.one;
      succ[i].forEach((t, k) => (M[s][t] = M[s][t].minus(bigGamma.times(c.big(prob[i][k])))));
      r.push(c.big(mdp.R[s][policy[s]]));
    }
    return refinedSolve(c, M, r, false);
  };
  for (let iterations = 0; ; iterations++) {
    const x = sparseRefinedSolve(c, sm, policy, reward) ?? dense(policy);
    if (!x) return 'the high-precision solve for V of the float64 optimal policy did not converge';
    const V = x.map(bigToFraction);
    const Q = qOf(m, V);
    let changed = false;
    for (let s = 0; s < S; s++) {
      let best = policy[s];
      for (let a = 0; a < A; a++) if (Q[s * A + a].compare(Q[s * A + best]) > 0) best = a;
      const gain = approx(Q[s * A + best].sub(Q[s * A + policy[s]]));
      if (best !== policy[s] && gain > 10 ** -(digits - 8) * (1 + Math.abs(approx(V[s])))) {
        policy[s] = best;
        changed = true;
      }
    }
    if (!changed || iterations >= 10) return { V, Q, iterations };
  }
}

export interface BellmanBound {
  /** Q_V̂ exactly, and lo <= Q* <= hi entrywise (index s * A + a). */
  Q: Fraction[];
  lo: Fraction[];
  hi: Fraction[];
  /** ||V* - V̂||_h <= delta; h = 1 unless weighted (then h = the episode lengths below). */
  delta: Fraction;
  beta: Fraction;
  h: Fraction[] | null;
}

/** The bound of the header for any rational V̂ (index s); a string when no weights give beta < 1. */
export const bellmanBound = (mdp: Mdp, V: Fraction[]): BellmanBound | string => boundFor(sparse(mdp), V);

function boundFor(m: Sparse, V: Fraction[]): BellmanBound | string {
  const { S, A, succ, prob, gamma, mdp } = m;
  const Q = qOf(m, V);
  // ph[i] = sum_t P(i, t) h(t).
  const weighted = (h: Fraction[] | null) => {
    const ph = succ.map((ts, i) => ts.reduce((acc, t, k) => acc.add(m.exact(prob[i][k]).mul(h ? h[t] : ONE)), ZERO));
    let beta = ZERO;
    ph.forEach((x, i) => {
      const ratio = h ? gamma.mul(x).div(h[Math.floor(i / A)]) : gamma.mul(x);
      if (ratio.compare(beta) > 0) beta = ratio;
    });
    return { ph, beta };
  };
  let h: Fraction[] | null = null;
  let w = weighted(null);
  if (w.beta.compare(ONE) >= 0) {
    let steps = sparsePolicyIteration({ S, A, succ, prob, gamma: mdp.gamma }, () => 1)?.V;
    if (!steps) {
      try {
        steps = optimalValues({ ...flatten(mdp), R: new Float64Array(S * A).fill(1) }).V;
      } catch (error) {
        return `no weights for the bound (${(error as Error).message})`;
      }
    }
    if (!steps.every((x) => Number.isFinite(x) && x >= 1)) return 'no weights for the bound (expected episode lengths not finite)';
    h = Array.from(steps, m.exact);
    w = weighted(h);
    if (w.beta.compare(ONE) >= 0) return 'no weights for the bound (the Bellman operator is not a certified contraction)';
  }
  const { ph, beta } = w;
  let rho = ZERO;
  for (let s = 0; s < S; s++) {
    const gap = maxOf(Q.slice(s * A, s * A + A)).sub(V[s]).abs();
    const scaled = h ? gap.div(h[s]) : gap;
    if (scaled.compare(rho) > 0) rho = scaled;
  }
  const delta = rho.div(ONE.sub(beta));
  const lo: Fraction[] = [], hi: Fraction[] = [];
  Q.forEach((q, i) => {
    const e = gamma.mul(ph[i]).mul(delta);
    lo.push(q.sub(e));
    hi.push(q.add(e));
  });
  return { Q, lo, hi, delta, beta, h };
}

/**
 * Assumption 1 decided from V* at `digits` (a candidate) with the bound above; undecided (never
 * wrong) when a margin is within the bound or a step fails (singular float64 system, no contraction).
 */
export function certifiedAssumption1(mdp: Mdp, digits = 64): CertifiedAssumption1 {
  const fail = (why: string): CertifiedAssumption1 => ({ decided: false, holds: false, why, method: 'none', delta: NaN, beta: NaN, suboptimalAt: [], optimalEverywhere: [], iterations: 0 });
  // The contraction argument needs P >= 0 (the exact method reports malformed input itself).
  if (!mdp.P.every((rows) => rows.every((row) => row.every((x) => Number.isFinite(x) && x >= 0)))) return fail('mdp.P: entries must be finite and >= 0');
  const m = sparse(mdp);
  const { S, A } = m;
  const found = candidate(m, digits);
  if (typeof found === 'string') return fail(found);
  const bound = boundFor(m, found.V);
  if (typeof bound === 'string') return fail(bound);
  const { lo, hi, delta, beta, h } = bound;
  const suboptimalAt = new Array<number>(A).fill(-1);
  const optimalEverywhere = new Array<boolean>(A).fill(true);
  for (let s = 0; s < S; s++) {
    for (let a = 0; a < A; a++) {
      const i = s * A + a;
      let otherLo: Fraction | null = null, otherHi: Fraction | null = null;
      for (let b = 0; b < A; b++) {
        if (b === a) continue;
        const j = s * A + b;
        if (!otherLo || lo[j].compare(otherLo) > 0) otherLo = lo[j];
        if (!otherHi || hi[j].compare(otherHi) > 0) otherHi = hi[j];
      }
      // Some b certainly beats a at s; a certainly beats every b at s (vacuous with one action).
      if (suboptimalAt[a] < 0 && otherLo && otherLo.compare(hi[i]) > 0) suboptimalAt[a] = s;
      if (otherHi && !(lo[i].compare(otherHi) > 0)) optimalEverywhere[a] = false;
    }
  }
  const common = optimalEverywhere.flatMap((x, a) => (x ? [a] : []));
  const size = approx(delta).toExponential(2);
  const how = `Q* at ${digits} digits within a certified ${size}${h ? ' (weighted by episode length)' : ''}`;
  const base = { method: how, delta: approx(delta), beta: approx(beta), suboptimalAt, optimalEverywhere: common, iterations: found.iterations };
  if (suboptimalAt.every((s) => s >= 0)) return { ...base, decided: true, holds: true, why: `no action is optimal in every state (${how})` };
  if (common.length > 0) return { ...base, decided: true, holds: false, why: `action(s) ${common.join(', ')} optimal in every state (${how})` };
  const open = suboptimalAt.flatMap((s, a) => (s < 0 ? [a] : []));
  return { ...base, decided: false, holds: false, why: `action(s) ${open.join(', ')} within the bound ${size} of optimal wherever not certainly optimal` };
}
