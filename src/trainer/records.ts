// The JSON shapes of reports/training.json (schemaVersion 1). Fields beyond the brief's list are
// additions; none is renamed.

import { type CollapseMetrics, collapsedKenneweg, collapsedScaleFree } from './metrics.ts';

export interface MetricPoint {
  return: number | null;
  rankMe: number | null;
  meanNorm: number | null;
  scaleFreeVariance: number | null;
  batchVariance: number | null;
  distinctCodes: number | null;
  headNorm: number | null;
  // Added with issue 16 (older files lack them): shape metrics that do not move under z -> c z.
  spread?: number | null;
  effRank?: number | null;
  offsetShare?: number | null;
  /** Centred covariance spectrum / mean ||z||^2 (final points only, to keep curves small). */
  spectrum?: number[];
  collapsedKenneweg?: boolean;
  collapsedScaleFree?: boolean;
  /** Half-width of the 95% interval of the return (evaluation episodes), when it was measured. */
  returnCi?: number | null;
}

export interface CurvePoint extends MetricPoint {
  step: number;
}

export type TrainMode = 'exact' | 'a2c';

export interface RunRecord {
  env: string;
  mode: TrainMode;
  rlIntoEncoder: boolean;
  lambda: number;
  seed: number;
  /** Whether the JEPA target code E(s_{t+1}) was detached. */
  stopGradTarget: boolean;
  /** 'exact-discounted' = mu^T V^pi; 'mean-episode-return' = mean undiscounted return of evaluation episodes. */
  returnKind: 'exact-discounted' | 'mean-episode-return';
  /** Which codes the metrics are computed on. */
  codeSet: string;
  steps: number;
  final: MetricPoint;
  curve: CurvePoint[];
  // Added with issue 16 (the kenneweg experiment); absent in older runs.
  /** Which of Kenneweg et al.'s four configurations (kenneweg.ts). */
  config?: string;
  /** Whether the JEPA target came from an EMA target encoder. */
  ema?: boolean;
  varCoef?: number;
  algorithm?: 'a2c';
  updates?: number;
}

export interface TrainingReport {
  schemaVersion: 1;
  experiment: string;
  quick: boolean;
  baseSeed: number;
  conventions: string[];
  runs: RunRecord[];
}

/** The metrics of one code set as a MetricPoint; spectrum only when asked (final points). */
export function metricPoint(c: CollapseMetrics, ret: number, headNorm: number, withSpectrum = false): MetricPoint {
  const p: MetricPoint = {
    return: num(ret), rankMe: num(c.rankMe), meanNorm: num(c.meanNorm), scaleFreeVariance: num(c.scaleFreeVariance),
    batchVariance: num(c.batchVariance), distinctCodes: num(c.distinctCodes), headNorm: num(headNorm),
    spread: num(c.spread), effRank: num(c.effRank), offsetShare: num(c.offsetShare),
    collapsedKenneweg: collapsedKenneweg(c.batchVariance), collapsedScaleFree: collapsedScaleFree(c.spread, c.effRank),
  };
  if (withSpectrum) p.spectrum = c.spectrum.map((x) => (Number.isFinite(x) ? x : 0));
  return p;
}

/** Plain JSON numbers only: NaN and infinities become null. */
export function num(x: number): number | null {
  return Number.isFinite(x) ? x : null;
}
