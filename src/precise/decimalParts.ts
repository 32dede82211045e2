// decimal.js's representation of a BigNumber, read directly where going through its methods costs
// allocations the result does not need. decimal.js keeps a number as sign s, base-10 exponent e and
// base-1e7 digit words d (null for NaN and +-Infinity), trailing zero words removed.
import type { BigNumber } from 'mathjs';

type Big = BigNumber;

export interface DecimalParts { s: number; e: number; d: number[] | null }

/** A BigNumber's representation as text: equal texts, the same number to decimal.js. */
export const reprOf = (x: Big): string => {
  const { s, e, d } = x as unknown as DecimalParts;
  return `${s}:${e}:${d}`;
};

/**
 * a.abs().cmp(b.abs()) without its two allocations (the pivot search of every 64-digit solve makes
 * n^2 of them): abs() copies the digits unrounded and cmp() compares exponents and then digit
 * words, which is what this does on the numbers themselves; NaN and +-Infinity go to decimal.js.
 */
export function cmpAbs(a: Big, b: Big): number {
  const x = a as unknown as DecimalParts;
  const y = b as unknown as DecimalParts;
  const xd = x.d;
  const yd = y.d;
  if (xd === null || yd === null) return a.abs().cmp(b.abs());
  if (!xd[0] || !yd[0]) return xd[0] ? 1 : yd[0] ? -1 : 0;
  if (x.e !== y.e) return x.e > y.e ? 1 : -1;
  const n = Math.min(xd.length, yd.length);
  for (let i = 0; i < n; i++) if (xd[i] !== yd[i]) return xd[i] > yd[i] ? 1 : -1;
  return xd.length === yd.length ? 0 : xd.length > yd.length ? 1 : -1;
}
