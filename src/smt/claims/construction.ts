// Symbolic z_d, u and ONE generic row of W for the §4.2 and §5.3-5.4 weight-tweak identities.
// The identities hold row by row and row i involves only W_i and e_i = (e_aDelta)_i in {0, 1}, so a query
// about one generic row (W_i any vector, e_i either 0 or 1) covers every row of every |A| x d matrix W.
import { Script, add, dot, eq, mul, or, real, vec } from '../smtlib.ts';

export interface Row {
  s: Script;
  Wi: string[];
  zd: string[];
  u: string[];
}

export type Premise = 'Wu' | 'uzd' | 'uu';
const FACT: Record<Premise, (r: Row) => string> = {
  Wu: (r) => eq(dot(r.Wi, r.u), real(0)),
  uzd: (r) => eq(dot(r.u, r.zd), real(0)),
  uu: (r) => eq(dot(r.u, r.u), real(1)),
};
export const PREMISE_TEXT: Record<Premise, string> = { Wu: 'W u = 0', uzd: 'u^T z_d = 0', uu: 'u^T u = 1' };

/** Declares W_i, z_d, u, e, k, eps and asserts e in {0, 1} plus the chosen premises of §4.2. */
export function row(d: number, premises: Premise[]): Row {
  const r: Row = { s: new Script(), Wi: vec('Wi', d), zd: vec('zd', d), u: vec('u', d) };
  r.s.declare([...r.Wi, ...r.zd, ...r.u, 'e', 'k', 'eps'])
    .comment('e = (e_aDelta)_i: 1 on the row of a_Delta, 0 elsewhere')
    .assert(or(eq('e', real(0)), eq('e', real(1))));
  if (premises.length > 0) r.s.comment(premises.map((p) => PREMISE_TEXT[p]).join(', ')).assert(...premises.map((p) => FACT[p](r)));
  return r;
}

/** Row i of (W + k e_aDelta t^T) z, the logits after the rank-one tweak dW = k e_aDelta t^T. */
export const tweakedLogit = (r: Row, t: string[], z: string[]) => add(dot(r.Wi, z), mul('k', 'e', dot(t, z)));

/** z_d + eps u, the moved code of s_Delta (s_a in §5). */
export const moved = (r: Row) => r.zd.map((z, j) => add(z, mul('eps', r.u[j])));

export const DS = [2, 3, 4];
export const ROW_NOTE =
  'Each query is about one generic row W_i of W (any vector) and e_i in {0, 1}; the identity is row-wise, so this covers every row of every |A| x d matrix and every a_Delta.';
export const unusedNote = (unused: string[]) =>
  `The paper's other hypotheses (${unused.join(', ')}) are not needed and not assumed, so the statement proved is stronger.`;
