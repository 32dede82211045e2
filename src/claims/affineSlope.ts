// §4.5 / §5.5 with a rule for k: dDelta J/deps at 0 is affine in k, slope(k) = a + b k (the code moves
// by eps u, the logit of a_Δ by k eps r^T u), so it is measured at k = 0 and k = 1 and evaluated at the
// rule's k: a k of 1e17 (a tiny gain) would leave the first-order regime at every eps a direct
// measurement can use. P1.combine's and P2.combine's rule checks measure and confirm it the same way.
// Every 64-digit slope confirmation held against a bound (these, P1.combine's, P1.eq5's and P2.jepa's)
// decides with slopeSide: a slope that has not settled between eps = 1e-12 and 1e-16 measures nothing.
import type { Confirmation } from './types.ts';
import { fmt } from './format.ts';
import { slopeSettled } from './confirm.ts';
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

/**
 * Where a 64-digit slope lies against its bound, from its values at eps = 1e-12 (s1) and 1e-16 (s2).
 * Equal to the bound to 1e-6 relative decides the case (within) whatever s1 is, as in confirmSlope;
 * otherwise the side counts only once the slope has settled (confirm.ts slopeSettled, against the gap
 * to the bound): an unsettled one is no evidence either way, so its case is undecided (CLAIMS.md).
 */
export type SlopeSide = 'above' | 'within' | 'unsettled';

export function slopeSide(s1: number, s2: number, bound: number): SlopeSide {
  const gap = s2 - bound;
  if (Math.abs(gap) <= 1e-6 * (Math.abs(s2) + Math.abs(bound)) + 1e-30) return 'within';
  if (!slopeSettled(s1, s2, gap)) return 'unsettled';
  return gap > 0 ? 'above' : 'within';
}

export const UNSETTLED = 'the 64-digit slope has not settled between eps = 1e-12 and 1e-16, so the case is undecided';

/** "slope > bound" at 64 digits: confirmed above it, vanished within it, unavailable (undecided) when unsettled. */
export function excessConfirmation(s1: number, s2: number, bound: number, digits: number, message: string): Confirmation {
  const side = slopeSide(s1, s2, bound);
  const margin = s2 - bound;
  return side === 'unsettled'
    ? { confirmed: false, unavailable: true, margin, digits, message: `${message}; ${UNSETTLED}` }
    : { confirmed: side === 'above', margin, digits, message };
}

/**
 * The same slope from 64-digit slopes at k = 0 and k = 1, each at eps = 1e-16 and 1e-12: a + b k at
 * the two eps must settle (slopeSide) and be positive to confirm.
 */
export function confirmAffineSlope(preciseSlope: (k: number, eps: number) => number, k: number, digits: number): Confirmation {
  const at = (eps: number) => {
    const a = preciseSlope(0, eps);
    const ab = preciseSlope(1, eps);
    return { a, ab, slope: a + (ab - a) * k };
  };
  const fine = at(1e-16);
  const coarse = at(1e-12);
  return excessConfirmation(coarse.slope, fine.slope, 0, digits, `a = ${fmt(fine.a)}, a + b = ${fmt(fine.ab)} at eps = 1e-16 (${fmt(coarse.a)}, ${fmt(coarse.ab)} at 1e-12), so dDelta J/deps = ${fmt(fine.slope)} at k = ${fmt(k)} (${fmt(coarse.slope)} at 1e-12)`);
}
