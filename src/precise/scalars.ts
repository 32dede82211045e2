// The scalar fields the derivations compute in (float64, 64 digits, exact rationals), split from
// dual.ts (which builds dual numbers over them): what + - * / and exp/tanh mean in each, how a double
// is read, how a value is shown, and the softmax of a logit row by exp.
import { fraction, type Fraction } from 'mathjs';
import { exactRational } from './exact.ts';
import { boundedMemo } from './memo.ts';
import { fastExp } from './fastExp.ts';
import { preciseContext, type Big } from './evaluate.ts';
import type { Field } from './linalg.ts';

/** A field plus what the objective needs beyond + - * /: reading doubles, and exp/tanh where the field has them. */
export interface Scalar<T> extends Field<T> {
  name: 'float64' | 'digits64' | 'exact';
  of(x: number): T;
  /** Absent in the exact field: exp and tanh of non-zero rationals are irrational. */
  exp?: (x: T) => T;
  tanh?: (x: T) => T;
  /** Softmax of a logit row, when the field computes it otherwise than by exp (dual scalars). */
  softmax?: (l: T[]) => T[];
  isZero(x: T): boolean;
  eq(a: T, b: T): boolean;
  sign(x: T): number;
  toNumber(x: T): number;
  show(x: T): string;
}

export class NotRationalError extends Error {
  override name = 'NotRationalError';
}

export const float64Scalar: Scalar<number> = {
  name: 'float64', zero: 0, one: 1,
  add: (a, b) => a + b, sub: (a, b) => a - b, mul: (a, b) => a * b, div: (a, b) => a / b,
  cmpAbs: (a, b) => Math.sign(Math.abs(a) - Math.abs(b)),
  negligible: (p, scale) => Math.abs(p) <= 1e-13 * Math.abs(scale),
  of: (x) => x, exp: Math.exp, tanh: Math.tanh,
  isZero: (x) => x === 0, eq: (a, b) => a === b, sign: Math.sign, toNumber: (x) => x, show: (x) => String(x),
};

export function digitsScalar(digits = 64): Scalar<Big> & { parse(x: string): Big } {
  const c = preciseContext(digits);
  const S: Scalar<Big> & { parse(x: string): Big } = {
    ...c.field, ...zeroOperands(c.zero), name: 'digits64',
    of: c.big, parse: (x) => c.math.bignumber(x) as Big, exp: fastExp, tanh: c.tanh,
    isZero: (x) => x.isZero(), eq: (a, b) => a.eq(b), sign: (x) => (x.isZero() ? 0 : x.isNeg() ? -1 : 1),
    toNumber: (x) => x.toNumber(), show: (x) => shortDecimal(x),
  };
  S.softmax = (l) => rememberedSoftmax(digits, l, () => softmaxByExp(S, l));
  return S;
}

interface DecimalParts { d: number[] | null; s: number; e: number; constructor: { precision: number; rounding: number }; sd(): number }

/**
 * decimal.js's plus, minus and times when an operand is 0 (most of the dual arithmetic: a constant's
 * derivative part is 0), without the copies the methods make, giving what the methods give: x * 0 is
 * a zero with the sign product; x + 0 and x - 0 are x rounded to the precision, so x itself when it
 * has no more digits; -0 + 0 and 0 - 0 are +0 (-0 in rounding mode 3), -0 + -0 is -0. Operands of
 * another precision's class, non-finite ones and anything else go to the method.
 */
function zeroOperands(zero: Big): Pick<Scalar<Big>, 'add' | 'sub' | 'mul'> {
  const Ctor = zero.constructor as unknown as DecimalParts['constructor'] & (new (v: number) => Big);
  const plus = zero.isNeg() ? new Ctor(0) : zero;
  const minus = new Ctor(-0);
  const ours = (x: DecimalParts) => x.constructor === Ctor && x.d !== null;
  const zeroOfSum = () => (Ctor.rounding === 3 ? minus : plus);
  return {
    mul: (a, b) => {
      const x = a as unknown as DecimalParts;
      const y = b as unknown as DecimalParts;
      if (ours(x) && ours(y) && (!x.d![0] || !y.d![0])) return x.s * y.s < 0 ? minus : plus;
      return a.times(b);
    },
    add: (a, b) => {
      const x = a as unknown as DecimalParts;
      const y = b as unknown as DecimalParts;
      if (ours(x) && ours(y)) {
        if (!y.d![0]) {
          if (!x.d![0]) return x.s === y.s ? a : zeroOfSum();
          if (x.sd() <= Ctor.precision) return a;
        } else if (!x.d![0] && y.sd() <= Ctor.precision) return b;
      }
      return a.plus(b);
    },
    sub: (a, b) => {
      const x = a as unknown as DecimalParts;
      const y = b as unknown as DecimalParts;
      if (ours(x) && ours(y) && !y.d![0]) {
        if (!x.d![0]) return x.s === y.s ? zeroOfSum() : a;
        if (x.sd() <= Ctor.precision) return a;
      }
      return a.minus(b);
    },
  };
}

// A policy row costs |A| 64-digit exps, and a refinement evaluates the same logit rows again and again
// (a candidate that moves a reward or a transition keeps every logit; states sharing a code share a
// row; Prop. 2's collapsed instance repeats one row). The row's digits are the key (valueOf keeps -0),
// and the remembered row is what softmaxByExp computed from those digits.
const SOFTMAX_ROWS = 4096;
const softmaxRows = new Map<number, (key: string, compute: () => Big[]) => Big[]>();
function rememberedSoftmax(digits: number, l: Big[], compute: () => Big[]): Big[] {
  let rows = softmaxRows.get(digits);
  if (!rows) softmaxRows.set(digits, (rows = boundedMemo<string, Big[]>(SOFTMAX_ROWS)));
  return rows(l.map((x) => x.valueOf()).join(' '), compute).slice();
}

/** A 64-digit value shortened for a reader: 16 significant digits, trailing zeros dropped. */
export function shortDecimal(x: Big): string {
  if (x.isZero()) return '0';
  const s = x.toSignificantDigits(16).toString();
  return s.includes('e') ? s : s.replace(/(\.\d*?)0+$/, '$1').replace(/\.$/, '');
}

// A double's exact rational, remembered: the exact field reads the same instance's doubles at every
// evaluation of a refinement. Fractions are immutable; -0 and 0 give the same fraction (0).
const rationals = boundedMemo<number, Fraction>(100_000);
const rememberedRational = (x: number): Fraction => rationals(x, () => exactRational(x));

const Q0 = fraction(0n, 1n);
const Q1 = fraction(1n, 1n);
// A rational 0 is always {s: 1, n: 0, d: 1} (fraction.js takes the sign from the numerator, and a
// bigint has no -0), so x + 0, x - 0, x * 0 and |x| against 0 are known without the bigint work; the
// dual parts of constants are such zeros, a third of the dual arithmetic.
export const exactScalar: Scalar<Fraction> = {
  name: 'exact', zero: Q0, one: Q1,
  add: (a, b) => (b.n === 0n ? a : a.n === 0n ? b : a.add(b)),
  sub: (a, b) => (b.n === 0n ? a : a.sub(b)),
  mul: (a, b) => (a.n === 0n || b.n === 0n ? Q0 : a.mul(b)),
  div: (a, b) => a.div(b),
  cmpAbs: (a, b) => (b.n === 0n ? (a.n === 0n ? 0 : 1) : a.abs().compare(b.abs())),
  negligible: (p) => p.n === 0n,
  of: rememberedRational,
  tanh: (x) => { if (x.n === 0n) return Q0; throw new NotRationalError('tanh of a non-zero rational is irrational'); },
  isZero: (x) => x.n === 0n, eq: (a, b) => a.equals(b), sign: (x) => Number(x.s) * (x.n === 0n ? 0 : 1),
  toNumber: (x) => x.valueOf(), show: (x) => showFraction(x),
};

export const showFraction = (x: Fraction): string => {
  const sign = x.s < 0n && x.n !== 0n ? '-' : '';
  return x.d === 1n ? `${sign}${x.n}` : `${sign}${x.n}/${x.d}`;
};

/** Softmax of a logit row: 1/|A| for equal logits (rational), else exp(l - max) normalised. */
export function softmaxByExp<T>(S: Scalar<T>, l: T[]): T[] {
  if (l.every((x) => S.eq(x, l[0]))) return l.map(() => S.div(S.one, S.of(l.length)));
  if (!S.exp) throw new NotRationalError('the policy is not rational (a logit row with unequal entries)');
  let mx = l[0];
  for (const x of l) if (S.toNumber(S.sub(x, mx)) > 0) mx = x;
  const e = l.map((x) => S.exp!(S.sub(x, mx)));
  const Z = e.reduce((a, x) => S.add(a, x), S.zero);
  return e.map((x) => S.div(x, Z));
}
