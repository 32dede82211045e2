// lambda over several orders of magnitude (1e-4 .. 1e4).
import fc from 'fast-check';
import { gridDouble } from './scalar.ts';

export const lambdaArbitrary = (): fc.Arbitrary<number> =>
  fc.oneof(fc.constant(1), fc.integer({ min: -4, max: 4 }).map((e) => 10 ** e), gridDouble(0.01, 10));
