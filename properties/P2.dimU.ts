// §5.3: dim U >= d - |A| - 1 for U = ker W ∩ z_d^⊥.
import { type ChannelCase, channelCaseArbitrary, channelCorners, channelU, defineClaim, nullSpace, type PropertyCheck, RANK_RULE } from '../src/api.ts';

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
        // An integer comparison; it stands if the numerical rank of [W; z_d^T] is unambiguous (every
        // singular value counted as nonzero is 1e6 times the rank tolerance).
        confirm: () => {
          const ns = nullSpace([...c.W, c.zd], d);
          const smallestKept = Math.min(...ns.singularValues.filter((x) => x > ns.tolerance), Infinity);
          const robust = smallestKept > 1e6 * ns.tolerance;
          return { confirmed: robust, margin: b - dimIntersection, digits: 64, message: `dim U = ${dimIntersection} < ${b}; smallest nonzero singular value ${smallestKept.toExponential(3)} against tolerance ${ns.tolerance.toExponential(3)}` };
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
