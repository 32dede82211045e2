// Sizes from the smallest meaningful (|S| = 2, |A| = 2, d = 2) up to |S| = 12, |A| = 5, d = 16.
import fc from 'fast-check';

export interface Sizes { S: number; A: number; d: number }

export const sizesArbitrary = (): fc.Arbitrary<Sizes> =>
  fc.record({ S: fc.integer({ min: 2, max: 12 }), A: fc.integer({ min: 2, max: 5 }), extra: fc.integer({ min: 0, max: 16 }), wide: fc.boolean() }).map(({ S, A, extra, wide }) => ({
    S, A,
    // Half the cases give d >= |A| + 2, where §4.2's channel must exist; the rest may have none.
    d: Math.min(16, wide ? A + 2 + (extra % 8) : 2 + extra % 15),
  }));
