// §4.2: rank(W) <= |A|.
import { type ChannelCase, channelCaseArbitrary, channelCorners, defineClaim, nullSpace, RANK_RULE } from '../src/api.ts';

export default defineClaim({
  id: 'P1.rank',
  statement: 'rank(W) <= |A|',
  latex: '\\operatorname{rank}(W) \\le |\\mathcal{A}|',
  paper: '§4.2',
  uses: [],
  hypotheses: ['W is the |A| x d weight of the linear policy head'],
  checks: [{
    reading: 'any',
    arbitrary: channelCaseArbitrary,
    run: (c: ChannelCase) => {
      const rank = nullSpace(c.W, c.zd.length).rank;
      if (rank <= c.W.length) return { kind: 'ok' };
      return { kind: 'violation', margin: rank - c.W.length, noise: 0, message: `numerical rank ${rank} > |A| = ${c.W.length}`, measured: { rank }, predicted: { actions: c.W.length }, confirm: () => ({ confirmed: true, margin: rank - c.W.length, digits: 64, message: 'integer comparison' }) };
    },
    corners: channelCorners,
    instanceOf: (c: ChannelCase) => ({ head: { W: c.W } }),
    rule: `Numerical rank by SVD (${RANK_RULE}) against |A|.`,
  }],
});
