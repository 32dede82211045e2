// §4.2: if d - rank(W) >= 2, a unit u with W u = 0 and u^T z_d = 0 exists.
import { classUExistsCheck, configurable, type ChannelCase, channelCaseArbitrary, channelCorners, channelU, defineClaim, exactRank, fmt, maxAbs, norm, type PropertyCheck, uResiduals } from '../src/api.ts';

/** `minGap` is the hypothesis d - rank(W) >= minGap the claim assumes; the paper's is 2. */
export const uExistsCheck = (minGap = 2): PropertyCheck<ChannelCase> => configurable<PropertyCheck<ChannelCase>>({
  reading: 'any',
  arbitrary: channelCaseArbitrary,
  hypotheses: (c) => {
    const r = exactRank(c.W);
    return c.zd.length - r >= minGap ? { holds: true, why: `d - exact rank W = ${c.zd.length - r} >= ${minGap}` } : { holds: false, why: `d - exact rank W = ${c.zd.length - r} < ${minGap}` };
  },
  run: (c) => {
    const d = c.zd.length;
    const { u, rankW } = channelU(c.W, c.zd, c.uPick);
    if (d - rankW < minGap) return { kind: 'skip', reason: `d - rank(W) < ${minGap}` };
    const tolerance = 64 * d * Number.EPSILON;
    const residual = u ? uResiduals(c.W, c.zd, u) : null;
    const scaled = residual ? Math.max(residual.Wu / Math.max(maxAbs(c.W), 1e-300), residual.uz / Math.max(norm(c.zd), 1e-300), residual.unit) : Infinity;
    if (u && scaled <= tolerance) return { kind: 'ok' };
    return {
      kind: 'violation', margin: Number.isFinite(scaled) ? scaled : 1, noise: tolerance, message: u ? `u found but its relative residual is ${fmt(scaled)}` : 'no u found', measured: { residual: Number.isFinite(scaled) ? scaled : null }, predicted: { tolerance },
      confirmWhileShrinking: true,
      // No unit u exists exactly iff ker W ∩ z_d^⊥ = {0}, i.e. exact rank [W; z_d^T] = d. A u the
      // SVD returned with a large residual is a numerical failure, not a refutation.
      confirm: () => {
        const dim = d - exactRank([...c.W, c.zd]);
        return { confirmed: dim === 0, margin: dim === 0 ? 1 : 0, digits: Infinity, message: `exact dim(ker W ∩ z_d^⊥) = ${dim}` };
      },
    };
  },
  corners: channelCorners,
  instanceOf: (c) => ({ head: { W: c.W }, zd: c.zd }),
  rule: 'When d - rank(W) >= 2, the SVD construction must return u with |W u|/max|W|, |u^T z_d|/|z_d| and ||u|^2 - 1| all <= 64 d eps64; a failure is confirmed only when no such u exists exactly (exact rank [W; z_d^T] = d), with the hypothesis decided by the exact rank of W.',
}, (to) => (to.head !== 'linear' ? classUExistsCheck(minGap, to) : null), ['assumption3', 'lipschitz', 'generator', 'jepaData', 'head', 'encoder']);

export default defineClaim({
  id: 'P1.u-exists',
  statement: 'if d - rank(W) >= 2, a unit u with W u = 0 and u^T z_d = 0 exists',
  latex: 'd - \\operatorname{rank}(W) \\ge 2 \\implies \\exists u,\\ \\|u\\| = 1,\\ Wu = 0,\\ u^\\top z_d = 0',
  paper: '§4.2',
  uses: ['P1.dim'],
  hypotheses: ['d - rank(W) >= 2'],
  checks: [uExistsCheck()],
});
