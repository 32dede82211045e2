// §5.3: v = -u + w gives (u + v)^T P = 0 and 1 + v^T u = w^T u.
import { A3_TEXT, big, bigDot, bigVec, defineClaim, dot, fmt, norm, type Prop2Case, prop2CaseArbitrary, prop2Corners, prop2Setup, type PropertyCheck } from '../src/api.ts';

/** v = alpha u + beta w; the paper's compensator is alpha = -1, beta = 1. */
export interface CompensatorCoefficients { alpha: number; beta: number }
export const PAPER_V: CompensatorCoefficients = { alpha: -1, beta: 1 };

export const compensatorCheck = (coef: CompensatorCoefficients = PAPER_V): PropertyCheck<Prop2Case> => {
  const vOf = (u: number[], w: number[]) => u.map((x, j) => coef.alpha * x + coef.beta * w[j]);
  const setupOf = (c: Prop2Case) => prop2Setup(c, 'span', { needA1: false, vOf });
  return {
    reading: 'any',
    interpretation: `${A3_TEXT.span}; u any unit vector in U \\ span(P) and w any vector in span(P)^⊥ with w^T u != 0 that the case picks`,
    arbitrary: prop2CaseArbitrary,
    run: (c) => {
      const r = setupOf(c);
      if (!r.ok) return { kind: 'skip', reason: r.reason };
      const { u, v, w, r: t, instance, sa } = r.setup;
      const P = [instance.encoder[sa], ...instance.encoder.filter((_, s) => s !== sa)];
      const e = 8 * u.length * Number.EPSILON;
      const mag = norm(u) + norm(v) + norm(w);
      let worstP = 0;
      let noiseP = 0;
      for (const z of P) {
        const g = Math.abs(dot(t, z));
        const allowance = e * mag * norm(z) + Math.abs(dot(w, z)); // rounding, plus the residual of the numerical w ⊥ P
        if (g - allowance > worstP - noiseP) { worstP = g; noiseP = allowance; }
      }
      const gU = Math.abs(1 + dot(v, u) - dot(w, u));
      const noiseU = e * (1 + mag * mag) + Math.abs(1 - dot(u, u));
      if (worstP <= noiseP && gU <= noiseU) return { kind: 'ok' };
      const partP = worstP - noiseP > gU - noiseU;
      return {
        kind: 'violation', margin: partP ? worstP : gU, noise: partP ? noiseP : noiseU,
        message: partP ? `max |(u + v)^T z| over the columns of P = ${fmt(worstP)}` : `1 + v^T u - w^T u = ${fmt(1 + dot(v, u) - dot(w, u))}`,
        measured: { uvP: worstP, oneVu: 1 + dot(v, u), wTu: dot(w, u) }, predicted: { uvP: 0, oneVu: dot(w, u) },
        construction: { state: sa, u, v, w },
        confirm: () => {
          // At 64 digits on the same u, w: what is left after the construction's own residuals
          // (w^T z of the numerical w, 1 - u^T u of the numerical u) is the formula's error.
          const ub = bigVec(u);
          const wb = bigVec(w);
          const vb = ub.map((x, j) => x.times(big(coef.alpha)).plus(wb[j].times(big(coef.beta))));
          const tb = ub.map((x, j) => x.plus(vb[j]));
          const leftP = Math.max(0, ...P.map((z) => { const zb = bigVec(z); return bigDot(tb, zb).minus(bigDot(wb, zb)).abs().toNumber(); }));
          const one = big(1);
          const leftU = one.plus(bigDot(vb, ub)).minus(bigDot(wb, ub)).abs().minus(one.minus(bigDot(ub, ub)).abs()).toNumber();
          const scale = 1 + mag * Math.max(1, ...P.map(norm));
          const left = Math.max(leftP, leftU);
          return { confirmed: left > 1e-30 * scale, margin: left, digits: 64, message: `unexplained by the residuals of u and w: ${fmt(leftP)} on P, ${fmt(leftU)} on 1 + v^T u = w^T u` };
        },
      };
    },
    corners: (c) => { const r = setupOf(c); return prop2Corners(c, r.ok ? r.setup : undefined, false); },
    instanceOf: (c) => c.partial.instance,
    rule: 'max_z |(u + v)^T z| over the columns z of P and |1 + v^T u - w^T u|, against float64 rounding plus the residuals of the numerical w (w^T z) and u (1 - u^T u); a candidate is confirmed when, at 64 digits on the same u and w, the part those residuals do not explain exceeds 1e-30 of the scale. The SMT layer proves the identity formally.',
  };
};

export default defineClaim({
  id: 'P2.compensator',
  statement: 'v = -u + w gives (u + v)^T P = 0 and 1 + v^T u = w^T u',
  latex: 'v := -u + w \\implies (u + v)^\\top P = w^\\top P = 0,\\quad 1 + v^\\top u = w^\\top u',
  paper: '§5.3',
  uses: ['P2.w-exists'],
  hypotheses: ['u from §5.3 (unit, in U \\ span(P))', 'w in span(P)^⊥ with w^T u != 0'],
  checks: [compensatorCheck()],
});
