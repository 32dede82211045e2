// The JSON shapes of reports/training.json (schemaVersion 1). Fields beyond the brief's list are
// additions; none is renamed.

export interface MetricPoint {
  return: number | null;
  rankMe: number | null;
  meanNorm: number | null;
  scaleFreeVariance: number | null;
  batchVariance: number | null;
  distinctCodes: number | null;
  headNorm: number | null;
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
}

export interface TrainingReport {
  schemaVersion: 1;
  experiment: string;
  quick: boolean;
  baseSeed: number;
  conventions: string[];
  runs: RunRecord[];
}

/** Plain JSON numbers only: NaN and infinities become null. */
export function num(x: number): number | null {
  return Number.isFinite(x) ? x : null;
}
