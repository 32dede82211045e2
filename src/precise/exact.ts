// Exact conversion of float64 values. Every finite double is m * 2^e with integer m, e, so it
// has an exact rational value and a finite exact decimal expansion. Neither `new BigNumber(x)`
// nor `x.toString()` gives that value: both go through the shortest decimal that round-trips
// (0.1 -> "0.1"), which differs from the double 0.1 = 0.1000000000000000055511151231257827...
// A refutation confirmed in high precision must be about the instance the float search produced,
// so the inputs are read as exactly these dyadic rationals.

import { fraction, type Fraction } from 'mathjs';

/** The double x as sign * mantissa * 2^exponent with an integer (BigInt) mantissa. */
// One scratch view for every call (a fresh ArrayBuffer per double was most of this function's cost
// in the 64-digit confirmations, which convert many doubles); each thread has its own module copy.
const view = new DataView(new ArrayBuffer(8));

export function decomposeDouble(x: number): { negative: boolean; mantissa: bigint; exponent: number } {
  if (!Number.isFinite(x)) throw new Error(`not a finite number: ${x}`);
  view.setFloat64(0, x);
  const hi = view.getUint32(0);
  const lo = view.getUint32(4);
  const negative = hi >>> 31 === 1;
  const biased = (hi >>> 20) & 0x7ff;
  const frac = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
  // Subnormals (biased = 0) have no implicit leading 1 and the fixed exponent -1074.
  if (biased === 0) return { negative, mantissa: frac, exponent: -1074 };
  return { negative, mantissa: frac | (1n << 52n), exponent: biased - 1075 };
}

/** The exact rational value of a double (denominator a power of two); -0 gives 0. */
export function exactRational(x: number): Fraction {
  const { negative, mantissa, exponent } = decomposeDouble(x);
  const n = exponent >= 0 ? mantissa << BigInt(exponent) : mantissa;
  const d = exponent >= 0 ? 1n : 1n << BigInt(-exponent);
  return fraction(negative ? -n : n, d);
}

/**
 * The exact decimal expansion of a double (up to ~770 significant digits for subnormals).
 * m / 2^k = m * 5^k / 10^k, so the digits are those of the integer m * 5^k with the point
 * moved k places.
 */
// 5^k for the k a double's exponent needs (up to 1074), computed once each.
const POW5: bigint[] = [];

export function exactDecimalString(x: number): string {
  const { negative, mantissa, exponent } = decomposeDouble(x);
  if (mantissa === 0n) return '0';
  const sign = negative ? '-' : '';
  if (exponent >= 0) return sign + (mantissa << BigInt(exponent)).toString();
  const k = -exponent;
  let digits = (mantissa * (POW5[k] ??= 5n ** BigInt(k))).toString();
  if (digits.length <= k) digits = '0'.repeat(k - digits.length + 1) + digits;
  const point = digits.length - k;
  // Trailing zeros of the fraction dropped (scanned, not matched by a regular expression).
  let end = digits.length;
  while (end > point && digits.charCodeAt(end - 1) === 48) end--;
  return sign + digits.slice(0, point) + (end > point ? '.' + digits.slice(point, end) : '');
}
