// Real numbers at every scale a claim allows: ordinary values, exact zeros and ties, and extremes.
import fc from 'fast-check';

/** Ordinary magnitudes; shrinks toward 0. */
export const moderate = (bound = 3): fc.Arbitrary<number> => gridDouble(-bound, bound);

/** Powers of ten from 1e-lo to 1e+hi, for scales and step sizes. */
export const powerOfTen = (lo: number, hi: number): fc.Arbitrary<number> => fc.integer({ min: -lo, max: hi }).map((e) => 10 ** e);

/** A value with a scale factor that sometimes reaches 1e-8 or 1e8 ("codes and weights at extreme scales"). */
export const scaled = (bound = 3): fc.Arbitrary<number> =>
  fc.oneof({ weight: 6, arbitrary: moderate(bound) }, { weight: 1, arbitrary: fc.constantFrom(0, 1, -1) });

export const vector = (length: number, bound = 3): fc.Arbitrary<number[]> => fc.array(scaled(bound), { minLength: length, maxLength: length });

/** A scale factor for a whole vector or matrix: mostly 1, sometimes extreme. */
export const scaleFactor = (): fc.Arbitrary<number> => fc.oneof({ weight: 6, arbitrary: fc.constant(1) }, { weight: 1, arbitrary: fc.constantFrom(1e-8, 1e-4, 1e4, 1e8) });

/**
 * A double on the dyadic grid 2^-20 inside [min, max]. Shrinking works on the integer, so shrunk
 * counterexamples show short values (0.5, 0.25, 1) rather than subnormals, and every value is an
 * exact binary fraction that the rational engine reads without surprise.
 */
export const gridDouble = (min: number, max: number): fc.Arbitrary<number> => {
  const unit = 2 ** 20;
  return fc.integer({ min: Math.ceil(min * unit), max: Math.floor(max * unit) }).map((i) => i / unit);
};
