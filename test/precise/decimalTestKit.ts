// What the tests of the BigInt replays of decimal.js share: a seeded uniform stream and a
// BigNumber's representation (sign, exponent, digit words), equal exactly when decimal.js would
// store the same number (-0 and 0 told apart).
import type { BigNumber } from 'mathjs';
import { Rng } from '../../src/autodiff/rng.ts';

/** Uniform numbers in [0, 1) from a seed (src/autodiff/rng.ts). */
export function seeded(seed: number): () => number {
  const rng = new Rng(seed);
  return () => rng.next();
}

export const repr = (x: BigNumber): string => {
  const { s, e, d } = x as unknown as { s: number; e: number; d: number[] | null };
  return `${s}:${e}:${d}`;
};
