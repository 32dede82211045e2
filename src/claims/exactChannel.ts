// A u that meets the constraints of §4.2 / §5.3 to 64 digits. The float64 u from the SVD meets
// W u = 0 and u^T z_d = 0 only to ~1e-16 relative; with codes at 1e8 and k at 1e3 that residual
// moves the logits of every collapsed state by ~1e-5 and would pass for a first-order effect.
import { all, create, type BigNumber } from 'mathjs';
import { decomposeDouble, exactDecimalString } from '../precise/index.ts';
import * as R from '../precise/roundedDecimal.ts';
import type { Rd } from '../precise/roundedDecimal.ts';
import { bigNorm, projectOut, rowSpaceBasis } from '../precise/rowSpace.ts';

const DIGITS = 80;
const math = create(all, { number: 'BigNumber', precision: DIGITS });
const big = (x: number): BigNumber => math.bignumber(exactDecimalString(x)) as BigNumber;

/**
 * Project u onto the exact orthogonal complement of the rows (the constraints) and normalise.
 * null when u is far from every exact solution (the float64 rank disagreed with the exact one).
 * Computed by exactDirectionBig's operations, in the same order, each rounded to 80 digits as
 * decimal.js rounds it, on BigInt coefficients (roundedDecimal.ts): the same digits at a fraction
 * of the cost (the test compares the two).
 */
export function exactDirection(constraints: number[][], u: number[]): string[] | null {
  const basis: Rd[][] = [];
  for (const row of constraints) {
    const r = row.map(rdOf);
    // Rows that are dependent in exact arithmetic leave only rounding at 80 digits.
    const size = rdNorm(r);
    if (size.n === 0) continue;
    const v = rdProjectOut(basis, r);
    const left = rdNorm(v);
    if (R.cmp(left, R.times(size, DROP_BELOW, DIGITS)) <= 0) continue;
    basis.push(v.map((x) => R.div(x, left, DIGITS)));
  }
  const v = rdProjectOut(basis, u.map(rdOf));
  const size = rdNorm(v);
  if (R.cmp(size, MIN_SIZE) < 0) return null;
  return v.map((x) => (math.bignumber(R.text(R.div(x, size, DIGITS))) as BigNumber).toSignificantDigits(70).toString());
}

/** exactDirection in decimal.js (rowSpace.ts): the reference the BigInt route is tested against. */
export function exactDirectionBig(constraints: number[][], u: number[]): string[] | null {
  const basis = rowSpaceBasis(math, constraints.map((row) => row.map(big)), 1e-60);
  const v = projectOut(math, basis, u.map(big));
  const size = bigNorm(math, v);
  if (size.lt(1e-6)) return null;
  return v.map((x) => x.div(size).toSignificantDigits(70).toString());
}

const DROP_BELOW = R.exact(1n, -60);
const MIN_SIZE = R.exact(1n, -6);
const P5: bigint[] = [];
/** A double's exact value (m 2^e = m 5^-e 10^e), not rounded, as decimal.js reads exactDecimalString(x). */
function rdOf(x: number): Rd {
  const { negative, mantissa, exponent } = decomposeDouble(x);
  const m = negative ? -mantissa : mantissa;
  return exponent >= 0 ? R.exact(m << BigInt(exponent), 0) : R.exact(m * (P5[-exponent] ??= 5n ** BigInt(-exponent)), exponent);
}
/** rowSpace.ts's dot (a sum from 0 in index order), norm and projection, at 80 digits. */
function rdDot(x: readonly Rd[], y: readonly Rd[]): Rd {
  let s = R.ZERO;
  for (let i = 0; i < x.length; i++) s = R.plus(s, R.times(x[i], y[i], DIGITS), DIGITS);
  return s;
}
const rdNorm = (v: readonly Rd[]): Rd => R.sqrt(rdDot(v, v), DIGITS);
function rdProjectOut(basis: readonly (readonly Rd[])[], v: readonly Rd[]): Rd[] {
  let w = v.slice();
  for (const q of basis) {
    const c = rdDot(q, w);
    w = w.map((x, j) => R.minus(x, R.times(c, q[j], DIGITS), DIGITS));
  }
  return w;
}

/** §4.2: u in ker W ∩ z_d^⊥, exact to 64 digits (r = u for Prop. 1). */
export const exactU1 = (W: number[][], zd: number[], u: number[]) => exactDirection([...W, zd], u);

/**
 * How far a float64 vector u is from being a §4.2/§5.3 witness, at 80 digits on the exact stored
 * values: |W u|/max|W|, |u^T z_d|/|z_d|, ||u| - 1| and, with P, its distance to span(P) (relative).
 * A true witness from the SVD shows ~1e-16 here; a non-witness shows O(1).
 */
export function witnessResiduals(W: number[][], zd: number[], u: number[], P?: number[][]): { Wu: number; uz: number; unit: number; distance: number | null } {
  const ub = u.map(big);
  const zero = math.bignumber(0) as BigNumber;
  const dotB = (x: BigNumber[], y: BigNumber[]) => x.reduce((s, v, i) => s.plus(v.times(y[i])), zero);
  const maxW = Math.max(1e-300, ...W.flat().map(Math.abs));
  const Wu = Math.max(0, ...W.map((row) => Math.abs(dotB(row.map(big), ub).toNumber()))) / maxW;
  const uz = Math.abs(dotB(zd.map(big), ub).toNumber()) / Math.max(1e-300, Math.hypot(...zd));
  const size = bigNorm(math, ub);
  const unit = Math.abs(size.minus(1).toNumber());
  let distance: number | null = null;
  if (P) {
    const basis = rowSpaceBasis(math, P.map((row) => row.map(big)), 1e-60);
    distance = bigNorm(math, projectOut(math, basis, ub)).div(size).toNumber();
  }
  return { Wu, uz, unit, distance };
}

/** x^T y at 80 digits on the exact stored values. */
export const preciseDot = (x: number[], y: number[]): number => x.reduce((s, v, i) => s.plus(big(v).times(big(y[i]))), math.bignumber(0) as BigNumber).toNumber();
