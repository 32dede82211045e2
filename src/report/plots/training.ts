// Trainer curves from reports/training.json. The trainer is other code; this module reads its
// output defensively (unknown input, fields may be missing or null) and never throws on shape.

import { PALETTE, renderChart, type ChartSeries } from './charts.ts';

export const TRAINING_METRICS = [
  'return', 'rankMe', 'meanNorm', 'scaleFreeVariance', 'batchVariance', 'distinctCodes', 'headNorm', 'spread', 'effRank', 'offsetShare', 'returnCi',
] as const;
/** Metrics that repeat another under an old name (training.json keeps both): drawn once. */
const ALIASES: Record<string, string> = { scaleFreeVariance: 'spread', rankMe: 'effRank' };

const METRIC_LABEL: Record<string, string> = {
  return: 'episode return',
  rankMe: 'RankMe (effective rank of codes)',
  meanNorm: 'mean code norm',
  scaleFreeVariance: 'scale-free code variance',
  batchVariance: 'batch code variance',
  distinctCodes: 'distinct codes',
  headNorm: 'policy-head norm',
  spread: 'spread tr(C) / mean ||z||^2 (scale-free)',
  effRank: 'effective rank of centred codes (noise floor)',
  offsetShare: 'offset share ||mean z||^2 / mean ||z||^2',
  returnCi: 'return 95% half-width',
};

export interface TrainingRun {
  env: string;
  mode: string;
  rlIntoEncoder: boolean;
  lambda: number | null;
  seed: number | null;
  /** kenneweg experiment: the configuration and whether the JEPA target is an EMA encoder. */
  config?: string;
  ema?: boolean;
  final: Record<string, number | null>;
  curve: Array<{ step: number } & Record<string, number | null>>;
}

export interface TrainingData {
  runs: TrainingRun[];
  metrics: string[];
}

function isObj(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}
const num = (x: unknown): number | null => (typeof x === 'number' && Number.isFinite(x) ? x : null);

export function parseTraining(x: unknown): TrainingData | null {
  if (!isObj(x) || !Array.isArray(x.runs)) return null;
  const runs: TrainingRun[] = [];
  const extra = new Set<string>();
  for (const r of x.runs) {
    if (!isObj(r)) continue;
    const final: Record<string, number | null> = {};
    if (isObj(r.final)) for (const [k, v] of Object.entries(r.final)) final[k] = num(v);
    const curve: TrainingRun['curve'] = [];
    if (Array.isArray(r.curve))
      for (const p of r.curve) {
        if (!isObj(p) || num(p.step) === null) continue;
        const pt: { step: number } & Record<string, number | null> = { step: num(p.step)! };
        for (const [k, v] of Object.entries(p)) if (k !== 'step') pt[k] = num(v);
        curve.push(pt);
      }
    // Only keys with some numeric value are metrics (spectrum arrays and collapse flags are not).
    for (const p of [final, ...curve]) for (const [k, v] of Object.entries(p)) if (k !== 'step' && v !== null) extra.add(k);
    runs.push({
      env: typeof r.env === 'string' ? r.env : 'env',
      mode: typeof r.mode === 'string' ? r.mode : String(r.mode ?? ''),
      rlIntoEncoder: r.rlIntoEncoder === true,
      lambda: num(r.lambda),
      seed: num(r.seed),
      ...(typeof r.config === 'string' ? { config: r.config, ema: r.ema === true } : {}),
      final,
      curve,
    });
  }
  if (runs.length === 0) return null;
  // Both names present: keep the new one only.
  for (const [old, now] of Object.entries(ALIASES)) if (extra.has(now)) extra.delete(old);
  const known = TRAINING_METRICS.filter((m) => extra.has(m));
  const others = [...extra].filter((m) => !(TRAINING_METRICS as readonly string[]).includes(m)).sort();
  return { runs, metrics: [...known, ...others] };
}

const LOG_METRICS = new Set(['batchVariance', 'spread']);

export function metricLabel(m: string): string {
  return METRIC_LABEL[m] ?? m;
}

/** Runs that differ only in seed share a group (one colour, one legend entry). */
export function groupKey(r: TrainingRun): string {
  if (r.config !== undefined) return `${r.config}${r.config === 'rl' ? '' : ` · EMA ${r.ema ? 'on' : 'off'}`}`;
  return `${r.mode} · RL→encoder ${r.rlIntoEncoder ? 'on' : 'off'} · λ=${r.lambda ?? '?'}`;
}

export function envs(d: TrainingData): string[] {
  return [...new Set(d.runs.map((r) => r.env))];
}

export function safeName(s: string): string {
  return s.replace(/[^A-Za-z0-9._-]+/g, '_');
}

export interface TrainingPlot {
  env: string;
  metric: string;
  file: string;
  title: string;
  svg: string;
}

export function trainingPlots(d: TrainingData): TrainingPlot[] {
  const out: TrainingPlot[] = [];
  for (const env of envs(d)) {
    const runs = d.runs.filter((r) => r.env === env);
    const groups = [...new Set(runs.map(groupKey))];
    for (const metric of d.metrics) {
      const seen = new Set<string>();
      const series: ChartSeries[] = [];
      for (const r of runs) {
        const g = groupKey(r);
        const gi = groups.indexOf(g);
        const pts: Array<[number, number | null]> = r.curve.map((p) => [p.step, p[metric] ?? null]);
        if (pts.every(([, y]) => y === null)) continue;
        series.push({
          name: g,
          colour: PALETTE[gi % PALETTE.length],
          // past the palette, a dash pattern keeps groups apart
          dash: gi >= PALETTE.length ? '5 3' : r.rlIntoEncoder ? undefined : '6 3',
          points: pts,
          width: 1.4,
          noLegend: seen.has(g),
        });
        seen.add(g);
      }
      if (series.length === 0) continue;
      const title = `${env}: ${metricLabel(metric)}`;
      const file = `training.${safeName(env)}.${safeName(metric)}.svg`;
      out.push({
        env,
        metric,
        file,
        title,
        // Collapse shows as orders of magnitude: variance-like metrics on a log axis.
        svg: renderChart({ title, xLabel: 'training step', yLabel: metric, xScale: 'linear', yScale: LOG_METRICS.has(metric) ? 'log' : 'linear', series, plotId: file.replace(/\.svg$/, ''), width: 480, height: 320 }),
      });
    }
  }
  return out;
}

export interface FinalRow {
  env: string;
  group: string;
  seeds: number;
  /** metric -> [mean, min, max] over seeds, null where no seed has a value */
  stats: Record<string, [number, number, number] | null>;
}

export function finalTable(d: TrainingData): FinalRow[] {
  const rows: FinalRow[] = [];
  for (const env of envs(d)) {
    const runs = d.runs.filter((r) => r.env === env);
    for (const group of [...new Set(runs.map(groupKey))]) {
      const rs = runs.filter((r) => groupKey(r) === group);
      const stats: FinalRow['stats'] = {};
      for (const m of d.metrics) {
        const vs = rs.map((r) => r.final[m] ?? r.curve[r.curve.length - 1]?.[m] ?? null).filter((v): v is number => v !== null);
        stats[m] = vs.length === 0 ? null : [vs.reduce((a, b) => a + b, 0) / vs.length, Math.min(...vs), Math.max(...vs)];
      }
      rows.push({ env, group, seeds: rs.length, stats });
    }
  }
  return rows;
}
