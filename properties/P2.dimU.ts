// §5.3: dim U >= d - |A| - 1 for U = ker W ∩ z_d^⊥.
import { type ChannelCase, channelCaseArbitrary, channelCorners, channelU, defineClaim, exactRank, type PropertyCheck, RANK_RULE } from '../src/api.ts';

/** `bound` is the lower bound the claim asserts; the paper's is d - |A| - 1. */
export function dimUCheck(bound = (d: number, A: number) => d - A - 1): PropertyCheck<ChannelCase> {
  return {
    reading: 'any',
    arbitrary: channelCaseArbitrary,
    run: (c) => {
      const d = c.zd.length;
      const A = c.W.length;
      const { dimIntersection, rankW } = channelU(c.W, c.zd);
      const b = bound(d, A);
      if (dimIntersection >= b) return { kind: 'ok' };
      return {
        kind: 'violation', margin: b - dimIntersection, noise: 0,
        message: `dim U = ${dimIntersection} < ${b} (d = ${d}, |A| = ${A}, rank W = ${rankW})`,
        measured: { dimU: dimIntersection, rankW }, predicted: { bound: b },
        confirmWhileShrinking: true,
        // dim U = d - rank [W; z_d^T] with the exact rank of the stored rationals.
        confirm: () => {
          const dimU = d - exactRank([...c.W, c.zd]);
          return { confirmed: dimU < b, margin: b - dimU, digits: Infinity, message: `exact dim U = ${dimU} against ${b}` };
        },
      };
    },
    corners: channelCorners,
    instanceOf: (c) => ({ head: { W: c.W }, zd: c.zd }),
    rule: `Nullity of [W; z_d^T] (= dim U) against d - |A| - 1, by SVD (${RANK_RULE}). The SMT layer proves it formally; this complements it numerically.`,
  };
}

export default defineClaim({
  id: 'P2.dimU',
  statement: 'dim U >= d - |A| - 1 for U = ker W ∩ z_d^⊥',
  latex: '\\dim \\mathcal{U} \\ge d - |\\mathcal{A}| - 1,\\quad \\mathcal{U} = \\ker W \\cap z_d^{\\perp}',
  paper: '§5.3',
  uses: ['P1.dim'],
  hypotheses: ['W in R^{|A| x d} (single linear layer), z_d in R^d'],
  checks: [dimUCheck()],
});
