// Check builders shared by the Proposition 1 (and 2) claim files: first-order and bound checks
// over a case type, so each properties/ file only states its claim.
import type { Instance, Perturbation, Reading } from '../model/types.ts';
import type { BasePoint } from '../engine/objective.ts';
import { deltaSeriesOf } from '../engine/series.ts';
import type { PlotSeries } from '../report/schema.ts';
import { confirmBound, confirmSlope, preciseDeltaAt, type DeltaPart } from './confirm.ts';
import { fmt, type Confirmation, type Outcome } from './framework.ts';
import { EPS_SEQUENCE, extendable, taylorFit, taylorPlot, type TaylorFit, type TaylorPoint } from './taylor.ts';

/**
 * Exact float64 Delta of one part of J over the eps sequence, with its noise: delta() per eps, on
 * the incremental kernel (engine/series.ts, the same bits; JEPA_VERIFY_KERNEL=off for delta() itself).
 */
export function deltaSeries(base: BasePoint, p: Omit<Perturbation, 'eps'>, reading: Reading, part: DeltaPart, eps: readonly number[] = EPS_SEQUENCE): TaylorPoint[] {
  const points = deltaSeriesOf(base, p, reading, eps).map((dl) => ({ eps: dl.eps, delta: dl[part], noise: dl.noise }));
  return extendable(points, (more) => deltaSeries(base, p, reading, part, more));
}

export function firstOrderOutcome(args: {
  fit: TaylorFit;
  name: string;
  instance: Instance;
  perturbation: Omit<Perturbation, 'eps'>;
  /** The same Delta recomputed at 64 digits, divided by eps. */
  preciseSlope: (eps: number) => number;
  predicted: Record<string, number | null>;
  /** The predicted slope recomputed at 64 digits. */
  precisePredicted: () => number;
  exact?: ExactDirections;
  reading?: Reading;
  part?: DeltaPart;
  /** The 64-digit slope at the (exact) perturbation q; overrides reading/part (a configuration's own evaluation of J). */
  preciseSlopeAt?: (q: Omit<Perturbation, 'eps'>) => (eps: number) => number;
}): Outcome {
  const { fit } = args;
  if (fit.undecided) return { kind: 'undecided', reason: 'predicted and measured change both within float64 noise' };
  if (!fit.suspicious) return { kind: 'ok' };
  const g = fit.slope;
  const margin = Math.abs((fit.estimate ?? 0) - g);
  return {
    kind: 'violation',
    margin,
    noise: 1e-4 * (Math.abs(g) + Math.abs(fit.estimate ?? 0)),
    message: `${args.name}: measured first-order coefficient ${fit.estimate === null ? '0 (Delta within float64 noise at eps = 1e-5..1e-2)' : fmt(fit.estimate)} against the predicted ${fmt(g)} (remainder rate ${fit.rate === null ? 'n/a' : fit.rate.toFixed(2)})`,
    measured: { slope: fit.estimate, rate: fit.rate, ...Object.fromEntries(fit.points.map((p) => [`delta@${p.eps}`, p.delta])) },
    predicted: { slope: g, ...args.predicted },
    construction: { ...args.perturbation, eps: fit.points.map((p) => p.eps) },
    confirm: () => withExact(args.perturbation, args.exact, (q) => confirmSlope(args.preciseSlopeAt ? args.preciseSlopeAt(q) : args.reading && args.part ? preciseSlopeOf(args.instance, q, args.reading, args.part) : args.preciseSlope, args.precisePredicted)),
  };
}

/** Delta of a part of J at 64 digits, per eps. */
export const preciseSlopeOf = (instance: Instance, p: Omit<Perturbation, 'eps'>, reading: Reading, part: DeltaPart) => (eps: number) =>
  preciseDeltaAt(instance, { ...p, eps }, reading, part, eps) / eps;

/** 64-digit forms of u and r; null when no exact direction lies near the float64 one. */
export type ExactDirections = () => { uExact: string[]; rExact: string[] } | null;

export const exactFromU = (uExact: () => string[] | null): ExactDirections => () => {
  const u = uExact();
  return u ? { uExact: u, rExact: u } : null;
};

/** Run a confirmation on the perturbation with exact directions, or decline when there are none. */
export function withExact(p: Omit<Perturbation, 'eps'>, exact: ExactDirections | undefined, confirm: (q: Omit<Perturbation, 'eps'>) => Confirmation): Confirmation {
  if (!exact) return confirm(p);
  const e = exact();
  if (!e) return { confirmed: false, unavailable: true, margin: null, digits: 64, message: 'no exact u satisfies the constraints near the float64 u (exact and float64 ranks differ), so there is no 64-digit check' };
  return confirm({ ...p, ...e });
}

/** "value(eps) <= bound(eps)" over the eps sequence, noise-aware, confirmed at 64 digits as eps -> 0. */
export function boundOutcome(args: {
  name: string;
  points: { eps: number; delta: number; noise: number }[];
  bound: (eps: number) => number;
  instance: Instance;
  perturbation: Omit<Perturbation, 'eps'>;
  reading: Reading;
  part: DeltaPart;
  predicted: Record<string, number | null>;
  /** The bound recomputed from 64-digit ingredients. */
  preciseBound?: (eps: number) => number;
  exact?: ExactDirections;
}): Outcome {
  const worst = args.points
    .map((p) => ({ ...p, b: args.bound(p.eps), excess: p.delta - args.bound(p.eps) }))
    .filter((p) => p.excess > p.noise + 1e-13 * Math.abs(p.b))
    .sort((x, y) => x.eps - y.eps)[0];
  if (!worst) {
    // Both the change and the bound within noise at every eps: the inequality is not exercised.
    const idle = args.points.every((p) => Math.abs(p.delta) <= p.noise && Math.abs(args.bound(p.eps)) <= p.noise);
    return idle ? { kind: 'undecided', reason: 'change and bound both within float64 noise at every eps' } : { kind: 'ok' };
  }
  return {
    kind: 'violation',
    margin: worst.excess,
    noise: worst.noise,
    message: `${args.name}: Delta = ${fmt(worst.delta)} exceeds the bound ${fmt(worst.b)} by ${fmt(worst.excess)} at eps = ${worst.eps}`,
    measured: Object.fromEntries(args.points.map((p) => [`delta@${p.eps}`, p.delta])),
    predicted: { ...args.predicted, ...Object.fromEntries(args.points.map((p) => [`bound@${p.eps}`, args.bound(p.eps)])) },
    construction: { ...args.perturbation, eps: worst.eps },
    confirm: () => withExact(args.perturbation, args.exact, (q) => confirmBound((eps) => preciseDeltaAt(args.instance, { ...q, eps }, args.reading, args.part, eps), args.preciseBound ?? args.bound)),
  };
}

export function boundPlot(title: string, points: { eps: number; delta: number }[], bound: (eps: number) => number): PlotSeries {
  return {
    kind: 'bound',
    title,
    eps: points.map((p) => p.eps),
    actual: points.map((p) => (Number.isFinite(p.delta) ? p.delta : null)),
    predicted: points.map((p) => bound(p.eps)),
  };
}

export { taylorFit, taylorPlot };
