// A u that meets the constraints of §4.2 / §5.3 to 64 digits. The float64 u from the SVD meets
// W u = 0 and u^T z_d = 0 only to ~1e-16 relative; with codes at 1e8 and k at 1e3 that residual
// moves the logits of every collapsed state by ~1e-5 and would pass for a first-order effect.
import { all, create, type BigNumber } from 'mathjs';
import { exactDecimalString } from '../precise/index.ts';

const DIGITS = 80;
const math = create(all, { number: 'BigNumber', precision: DIGITS });
const big = (x: number): BigNumber => math.bignumber(exactDecimalString(x)) as BigNumber;
const dot = (x: BigNumber[], y: BigNumber[]) => x.reduce((s, v, i) => s.plus(v.times(y[i])), math.bignumber(0) as BigNumber);

/** Orthonormal basis of the row space of `rows`, by modified Gram-Schmidt at 80 digits. */
function rowSpaceBasis(rows: number[][]): BigNumber[][] {
  const basis: BigNumber[][] = [];
  for (const row of rows) {
    let v = row.map(big);
    const size = math.sqrt(dot(v, v)) as BigNumber;
    if (size.isZero()) continue;
    for (const q of basis) {
      const c = dot(q, v);
      v = v.map((x, j) => x.minus(c.times(q[j])));
    }
    const left = math.sqrt(dot(v, v)) as BigNumber;
    // Rows that are dependent in exact arithmetic leave only rounding at 80 digits.
    if (left.lte(size.times(1e-60))) continue;
    basis.push(v.map((x) => x.div(left)));
  }
  return basis;
}

/**
 * Project u onto the exact orthogonal complement of the rows (the constraints) and normalise.
 * null when u is far from every exact solution (the float64 rank disagreed with the exact one).
 */
export function exactDirection(constraints: number[][], u: number[]): string[] | null {
  const basis = rowSpaceBasis(constraints);
  let v = u.map(big);
  for (const q of basis) {
    const c = dot(q, v);
    v = v.map((x, j) => x.minus(c.times(q[j])));
  }
  const size = math.sqrt(dot(v, v)) as BigNumber;
  if (size.lt(1e-6)) return null;
  return v.map((x) => x.div(size).toSignificantDigits(70).toString());
}

/** §4.2: u in ker W ∩ z_d^⊥, exact to 64 digits (r = u for Prop. 1). */
export const exactU1 = (W: number[][], zd: number[], u: number[]) => exactDirection([...W, zd], u);
