// §4.2 and §5.3: the dimension counting, as integer arithmetic over all d, |A|, rank W.
import type { SmtClaim } from '../claim.ts';
import { Script, ge, gt, implies, int, le, lt, sub, type SmtQuery } from '../smtlib.ts';

const PREMISES =
  'd >= 1, |A| >= 1 and 0 <= rank W <= min(|A|, d) (W is |A| x d); rank-nullity dim ker W = d - rank W; ' +
  'dim z_d^perp = d - 1 if z_d != 0 and = d if z_d = 0; Grassmann dim(N cap H) = dim N + dim H - dim(N + H) with dim(N + H) <= d. ' +
  'Rank-nullity and Grassmann are textbook premises, not proved here: the SMT proof is the integer arithmetic that follows from them';
const CORNERS = ['z_d != 0 (z_d^perp a hyperplane, dim d - 1)', 'z_d = 0 (z_d^perp = R^d, dim d)', 'all integers d >= 1, |A| >= 1, 0 <= rank W <= min(|A|, d)'];
const SCOPE = 'proved for all integers d, |A|, rank W (given rank-nullity and Grassmann)';

/** Integer unknowns and the linear-algebra facts of §4.2 as premises; dimU = dim(ker W cap z_d^perp). */
function premises(zdZero: boolean): Script {
  const s = new Script()
    .comment('d = latent dim, nA = |A|, r = rank W, dimN = dim ker W, dimH = dim z_d^perp, dimNH = dim(N + H), dimU = dim(N cap H)')
    .declare(['d', 'nA', 'r', 'dimN', 'dimH', 'dimNH', 'dimU'], 'Int')
    .assert(ge('d', int(1)), ge('nA', int(1)), ge('r', int(0)), le('r', 'nA'), le('r', 'd'))
    .comment('rank-nullity')
    .assert(`(= dimN (- d r))`)
    .comment(zdZero ? 'z_d = 0: z_d^perp is all of R^d' : 'z_d != 0: z_d^perp is a hyperplane')
    .assert(zdZero ? '(= dimH d)' : `(= dimH (- d 1))`)
    .comment('Grassmann; N + H is a subspace of R^d containing N and H')
    .assert('(= dimU (- (+ dimN dimH) dimNH))', le('dimNH', 'd'), ge('dimNH', 'dimN'), ge('dimNH', 'dimH'), ge('dimU', int(0)));
  return s;
}

const bothCases = (id: string, build: (s: Script) => Script): (() => SmtQuery[]) => () =>
  [false, true].map((zdZero) => build(premises(zdZero)).query(`${id}, ${zdZero ? 'z_d = 0' : 'z_d != 0'}`, 'QF_LIA'));

export const p1Rank: SmtClaim = {
  id: 'P1.rank',
  interpretation: 'integer arithmetic from rank-nullity for W^T (the statement is not a premise)',
  step: "only the integer step from rank-nullity for W^T (dim ker W^T = |A| - rank W >= 0) to rank W <= |A|",
  proves: 'rank W <= |A| for every |A| x d matrix W',
  premises: 'rank-nullity for W^T (an R^{|A|} -> R^d map): dim ker W^T = |A| - rank W^T, rank W^T = rank W, and a dimension is >= 0 (textbook); ' +
    'the statement itself (rank W <= |A|) is not among the premises: the SMT check is the integer step from them',
  corners: ['all integers d >= 1, |A| >= 1'],
  scope: 'proved for all integers d, |A| (given rank-nullity for W^T)',
  queries: () => [
    new Script()
      .comment('r = rank W = rank W^T, kT = dim ker W^T')
      .declare(['d', 'nA', 'r', 'kT'], 'Int')
      .assert(ge('d', int(1)), ge('nA', int(1)), ge('r', int(0)))
      .comment('rank-nullity for W^T : R^{|A|} -> R^d')
      .assert('(= kT (- nA r))', ge('kT', int(0)))
      .negate(gt('r', 'nA'))
      .query('P1.rank: rank W <= |A|', 'QF_LIA'),
  ],
};

export const p1Dim: SmtClaim = {
  id: 'P1.dim',
  interpretation: "integer dimension counting, given rank-nullity and Grassmann's formula",
  step: "only the integer dimension counting from rank-nullity and Grassmann's formula (taken as premises)",
  proves: 'dim(ker W cap z_d^perp) >= d - rank W - 1',
  premises: PREMISES,
  corners: CORNERS,
  scope: SCOPE,
  queries: bothCases('P1.dim', (s) => s.negate(lt('dimU', sub(sub('d', 'r'), int(1))))),
};

export const p1UExists: SmtClaim = {
  id: 'P1.u-exists',
  interpretation: "integer dimension counting, given rank-nullity and Grassmann's formula",
  step: "only the integer dimension counting from rank-nullity and Grassmann's formula (taken as premises)",
  proves: 'if d - rank W >= 2 then dim(ker W cap z_d^perp) >= 1, so the subspace holds a non-zero vector and, normalised, a unit u with W u = 0 and u^T z_d = 0',
  premises: `${PREMISES}; a subspace of dimension >= 1 contains a non-zero vector (which can be scaled to unit length)`,
  corners: CORNERS,
  scope: SCOPE,
  queries: bothCases('P1.u-exists', (s) => s.comment('hypothesis').assert(ge(sub('d', 'r'), int(2))).negate(lt('dimU', int(1)))),
};

export const p2DimU: SmtClaim = {
  id: 'P2.dimU',
  interpretation: "integer dimension counting, given rank-nullity and Grassmann's formula",
  step: "only the integer dimension counting from rank-nullity and Grassmann's formula (taken as premises)",
  proves: 'dim U >= d - |A| - 1 for U = ker W cap z_d^perp',
  premises: PREMISES,
  corners: CORNERS,
  scope: SCOPE,
  queries: bothCases('P2.dimU', (s) => s.negate(lt('dimU', sub(sub('d', 'nA'), int(1))))),
};

export const p2UExists: SmtClaim = {
  id: 'P2.u-exists',
  interpretation: "integer dimension counting under Assumption 3 read as dim span(P) <= d - |A| - 2",
  step: "only the integer dimension counting under Assumption 3 (reading (i)), from rank-nullity and Grassmann's formula",
  proves: 'under Assumption 3 (dim span(P) <= d - |A| - 2), dim U > dim span(P), hence U is not contained in span(P): some u in U \\ span(P) exists, and scaling it to unit length keeps it outside the subspace span(P)',
  premises: `${PREMISES}; Assumption 3 read with "A" = |A| and dim span(P) >= 0; a subspace contained in another has no larger dimension`,
  corners: CORNERS,
  scope: SCOPE,
  note: 'The negation asserted is "U is a subset of span(P)" (a Boolean whose only consequence used is dim U <= dim span(P)).',
  queries: bothCases('P2.u-exists', (s) =>
    s
      .declare('dimS', 'Int')
      .declare('UinS', 'Bool')
      .comment('Assumption 3')
      .assert(ge('dimS', int(0)), le('dimS', sub(sub('d', 'nA'), int(2))))
      .comment('containment bounds dimension')
      .assert(implies('UinS', le('dimU', 'dimS')))
      .negate('UinS', 'U not contained in span(P)'),
  ),
};
