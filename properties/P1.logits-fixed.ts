// §4.2: (W + dW) z_d = W z_d for dW = k e_aΔ u^T.
import { ALL_FIELDS, classLogitCheck, paperClasses, type ChannelCase, channelCaseArbitrary, channelCorners, configurable, type Configuration, PAPER_CONFIGURATION, prop1Direction, defineClaim, dot, fmt, matVec, maxAbs, norm, type PropertyCheck, unexplainedLogitGap } from '../src/api.ts';

/** max_i |((W + k e_a u^T) z_d - W z_d)_i|, and the rounding allowance of the float64 product. */
function gap(c: ChannelCase, u: number[], claimed: (c: ChannelCase) => number[]) {
  const tweaked = c.W.map((row, i) => row.map((x, j) => (i === c.action ? x + c.k * u[j] : x)));
  const lhs = matVec(tweaked, c.zd);
  const rhs = claimed(c);
  const g = Math.max(...lhs.map((x, i) => Math.abs(x - rhs[i])));
  const noise = 8 * c.zd.length * Number.EPSILON * (maxAbs(c.W) + c.k) * norm(c.zd) + c.k * Math.abs(dot(u, c.zd));
  return { g, noise };
}

export default defineClaim({
  id: 'P1.logits-fixed',
  statement: '(W + dW) z_d = W z_d for dW = k e_aΔ u^T',
  latex: '(W + \\delta W) z_d = W z_d,\\quad \\delta W = k e_{a_\\Delta} u^\\top',
  paper: '§4.2',
  uses: ['P1.u-exists'],
  hypotheses: ['u from §4.2 (W u = 0, u^T z_d = 0, |u| = 1)', 'k > 0'],
  checks: [logitsFixedCheck()],
});

/** `claimed` is the right-hand side the claim asserts; the paper's is W z_d. */
export function logitsFixedCheck(claimed = (c: ChannelCase) => matVec(c.W, c.zd), cfg: Configuration = PAPER_CONFIGURATION): PropertyCheck<ChannelCase> {
  return configurable<PropertyCheck<ChannelCase>>({
    reading: 'any',
    arbitrary: channelCaseArbitrary,
    run: (c: ChannelCase) => {
      const dir = prop1Direction(c.W, c.zd, c.uPick, cfg);
      const { u } = dir;
      if (!u) return { kind: 'skip', reason: `${dir.space} = {0}` };
      const { g, noise } = gap(c, u, claimed);
      if (g <= noise) return { kind: 'ok' };
      return { kind: 'violation', margin: g, noise, message: `logits at z_d moved by ${fmt(g)}`, measured: { gap: g }, predicted: { gap: 0 }, confirm: () => {
        const left = unexplainedLogitGap(c.W, c.zd, u, u, c.action, c.k, 0, claimed(c), 1);
        return { confirmed: left > 1e-40 * (1 + maxAbs(c.W)) * (1 + norm(c.zd)), margin: left, digits: 64, message: `gap not explained by u's residuals: ${fmt(left)}` };
      } };
    },
    corners: channelCorners,
    instanceOf: (c: ChannelCase) => ({ head: { W: c.W }, zd: c.zd, k: c.k }),
    rule: 'max |(W + dW) z_d - W z_d| against float64 rounding of the products plus k |u^T z_d| (the residual of the computed u); a candidate is confirmed when, at 64 digits, the gap minus the exact residual term exceeds 1e-40 of the scale.',
  }, (to) => (!paperClasses(to) ? classLogitCheck('others', to) : to.construction !== 'paper' ? logitsFixedCheck(claimed, to) : null), ALL_FIELDS);
}
