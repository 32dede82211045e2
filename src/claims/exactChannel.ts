// A u that meets the constraints of §4.2 / §5.3 to 64 digits. The float64 u from the SVD meets
// W u = 0 and u^T z_d = 0 only to ~1e-16 relative; with codes at 1e8 and k at 1e3 that residual
// moves the logits of every collapsed state by ~1e-5 and would pass for a first-order effect.
import { all, create, type BigNumber } from 'mathjs';
import { exactDecimalString } from '../precise/index.ts';
import { bigNorm, projectOut, rowSpaceBasis } from '../precise/rowSpace.ts';

const DIGITS = 80;
const math = create(all, { number: 'BigNumber', precision: DIGITS });
const big = (x: number): BigNumber => math.bignumber(exactDecimalString(x)) as BigNumber;

/**
 * Project u onto the exact orthogonal complement of the rows (the constraints) and normalise.
 * null when u is far from every exact solution (the float64 rank disagreed with the exact one).
 */
export function exactDirection(constraints: number[][], u: number[]): string[] | null {
  // Rows that are dependent in exact arithmetic leave only rounding at 80 digits.
  const basis = rowSpaceBasis(math, constraints.map((row) => row.map(big)), 1e-60);
  const v = projectOut(math, basis, u.map(big));
  const size = bigNorm(math, v);
  if (size.lt(1e-6)) return null;
  return v.map((x) => x.div(size).toSignificantDigits(70).toString());
}

/** §4.2: u in ker W ∩ z_d^⊥, exact to 64 digits (r = u for Prop. 1). */
export const exactU1 = (W: number[][], zd: number[], u: number[]) => exactDirection([...W, zd], u);
