// One precision's arithmetic for the high-precision engine (evaluate.ts): a mathjs instance per
// number of digits (its own decimal.js class), its field for the shared solver, and its tanh, exp,
// ln and conversions of doubles, remembered by value where that changes no digit.
import { create, all, type BigNumber, type MathJsInstance } from 'mathjs';
import { exactDecimalString } from './exact.ts';
import type { Field } from './linalg.ts';
import { memoBig, memoByText, memoByValue } from './memo.ts';
import { cmpAbs } from './decimalParts.ts';
import { fastExp } from './fastExp.ts';
import { fastLn } from './fastLn.ts';

export type Big = BigNumber;

/** One precision's arithmetic: its own mathjs instance (and so its own decimal.js class). */
export interface PreciseContext {
  math: MathJsInstance;
  digits: number;
  zero: Big;
  one: Big;
  big(x: number): Big;
  field: Field<Big>;
  tanh(x: Big): Big;
  /** x.exp() and x.ln() (fastExp.ts, fastLn.ts: decimal.js's algorithms on BigInts), remembered by value (memoByValue): the same digits, computed once. */
  exp(x: Big): Big;
  ln(x: Big): Big;
  /** math.bignumber(x) of a decimal string, remembered (the exact value, not rounded). */
  parse(x: string): Big;
}
export type Ctx = PreciseContext;

/** The decimal.js constructor behind a mathjs instance (not in mathjs's typings). */
interface BigCtor {
  new (x: Big | string | number): Big;
  clone(config: { precision: number }): BigCtor;
}

/**
 * tanh at `digits` significant digits. decimal.js's own tanh is correct but costs several
 * times more, and the MLP world model needs |S| |A| * width of them per evaluation, which made
 * it dominate. Here: tanh|x| = -m / (2 + m) with m = expm1(-2|x|) in (-1, 0], so neither the
 * numerator nor the denominator cancels; expm1(y) is a Taylor series at r = y / 2^j (|r| <= 2^-8)
 * followed by j doublings expm1(2r) = expm1(r) (expm1(r) + 2), again free of cancellation.
 * Everything runs with 12 guard digits, so the j + ~25 roundings stay far below the last
 * digit; the test compares with decimal.js tanh at 120 digits.
 */
function makeTanh(Big: BigCtor, digits: number): (x: Big) => Big {
  const G = Big.clone({ precision: digits + 12 });
  const tol = new G(`1e-${digits + 14}`);
  const two = new G(2);
  // Beyond this, 1 - tanh|x| < 2 exp(-2|x|) < 10^-digits: +-1 is correct to the working precision.
  const saturate = new G((digits * Math.LN10 + Math.LN2) / 2 + 1);
  return (x) => {
    if (x.isZero()) return x;
    const ax = new G(x.abs());
    if (ax.gt(saturate)) return new Big(x.isNeg() ? -1 : 1);
    const y = ax.times(-2);
    const j = Math.max(0, Math.ceil(Math.log2(y.abs().toNumber())) + 8);
    const r = y.div(two.pow(j));
    let term = r;
    let m = r;
    for (let n = 2; ; n++) {
      term = term.times(r).div(n);
      m = m.plus(term);
      if (term.abs().lte(tol.times(m.abs()))) break;
    }
    for (let i = 0; i < j; i++) m = m.times(m.plus(2));
    const t = m.neg().div(m.plus(2));
    // The constructor does not round; plus(0) rounds to the working precision.
    return new Big(x.isNeg() ? t.neg() : t).plus(0);
  };
}

const contexts = new Map<number, Ctx>();

/** One mathjs instance per precision; each has its own decimal.js class, so precisions never mix. */
export function preciseContext(digits: number): PreciseContext {
  if (!Number.isInteger(digits) || digits < 20 || digits > 1000) {
    throw new Error(`digits must be an integer in [20, 1000], got ${digits}`);
  }
  const cached = contexts.get(digits);
  if (cached) return cached;
  const math = create(all, { number: 'BigNumber', precision: digits });
  const zero = math.bignumber(0);
  const one = math.bignumber(1);
  // A pivot this small relative to the matrix is at the level of accumulated rounding: treat as 0.
  const tiny = math.bignumber(`1e-${digits - 6}`);
  const field: Field<Big> = {
    zero,
    one,
    add: (a, b) => a.plus(b),
    sub: (a, b) => a.minus(b),
    mul: (a, b) => a.times(b),
    div: (a, b) => a.div(b),
    cmpAbs,
    negligible: (p, scale) => p.abs().lte(scale.abs().times(tiny)),
  };
  // The constructor of decimal.js does not round, so the full exact expansion survives.
  const Big = (math as unknown as { BigNumber: BigCtor }).BigNumber;
  const ctx: Ctx = { math, digits, zero, one, big: memoBig((x) => math.bignumber(exactDecimalString(x)) as Big), field, tanh: makeTanh(Big, digits), exp: memoByValue(fastExp), ln: memoByValue(fastLn), parse: memoByText((x) => math.bignumber(x) as Big) };
  contexts.set(digits, ctx);
  return ctx;
}

export const dot = (c: Ctx, x: Big[], y: Big[]): Big => x.reduce((s, xi, i) => s.plus(xi.times(y[i])), c.zero);
/** dot() with x's zeros skipped (the same digits: a zero product added changes nothing). */
export const sparseDot = (c: Ctx, x: Big[], y: Big[]): Big => x.reduce((s, xi, i) => (xi.isZero() ? s : s.plus(xi.times(y[i]))), c.zero);
export const matVec = (c: Ctx, M: Big[][], x: Big[]): Big[] => M.map((row) => dot(c, row, x));
