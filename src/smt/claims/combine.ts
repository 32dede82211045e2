// §4.5 (and §5.5): the arithmetic that combines eq. (3) and eq. (5) into Delta J < 0.
import type { SmtClaim } from '../claim.ts';
import { Script, add, and, div, ge, gt, implies, le, mul, neg, real, sub } from '../smtlib.ts';

/** Premises shared by both queries: k1 > 0, C, C', K >= 0, eps0 > 0 and the paper's choice k > 2C/k1. */
function premises(): Script {
  return new Script()
    .declare(['k1', 'C', 'Cprime', 'K', 'k', 'eps0'])
    .assert(gt('k1', real(0)), ge('C', real(0)), ge('Cprime', real(0)), ge('K', real(0)), gt('eps0', real(0)))
    .assert(gt('k', div(mul(real(2), 'C'), 'k1')));
}

/** eps* = (k1 k - C) / (2 (C' + K) + 1): small enough that the quadratic terms cannot eat the linear gain. */
const epsStar = (s: Script) => s.define('epsStar', div(sub(mul('k1', 'k'), 'C'), add(mul(real(2), add('Cprime', 'K')), real(1))));

/** §4.5 for Proposition 1 (k1) and §5.5 for Proposition 2 (k1'): the same arithmetic. */
function combine(id: string, paper: string, k1Means: string): SmtClaim {
  return {
    id,
    interpretation: id === 'P1.combine' ? "the §4.5 arithmetic given eq. (3) and eq. (5) as premises; whether the premises hold is the property checks' verdict" : 'the §5.5 arithmetic given the first-order gain and the JEPA bound as premises',
    step: id === 'P1.combine' ? "only the arithmetic of §4.5, with eq. (3) and eq. (5) as premises (whether they hold is the property checks' verdict)" : 'only the arithmetic of §5.5, with the first-order gain and the JEPA bound as premises',
    proves:
      `(${paper}; k1 stands for ${k1Means}) for k > 2C/k1 and every eps with 0 < eps <= min(eps*, eps0), ` +
      "eps* = (k1 k - C) / (2 (C' + K) + 1): eps* > 0 and Delta J = Delta J_PG + Delta J_JEPA < 0, " +
      "where Delta J_PG = -k1 k eps + rem with |rem| <= K eps^2 for eps <= eps0 (eq. (3)) and Delta J_JEPA <= C eps + C' eps^2 (eq. (5))",
    premises:
      `k1 > 0, C >= 0, C' >= 0, K >= 0, eps0 > 0, k > 2C/k1. This is the arithmetic of ${paper} given eq. (3) and eq. (5) as premises; ` +
      "whether those premises hold is the numeric checks' verdict",
    corners: ["all reals meeting the premises, C = 0, C' = 0, K = 0 and eps = eps* included"],
    scope: 'proved for all reals (no size parameter)',
    note: 'K bounds the O(eps^2) remainder of eq. (3) for eps <= eps0, which is what O(eps^2) means.',
    queries: () => {
      const positive = premises();
      positive.negate(le(epsStar(positive), real(0)), 'eps* > 0');
      const total = premises();
      total
        .declare(['eps', 'rem', 'dJPG', 'dJJEPA'])
        .assert(gt('eps', real(0)), le('eps', epsStar(total)), le('eps', 'eps0'))
        .comment('eq. (3), its remainder bounded by K eps^2')
        .assert(implies(le('eps', 'eps0'), and(le('rem', mul('K', 'eps', 'eps')), ge('rem', neg(mul('K', 'eps', 'eps'))))))
        .assert(`(= dJPG ${add(neg(mul('k1', 'k', 'eps')), 'rem')})`)
        .comment('eq. (5)')
        .assert(le('dJJEPA', add(mul('C', 'eps'), mul('Cprime', 'eps', 'eps'))))
        .negate(ge(add('dJPG', 'dJJEPA'), real(0)), 'Delta J < 0');
      return [positive.query(`${id}: eps* > 0`), total.query(`${id}: Delta J < 0 on (0, min(eps*, eps0)]`)];
    },
  };
}

export const p1Combine = combine('P1.combine', '§4.5', 'k1 = d_pi(s_Delta) p_aDelta A(s_Delta, a_Delta)');
export const p2Combine = combine('P2.combine', '§5.5', "k1' = d_pi(s_a) p_aDelta A(s_a, a_Delta) w^T u");
