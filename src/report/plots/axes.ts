// Axes of the static SVG charts: data extents, d3-scale scales, deterministic tick choices
// (whole decades on log axes, a few signed decades on symlog ones) and tick labels.
import { scaleLinear, scaleLog, scaleSymlog } from 'd3-scale';
import { el, text } from './svg.ts';
import { fmtNum } from './format.ts';

export type ScaleKind = 'log' | 'linear' | 'symlog';

/** Tick label size; the chart's own text size. */
export const FONT = 11;

export type Scale = ((v: number) => number) & { ticks(count?: number): number[] };

export function usable(kind: ScaleKind, v: number | null): v is number {
  return v !== null && Number.isFinite(v) && (kind !== 'log' || v > 0);
}

export function extent(kind: ScaleKind, vals: number[]): [number, number] | null {
  if (vals.length === 0) return null;
  let lo = Math.min(...vals);
  let hi = Math.max(...vals);
  if (lo === hi) {
    if (kind === 'log') return [lo / 10, hi * 10];
    const pad = lo === 0 ? 1 : Math.abs(lo) * 0.1;
    return [lo - pad, hi + pad];
  }
  if (kind === 'log') {
    // Snap to whole decades, as d3's nice() would; keeps the decade ticks at the edges.
    lo = 10 ** Math.floor(Math.log10(lo) + 1e-9);
    hi = 10 ** Math.ceil(Math.log10(hi) - 1e-9);
  }
  return [lo, hi];
}

function decadeTicks(lo: number, hi: number): number[] {
  const a = Math.ceil(Math.log10(lo) - 1e-9);
  const b = Math.floor(Math.log10(hi) + 1e-9);
  const count = b - a + 1;
  const step = Math.max(1, Math.ceil(count / 8));
  const out: number[] = [];
  for (let k = a; k <= b; k += step) out.push(10 ** k);
  return out;
}

function symlogTicks(lo: number, hi: number, c: number): number[] {
  const out = new Set<number>();
  if (lo <= 0 && hi >= 0) out.add(0);
  const top = Math.max(Math.abs(lo), Math.abs(hi));
  const a = Math.ceil(Math.log10(c) - 1e-9);
  const b = Math.floor(Math.log10(top) + 1e-9);
  const step = Math.max(1, Math.ceil((b - a + 1) / 4));
  for (let k = b; k >= a; k -= step) {
    const v = 10 ** k;
    if (v <= hi) out.add(v);
    if (-v >= lo) out.add(-v);
  }
  return [...out].sort((x, y) => x - y);
}

export function makeScale(kind: ScaleKind, dom: [number, number], range: [number, number], symConst: number): { s: Scale; ticks: number[] } {
  if (kind === 'log') {
    const s = scaleLog().domain(dom).range(range) as unknown as Scale;
    let ticks = decadeTicks(dom[0], dom[1]);
    if (ticks.length < 2) ticks = s.ticks(4).filter((t, i, all) => all.length <= 6 || i % Math.ceil(all.length / 5) === 0);
    return { s, ticks };
  }
  if (kind === 'symlog') {
    const s = scaleSymlog().constant(symConst).domain(dom).range(range) as unknown as Scale;
    return { s, ticks: symlogTicks(dom[0], dom[1], symConst) };
  }
  const lin = scaleLinear().domain(dom).nice(6).range(range);
  return { s: lin as unknown as Scale, ticks: lin.ticks(6) };
}

/** Tick label; decades on log axes as 10 with a superscript exponent. Anchor, size and colour come from the enclosing group. */
export function tickLabel(kind: ScaleKind, v: number, x: number, y: number): string {
  const k = Math.log10(Math.abs(v));
  if (kind !== 'linear' && v !== 0 && Math.abs(k - Math.round(k)) < 1e-9 && Math.abs(k) >= 2) {
    const sign = v < 0 ? '−' : '';
    const e = Math.round(k);
    return el('text', [['x', x], ['y', y]], `${sign}10${el('tspan', [['dy', -5], ['font-size', FONT - 3]], e < 0 ? `−${-e}` : String(e))}`);
  }
  return text(x, y, fmtNum(v, 4).replace(/^-/, '−'));
}
