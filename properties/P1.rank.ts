// §4.2: rank(W) <= |A|.
import { type ChannelCase, channelCaseArbitrary, channelCorners, defineClaim, exactRank, nullSpace, type PropertyCheck, RANK_RULE } from '../src/api.ts';

/** `bound(|A|, d)` is the upper bound on rank W the claim asserts; the paper's is |A|. */
export const rankCheck = (bound = (A: number, _d: number) => A): PropertyCheck<ChannelCase> => ({
  reading: 'any',
  arbitrary: channelCaseArbitrary,
  run: (c) => {
    const b = bound(c.W.length, c.zd.length);
    const rank = nullSpace(c.W, c.zd.length).rank;
    if (rank <= b) return { kind: 'ok' };
    return {
      kind: 'violation', margin: rank - b, noise: 0, message: `numerical rank ${rank} > ${b}`, measured: { rank }, predicted: { bound: b },
      confirmWhileShrinking: true,
      // The rank of the stored dyadic rationals, by exact elimination: no SVD tolerance involved.
      confirm: () => {
        const exact = exactRank(c.W);
        return { confirmed: exact > b, margin: exact - b, digits: Infinity, message: `exact rank W = ${exact} against ${b}` };
      },
    };
  },
  corners: channelCorners,
  instanceOf: (c) => ({ head: { W: c.W } }),
  rule: `Numerical rank by SVD (${RANK_RULE}) against |A|; a violation is confirmed by the exact rank (rational elimination).`,
});

export default defineClaim({
  id: 'P1.rank',
  statement: 'rank(W) <= |A|',
  latex: '\\operatorname{rank}(W) \\le |\\mathcal{A}|',
  paper: '§4.2',
  uses: [],
  hypotheses: ['W is the |A| x d weight of the linear policy head'],
  checks: [rankCheck()],
});
