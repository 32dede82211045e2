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
export const collapsedInstanceArbitrary = (): fc.Arbitrary<Instance> => sizesArbitrary().chain((sz) => withShrinkableSizes(collapsedInstanceOfSize(sz), sz, { S: 2, A: 2, d: 2 }));
