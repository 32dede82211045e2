// §4.2: the tweak dW = k e_aDelta u^T keeps every z_d logit and moves only the s_Delta logit of a_Delta.
import type { SmtClaim } from '../claim.ts';
import { add, dot, mul, ne } from '../smtlib.ts';
import { DS, PREMISE_TEXT, ROW_NOTE, moved, row, tweakedLogit, unusedNote } from './construction.ts';

const corners = [...DS.map((d) => `d = ${d}`), 'every |A| and a_Delta (generic row)', 'k and eps any reals'];

export const p1LogitsFixed: SmtClaim = {
  id: 'P1.logits-fixed',
  interpretation: 'the identity for symbolic W, z_d, u (one generic row of W), d <= 4',
  proves: '(W + dW) z_d = W z_d for dW = k e_aDelta u^T',
  premises: `${PREMISE_TEXT.uzd}; W, z_d, u, k otherwise arbitrary`,
  corners,
  scope: 'proved for d <= 4, every |A|',
  note: `${ROW_NOTE} ${unusedNote(['W u = 0', 'u^T u = 1', 'k > 0'])}`,
  queries: () =>
    DS.map((d) => {
      const r = row(d, ['uzd']);
      return r.s.negate(ne(tweakedLogit(r, r.u, r.zd), dot(r.Wi, r.zd))).query(`P1.logits-fixed, d = ${d}`);
    }),
};

export const p1LogitGain: SmtClaim = {
  id: 'P1.logit-gain',
  interpretation: 'the identity for symbolic W, z_d, u (one generic row of W), d <= 4',
  proves: '(W + dW)(z_d + eps u) = W z_d + k eps e_aDelta for dW = k e_aDelta u^T',
  premises: `${PREMISE_TEXT.Wu}, ${PREMISE_TEXT.uzd}, ${PREMISE_TEXT.uu}; W, z_d, k, eps otherwise arbitrary`,
  corners,
  scope: 'proved for d <= 4, every |A|',
  note: `${ROW_NOTE} ${unusedNote(['k > 0', 'eps > 0'])}`,
  queries: () =>
    DS.map((d) => {
      const r = row(d, ['Wu', 'uzd', 'uu']);
      const claim = ne(tweakedLogit(r, r.u, moved(r)), add(dot(r.Wi, r.zd), mul('k', 'eps', 'e')));
      return r.s.negate(claim).query(`P1.logit-gain, d = ${d}`);
    }),
};
