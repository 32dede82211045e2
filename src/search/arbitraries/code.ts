// A latent code z in R^d: zero, ordinary, or at an extreme scale.
import fc from 'fast-check';
import { scaleFactor, vector } from './scalar.ts';

export const codeArbitrary = (d: number): fc.Arbitrary<number[]> =>
  fc.oneof(
    { weight: 1, arbitrary: fc.constant(new Array<number>(d).fill(0)) },
    { weight: 6, arbitrary: fc.tuple(vector(d), scaleFactor()).map(([z, s]) => z.map((x) => x * s)) },
  );
