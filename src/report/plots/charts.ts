// Static SVG charts, generated in Node. Scales and ticks come from d3-scale; everything else
// (layout, legend, axes) is done here so the output is fully deterministic.

import { el, escapeXml, n, n as sn, pathD, svgDoc, text, textWidth } from './svg.ts';
import { fmtNum } from './format.ts';
import { FONT, extent, makeScale, tickLabel, usable, type ScaleKind } from './axes.ts';

export type { ScaleKind } from './axes.ts';

export interface ChartSeries {
  name: string;
  colour: string;
  points: Array<[number, number | null]>;
  dash?: string;
  markers?: boolean;
  width?: number;
  /** Leave out of the legend (e.g. further seeds of an already-listed group). */
  noLegend?: boolean;
}

export interface ChartGuide {
  label: string;
  /** A straight line in the plotted coordinates: y = y0 * (x/x0)^slope on log-log axes. */
  x0: number;
  y0: number;
  slope: number;
}

export interface ChartSpec {
  title: string;
  subtitle?: string;
  xLabel: string;
  yLabel: string;
  xScale: ScaleKind;
  yScale: ScaleKind;
  series: ChartSeries[];
  guides?: ChartGuide[];
  /** Points to ring in red, e.g. where an inequality is violated. */
  highlights?: Array<[number, number]>;
  highlightLabel?: string;
  width?: number;
  height?: number;
  /** A data-* tag on the root, so a page can tell which plot is which. */
  plotId?: string;
}

export const PALETTE = ['#0969da', '#d1242f', '#1a7f37', '#bc4c00', '#8250df', '#1b7c83', '#bf3989', '#4d2d00', '#57606a', '#9a6700'];

const TITLE_FONT = 13;
const AXIS = '#57606a';
const GRID = '#d8dee4';

interface LegendItem {
  name: string;
  colour: string;
  dash?: string;
  ring?: boolean;
}

function legendLayout(items: LegendItem[], maxWidth: number): Array<{ item: LegendItem; x: number; row: number }> {
  const out: Array<{ item: LegendItem; x: number; row: number }> = [];
  let x = 0;
  let row = 0;
  for (const item of items) {
    const w = 26 + textWidth(item.name, FONT) + 14;
    if (x > 0 && x + w > maxWidth) {
      row += 1;
      x = 0;
    }
    out.push({ item, x, row });
    x += w;
  }
  return out;
}

function wrapTitle(title: string, width: number): string[] {
  const words = title.split(/\s+/).filter((w) => w !== '');
  const lines: string[] = [];
  let cur = '';
  for (const w of words) {
    const next = cur === '' ? w : `${cur} ${w}`;
    if (cur !== '' && textWidth(next, TITLE_FONT) > width) {
      lines.push(cur);
      cur = w;
    } else cur = next;
  }
  if (cur !== '') lines.push(cur);
  return lines.slice(0, 3);
}

/** Clip a log-log (or linear) straight guide line to the plot's domain box. */
function guideSegment(g: ChartGuide, xd: [number, number], yd: [number, number], xk: ScaleKind, yk: ScaleKind): [[number, number], [number, number]] | null {
  const loglog = xk === 'log' && yk === 'log';
  if (!loglog) return null;
  const yAt = (x: number) => g.y0 * (x / g.x0) ** g.slope;
  const xAt = (y: number) => g.x0 * (y / g.y0) ** (1 / g.slope);
  let xa = xd[0];
  let xb = xd[1];
  if (g.slope !== 0) {
    const xs = [xAt(yd[0]), xAt(yd[1])].sort((p, q) => p - q);
    xa = Math.max(xa, xs[0]);
    xb = Math.min(xb, xs[1]);
  }
  if (!(xa < xb)) return null;
  return [
    [xa, yAt(xa)],
    [xb, yAt(xb)],
  ];
}

export function renderChart(spec: ChartSpec): string {
  const W = spec.width ?? 600;
  const H0 = spec.height ?? 360;
  const ml = 72;
  const mr = 20;
  const mb = 46;
  const titleLines = wrapTitle(spec.title, W - 24);
  const legendItems: LegendItem[] = spec.series.filter((s) => !s.noLegend).map((s) => ({ name: s.name, colour: s.colour, dash: s.dash }));
  for (const g of spec.guides ?? []) legendItems.push({ name: g.label, colour: '#8c959f', dash: '2 3' });
  if ((spec.highlights ?? []).length > 0) legendItems.push({ name: spec.highlightLabel ?? 'violation', colour: '#cf222e', ring: true });
  const legend = legendLayout(legendItems, W - ml - mr);
  const legendRows = legend.length === 0 ? 0 : legend[legend.length - 1].row + 1;
  const titleH = titleLines.length * 17 + (spec.subtitle ? 15 : 0);
  const mt = 12 + titleH + legendRows * 17 + 10;
  const H = H0 + titleH + legendRows * 17 - 34;
  const plotW = W - ml - mr;
  const plotH = H - mt - mb;

  const xs: number[] = [];
  const ys: number[] = [];
  for (const s of spec.series)
    for (const [x, y] of s.points)
      if (usable(spec.xScale, x) && usable(spec.yScale, y)) {
        xs.push(x);
        ys.push(y);
      }
  const body: string[] = [];
  body.push(el('rect', [['x', 0], ['y', 0], ['width', W], ['height', H], ['fill', '#ffffff']]));
  let ty = 12;
  for (const line of titleLines) {
    ty += 15;
    body.push(text(W / 2, ty, line, [['text-anchor', 'middle'], ['font-size', TITLE_FONT], ['font-weight', '600'], ['fill', '#1f2328'], ['class', 'title']]));
  }
  if (spec.subtitle) {
    ty += 15;
    body.push(text(W / 2, ty, spec.subtitle, [['text-anchor', 'middle'], ['font-size', FONT], ['fill', AXIS]]));
  }

  const xd = extent(spec.xScale, xs);
  const yd0 = extent(spec.yScale, ys);
  if (xd === null || yd0 === null) {
    body.push(text(W / 2, H / 2, 'no finite data to plot', [['text-anchor', 'middle'], ['font-size', FONT + 1], ['fill', AXIS]]));
    return svgDoc(W, H, [['class', 'plot'], ['data-plot', spec.plotId]], body);
  }
  let yd = yd0;
  // symlog: the linear band around zero is as wide as the smallest non-zero magnitude, so every
  // decade present in the data gets its own space.
  const nz = ys.filter((v) => v !== 0).map(Math.abs);
  const symConst = nz.length > 0 ? 10 ** Math.floor(Math.log10(Math.min(...nz))) : 1;
  if (spec.yScale === 'symlog') {
    const lo = Math.min(...ys);
    const hi = Math.max(...ys);
    const snap = (v: number) => (v === 0 ? 0 : Math.sign(v) * 10 ** Math.ceil(Math.log10(Math.abs(v)) - 1e-9));
    yd = [Math.min(snap(lo), 0), Math.max(snap(hi), 0)];
    if (yd[0] === yd[1]) yd = [-1, 1];
  }
  const X = makeScale(spec.xScale, xd, [ml, ml + plotW], symConst);
  const Y = makeScale(spec.yScale, yd, [mt + plotH, mt], symConst);
  const xDom = spec.xScale === 'linear' ? ((X.s as unknown as { domain(): number[] }).domain() as [number, number]) : xd;
  const yDom = spec.yScale === 'linear' ? ((Y.s as unknown as { domain(): number[] }).domain() as [number, number]) : yd;

  // grid and axes: one path each for grid lines and tick marks, labels in groups carrying their
  // shared attributes (a report holds dozens of these plots, so bytes per tick add up)
  let grid = '';
  let ticks = '';
  const xLabels: string[] = [];
  const yLabels: string[] = [];
  for (const t of X.ticks) {
    const px = X.s(t);
    if (px < ml - 0.5 || px > ml + plotW + 0.5) continue;
    grid += `M${sn(px)},${sn(mt)}V${sn(mt + plotH)}`;
    ticks += `M${sn(px)},${sn(mt + plotH)}v4`;
    xLabels.push(tickLabel(spec.xScale, t, px, mt + plotH + 16));
  }
  for (const t of Y.ticks) {
    const py = Y.s(t);
    if (py < mt - 0.5 || py > mt + plotH + 0.5) continue;
    grid += `M${sn(ml)},${sn(py)}H${sn(ml + plotW)}`;
    ticks += `M${sn(ml - 4)},${sn(py)}h4`;
    yLabels.push(tickLabel(spec.yScale, t, ml - 7, py + 4));
  }
  if (grid !== '') body.push(el('path', [['d', grid], ['stroke', GRID], ['stroke-width', 1], ['fill', 'none'], ['class', 'grid']]));
  body.push(el('rect', [['x', ml], ['y', mt], ['width', plotW], ['height', plotH], ['fill', 'none'], ['stroke', AXIS]]));
  body.push(
    el('g', [['class', 'axes']], [
      ticks === '' ? '' : el('path', [['d', ticks], ['stroke', AXIS], ['fill', 'none']]),
      el('g', [['text-anchor', 'middle'], ['font-size', FONT], ['fill', AXIS]], xLabels),
      el('g', [['text-anchor', 'end'], ['font-size', FONT], ['fill', AXIS]], yLabels),
    ]),
  );
  body.push(text(ml + plotW / 2, H - 8, spec.xLabel, [['text-anchor', 'middle'], ['font-size', FONT + 1], ['fill', '#1f2328']]));
  body.push(
    el(
      'text',
      [['transform', `translate(16 ${n(mt + plotH / 2)}) rotate(-90)`], ['text-anchor', 'middle'], ['font-size', FONT + 1], ['fill', '#1f2328']],
      escapeXml(spec.yLabel),
    ),
  );

  // guides under the data
  for (const g of spec.guides ?? []) {
    const seg = guideSegment(g, xDom, yDom, spec.xScale, spec.yScale);
    if (seg === null) continue;
    body.push(
      el('path', [
        ['d', pathD(seg.map(([x, y]) => [X.s(x), Y.s(y)] as [number, number]))],
        ['stroke', '#8c959f'],
        ['stroke-dasharray', '2 3'],
        ['fill', 'none'],
        ['class', 'guide'],
      ]),
    );
  }

  for (const s of spec.series) {
    const pts = s.points.map(([x, y]) => (usable(spec.xScale, x) && usable(spec.yScale, y) ? ([X.s(x), Y.s(y)] as [number, number]) : null));
    const d = pathD(pts);
    const marks: string[] = [];
    if (d !== '')
      marks.push(
        el('path', [
          ['d', d],
          ['fill', 'none'],
          ['stroke', s.colour],
          ['stroke-width', s.width ?? 1.75],
          ['stroke-dasharray', s.dash],
          ['stroke-linejoin', 'round'],
          ['class', 'series'],
          ['data-n', pts.filter((p) => p !== null).length],
        ]),
      );
    // every marker in one path: a zero-length subpath with a round cap is a dot, ~14 bytes a point
    // instead of a <circle>; the plotted values ride along in data-x / data-y
    let dots = '';
    const xs: string[] = [];
    const ys: string[] = [];
    s.points.forEach(([x, y], i) => {
      const p = pts[i];
      if (p === null || !s.markers) return;
      dots += `M${n(p[0])},${n(p[1])}h0`;
      xs.push(fmtNum(x, 8));
      ys.push(fmtNum(y, 8));
    });
    if (dots !== '') marks.push(el('path', [['d', dots], ['stroke', s.colour], ['stroke-width', 5.2], ['stroke-linecap', 'round'], ['fill', 'none'], ['class', 'marks'], ['data-x', xs.join(' ')], ['data-y', ys.join(' ')]]));
    body.push(el('g', [['class', 'data'], ['data-series', s.name]], marks));
  }

  const rings: string[] = [];
  for (const [x, y] of spec.highlights ?? []) {
    if (!usable(spec.xScale, x) || !usable(spec.yScale, y)) continue;
    rings.push(el('circle', [['cx', X.s(x)], ['cy', Y.s(y)], ['r', 5.5], ['fill', 'none'], ['stroke', '#cf222e'], ['stroke-width', 1.75], ['class', 'violation'], ['data-x', fmtNum(x, 8)], ['data-y', fmtNum(y, 8)]]));
  }
  if (rings.length > 0) body.push(el('g', [['class', 'highlights']], rings));

  const lg: string[] = [];
  const ly0 = 12 + titleH + 10;
  for (const { item, x, row } of legend) {
    const lx = ml + x;
    const ly = ly0 + row * 17;
    if (item.ring) lg.push(el('circle', [['cx', lx + 11], ['cy', ly], ['r', 4.5], ['fill', 'none'], ['stroke', item.colour], ['stroke-width', 1.75]]));
    else lg.push(el('line', [['x1', lx], ['x2', lx + 22], ['y1', ly], ['y2', ly], ['stroke', item.colour], ['stroke-width', 2], ['stroke-dasharray', item.dash]]));
    lg.push(text(lx + 26, ly + 4, item.name, [['font-size', FONT], ['fill', '#1f2328']]));
  }
  if (lg.length > 0) body.push(el('g', [['class', 'legend']], lg));

  return svgDoc(W, H, [['class', 'plot'], ['data-plot', spec.plotId]], body);
}
