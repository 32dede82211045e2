// The two charts behind the claims' checks: a Taylor check (|Delta|, |first-order prediction|,
// |remainder| against eps, with a slope-2 reference) and a bound check (actual change against the bound).

import type { PlotSeries } from '../schema.ts';
import { PALETTE, renderChart } from './charts.ts';

function pairs(eps: number[], ys: (number | null)[] | undefined): Array<[number, number | null]> {
  return eps.map((e, i) => [e, ys?.[i] ?? null]);
}

/** Geometric-middle finite point of a series, to anchor a reference slope through. */
function anchor(eps: number[], ys: (number | null)[] | undefined): [number, number] | null {
  const ok = eps.map((e, i) => [e, ys?.[i] ?? null] as const).filter(([e, y]) => e > 0 && y !== null && y > 0 && Number.isFinite(y)) as Array<[number, number]>;
  if (ok.length === 0) return null;
  return ok[Math.floor(ok.length / 2)];
}

export function taylorChart(p: PlotSeries, plotId: string): string {
  const rate = p.rate === undefined || p.rate === null ? 'n/a' : p.rate.toFixed(2);
  const a = anchor(p.eps, p.remainder);
  const abs = (v: (number | null)[] | undefined) => v?.map((y) => (y === null ? null : Math.abs(y)));
  return renderChart({
    title: `${p.title} — fitted remainder rate ${rate}`,
    xLabel: 'ε',
    yLabel: 'magnitude',
    xScale: 'log',
    yScale: 'log',
    plotId,
    series: [
      { name: '|Δ(ε)| exact', colour: PALETTE[0], points: pairs(p.eps, abs(p.actual)), markers: true },
      { name: '|first-order prediction|', colour: PALETTE[3], points: pairs(p.eps, abs(p.predicted)), dash: '6 3', markers: true },
      { name: '|remainder|', colour: PALETTE[2], points: pairs(p.eps, abs(p.remainder)), markers: true },
    ],
    // a decade below the remainder, so the reference stays visible instead of hiding under it
    guides: a ? [{ label: 'slope 2 reference', x0: a[0], y0: a[1] / 10, slope: 2 }] : [],
  });
}

export function boundChart(p: PlotSeries, plotId: string): string {
  const vals = [...p.actual, ...p.predicted].filter((v): v is number => v !== null && Number.isFinite(v));
  const allPositive = vals.length > 0 && vals.every((v) => v > 0);
  const highlights: Array<[number, number]> = [];
  p.eps.forEach((e, i) => {
    const a = p.actual[i];
    const b = p.predicted[i];
    if (a !== null && b !== null && a > b) highlights.push([e, a]);
  });
  return renderChart({
    title: p.title,
    subtitle: allPositive ? undefined : 'signed values: symmetric-log y axis',
    xLabel: 'ε',
    yLabel: 'change',
    xScale: 'log',
    yScale: allPositive ? 'log' : 'symlog',
    plotId,
    series: [
      { name: 'actual change', colour: PALETTE[0], points: pairs(p.eps, p.actual), markers: true },
      { name: 'bound', colour: PALETTE[1], points: pairs(p.eps, p.predicted), dash: '6 3', markers: true },
    ],
    highlights,
    highlightLabel: 'actual > bound',
  });
}

export function plotSeriesChart(p: PlotSeries, plotId: string): string {
  return p.kind === 'taylor' ? taylorChart(p, plotId) : boundChart(p, plotId);
}
