// §4.2: if d - rank(W) >= 2, a unit u with W u = 0 and u^T z_d = 0 exists.
import { type ChannelCase, channelCaseArbitrary, channelCorners, channelU, defineClaim, fmt, maxAbs, norm, uResiduals } from '../src/api.ts';

export default defineClaim({
  id: 'P1.u-exists',
  statement: 'if d - rank(W) >= 2, a unit u with W u = 0 and u^T z_d = 0 exists',
  latex: 'd - \\operatorname{rank}(W) \\ge 2 \\implies \\exists u,\\ \\|u\\| = 1,\\ Wu = 0,\\ u^\\top z_d = 0',
  paper: '§4.2',
  uses: ['P1.dim'],
  hypotheses: ['d - rank(W) >= 2'],
  checks: [{
    reading: 'any',
    arbitrary: channelCaseArbitrary,
    run: (c: ChannelCase) => {
      const d = c.zd.length;
      const { u, rankW } = channelU(c.W, c.zd, c.uPick);
      if (d - rankW < 2) return { kind: 'skip', reason: 'd - rank(W) < 2' };
      const tolerance = 64 * d * Number.EPSILON;
      const residual = u ? uResiduals(c.W, c.zd, u) : null;
      const scaled = residual ? Math.max(residual.Wu / Math.max(maxAbs(c.W), 1e-300), residual.uz / Math.max(norm(c.zd), 1e-300), residual.unit) : Infinity;
      if (u && scaled <= tolerance) return { kind: 'ok' };
      return { kind: 'violation', margin: scaled, noise: tolerance, message: u ? `u found but its relative residual is ${fmt(scaled)}` : 'no u found', measured: { residual: Number.isFinite(scaled) ? scaled : null }, predicted: { tolerance }, confirm: () => ({ confirmed: false, margin: null, digits: 64, message: 'an SVD failure is a numerical event, not a refutation' }) };
    },
    corners: channelCorners,
    instanceOf: (c: ChannelCase) => ({ head: { W: c.W }, zd: c.zd }),
    rule: 'When d - rank(W) >= 2, the SVD construction must return u with |W u|/max|W|, |u^T z_d|/|z_d| and ||u|^2 - 1| all <= 64 d eps64.',
  }],
});
