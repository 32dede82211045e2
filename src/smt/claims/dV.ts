// §4.3: delta V(s_Delta) := sum_i delta pi_i Q_i = eta / (1 - p_a) (Q_a - V).
import type { SmtClaim } from '../claim.ts';
import { Script, add, div, dot, eq, gt, mul, ne, neg, or, range, real, sub, vec } from '../smtlib.ts';
import { sizes } from './softmax.ts';

export const p1DV: SmtClaim = {
  id: 'P1.dV',
  interpretation: "the paper's definition delta V := sum_i delta pi_i Q_i with Q held fixed (an algebraic identity)",
  proves: 'for every a_Delta = a: sum_i delta pi_i Q_i = eta / (1 - p_a) (Q_a - V) with V = sum_i p_i Q_i, eta = p_a (1 - p_a) Delta l, delta pi_a = eta, delta pi_j = -p_j p_a Delta l (j != a), as in eq. (2)',
  premises: 'p on the open simplex (p_i > 0, sum p_i = 1), Q_i and Delta l free reals',
  corners: sizes.map((n) => `n = ${n} actions, every a_Delta`),
  scope: 'proved for n = 2..5 actions',
  note:
    'delta V is the paper\'s DEFINITION sum_i delta pi_i Q_i: the one-step change of V with Q^{pi_c} held fixed. ' +
    'That this is the first-order change of V^pi when the policy at s_Delta changes (Q moves too) is not part of this check; eq. (3) is checked numerically.',
  queries: () =>
    sizes.map((n) => {
      const s = new Script();
      const p = vec('p', n);
      const Q = vec('Q', n);
      s.declare(p).declare(Q).declare('dl').assert(...p.map((pi) => gt(pi, real(0))), eq(add(...p), real(1)));
      const V = s.define('V', dot(p, Q));
      const violations = range(n).map((a) => {
        const eta = mul(p[a], sub(real(1), p[a]), 'dl');
        const dpi = range(n).map((j) => (j === a ? eta : neg(mul(p[j], p[a], 'dl'))));
        return ne(dot(dpi, Q), mul(div(eta, sub(real(1), p[a])), sub(Q[a], V)));
      });
      return s.negate(or(...violations)).query(`P1.dV, n = ${n}`);
    }),
};
