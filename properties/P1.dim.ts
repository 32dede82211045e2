// §4.2: dim(ker W ∩ z_d^⊥) >= d - rank(W) - 1 (Grassmann's formula).
import { type ChannelCase, channelCaseArbitrary, channelCorners, channelU, defineClaim, RANK_RULE } from '../src/api.ts';

export default defineClaim({
  id: 'P1.dim',
  statement: 'dim(ker W ∩ z_d^⊥) >= d - rank(W) - 1',
  latex: '\\dim(\\ker W \\cap z_d^{\\perp}) \\ge d - \\operatorname{rank}(W) - 1',
  paper: '§4.2',
  uses: ['P1.rank'],
  hypotheses: ['W in R^{|A| x d}, z_d in R^d'],
  checks: [{
    reading: 'any',
    arbitrary: channelCaseArbitrary,
    run: (c: ChannelCase) => {
      const d = c.zd.length;
      const { rankW, dimIntersection } = channelU(c.W, c.zd);
      const bound = d - rankW - 1;
      if (dimIntersection >= bound) return { kind: 'ok' };
      return { kind: 'violation', margin: bound - dimIntersection, noise: 0, message: `dim = ${dimIntersection} < d - rank W - 1 = ${bound}`, measured: { dim: dimIntersection }, predicted: { bound }, confirm: () => ({ confirmed: false, margin: null, digits: 64, message: 'numerical ranks disagree; no exact rank computed' }) };
    },
    corners: channelCorners,
    instanceOf: (c: ChannelCase) => ({ head: { W: c.W }, zd: c.zd }),
    rule: `Nullity of [W; z_d^T] against d - rank(W) - 1, both by SVD (${RANK_RULE}).`,
  }],
});
