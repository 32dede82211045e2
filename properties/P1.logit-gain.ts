// §4.2: (W + dW)(z_d + eps u) = W z_d + k eps e_aΔ.
import { ALL_FIELDS, classLogitCheck, paperClasses, type ChannelCase, channelCaseArbitrary, channelCorners, configurable, type Configuration, PAPER_CONFIGURATION, prop1Direction, defineClaim, fmt, matVec, maxAbs, norm, type PropertyCheck, unexplainedLogitGap, uResiduals } from '../src/api.ts';

export default defineClaim({
  id: 'P1.logit-gain',
  statement: '(W + dW)(z_d + eps u) = W z_d + k eps e_aΔ',
  latex: '(W + \\delta W)(z_d + \\varepsilon u) = W z_d + k\\varepsilon e_{a_\\Delta}',
  paper: '§4.2',
  uses: ['P1.u-exists'],
  hypotheses: ['u from §4.2', 'k > 0, eps > 0'],
  checks: [logitGainCheck()],
});

/** `gain` is the increment of logit a_Δ the claim asserts; the paper's is k eps. */
export function logitGainCheck(gain = (c: ChannelCase) => c.k * c.eps, cfg: Configuration = PAPER_CONFIGURATION): PropertyCheck<ChannelCase> {
  return configurable<PropertyCheck<ChannelCase>>({
    reading: 'any',
    arbitrary: channelCaseArbitrary,
    run: (c: ChannelCase) => {
      const dir = prop1Direction(c.W, c.zd, c.uPick, cfg);
      const { u } = dir;
      if (!u) return { kind: 'skip', reason: `${dir.space} = {0}` };
      const moved = c.zd.map((x, j) => x + c.eps * u[j]);
      const tweaked = c.W.map((row, i) => row.map((x, j) => (i === c.action ? x + c.k * u[j] : x)));
      const lhs = matVec(tweaked, moved);
      const rhs = matVec(c.W, c.zd).map((x, i) => (i === c.action ? x + gain(c) : x));
      const g = Math.max(...lhs.map((x, i) => Math.abs(x - rhs[i])));
      const res = uResiduals(c.W, c.zd, u);
      // eps |W u| is rounding only when u was computed to satisfy W u = 0; otherwise it is what the check measures.
      const noise = 8 * c.zd.length * Number.EPSILON * (maxAbs(c.W) + c.k) * (norm(c.zd) + c.eps) + c.k * res.uz + (dir.kernelOfW ? c.eps * res.Wu : 0) + c.k * c.eps * res.unit;
      if (g <= noise) return { kind: 'ok' };
      return { kind: 'violation', margin: g, noise, message: `logits differ from W z_d + k eps e_aΔ by ${fmt(g)}`, measured: { gap: g }, predicted: { gap: 0 }, confirm: () => {
        const left = unexplainedLogitGap(c.W, c.zd, u, u, c.action, c.k, c.eps, rhs, 1, dir.kernelOfW);
        return { confirmed: left > 1e-40 * (1 + maxAbs(c.W) + c.k) * (1 + norm(c.zd)), margin: left, digits: 64, message: `gap not explained by u's residuals: ${fmt(left)}` };
      } };
    },
    corners: channelCorners,
    instanceOf: (c: ChannelCase) => ({ head: { W: c.W }, zd: c.zd, k: c.k, eps: c.eps }),
    rule: `max |(W + dW)(z_d + eps u) - (W z_d + k eps e_aΔ)| against float64 rounding plus the terms the residuals of the computed u explain (k |u^T z_d|, ${cfg.construction === 'paper' ? 'eps |W u|, ' : ''}k eps ||u|^2 - 1|); a candidate is confirmed when, at 64 digits, the gap minus those exact residual terms exceeds 1e-40 of the scale.${cfg.construction === 'paper' ? '' : ' u is any unit vector ⊥ z_d, so eps W u is a term of the gap, not a residual.'}`,
  }, (to) => (!paperClasses(to) ? classLogitCheck('moved', to) : to.construction !== 'paper' ? logitGainCheck(gain, to) : null), ALL_FIELDS);
}
