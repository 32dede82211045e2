// Exact policy evaluation on integers. Every double is n / 2^k, so each row of I - gamma P_pi and
// of r_pi, scaled by a power of two (and by the policy row's common denominator), is a row of
// integers; fraction-free (Bareiss) elimination then solves the system in BigInt with exact
// divisions and no gcd, giving V = X / D (D the determinant, X integers by Cramer's rule). The
// same system solved with Fraction arithmetic (precise/rational.ts, gaussSolve) reduces every
// intermediate by a gcd, which was most of the §7 units' time. The rationals are the same: a
// rational has one value whatever the route, and results are returned as normalised Fractions
// only where a caller keeps them. Comparisons during policy iteration cross-multiply integers.
import { fraction, type Fraction } from 'mathjs';
import type { Mdp } from '../model/types.ts';
import { decomposeDouble } from '../precise/exact.ts';
import { SingularSystemError } from '../precise/linalg.ts';
import { getter, hide, HiddenTable } from '../engine/getters.ts';

/** n / 2^k with k >= 0 as small as possible. */
interface Dyadic { n: bigint; k: number }

function dyadic(x: number): Dyadic {
  const { negative, mantissa, exponent } = decomposeDouble(x);
  if (mantissa === 0n) return { n: 0n, k: 0 };
  let m = mantissa, e = exponent;
  if (e < 0) {
    // Drop trailing zero bits of the mantissa so that k (the power of two scaling rows) is minimal.
    const lo = Number(m & 0xffffffffn);
    const tz = lo !== 0 ? 31 - Math.clz32(lo & -lo) : 32 + (31 - Math.clz32(Number((m >> 32n) & 0xffffffffn) & -Number((m >> 32n) & 0xffffffffn)));
    const drop = Math.min(tz, -e);
    m >>= BigInt(drop);
    e += drop;
  }
  const n = negative ? -m : m;
  return e >= 0 ? { n: n << BigInt(e), k: 0 } : { n, k: -e };
}

/** The MDP's numbers as dyadic rationals (once per MDP object). */
interface IntMdp { S: number; A: number; P: Dyadic[][][]; R: Dyadic[][]; mu: Dyadic[]; gamma: Dyadic; muK: number }

// On the Mdp (HiddenTable): a per-case WeakMap value survives scavenges while its key lives.
const intMdps = new HiddenTable<Mdp, IntMdp>('intMdp');

function intMdp(mdp: Mdp): IntMdp {
  const hit = intMdps.get(mdp);
  if (hit) return hit;
  const mu = mdp.mu.map(dyadic);
  return intMdps.set(mdp, {
    S: mdp.P.length,
    A: mdp.P[0].length,
    P: mdp.P.map((row) => row.map((p) => p.map(dyadic))),
    R: mdp.R.map((r) => r.map(dyadic)),
    mu,
    gamma: dyadic(mdp.gamma),
    muK: Math.max(0, ...mu.map((x) => x.k)),
  });
}

const pow2 = (k: number): bigint => 1n << BigInt(k);

/**
 * A policy whose row s is w[s][a] / W[s] with integer weights (deterministic: one weight 1, W 1;
 * uniform: all weights 1, W = |A|).
 */
export interface IntPolicy { w: bigint[][]; W: bigint[] }

export const deterministicPolicy = (A: number, actions: number[]): IntPolicy => ({
  w: actions.map((a) => Array.from({ length: A }, (_, b) => (b === a ? 1n : 0n))),
  W: actions.map(() => 1n),
});

export const uniformPolicy = (S: number, A: number): IntPolicy => ({
  w: Array.from({ length: S }, () => new Array<bigint>(A).fill(1n)),
  W: new Array<bigint>(S).fill(BigInt(A)),
});

/** V = X / D exactly, with D > 0; Q[s][a] = Qn[s][a] / Qd[s][a] with Qd > 0. */
export interface IntEvaluation {
  X: bigint[];
  D: bigint;
  Qn: bigint[][];
  Qd: bigint[][];
}

/** Solves (I - gamma P_pi) V = r_pi exactly and forms Q = R + gamma P V. `what` names the system in a singular-system error. */
export function evaluateExactly(mdp: Mdp, pi: IntPolicy, what: string): IntEvaluation {
  const m = intMdp(mdp);
  const { S, A, gamma } = m;
  // Augmented rows [M | r], each scaled to integers.
  const a: bigint[][] = [];
  for (let s = 0; s < S; s++) {
    let K = 0;
    for (let b = 0; b < A; b++) {
      if (pi.w[s][b] === 0n) continue;
      K = Math.max(K, m.R[s][b].k);
      for (const p of m.P[s][b]) if (p.n !== 0n) K = Math.max(K, gamma.k + p.k);
    }
    const row = new Array<bigint>(S + 1).fill(0n);
    row[s] = pi.W[s] * pow2(K);
    let r = 0n;
    for (let b = 0; b < A; b++) {
      const wb = pi.w[s][b];
      if (wb === 0n) continue;
      const R = m.R[s][b];
      if (R.n !== 0n) r += wb * R.n * pow2(K - R.k);
      const gw = gamma.n * wb;
      m.P[s][b].forEach((p, t) => {
        if (p.n !== 0n) row[t] -= gw * p.n * pow2(K - gamma.k - p.k);
      });
    }
    row[S] = r;
    a.push(row);
  }
  // Bareiss: after step k every entry below row k is a (k+1) x (k+1) minor, so the division by the
  // previous pivot is exact.
  let prev = 1n;
  for (let k = 0; k < S; k++) {
    if (a[k][k] === 0n) {
      let p = k + 1;
      while (p < S && a[p][k] === 0n) p++;
      // Whether column k has a nonzero entry left does not depend on the pivots chosen before
      // (it is whether the first k+1 columns are independent), so this is the column gaussSolve names.
      if (p === S) throw new SingularSystemError(`${what} is singular (no usable pivot in column ${k})`);
      [a[p], a[k]] = [a[k], a[p]];
    }
    const piv = a[k][k];
    for (let i = k + 1; i < S; i++) {
      const f = a[i][k];
      const row = a[i], top = a[k];
      for (let j = k + 1; j <= S; j++) row[j] = (row[j] * piv - f * top[j]) / prev;
      row[k] = 0n;
    }
    prev = piv;
  }
  let D = a[S - 1][S - 1];
  // Back substitution on X = D x: a[i][i] X_i = a[i][S] D - sum_{j > i} a[i][j] X_j, exact by Cramer's rule.
  const X = new Array<bigint>(S).fill(0n);
  for (let i = S - 1; i >= 0; i--) {
    let t = a[i][S] * D;
    for (let j = i + 1; j < S; j++) t -= a[i][j] * X[j];
    X[i] = t / a[i][i];
  }
  if (D < 0n) {
    D = -D;
    for (let i = 0; i < S; i++) X[i] = -X[i];
  }
  // Q[s][b] = R + gamma sum_t P X_t / D over the common denominator D 2^L.
  const Qn: bigint[][] = [], Qd: bigint[][] = [];
  for (let s = 0; s < S; s++) {
    const qn: bigint[] = [], qd: bigint[] = [];
    for (let b = 0; b < A; b++) {
      const R = m.R[s][b];
      let L = R.k;
      for (const p of m.P[s][b]) if (p.n !== 0n) L = Math.max(L, gamma.k + p.k);
      let sum = 0n;
      m.P[s][b].forEach((p, t) => {
        if (p.n !== 0n && X[t] !== 0n) sum += p.n * X[t] * pow2(L - gamma.k - p.k);
      });
      qn.push(R.n * D * pow2(L - R.k) + gamma.n * sum);
      qd.push(D * pow2(L));
    }
    Qn.push(qn);
    Qd.push(qd);
  }
  return { X, D, Qn, Qd };
}

/** Sign of Q[s][b] - Q[s][c]. */
export const compareQ = (e: IntEvaluation, s: number, b: number, c: number): number => {
  const l = e.Qn[s][b] * e.Qd[s][c], r = e.Qn[s][c] * e.Qd[s][b];
  return l > r ? 1 : l < r ? -1 : 0;
};

/** mu . V as numerator over D 2^muK. */
export function valueOf(mdp: Mdp, e: IntEvaluation): { n: bigint; d: bigint } {
  const m = intMdp(mdp);
  let n = 0n;
  m.mu.forEach((x, s) => {
    if (x.n !== 0n) n += x.n * e.X[s] * pow2(m.muK - x.k);
  });
  return { n, d: e.D * pow2(m.muK) };
}

export const compareRatios = (x: { n: bigint; d: bigint }, y: { n: bigint; d: bigint }): number => {
  const l = x.n * y.d, r = y.n * x.d;
  return l > r ? 1 : l < r ? -1 : 0;
};

export const toFraction = (n: bigint, d: bigint): Fraction => fraction(n, d);

export const valuesAsFractions = (e: IntEvaluation): Fraction[] => e.X.map((x) => fraction(x, e.D));

export const qAsFractions = (e: IntEvaluation): Fraction[][] => e.Qn.map((row, s) => row.map((n, b) => fraction(n, e.Qd[s][b])));

const FRACTIONS = Symbol('IntEvaluation as Fractions');
interface LazyFractions { ev: IntEvaluation; V?: Fraction[]; Q?: Fraction[][] }
const lazyOf = (o: object): LazyFractions => (o as Record<symbol, LazyFractions>)[FRACTIONS];
const FRACTION_GETTERS = {
  V: getter(function (this: object) { const l = lazyOf(this); return (l.V ??= valuesAsFractions(l.ev)); }),
  Q: getter(function (this: object) { const l = lazyOf(this); return (l.Q ??= qAsFractions(l.ev)); }),
};

/**
 * Gives `o` the V and Q of `ev` as Fractions under the names given, in that key order, computed on
 * first read (a gcd per entry; most readers want a policy or a value alone). Shared getters, not a
 * literal's (engine/getters.ts).
 */
export function withLazyFractions<T extends object>(o: T, ev: IntEvaluation, fields: [name: string, of: 'V' | 'Q'][]): T {
  hide(o, FRACTIONS, { ev });
  for (const [name, of] of fields) Object.defineProperty(o, name, FRACTION_GETTERS[of]);
  return o;
}
