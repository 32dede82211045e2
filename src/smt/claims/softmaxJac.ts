// §4.3 soft-max Jacobian: d pi_i / d l_j = pi_i (delta_ij - pi_j).
import type { SmtClaim } from '../claim.ts';
import { ne, or, range } from '../smtlib.ts';
import { jacobian, sizes, softmaxScript } from './softmax.ts';

export const p1SoftmaxJac: SmtClaim = {
  id: 'P1.softmax-jac',
  interpretation: 'the identity, for 2..5 actions',
  proves: 'for every i, j: the quotient-rule derivative of pi_i = x_i / sum_k x_k with respect to l_j (dx_k/dl_j = delta_kj x_k) equals pi_i (delta_ij - pi_j)',
  premises: 'x_i = exp(l_i) > 0 (so pi ranges over the open simplex); the quotient rule and d exp(l)/dl = exp(l) are the premises of the derivative',
  corners: sizes.map((n) => `n = ${n} actions`),
  scope: 'proved for n = 2..5 actions',
  note: 'The symbolic check (mathjs derivative) differentiates exp(l_i)/sum exp(l_k) itself.',
  queries: () =>
    sizes.map((n) => {
      const { s, p, dp } = softmaxScript(n);
      const pairs = range(n).flatMap((i) => range(n).map((j) => ne(dp(i, j), jacobian(p, i, j))));
      return s.negate(or(...pairs)).query(`P1.softmax-jac, n = ${n}`);
    }),
};
