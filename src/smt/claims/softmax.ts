// Shared set-up for §4.3: x_i > 0 stands for exp(l_i), so dx_i/dl_j = delta_ij x_i and p = x / sum x.
import { Script, add, div, gt, mul, range, real, sub, vec } from '../smtlib.ts';

export interface SoftmaxVars {
  s: Script;
  x: string[];
  /** p_i = x_i / sum x: every point of the open simplex arises this way. */
  p: string[];
  /** d p_i / d l_j by the quotient rule, as an SMT-LIB term. */
  dp: (i: number, j: number) => string;
}

export function softmaxScript(n: number): SoftmaxVars {
  const s = new Script().comment('x_i = exp(l_i) > 0; S = sum_k x_k; p_i = x_i / S');
  const x = vec('x', n);
  s.declare(x).assert(...x.map((xi) => gt(xi, real(0))));
  const S = s.define('S', add(...x));
  const p = x.map((xi, i) => s.define(`p_${i}`, div(xi, S)));
  // Quotient rule: d(x_i/S)/dl_j = (dx_i/dl_j * S - x_i * dS/dl_j) / S^2, dx_i/dl_j = delta_ij x_i, dS/dl_j = x_j.
  const dp = (i: number, j: number) =>
    div(sub(i === j ? mul(x[i], S) : real(0), mul(x[i], x[j])), mul(S, S));
  return { s, x, p, dp };
}

/** pi_i (delta_ij - pi_j), the paper's Jacobian entry. */
export const jacobian = (p: string[], i: number, j: number) => mul(p[i], sub(i === j ? real(1) : real(0), p[j]));

export const sizes = range(4).map((i) => i + 2); // n = 2..5
