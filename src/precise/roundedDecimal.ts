// Decimal arithmetic on BigInt coefficients, each operation rounded to a fixed number of significant
// digits, ties away from zero (decimal.js's default ROUND_HALF_UP). decimal.js's times, plus, minus,
// div and sqrt return the exact result correctly rounded (its documentation; the test compares
// operation by operation), so a computation written here with the same operations in the same order
// gives decimal.js's digits, without its digit-word arrays and their allocations. Used where a whole
// computation runs at one precision from exact inputs to a final result (exactChannel.ts).

/**
 * c 10^q; n is the digit count of |c| (0 for c = 0). A zero keeps decimal.js's sign of zero in z
 * (-1 for -0), which its operations carry: x * -0 = -0 for x > 0, -0 + -0 = -0, x - x = +0.
 */
export interface Rd { c: bigint; q: number; n: number; z?: -1 }

const P10: bigint[] = [];
const pow10 = (k: number): bigint => (P10[k] ??= 10n ** BigInt(k));
const abs = (c: bigint): bigint => (c < 0n ? -c : c);

/** The digit count of a >= 0, from a guess (within a few digits, or anything: it walks). */
function digits(a: bigint, guess: number): number {
  if (a === 0n) return 0;
  let n = Math.max(1, guess);
  // Far guesses (cancellation) jump by the bit length instead of walking digit by digit.
  if (a >= pow10(n + 8) || (n > 9 && a < pow10(n - 9))) n = Math.max(1, Math.floor((a.toString(16).length - 1) * 4 * Math.LOG10E * Math.LN2));
  while (a >= pow10(n)) n++;
  while (n > 1 && a < pow10(n - 1)) n--;
  return n;
}

export const ZERO: Rd = { c: 0n, q: 0, n: 0 };
export const NEG_ZERO: Rd = { c: 0n, q: 0, n: 0, z: -1 };
/** The sign decimal.js gives x, zeros included. */
const sign = (x: Rd): number => (x.n === 0 ? (x.z ?? 1) : x.c < 0n ? -1 : 1);
const zeroOf = (s: number): Rd => (s < 0 ? NEG_ZERO : ZERO);

/** c 10^q exactly (not rounded). */
export const exact = (c: bigint, q: number): Rd => ({ c, q, n: digits(abs(c), 1) });

const HALF: bigint[] = [];
/** x rounded to p significant digits, ties away from zero: floor((|c| + 10^drop / 2) / 10^drop). */
export function round(x: Rd, p: number): Rd {
  if (x.n <= p) return x;
  const drop = x.n - p;
  const m = (abs(x.c) + (HALF[drop] ??= 5n * pow10(drop - 1))) / pow10(drop);
  const n = m >= pow10(p) ? p + 1 : p;
  return { c: x.c < 0n ? -m : m, q: x.q + drop, n };
}

export function times(x: Rd, y: Rd, p: number): Rd {
  if (x.n === 0 || y.n === 0) return zeroOf(sign(x) * sign(y));
  const c = x.c * y.c;
  const n = x.n + y.n - 1;
  return round({ c, q: x.q + y.q, n: abs(c) >= pow10(n) ? n + 1 : n }, p);
}

export function plus(x: Rd, y: Rd, p: number): Rd {
  // decimal.js: 0 + 0 keeps a common sign, else +0 (ROUND_HALF_UP); x + 0 and 0 + x are x rounded.
  if (x.n === 0 && y.n === 0) return sign(x) === sign(y) ? x : ZERO;
  if (y.n === 0) return round(x, p);
  if (x.n === 0) return round(y, p);
  // An operand entirely below the other's last digit and rounding digit (by 2 places) moves neither's
  // digits at those places, only what lies under them: it is replaced by one digit in the same range,
  // so operands thousands of digits apart (a softmax entry of 1e-50000 beside 1) are not aligned.
  const [big, small] = lead(x) >= lead(y) ? [x, y] : [y, x];
  const T = Math.min(big.q, lead(big) - p) - 2;
  if (lead(small) < T) return sum(big, { c: small.c < 0n ? -1n : 1n, q: T - 1, n: 1 }, p);
  return sum(x, y, p);
}

const lead = (x: Rd): number => x.q + x.n - 1;

function sum(x: Rd, y: Rd, p: number): Rd {
  const q = Math.min(x.q, y.q);
  const c = x.c * pow10(x.q - q) + y.c * pow10(y.q - q);
  return round({ c, q, n: digits(abs(c), Math.max(x.n + x.q, y.n + y.q) - q) }, p);
}

export const neg = (x: Rd): Rd => (x.n === 0 ? zeroOf(-sign(x)) : { c: -x.c, q: x.q, n: x.n });
export const minus = (x: Rd, y: Rd, p: number): Rd => plus(x, neg(y), p);

/** x / y rounded (y != 0): the first p + 1 digits of the exact quotient decide the rounding. */
export function div(x: Rd, y: Rd, p: number): Rd {
  if (y.n === 0) throw new RangeError('division by zero');
  if (x.n === 0) return zeroOf(sign(x) * sign(y));
  const s = p + 2 + y.n - x.n;
  const a = s >= 0 ? (abs(x.c) * pow10(s)) / abs(y.c) : abs(x.c) / (abs(y.c) * pow10(-s));
  // a (a floor) has at least p + 1 digits, each the exact quotient's: its digit p + 1 decides the rounding.
  const r = round({ c: a, q: 0, n: digits(a, x.n + s - y.n + 1) }, p);
  const negative = (x.c < 0n) !== (y.c < 0n);
  return { c: negative ? -r.c : r.c, q: r.q + x.q - y.q - s, n: r.n };
}

/** floor(sqrt(a)) for a >= 0. */
function isqrt(a: bigint): bigint {
  if (a < 2n) return a;
  const hex = a.toString(16).length;
  let x = hex < 240 ? BigInt(Math.floor(Math.sqrt(Number(a)))) + 1n : 1n << BigInt(2 * hex + 1);
  // Newton from a float start, then settle on the floor.
  for (;;) {
    const y = (x + a / x) >> 1n;
    if (y >= x - 1n && y <= x + 1n) {
      x = y;
      break;
    }
    x = y;
  }
  while (x * x > a) x -= 1n;
  while ((x + 1n) * (x + 1n) <= a) x += 1n;
  return x;
}

/** sqrt(x) rounded (x >= 0): floor(sqrt) with at least p + 1 digits, its digit p + 1 deciding the rounding. */
export function sqrt(x: Rd, p: number): Rd {
  if (x.c < 0n) throw new RangeError('sqrt of a negative number');
  if (x.n === 0) return x;
  let c = x.c;
  let q = x.q;
  if (q % 2 !== 0) {
    c *= 10n;
    q -= 1;
  }
  const n = digits(c, x.n);
  const t = Math.max(0, p + 2 - Math.floor(n / 2));
  const r = isqrt(c * pow10(2 * t));
  const out = round({ c: r, q: 0, n: digits(r, Math.ceil(n / 2) + t) }, p);
  return { c: out.c, q: out.q + q / 2 - t, n: out.n };
}

/** Sign of x - y (aligned only when the leading digits sit at the same place). */
export function cmp(x: Rd, y: Rd): number {
  const sx = x.n === 0 ? 0 : x.c < 0n ? -1 : 1;
  const sy = y.n === 0 ? 0 : y.c < 0n ? -1 : 1;
  if (sx !== sy || sx === 0) return sx > sy ? 1 : sx < sy ? -1 : 0;
  if (lead(x) !== lead(y)) return (lead(x) > lead(y) ? 1 : -1) * sx;
  const q = Math.min(x.q, y.q);
  const a = x.c * pow10(x.q - q);
  const b = y.c * pow10(y.q - q);
  return a > b ? 1 : a < b ? -1 : 0;
}

/** The value as decimal.js reads it: digits and exponent. */
export const text = (x: Rd): string => (x.n === 0 ? (x.z ? '-0' : '0') : `${x.c}e${x.q}`);
