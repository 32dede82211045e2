// §5.3-5.4: the compensator v = -u + w and the tweak dW = k e_aDelta (u + v)^T of Proposition 2.
import type { SmtClaim } from '../claim.ts';
import { add, dot, eq, mul, ne, neg, or, range, real, vec, type SmtQuery } from '../smtlib.ts';
import { DS, PREMISE_TEXT, ROW_NOTE, moved, row, tweakedLogit, unusedNote, type Premise, type Row } from './construction.ts';

const KS = [1, 2, 3];
const W_PERP_P = 'P = [z_d, z(s_1), ...] with K columns (column 0 is z_d), w^T p_j = 0 for every column p_j, v = -u + w';

interface P2 extends Row {
  P: string[][];
  w: string[];
  v: string[];
  /** u + v, the direction of the tweak (= w). */
  t: string[];
}

function p2(d: number, K: number, premises: Premise[]): P2 {
  const r = row(d, premises);
  const P = range(K).map((col) => (col === 0 ? r.zd : vec(`P${col}`, d)));
  const w = vec('w', d);
  r.s.declare([...P.slice(1).flat(), ...w]).comment('w in span(P)^perp').assert(...P.map((p) => eq(dot(w, p), real(0))));
  const v = r.u.map((ui, j) => r.s.define(`v_${j}`, add(neg(ui), w[j])));
  return { ...r, P, w, v, t: r.u.map((ui, j) => add(ui, v[j])) };
}

const grid = (build: (d: number, K: number) => SmtQuery) => () => DS.flatMap((d) => KS.map((K) => build(d, K)));
const corners = [...DS.flatMap((d) => KS.map((K) => `d = ${d}, K = ${K}`)), 'every |A| and a_Delta (generic row)'];
const scope = 'proved for d <= 4, K <= 3 columns of P, every |A|';

export const p2Compensator: SmtClaim = {
  id: 'P2.compensator',
  interpretation: 'the identities for symbolic u, w, P, d <= 4',
  proves: '(u + v)^T P = 0 and 1 + v^T u = w^T u for v = -u + w',
  premises: `${W_PERP_P}, ${PREMISE_TEXT.uu}`,
  corners: DS.flatMap((d) => KS.map((K) => `d = ${d}, K = ${K}`)),
  scope: 'proved for d <= 4, K <= 3 columns of P',
  note: unusedNote(['W u = 0', 'u^T z_d = 0']),
  queries: grid((d, K) => {
    const c = p2(d, K, ['uu']);
    const bad = [...c.P.map((p) => ne(dot(c.t, p), real(0))), ne(add(real(1), dot(c.v, c.u)), dot(c.w, c.u))];
    return c.s.negate(or(...bad)).query(`P2.compensator, d = ${d}, K = ${K}`);
  }),
};

export const p2LogitsFixed: SmtClaim = {
  id: 'P2.logits-fixed',
  interpretation: 'the identity for symbolic vectors, d <= 4',
  proves: '(W + k e_aDelta (u + v)^T) z = W z for every column z of P, i.e. for the code of every state other than s_a',
  premises: W_PERP_P,
  corners,
  scope,
  note: `${ROW_NOTE} ${unusedNote(['W u = 0', 'u^T z_d = 0', 'u^T u = 1', 'k > 0'])}`,
  queries: grid((d, K) => {
    const c = p2(d, K, []);
    const bad = c.P.map((z) => ne(tweakedLogit(c, c.t, z), dot(c.Wi, z)));
    return c.s.negate(or(...bad)).query(`P2.logits-fixed, d = ${d}, K = ${K}`);
  }),
};

export const p2LogitGain: SmtClaim = {
  id: 'P2.logit-gain',
  interpretation: 'the identity for symbolic vectors, d <= 4',
  proves: '(W + dW)(z_d + eps u) = W z_d + k eps (w^T u) e_aDelta for dW = k e_aDelta (u + v)^T',
  premises: `${W_PERP_P}, ${PREMISE_TEXT.Wu}`,
  corners,
  scope,
  note: `${ROW_NOTE} ${unusedNote(['u^T z_d = 0', 'u^T u = 1', 'k > 0', 'eps > 0'])}`,
  queries: grid((d, K) => {
    const c = p2(d, K, ['Wu']);
    const claim = ne(tweakedLogit(c, c.t, moved(c)), add(dot(c.Wi, c.zd), mul('k', 'eps', dot(c.w, c.u), 'e')));
    return c.s.negate(claim).query(`P2.logit-gain, d = ${d}, K = ${K}`);
  }),
};
