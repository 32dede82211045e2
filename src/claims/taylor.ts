// First-order claims "Delta(eps) = g eps + O(eps^2)" checked like a gradient check (CLAIMS.md):
// the exact Delta over eps = 1e-1 .. 1e-7, the remainder's log-log slope, and a tolerance rule.
import type { PlotSeries } from '../report/schema.ts';

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

export function taylorFit(points: TaylorPoint[], g: number): TaylorFit {
  const remainder = points.map((p) => ({ ...p, r: p.delta - g * p.eps }));
  const clean = remainder.filter((p) => Math.abs(p.r) > CLEAN * p.noise && p.r !== 0);
  const rate = clean.length >= 2 ? logLogSlope(clean.map((p) => p.eps), clean.map((p) => Math.abs(p.r))) : null;
  // Richardson on eps and eps/10: g_hat = (10 D(eps/10)/(eps/10) - D(eps)/eps) / 9 cancels the eps^2 term.
  const usable = points.filter((p) => p.eps <= 1e-2 && p.eps >= 1e-5 && Math.abs(p.delta) > CLEAN * p.noise);
  let estimate: number | null = null;
  let estimateNoise = Infinity;
  for (let i = 0; i + 1 < usable.length; i++) {
    const a = usable[i];
    const b = usable[i + 1];
    if (Math.abs(a.eps / b.eps - 10) > 1e-9) continue;
    estimate = (10 * (b.delta / b.eps) - a.delta / a.eps) / 9;
    estimateNoise = (10 * b.noise) / b.eps + a.noise / a.eps;
  }
  // No clean Delta in the window: the measured change is zero within noise. That contradicts a g whose
  // g eps stands clear of the noise there; with g eps in the noise too, nothing is measured.
  const window = points.filter((p) => p.eps <= 1e-2 && p.eps >= 1e-5);
  const predictedVisible = window.some((p) => Math.abs(g * p.eps) > CLEAN * p.noise);
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
  'A case is a candidate when the Richardson estimate of dDelta/deps from eps in [1e-5, 1e-2] differs from g by more than 1e-4 relative plus 10x its float64 noise; ' +
  'it is a violation only if, recomputed at 64 digits with eps = 1e-12 and 1e-16 (the eps-independent effect of the numerically computed u subtracted), the slope still differs from g by more than 1e-6 relative and has converged.';
