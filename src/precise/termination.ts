// The gamma = 1 caveat. With gamma = 1, V, d_pi and the objective exist only when episodes end
// with certainty; otherwise I - P_pi is singular and any "solution" is rounding noise.
//
// Rows are judged in exact arithmetic, but a row must leak more than LEAK_TOL to count as
// ending the episode. The reason: a row the author meant as stochastic is usually not exactly
// stochastic as doubles (three copies of 1/3 sum to 1 - 5.6e-17 exactly), and treating that
// 5.6e-17 as real termination would return values of order 1e16 where the float engine, which
// sees a row sum of 1, would report non-termination. Under this rule both engines refuse.

import { fraction, type Fraction } from 'mathjs';
import { exactRational } from './exact.ts';

export const LEAK_TOL = 1e-9;

const ONE = fraction(1n, 1n);
const TOL = exactRational(LEAK_TOL);

/** The exact test: 1 - sum_s' P(s'|s,a) > LEAK_TOL in rationals. */
function leakyExactly(p: number[]): boolean {
  let sum: Fraction = fraction(0n, 1n);
  // Zeros add nothing; a sparse row of a large MDP is mostly zeros.
  for (const v of p) if (v !== 0) sum = sum.add(exactRational(v));
  return ONE.sub(sum).compare(TOL) > 0;
}

/**
 * The same answer as leakyExactly, from the float64 sum when that sum is far from the threshold:
 * a sum of n doubles added in order is within n 2^-53 sum|v| (1 + n 2^-53) of the exact sum
 * (Higham, Accuracy and Stability, eq. 4.4), taken generously here as 2 n 2^-52 sum|v|; 1 - s and
 * the comparisons round by at most 2^-53 relative, covered by 1e-15 (1 + |1 - s|). Rows within
 * that band of LEAK_TOL, and non-finite entries, are decided exactly.
 */
function leaky(p: number[]): boolean {
  let s = 0;
  let abs = 0;
  let n = 0;
  for (const v of p) {
    if (v === 0) continue;
    s += v;
    abs += Math.abs(v);
    n++;
  }
  if (!Number.isFinite(abs)) return leakyExactly(p);
  const gap = 1 - s;
  const band = 4 * (2 * n * 2 ** -52 * abs) + 1e-15 * (1 + Math.abs(gap));
  if (gap > LEAK_TOL + band) return true;
  if (gap < LEAK_TOL - band) return false;
  return leakyExactly(p);
}

/** leaky[s][a]: the exact missing mass 1 - sum_s' P(s'|s,a) exceeds LEAK_TOL. */
export function leakyRows(P: number[][][]): boolean[][] {
  return P.map((row) => row.map(leaky));
}

/** The rational test alone (tests compare the float64 screen with it). */
export const leakyRowsExactly = (P: number[][][]): boolean[][] => P.map((row) => row.map(leakyExactly));

/**
 * Throws unless, from every state, the policy with support `allowed` ends the episode with
 * certainty: each state must reach a leaky allowed row along edges of allowed actions (a
 * finite chain that can always leak with positive probability leaks eventually).
 */
export function assertPolicyTerminates(P: number[][][], allowed: (s: number, a: number) => boolean): void {
  const leaky = leakyRows(P);
  const n = P.length;
  const ends = P.map((row, s) => row.some((_, a) => allowed(s, a) && leaky[s][a]));
  for (let changed = true; changed; ) {
    changed = false;
    for (let s = 0; s < n; s++) {
      if (ends[s]) continue;
      if (P[s].some((p, a) => allowed(s, a) && p.some((v, t) => v > 0 && ends[t]))) {
        ends[s] = true;
        changed = true;
      }
    }
  }
  const bad = ends.indexOf(false);
  if (bad >= 0) {
    throw new Error(
      `gamma = 1 but the policy never ends the episode from state ${bad} (a closed set of states leaks ` +
        `less than ${LEAK_TOL}); the objective is defined at gamma = 1 only when episodes end with certainty`,
    );
  }
}

/**
 * Throws unless EVERY policy ends episodes with certainty (needed for V* and the policy
 * improvement theorem at gamma = 1). Some policy can run forever iff a nonempty set S exists in
 * which every state has a non-leaky action whose successors all lie in S; the greatest such S
 * is found by repeatedly deleting states that have no such action.
 */
export function assertAllPoliciesTerminate(P: number[][][]): void {
  const leaky = leakyRows(P);
  const inS = P.map(() => true);
  for (let changed = true; changed; ) {
    changed = false;
    for (let s = 0; s < P.length; s++) {
      if (!inS[s]) continue;
      const canStay = P[s].some((p, a) => !leaky[s][a] && p.every((v, t) => v <= 0 || inS[t]));
      if (!canStay) {
        inS[s] = false;
        changed = true;
      }
    }
  }
  const bad = inS.indexOf(true);
  if (bad >= 0) {
    throw new Error(
      `gamma = 1 but some policy never ends the episode from state ${bad}; V* and the optimality ` +
        `certificate are defined at gamma = 1 only when every policy ends episodes with certainty`,
    );
  }
}
