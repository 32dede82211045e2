// Linear solves of the 64-digit engine for large systems: iterative refinement from a float64 LU.
// Gaussian elimination at 64 digits costs n^3/3 BigNumber operations (a 1000-state replay: ~3e8,
// minutes and gigabytes), while the systems here, I - gamma P_pi, are sparse and well conditioned
// (the engines refuse a horizon above 1e12). So: factor a float64 copy once, and repeat
//   residual r = b - M x   (at full precision, over M's nonzeros only)
//   x += LU^{-1} r         (the correction in float64, added exactly)
// Each pass gains about 16 - log10(cond) digits; the answer is decided by the high-precision
// residual alone, so the float64 LU only steers (an inaccurate one converges slowly or not at
// all, and then the caller falls back to elimination). The result agrees with elimination to the
// working precision, not digit for digit, which is why small systems keep elimination.
import { luFactor, luSolve, luSolveTransposed } from '../engine/linalg.ts';
import type { BigNumber as Big } from 'mathjs';

/** What the refinement needs of the BigNumber context. */
export interface RefineContext {
  zero: Big;
  digits: number;
  /** The exact BigNumber of a double. */
  big(x: number): Big;
}

/** Passes before giving up: 64 digits at >= 6 digits a pass, with room to spare. */
const MAX_PASSES = 16;

/**
 * Solves M x = b (or M^T x = b) by iterative refinement; null when the float64 factorisation is
 * singular or the corrections do not fall below 10^-(digits - 6) of x within MAX_PASSES (the
 * caller then eliminates at full precision, which also reports singular systems).
 */
export function refinedSolve(c: RefineContext, M: Big[][], b: Big[], transposed: boolean): Big[] | null {
  const n = M.length;
  const lu = new Float64Array(n * n);
  // Nonzeros of the system actually solved (M or M^T), by row.
  const cols: number[][] = Array.from({ length: n }, () => []);
  const vals: Big[][] = Array.from({ length: n }, () => []);
  for (let s = 0; s < n; s++)
    for (let t = 0; t < n; t++) {
      const m = M[s][t];
      if (m.isZero()) continue;
      const [i, j] = transposed ? [t, s] : [s, t];
      cols[i].push(j);
      vals[i].push(m);
      lu[s * n + t] = m.toNumber();
    }
  const piv = new Int32Array(n);
  if (!luFactor(lu, n, piv)) return null;
  const residual = new Float64Array(n);
  const dx = new Float64Array(n);
  const scratch = new Float64Array(n);
  return refine(c, n, (x) => {
    for (let i = 0; i < n; i++) {
      let r = b[i];
      const ci = cols[i], vi = vals[i];
      for (let k = 0; k < ci.length; k++) r = r.minus(vi[k].times(x[ci[k]]));
      residual[i] = r.toNumber();
    }
    if (transposed) luSolveTransposed(lu, n, piv, residual, dx, scratch);
    else luSolve(lu, n, piv, residual, dx);
    return dx;
  });
}

/**
 * The refinement loop of every solver here: from x = 0, `correction(x)` is the float64 solve of the
 * residual at full precision (null: the inner solver gave up), added exactly; x once a correction
 * falls below 10^-(digits - 6) of x, null after MAX_PASSES or on a non-finite correction.
 */
export function refine(c: RefineContext, n: number, correction: (x: Big[]) => ArrayLike<number> | null): Big[] | null {
  const x: Big[] = new Array(n).fill(c.zero);
  // The residual itself is rounded at the working precision, so corrections bottom out near
  // cond * 10^-digits of x; stopping 6 digits above that keeps x as accurate as elimination's
  // own n * cond * 10^-digits error bound allows.
  const tiny = 10 ** -(c.digits - 6);
  for (let pass = 0; pass < MAX_PASSES; pass++) {
    const dx = correction(x);
    if (!dx) return null;
    let step = 0, size = 0;
    for (let i = 0; i < n; i++) {
      if (!Number.isFinite(dx[i])) return null;
      if (dx[i] !== 0) x[i] = x[i].plus(c.big(dx[i]));
      step = Math.max(step, Math.abs(dx[i]));
      size = Math.max(size, Math.abs(x[i].toNumber()));
    }
    if (step <= tiny * size) return x;
  }
  return null;
}
