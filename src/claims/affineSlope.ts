// §4.5 / §5.5 with a rule for k: dDelta J/deps at 0 is affine in k, slope(k) = a + b k (the code moves
// by eps u, the logit of a_Δ by k eps r^T u), so it is measured at k = 0 and k = 1 and evaluated at the
// rule's k: a k of 1e17 (a tiny gain) would leave the first-order regime at every eps a direct
// measurement can use. P1.combine's and P2.combine's rule checks measure and confirm it the same way.
import type { Confirmation } from './types.ts';
import { fmt } from './format.ts';
import { taylorFit, type TaylorFit, type TaylorPoint } from './taylor.ts';

export interface AffineSlope {
  /** a + b k; null when Delta J is within float64 noise at k = 0 and at k = 1 (nothing measured). */
  slope: number | null;
  a: number;
  b: number;
  /** 10x the float64 noise of a, plus that of a + b scaled by |k|. */
  noise: number;
  /** The fit at k = 1 (plots). */
  f1: TaylorFit;
}

/** a and a + b as Richardson slopes of Delta J at k = 0 and k = 1 (a null estimate counts as 0), evaluated at k. */
export function affineSlope(seriesAt: (k: number) => TaylorPoint[], k: number): AffineSlope {
  const f0 = taylorFit(seriesAt(0), 0);
  const f1 = taylorFit(seriesAt(1), 0);
  if (f0.estimate === null && f1.estimate === null) return { slope: null, a: 0, b: 0, noise: 0, f1 };
  const a = f0.estimate ?? 0;
  const b = (f1.estimate ?? 0) - a;
  const last = (f: TaylorFit) => f.points[f.points.length - 1];
  const noiseA = 10 * last(f0).noise / last(f0).eps;
  return { slope: a + b * k, a, b, noise: noiseA + (noiseA + 10 * last(f1).noise / last(f1).eps) * Math.abs(k), f1 };
}

/** The same slope from 64-digit slopes at eps = 1e-16 (k = 1 also at 1e-12, converged): a positive one confirms. */
export function confirmAffineSlope(preciseSlope: (k: number, eps: number) => number, k: number, digits: number): Confirmation {
  const a64 = preciseSlope(0, 1e-16);
  const ab64 = preciseSlope(1, 1e-16);
  const ab64b = preciseSlope(1, 1e-12);
  const slope64 = a64 + (ab64 - a64) * k;
  const converged = Math.abs(ab64b - ab64) <= 1e-3 * Math.max(Math.abs(ab64), Math.abs(slope64) / Math.max(Math.abs(k), 1));
  return { confirmed: slope64 > 1e-30 && converged, margin: slope64, digits, message: `a = ${fmt(a64)}, a + b = ${fmt(ab64)} at eps = 1e-16 (${fmt(ab64b)} at 1e-12), so dDelta J/deps = ${fmt(slope64)} at k = ${fmt(k)}` };
}
