// Eq. (4): the Lipschitz triangle step e' <= L eps + e and e'^2 - e^2 <= L^2 eps^2 + 2 L eps e.
import type { SmtClaim } from '../claim.ts';
import { Script, add, dot, ge, gt, le, mul, ne, or, range, real, sub, vec, type SmtQuery } from '../smtlib.ts';

const DIMS = [1, 2, 3, 4];
const sq = (t: string) => mul(t, t);
const conclusionsViolated = or(gt('ep', add(mul('L', 'eps'), 'e')), gt(sub(sq('ep'), sq('e')), add(mul('L', 'L', 'eps', 'eps'), mul(real(2), 'L', 'eps', 'e'))));

/** zD = z_Delta, zd = z_d, WD = W_psi(z_Delta, a), Wd = W_psi(z_d, a): points of R^d. */
function points(s: Script, d: number) {
  const [zD, zd, WD, Wd] = ['zD', 'zd', 'WD', 'Wd'].map((n) => vec(n, d));
  s.declare([...zD, ...zd, ...WD, ...Wd]);
  const diff = (a: string[], b: string[]) => a.map((ai, i) => sub(ai, b[i]));
  return { zD, zd, WD, Wd, diff };
}

/** Step A (needs d): with x = W(z_Delta) - W(z_d), y = W(z_d) - z_d, expand ||x + y||^2 and Lagrange's identity. */
function identities(d: number): SmtQuery {
  const s = new Script();
  const { zd, WD, Wd, diff } = points(s, d);
  const x = diff(WD, Wd);
  const y = diff(Wd, zd);
  const ep2 = dot(diff(WD, zd), diff(WD, zd));
  const lagrange = range(d).flatMap((i) => range(d).filter((j) => j > i).map((j) => sq(sub(mul(x[i], y[j]), mul(x[j], y[i])))));
  return s
    .negate(
      or(ne(ep2, add(dot(x, x), mul(real(2), dot(x, y)), dot(y, y))), ne(sub(mul(dot(x, x), dot(y, y)), sq(dot(x, y))), add(...lagrange))),
      '||W(zD) - zd||^2 = ||x||^2 + 2 x.y + ||y||^2 and ||x||^2 ||y||^2 - (x.y)^2 = sum_{i<j} (x_i y_j - x_j y_i)^2',
    )
    .query(`P1.eq4 step A (identities in R^${d}), d = ${d}`);
}

/** Step B (no vectors, so valid for every d): norms as non-negative reals tied together by step A's identities. */
function scalarStep(): SmtQuery {
  return new Script()
    .comment('nx = ||x||, e = ||y||, ep = ||x + y|| = e\', xy = x.y, lag = sum of squares from Lagrange\'s identity')
    .declare(['nx', 'e', 'ep', 'eps', 'L', 'xy', 'lag'])
    .assert(...['nx', 'e', 'ep', 'eps', 'L', 'lag'].map((v) => ge(v, real(0))))
    .assert(`(= ${sq('ep')} ${add(sq('nx'), mul(real(2), 'xy'), sq('e'))})`)
    .assert(`(= ${sub(mul(sq('nx'), sq('e')), sq('xy'))} lag)`)
    .comment('Assumption 2 at the pair (z_Delta, z_d), eps = ||z_Delta - z_d||')
    .assert(le('nx', mul('L', 'eps')))
    .negate(conclusionsViolated, 'eq. (4)')
    .query('P1.eq4 step B (scalar, every d)');
}

/** The whole statement in one query, vectors and all; nlsat manages it only for d = 1 (d >= 2 times out). */
export function eq4Direct(d: number, negation: string = conclusionsViolated): SmtQuery {
  const s = new Script();
  const { zD, zd, WD, Wd, diff } = points(s, d);
  s.declare(['nA', 'eps', 'e', 'ep', 'L']).assert(...['nA', 'eps', 'e', 'ep', 'L'].map((v) => ge(v, real(0))));
  const norm2 = (a: string[], b: string[]) => dot(diff(a, b), diff(a, b));
  return s
    .assert(`(= ${sq('nA')} ${norm2(WD, Wd)})`, `(= ${sq('eps')} ${norm2(zD, zd)})`, `(= ${sq('e')} ${norm2(Wd, zd)})`, `(= ${sq('ep')} ${norm2(WD, zd)})`)
    .comment('Assumption 2 at the pair (z_Delta, z_d)')
    .assert(le('nA', mul('L', 'eps')))
    .negate(negation, 'eq. (4)')
    .query(`P1.eq4 direct, d = ${d}`);
}

export const p1Eq4: SmtClaim = {
  id: 'P1.eq4',
  interpretation: "the Lipschitz step for vectors in R^d, d <= 4 (by reduction to the triangle inequality)",
  step: "only the Lipschitz step for vectors in R^d, d <= 4, reduced to the triangle inequality",
  proves: "e' <= L eps + e and e'^2 - e^2 <= L^2 eps^2 + 2 L eps e, for e = ||W(z_d) - z_d||, e' = ||W(z_Delta) - z_d||, eps = ||z_Delta - z_d||",
  premises: '||W(z_Delta) - W(z_d)|| <= L ||z_Delta - z_d|| (Assumption 2 at that pair), L >= 0; norms are non-negative reals whose squares are sums of squares of components',
  corners: [...DIMS.map((d) => `d = ${d}`), 'L = 0 and e = 0 allowed'],
  scope: 'proved for d <= 4',
  note:
    "Proved by a reduction, because nlsat times out on the direct query for d >= 2: with x = W(z_Delta) - W(z_d), y = W(z_d) - z_d, " +
    "step A proves for d = 1..4 the polynomial identities ||W(z_Delta) - z_d||^2 = ||x||^2 + 2 x.y + ||y||^2 and Lagrange's identity " +
    "||x||^2 ||y||^2 - (x.y)^2 = sum_{i<j} (x_i y_j - x_j y_i)^2 (so Cauchy-Schwarz); step B proves both inequalities from those facts with " +
    'norms as non-negative scalars (no vectors, so for every d). A direct one-query proof with all vectors is added for d = 1.',
  queries: () => [...DIMS.map(identities), scalarStep(), eq4Direct(1)],
};
