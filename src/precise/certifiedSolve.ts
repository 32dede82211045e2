// Sparse solves for the certified Assumption 1 (certified.ts): the candidate V̂ is only steered by
// these, never trusted (the bound is computed exactly from whatever V̂ they give), so they may be
// approximate; what they buy is no dense S x S matrix (the float64 policy iteration of
// engine/evaluate.ts and refine.ts's LU each hold S^2 doubles, ~8 MB at 1,000 states, per iteration).
// Symmetric Gauss-Seidel on I - gamma P_pi converges whenever every policy ends episodes or gamma < 1
// (spectral radius of gamma P_pi below 1); the sweep count grows with the horizon, so a cap returns
// null and the caller takes the dense path.
import type { Big } from './evaluate.ts';
import { refine, type RefineContext } from './refine.ts';

export interface SparseModel {
  S: number;
  A: number;
  /** Nonzero transitions by (s, a) = s * A + a. */
  succ: number[][];
  prob: number[][];
  gamma: number;
}

const MAX_SWEEPS = 20_000;

/** x with (I - gamma P_policy) x = b, sweeps (forward, backward) until no entry moves by 1e-15 of the largest; null at the cap. */
export function gaussSeidel(m: SparseModel, policy: ArrayLike<number>, b: ArrayLike<number>, x: Float64Array = new Float64Array(m.S)): Float64Array | null {
  const { S, A, succ, prob, gamma } = m;
  const update = (s: number): number => {
    const i = s * A + policy[s];
    let acc = b[s], self = 0;
    const ts = succ[i], ps = prob[i];
    for (let k = 0; k < ts.length; k++) {
      if (ts[k] === s) self += ps[k];
      else acc += gamma * ps[k] * x[ts[k]];
    }
    const next = acc / (1 - gamma * self);
    const change = Math.abs(next - x[s]);
    x[s] = next;
    return change;
  };
  for (let sweep = 0; sweep < MAX_SWEEPS; sweep++) {
    let change = 0, size = 0;
    if (sweep % 2 === 0) for (let s = 0; s < S; s++) change = Math.max(change, update(s));
    else for (let s = S - 1; s >= 0; s--) change = Math.max(change, update(s));
    for (let s = 0; s < S; s++) size = Math.max(size, Math.abs(x[s]));
    if (!Number.isFinite(change)) return null;
    if (change <= 1e-15 * size || size === 0) return x;
  }
  return null;
}

/** Float64 policy iteration with Gauss-Seidel evaluations (ties within 1e-12 keep the action); null if a solve fails. */
export function sparsePolicyIteration(m: SparseModel, R: (i: number) => number): { policy: Int32Array; V: Float64Array } | null {
  const { S, A, succ, prob, gamma } = m;
  const policy = new Int32Array(S);
  let V: Float64Array = new Float64Array(S);
  for (let iteration = 0; iteration < 1000; iteration++) {
    const b = Float64Array.from({ length: S }, (_, s) => R(s * A + policy[s]));
    const next = gaussSeidel(m, policy, b, V);
    if (!next) return null;
    V = next;
    let changed = false;
    for (let s = 0; s < S; s++) {
      const q = (a: number) => {
        const i = s * A + a;
        let ev = 0;
        for (let k = 0; k < succ[i].length; k++) ev += prob[i][k] * V[succ[i][k]];
        return R(i) + gamma * ev;
      };
      let best = policy[s], bestQ = q(best);
      for (let a = 0; a < A; a++) {
        const qa = q(a);
        if (qa > bestQ + 1e-12 * (1 + Math.abs(bestQ))) [best, bestQ] = [a, qa];
      }
      if (best !== policy[s]) [policy[s], changed] = [best, true];
    }
    if (!changed) return { policy, V };
  }
  return null;
}

/**
 * V of `policy` at c.digits: residuals at full precision over the nonzeros, corrections by
 * Gauss-Seidel in float64, added exactly; null when a correction does not converge (refine.ts's
 * scheme with a sparse inner solver).
 */
export function sparseRefinedSolve(c: RefineContext, m: SparseModel, policy: ArrayLike<number>, R: (i: number) => number): Big[] | null {
  const { S, A, succ, prob } = m;
  const g = c.big(m.gamma);
  const residual = new Float64Array(S);
  return refine(c, S, (x) => {
    for (let s = 0; s < S; s++) {
      const i = s * A + policy[s];
      let ev = c.zero;
      for (let k = 0; k < succ[i].length; k++) ev = ev.plus(c.big(prob[i][k]).times(x[succ[i][k]]));
      residual[s] = c.big(R(i)).minus(x[s]).plus(g.times(ev)).toNumber();
    }
    return gaussSeidel(m, policy, residual);
  });
}
