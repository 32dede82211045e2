// First-order claims "Delta(eps) = g eps + O(eps^2)" checked like a gradient check (CLAIMS.md):
// the exact Delta over eps = 1e-1 .. 1e-7, the remainder's log-log slope, and a tolerance rule.
import type { PlotSeries } from '../report/schema.ts';
import { HiddenTable } from '../engine/getters.ts';

export const EPS_SEQUENCE = [1e-1, 1e-2, 1e-3, 1e-4, 1e-5, 1e-6, 1e-7];

export interface TaylorPoint {
  eps: number;
  delta: number;
  noise: number;
}

export interface TaylorFit {
  points: TaylorPoint[];
  slope: number; // predicted g
  /** Fitted log-log slope of |Delta - g eps| over the points above noise (about 2 when g is right). */
  rate: number | null;
  /** g estimated from the data: the Richardson extrapolation of Delta/eps at the two smallest clean eps. */
  estimate: number | null;
  /** True when the data contradict g beyond float64 noise: a candidate for high-precision confirmation. */
  suspicious: boolean;
  /**
   * True when the check measures nothing: Delta is within noise at every eps of the window and so
   * is the predicted g eps. Such a case is undecided (CLAIMS.md), never support for g.
   */
  undecided: boolean;
}

/** Points whose remainder is this many times its noise are clean enough to fit. */
const CLEAN = 100;

/** How to evaluate the same series at more eps (float64): the dense window grid's source. */
export type MoreEps = (eps: readonly number[]) => TaylorPoint[];

// Series builders register how to extend their series, so a check that passes only the points to
// taylorFit (the property files do) still gets the dense grid: on the points array itself
// (HiddenTable; a copy has none), as a WeakMap entry per series burdened every scavenge.
const extenders = new HiddenTable<readonly TaylorPoint[], { more: MoreEps }>('moreEps');
const extenderOf = (points: readonly TaylorPoint[]): MoreEps | undefined => extenders.get(points)?.more;

/** Mark `points` as extendable by `more` (same quantity, same noise model, at other eps); returns points. */
export function extendable<P extends TaylorPoint>(points: P[], more: MoreEps): P[] {
  const held = extenders.get(points);
  if (held) held.more = more;
  else extenders.set(points, { more });
  return points;
}

/**
 * The 1-2-5 points of the Richardson window that the decade sequence lacks. Used only when the decade
 * grid gives no estimate while g eps is visible: the case would otherwise go to 64 digits for want of
 * a second clean point, though Delta is clean at one eps (its neighbour a decade down is not).
 */
export const DENSE_EPS = [5e-3, 2e-3, 5e-4, 2e-4, 5e-5, 2e-5];

/** Richardson on adjacent points a > b of a grid (ratio rho = a/b): (rho D(b)/b - D(a)/a) / (rho - 1) cancels the eps^2 term. */
function richardson(a: TaylorPoint, b: TaylorPoint, rho: number, exactNoise: boolean): { estimate: number; noise: number } {
  const estimate = (rho * (b.delta / b.eps) - a.delta / a.eps) / (rho - 1);
  // The decade pair keeps its historical (9x wide) noise figure; dense pairs use the propagated bound.
  const noise = (rho * b.noise) / b.eps + a.noise / a.eps;
  return { estimate, noise: exactNoise ? noise / (rho - 1) : noise };
}

const inWindow = (p: TaylorPoint) => p.eps <= 1e-2 && p.eps >= 1e-5;
// Module-level, not a closure per fit (see engine/once.ts on named closures under tsx).
const isClean = (p: TaylorPoint) => Math.abs(p.delta) > CLEAN * p.noise;

export function taylorFit(points: TaylorPoint[], g: number, more: MoreEps | undefined = extenderOf(points)): TaylorFit {
  const remainder = points.map((p) => ({ ...p, r: p.delta - g * p.eps }));
  const clean = remainder.filter((p) => Math.abs(p.r) > CLEAN * p.noise && p.r !== 0);
  const rate = clean.length >= 2 ? logLogSlope(clean.map((p) => p.eps), clean.map((p) => Math.abs(p.r))) : null;
  // Richardson on eps and eps/10: g_hat = (10 D(eps/10)/(eps/10) - D(eps)/eps) / 9 cancels the eps^2 term.
  const usable = points.filter((p) => inWindow(p) && isClean(p));
  let estimate: number | null = null;
  let estimateNoise = Infinity;
  for (let i = 0; i + 1 < usable.length; i++) {
    const a = usable[i];
    const b = usable[i + 1];
    if (Math.abs(a.eps / b.eps - 10) > 1e-9) continue;
    ({ estimate, noise: estimateNoise } = richardson(a, b, 10, false));
  }
  // No clean Delta in the window: the measured change is zero within noise. That contradicts a g whose
  // g eps stands clear of the noise there; with g eps in the noise too, nothing is measured.
  const window = points.filter(inWindow);
  const predictedVisible = window.some((p) => Math.abs(g * p.eps) > CLEAN * p.noise);
  if (estimate === null && predictedVisible && usable.length > 0 && more) {
    // The 1-2-5 grid over the window, the smallest adjacent pair with both points clean.
    const grid = [...window, ...more(DENSE_EPS)].sort((x, y) => y.eps - x.eps);
    for (let i = 0; i + 1 < grid.length; i++) {
      if (!isClean(grid[i]) || !isClean(grid[i + 1])) continue;
      ({ estimate, noise: estimateNoise } = richardson(grid[i], grid[i + 1], grid[i].eps / grid[i + 1].eps, true));
    }
  }
  const suspicious = estimate !== null ? Math.abs(estimate - g) > 1e-4 * (Math.abs(g) + Math.abs(estimate)) + 10 * estimateNoise : predictedVisible;
  return { points, slope: g, rate, estimate, suspicious, undecided: estimate === null && !predictedVisible };
}

export function logLogSlope(x: number[], y: number[]): number {
  const lx = x.map(Math.log10);
  const ly = y.map(Math.log10);
  const n = lx.length;
  const mx = lx.reduce((s, v) => s + v, 0) / n;
  const my = ly.reduce((s, v) => s + v, 0) / n;
  let num = 0;
  let den = 0;
  for (let i = 0; i < n; i++) { num += (lx[i] - mx) * (ly[i] - my); den += (lx[i] - mx) ** 2; }
  return den === 0 ? 0 : num / den;
}

const finite = (x: number): number | null => (Number.isFinite(x) ? x : null);

export function taylorPlot(title: string, fit: TaylorFit): PlotSeries {
  return {
    kind: 'taylor',
    title,
    eps: fit.points.map((p) => p.eps),
    actual: fit.points.map((p) => finite(Math.abs(p.delta))),
    predicted: fit.points.map((p) => finite(Math.abs(fit.slope * p.eps))),
    remainder: fit.points.map((p) => finite(Math.abs(p.delta - fit.slope * p.eps))),
    rate: fit.rate === null ? null : Math.round(fit.rate * 1000) / 1000,
  };
}

export const TAYLOR_RULE =
  'First-order rule: Delta(eps) is evaluated exactly at eps = 1e-1..1e-7; the remainder Delta - g eps should fall like eps^2 (log-log rate about 2). ' +
  'A case is a candidate when the Richardson estimate of dDelta/deps from eps in [1e-5, 1e-2] differs from g by more than 1e-4 relative plus 10x its float64 noise ' +
  '(the estimate from the smallest two adjacent decades where |Delta| exceeds 100x its noise; when there are none such but g eps exceeds 100x the noise somewhere in the window and Delta does at some decade, ' +
  'the series (Delta J, or delta V of P1.dV) is also evaluated in float64 at eps = 5e-3, 2e-3, 5e-4, 2e-4, 5e-5, 2e-5 and the estimate taken from the smallest two adjacent points of that 1-2-5 grid where it does, with its propagated noise ' +
  '(P1.eq2\'s delta pi has no such grid); with no estimate at all, g eps visible makes the case a candidate); ' +
  'it is a violation only if, recomputed at 64 digits with eps = 1e-12 and 1e-16 (the eps-independent effect of the numerically computed u subtracted), the slope still differs from g by more than 1e-6 relative and has converged.';
