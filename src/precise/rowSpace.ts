// Orthonormal row-space bases by modified Gram-Schmidt in BigNumber, at the precision of the
// mathjs instance passed in: the exact directions of the constructions are projections onto the
// orthogonal complement of a few constraint rows (src/claims/exactChannel.ts, src/variants).
import type { BigNumber, MathJsInstance } from 'mathjs';

type Big = BigNumber;

const dot = (zero: Big, x: readonly Big[], y: readonly Big[]): Big => x.reduce((s, v, i) => s.plus(v.times(y[i])), zero);

/** ||v|| at the instance's precision. */
export const bigNorm = (math: MathJsInstance, v: readonly Big[]): Big => math.sqrt(dot(math.bignumber(0) as Big, v, v)) as Big;

/** v minus its components along the orthonormal vectors of `basis`, removed one after the other. */
export function projectOut(math: MathJsInstance, basis: readonly (readonly Big[])[], v: readonly Big[]): Big[] {
  const zero = math.bignumber(0) as Big;
  let w = v.slice();
  for (const q of basis) {
    const c = dot(zero, q, w);
    w = w.map((x, j) => x.minus(c.times(q[j])));
  }
  return w;
}

/**
 * Orthonormal basis of the row space of `rows`. A row is dropped as dependent when what is left of
 * it after projection is at most `dropBelow` times its length: in exact arithmetic it would be 0,
 * so only rounding at the working precision remains.
 */
export function rowSpaceBasis(math: MathJsInstance, rows: readonly (readonly Big[])[], dropBelow: number): Big[][] {
  const basis: Big[][] = [];
  for (const row of rows) {
    const size = bigNorm(math, row);
    if (size.isZero()) continue;
    const v = projectOut(math, basis, row);
    const left = bigNorm(math, v);
    if (left.lte(size.times(dropBelow))) continue;
    basis.push(v.map((x) => x.div(left)));
  }
  return basis;
}
