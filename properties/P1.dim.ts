// §4.2: dim(ker W ∩ z_d^⊥) >= d - rank(W) - 1 (Grassmann's formula).
import { type ChannelCase, channelCaseArbitrary, channelCorners, channelU, defineClaim, exactRank, type PropertyCheck, RANK_RULE } from '../src/api.ts';

/** `bound(d, rank W)` is the lower bound the claim asserts; the paper's is d - rank(W) - 1. */
export const dimCheck = (bound = (d: number, r: number) => d - r - 1): PropertyCheck<ChannelCase> => ({
  reading: 'any',
  arbitrary: channelCaseArbitrary,
  run: (c) => {
    const d = c.zd.length;
    const { rankW, dimIntersection } = channelU(c.W, c.zd);
    const b = bound(d, rankW);
    if (dimIntersection >= b) return { kind: 'ok' };
    return {
      kind: 'violation', margin: b - dimIntersection, noise: 0, message: `dim = ${dimIntersection} < ${b} (d = ${d}, rank W = ${rankW})`, measured: { dim: dimIntersection }, predicted: { bound: b },
      confirmWhileShrinking: true,
      // Both dimensions from exact ranks: dim(ker W ∩ z_d^⊥) = d - rank [W; z_d^T].
      confirm: () => {
        const r = exactRank(c.W);
        const dim = d - exactRank([...c.W, c.zd]);
        const eb = bound(d, r);
        return { confirmed: dim < eb, margin: eb - dim, digits: Infinity, message: `exact: dim = ${dim}, bound ${eb} (rank W = ${r})` };
      },
    };
  },
  corners: channelCorners,
  instanceOf: (c) => ({ head: { W: c.W }, zd: c.zd }),
  rule: `Nullity of [W; z_d^T] against d - rank(W) - 1, both by SVD (${RANK_RULE}); a violation is confirmed with exact ranks (rational elimination).`,
});

export default defineClaim({
  id: 'P1.dim',
  statement: 'dim(ker W ∩ z_d^⊥) >= d - rank(W) - 1',
  latex: '\\dim(\\ker W \\cap z_d^{\\perp}) \\ge d - \\operatorname{rank}(W) - 1',
  paper: '§4.2',
  uses: ['P1.rank'],
  hypotheses: ['W in R^{|A| x d}, z_d in R^d'],
  checks: [dimCheck()],
});
