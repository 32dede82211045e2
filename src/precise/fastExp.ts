// decimal.js's exp, step for step, on BigInt coefficients. The 64-digit softmax rows need exps of
// logit gaps up to ~1e9, which decimal.js computes in base-1e7 digit arrays (0.4-0.8 ms each, the
// largest part of a k1 confirmation). This is the same algorithm with the same roundings, each an
// exact operation followed by the same truncation, so it returns the same digits; only the
// representation differs (an integer c times 10^q instead of digit words).
//
// decimal.js 10.6 naturalExponential(x) at precision pr, rounding rm:
//   x is divided by 2^5 (exactly) until |x| < 0.1, k counting the halvings; guard digits
//   g = floor(2 log10(2^k) + 5); at wpr = pr + g digits the Taylor series sums
//   pow = trunc(pow x), term = trunc(pow / i!), t = sum + term (exact) until t and sum agree in
//   their first wpr significant digits; then sum is squared k times (each truncated to wpr digits);
//   if its 4 digits from position wpr - g are 4999 (9999 on a repeat) the series is redone with
//   10 more digits (at most 3 times); the result is sum rounded to pr digits in mode rm.
// Where decimal.js would do anything else (its addition approximates an operand more than
// max(pr/7, length) words below the other; a rounding mode other than ROUND_HALF_UP; exponents near
// its limits; NaN, infinities, zero) the call goes to decimal.js itself.
import type { BigNumber } from 'mathjs';

type Big = BigNumber;

export interface Parts { s: number; e: number; d: number[] | null; constructor: Ctor }
export interface Ctor { precision: number; rounding: number; new (x: string): Big }

/**
 * A nonzero decimal c 10^q; n is the number of digits of |c|. c may end in zeros (the value is what
 * counts; decimal.js's digit strings are formed only where its test reads them).
 */
export interface Dec { c: bigint; n: number; q: number }

const P10: bigint[] = [];
export const pow10 = (n: number): bigint => (P10[n] ??= 10n ** BigInt(n));
export const abs = (c: bigint): bigint => (c < 0n ? -c : c);

/** The digit count of |c|, starting from a guess within a few digits. */
export function digitCount(a: bigint, guess: number): number {
  let n = Math.max(1, guess);
  while (a >= pow10(n)) n++;
  while (n > 1 && a < pow10(n - 1)) n--;
  return n;
}

/** Exponent of the leading digit (decimal.js's e). */
export const lead = (x: Dec): number => x.q + x.n - 1;

/** x truncated (towards zero) to sd significant digits. */
export function trunc(x: Dec, sd: number): Dec {
  if (x.n <= sd) return x;
  return { c: x.c / pow10(x.n - sd), n: sd, q: x.q + x.n - sd };
}

export function times(x: Dec, y: Dec): Dec {
  const c = x.c * y.c;
  const n = x.n + y.n - 1;
  return { c, n: abs(c) >= pow10(n) ? n + 1 : n, q: x.q + y.q };
}

export function plus(x: Dec, y: Dec): Dec {
  const q = Math.min(x.q, y.q);
  const c = x.c * pow10(x.q - q) + y.c * pow10(y.q - q);
  return { c, n: c === 0n ? 0 : digitCount(abs(c), Math.max(x.n + x.q, y.n + y.q) - q), q };
}

/** trunc(x / m, sd) for a positive integer m with mDigits digits. */
export function divideInt(x: Dec, m: bigint, mDigits: number, sd: number): Dec {
  // Scaled so the integer quotient has at least sd + 1 digits: a floor of a floor is the floor.
  const s = sd + 1 + mDigits - x.n;
  const c = s >= 0 ? (x.c * pow10(s)) / m : x.c / (m * pow10(-s));
  return trunc({ c, n: digitCount(abs(c), x.n + s - mDigits + 1), q: x.q - s }, sd);
}

/** decimal.js's digitsToString: the significant digits, trailing zeros removed. */
export function text(x: Dec): string {
  const s = abs(x.c).toString();
  let z = s.length;
  while (z > 1 && s.charCodeAt(z - 1) === 48) z--;
  return s.slice(0, z);
}

/** Exponent of the last nonzero digit. */
const last = (x: Dec): number => x.q + (x.n - text(x).length);

/**
 * Whether decimal.js's plus (same signs) or minus (signs differ) would approximate the smaller
 * operand: it keeps that operand's first word only when the operands' base-1e7 exponents are more
 * than max(ceil(pr / 7), words of the larger) + 1 (+ 2 in minus) apart.
 */
export function approximates(x: Dec, y: Dec, pr: number): boolean {
  const wx = Math.floor(lead(x) / 7);
  const wy = Math.floor(lead(y) / 7);
  const gap = Math.abs(wx - wy);
  const extra = (x.c < 0n) === (y.c < 0n) ? 1 : 2;
  const K = Math.ceil(pr / 7);
  if (gap <= K + extra) return false;
  const big = wx > wy ? x : y;
  const words = Math.floor(lead(big) / 7) - Math.floor(last(big) / 7) + 1;
  return gap > Math.max(K, words) + extra;
}

/** |x|'s first sd digits as an integer, zeros appended past its end. */
export const prefix = (x: Dec, sd: number): bigint => (x.n >= sd ? abs(x.c) / pow10(x.n - sd) : abs(x.c) * pow10(sd - x.n));

/** decimal.js's convergence test: the first sd characters of the two digit strings agree. */
export function agree(x: Dec, y: Dec, sd: number): boolean {
  // Different prefixes (zeros appended) mean different strings; equal ones are rare: decided on the strings.
  if (prefix(x, sd) !== prefix(y, sd)) return false;
  return text(x).slice(0, sd) === text(y).slice(0, sd);
}

/** The 4 digits of |x| from index i (0 = the leading digit), zeros past the end, as a number. */
const window4 = (x: Dec, i: number): number => Number(prefix(x, i + 4) % 10000n);

const ONE: Dec = { c: 1n, n: 1, q: 0 };
const SHIFT: Dec = { c: 3125n, n: 4, q: -5 }; // 0.03125 = 2^-5

/** exp(x) in x's own decimal.js class: the same digits as x.exp(). */
export function fastExp(x: Big): Big {
  const p = x as unknown as Parts;
  const C = p.constructor;
  if (p.d === null || !p.d[0] || p.e > 12 || C.rounding !== 4) return x.exp();
  const pr = C.precision;
  const digits = digitsOf(p);
  let r: Dec = { c: p.s < 0 ? -BigInt(digits) : BigInt(digits), n: digits.length, q: p.e - (digits.length - 1) };
  let k = 0;
  while (lead(r) > -2) {
    r = times(r, SHIFT);
    k += 5;
  }
  const guard = (Math.log(Math.pow(2, k)) / Math.LN10) * 2 + 5 | 0;
  let wpr = pr + guard;
  for (let rep = 0; ; rep++) {
    let pow = ONE;
    let sum = ONE;
    let denominator = 1n;
    let dDigits = 1;
    for (let i = 1; ; i++) {
      pow = trunc(times(pow, r), wpr);
      denominator *= BigInt(i);
      dDigits = digitCount(denominator, dDigits);
      const term = divideInt(pow, denominator, dDigits, wpr);
      if (approximates(sum, term, wpr)) return x.exp();
      const t = plus(sum, term);
      if (t.c === 0n) return x.exp();
      if (agree(t, sum, wpr)) break;
      sum = t;
    }
    for (let j = 0; j < k; j++) sum = trunc(times(sum, sum), wpr);
    if (rep < 3 && window4(sum, wpr - guard) === (rep ? 9999 : 4999)) {
      wpr += 10;
      continue;
    }
    return toBig(C, roundHalfUp(sum, pr));
  }
}

/** decimal.js's digit words as significant digits. */
export function digitsOf(p: Parts): string {
  const d = p.d!;
  let s = String(d[0]);
  for (let i = 1; i < d.length; i++) s += String(d[i]).padStart(7, '0');
  return s;
}

/** x rounded to sd significant digits, ties away from zero (ROUND_HALF_UP: only the next digit is read). */
export function roundHalfUp(x: Dec, sd: number): Dec {
  if (x.n <= sd) return x;
  const up = (abs(x.c) / pow10(x.n - sd - 1)) % 10n >= 5n;
  const kept = abs(x.c) / pow10(x.n - sd) + (up ? 1n : 0n);
  return { c: x.c < 0n ? -kept : kept, n: digitCount(kept, sd), q: x.q + x.n - sd };
}

export function toBig(C: Ctor, x: Dec): Big {
  return new C(`${x.c}e${x.q}`);
}
