// Eq. (2): first-order probability shifts when only logit a_Delta moves by Delta l.
import type { SmtClaim } from '../claim.ts';
import { div, mul, ne, neg, or, range, real, sub } from '../smtlib.ts';
import { sizes, softmaxScript } from './softmax.ts';

export const p1Eq2: SmtClaim = {
  id: 'P1.eq2',
  interpretation: 'the first-order coefficients as polynomial identities on the open simplex',
  proves:
    'for every a_Delta = a and every j != a: the first-order shift (d pi_j / d l_a) Delta l (quotient rule) is p_a (1 - p_a) Delta l for j = a and -p_j p_a Delta l for j != a, ' +
    'and -p_j p_a Delta l = -(p_j / (1 - p_a)) eta with eta = p_a (1 - p_a) Delta l',
  premises: 'p = softmax(l) on the open simplex (p_i = x_i / sum x, x_i = exp(l_i) > 0), Delta l any real; p_a < 1 holds automatically for n >= 2',
  corners: sizes.map((n) => `n = ${n} actions, every a_Delta`),
  scope: 'proved for n = 2..5 actions',
  queries: () =>
    sizes.map((n) => {
      const { s, p, dp } = softmaxScript(n);
      s.declare('dl');
      const violations = range(n).flatMap((a) => {
        const eta = mul(p[a], sub(real(1), p[a]), 'dl');
        return range(n).flatMap((j) => {
          const shift = mul(dp(j, a), 'dl');
          if (j === a) return [ne(shift, eta)];
          const paper = neg(mul(p[j], p[a], 'dl'));
          return [ne(shift, paper), ne(paper, neg(mul(div(p[j], sub(real(1), p[a])), eta)))];
        });
      });
      return s.comment('dl = Delta l').negate(or(...violations)).query(`P1.eq2, n = ${n}`);
    }),
};
