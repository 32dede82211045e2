// §5.4: (W + dW)(z_d + eps u) = W z_d + k eps (w^T u) e_aΔ.
import { A3_CONSTRUCTION_ONLY, type A3Reading, A3_TEXT, configurable, bigDot, bigVec, defineClaim, dot, fmt, matVec, maxAbs, norm, type Prop2Case, prop2CaseArbitrary, prop2Corners, prop2Setup, type Prop2Setup, type PropertyCheck, unexplainedLogitGap } from '../src/api.ts';

export const GAIN_EPS = [1e-1, 1e-4, 1e-8];

/** `gain` is the increment of logit a_Δ the claim asserts; the paper's is k eps w^T u. */
/** `a3`: the reading of Assumption 3 (null: only §5.3's u is required, the 'construction-only' configuration). */
export const logitGainCheck = (gain: (s: Prop2Setup, k: number, eps: number) => number = (s, k, eps) => k * eps * s.wTu, a3: A3Reading | null = 'span'): PropertyCheck<Prop2Case> => {
  const setupOf = (c: Prop2Case) => prop2Setup(c, a3, { needA1: false });
  return configurable<PropertyCheck<Prop2Case>>({
    reading: 'any',
    interpretation: a3 ? A3_TEXT[a3] : A3_CONSTRUCTION_ONLY,
    arbitrary: prop2CaseArbitrary,
    run: (c) => {
      const r = setupOf(c);
      if (!r.ok) return { kind: 'skip', reason: r.reason };
      const s = r.setup;
      const { W } = s.instance.head;
      const k = c.k;
      for (const eps of GAIN_EPS) {
        const moved = s.zd.map((x, j) => x + eps * s.u[j]);
        const tweaked = W.map((row, i) => row.map((x, j) => (i === s.action ? x + k * s.r[j] : x)));
        const lhs = matVec(tweaked, moved);
        const rhs = matVec(W, s.zd).map((x, i) => (i === s.action ? x + gain(s, k, eps) : x));
        const g = Math.max(...lhs.map((x, i) => Math.abs(x - rhs[i])));
        const noise = 8 * s.u.length * Number.EPSILON * (maxAbs(W) + k * norm(s.r)) * (norm(s.zd) + eps) * 4
          + k * Math.abs(dot(s.r, s.zd)) + eps * norm(matVec(W, s.u)) + k * eps * Math.abs(dot(s.r, s.u) - s.wTu);
        if (g <= noise) continue;
        return {
          kind: 'violation', margin: g, noise,
          message: `eps = ${eps}: logits differ from W z_d + k eps (w^T u) e_aΔ by ${fmt(g)} (w^T u = ${fmt(s.wTu)})`,
          measured: { gap: g, wTu: s.wTu }, predicted: { gain: gain(s, k, eps) },
          construction: { state: s.sa, action: s.action, u: s.u, r: s.r, k, eps },
          confirm: () => {
            const gainFactor = bigDot(bigVec(s.w), bigVec(s.u));
            const left = unexplainedLogitGap(W, s.zd, s.u, s.r, s.action, k, eps, rhs, gainFactor);
            return { confirmed: left > 1e-40 * (1 + maxAbs(W) + k * norm(s.r)) * (1 + norm(s.zd)), margin: left, digits: 64, message: `gap not explained by the residuals of u and w: ${fmt(left)}` };
          },
        };
      }
      return { kind: 'ok' };
    },
    corners: (c) => { const r = setupOf(c); return prop2Corners(c, r.ok ? r.setup : undefined, false); },
    instanceOf: (c) => c.partial.instance,
    rule: `At eps = ${GAIN_EPS.join(', ')}: max |(W + k e_aΔ (u + v)^T)(z_d + eps u) - (W z_d + k eps (w^T u) e_aΔ)| against float64 rounding plus the terms the residuals of the numerical u, w explain (k |(u+v)^T z_d|, eps |W u|, k eps |(u+v)^T u - w^T u|); a candidate is confirmed when, at 64 digits, the gap minus those exact residual terms exceeds 1e-40 of the scale. The SMT layer proves the identity formally.`,
  }, (cfg) => (cfg.assumption3 === 'construction-only' && a3 !== null ? logitGainCheck(gain, null) : null), ['assumption3']);
};

export default defineClaim({
  id: 'P2.logit-gain',
  statement: '(W + dW)(z_d + eps u) = W z_d + k eps (w^T u) e_aΔ',
  latex: '(W + \\delta W)(z_d + \\varepsilon u) = W z_d + k\\varepsilon\\,(w^\\top u)\\, e_{a_\\Delta}',
  paper: '§5.4',
  uses: ['P2.compensator'],
  hypotheses: ['u, w, v from §5.3', 'k > 0, eps > 0'],
  checks: [logitGainCheck()],
});
