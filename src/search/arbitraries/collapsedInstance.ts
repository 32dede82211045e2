// A fully collapsed instance (Prop. 1): every state's code is z_d.
import fc from 'fast-check';
import type { Instance } from '../../model/types.ts';
import { codeArbitrary } from './code.ts';
import { headArbitrary } from './head.ts';
import { lambdaArbitrary } from './lambda.ts';
import { mdpArbitrary } from './mdp.ts';
import { sizesArbitrary, type Sizes } from './sizes.ts';
import { worldModelArbitrary } from './worldModel.ts';
import { withShrinkableSizes } from './shrinkSizes.ts';

export const collapsedInstanceOfSize = ({ S, A, d }: Sizes): fc.Arbitrary<Instance> =>
  fc.record({ mdp: mdpArbitrary(S, A), zd: codeArbitrary(d), head: headArbitrary(A, d), worldModel: worldModelArbitrary(A, d), lambda: lambdaArbitrary() })
    .map(({ mdp, zd, head, worldModel, lambda }) => {
      const encoder: number[][] = [];
      for (let s = 0; s < S; s++) encoder.push(zd.slice());
      return { mdp, encoder, head, worldModel, lambda };
    });

// Sizes shrink (shrinkSizes.ts): the chain alone would regenerate the instance for a smaller size.
// One instance arbitrary per size, built on first use: fast-check's arbitraries hold no state
// between draws (depth counters return to 0), so it draws the values a fresh one would; building
// the tree per case was ~10% of generation. Arrays that were fc.constant are fresh per draw.
const bySize = new Map<string, fc.Arbitrary<Instance>>();
const ofSize = (sz: Sizes): fc.Arbitrary<Instance> => {
  const key = `${sz.S} ${sz.A} ${sz.d}`;
  let arb = bySize.get(key);
  if (!arb) bySize.set(key, (arb = withShrinkableSizes(collapsedInstanceOfSize(sz), sz, { S: 2, A: 2, d: 2 })));
  return arb;
};
export const collapsedInstanceArbitrary = (): fc.Arbitrary<Instance> => sizesArbitrary().chain(ofSize);
