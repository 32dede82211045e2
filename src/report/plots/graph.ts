// The claim dependency graph as a layered DAG: longest-path layering, dummy nodes on long
// edges, barycentre ordering to reduce crossings, then a few relaxation passes for x.

import type { ClaimEntry, Verdict } from '../schema.ts';
import { badgeStyle, claimReadings, claimVerdict, readingVerdict, VERDICTS } from '../html/verdicts.ts';
import { el, escapeXml, n, svgDoc, text, textWidth } from './svg.ts';

interface LNode {
  key: string;
  claim: ClaimEntry | null; // null for a dummy on a long edge
  layer: number;
  width: number;
  x: number;
  order: number;
}

export interface GraphLayout {
  nodes: LNode[];
  layers: LNode[][];
  /** Each edge as the chain of node keys it passes through (parent, dummies..., child). */
  edges: Array<{ from: string; to: string; chain: string[] }>;
}

const NODE_H = 40;
const ROW_H = 78;
const GAP = 18;
const DUMMY_W = 8;

/** Longest-path layer of each claim; parents not in the report are ignored, cycles broken. */
export function layerClaims(claims: ClaimEntry[]): Map<string, number> {
  const byId = new Map(claims.map((c) => [c.id, c]));
  const layer = new Map<string, number>();
  const onStack = new Set<string>();
  const visit = (id: string): number => {
    const known = layer.get(id);
    if (known !== undefined) return known;
    if (onStack.has(id)) return -1;
    onStack.add(id);
    let l = 0;
    for (const p of byId.get(id)?.uses ?? []) if (byId.has(p)) l = Math.max(l, visit(p) + 1);
    onStack.delete(id);
    layer.set(id, l);
    return l;
  };
  for (const c of claims) visit(c.id);
  return layer;
}

function crossings(layers: LNode[][], adjDown: Map<string, string[]>, pos: Map<string, number>): number {
  let total = 0;
  for (let l = 0; l + 1 < layers.length; l++) {
    const segs: Array<[number, number]> = [];
    for (const a of layers[l]) for (const b of adjDown.get(a.key) ?? []) segs.push([pos.get(a.key)!, pos.get(b)!]);
    for (let i = 0; i < segs.length; i++)
      for (let j = i + 1; j < segs.length; j++) if ((segs[i][0] - segs[j][0]) * (segs[i][1] - segs[j][1]) < 0) total++;
  }
  return total;
}

export function layoutGraph(claims: ClaimEntry[]): GraphLayout {
  const layerOf = layerClaims(claims);
  const ids = new Set(claims.map((c) => c.id));
  const nodes: LNode[] = claims.map((c) => ({
    key: c.id,
    claim: c,
    layer: layerOf.get(c.id) ?? 0,
    width: Math.max(112, Math.ceil(textWidth(c.id, 12) + 28), Math.ceil(chipsOf(c).total + 16)),
    x: 0,
    order: 0,
  }));
  const byKey = new Map(nodes.map((v) => [v.key, v]));
  const edges: GraphLayout['edges'] = [];
  const adjDown = new Map<string, string[]>();
  const adjUp = new Map<string, string[]>();
  const link = (a: string, b: string) => {
    adjDown.set(a, [...(adjDown.get(a) ?? []), b]);
    adjUp.set(b, [...(adjUp.get(b) ?? []), a]);
  };
  for (const c of claims)
    for (const p of c.uses) {
      if (!ids.has(p) || p === c.id) continue;
      const lp = byKey.get(p)!.layer;
      const lc = byKey.get(c.id)!.layer;
      if (lp >= lc) continue; // a cycle edge; the layering already broke it
      const chain = [p];
      for (let l = lp + 1; l < lc; l++) {
        const key = `${p}->${c.id}#${l}`;
        const d: LNode = { key, claim: null, layer: l, width: DUMMY_W, x: 0, order: 0 };
        nodes.push(d);
        byKey.set(key, d);
        chain.push(key);
      }
      chain.push(c.id);
      for (let i = 0; i + 1 < chain.length; i++) link(chain[i], chain[i + 1]);
      edges.push({ from: p, to: c.id, chain });
    }

  const depth = Math.max(0, ...nodes.map((v) => v.layer)) + 1;
  let layers: LNode[][] = Array.from({ length: depth }, () => []);
  for (const v of nodes) layers[v.layer].push(v);

  const posOf = (ls: LNode[][]) => {
    const m = new Map<string, number>();
    for (const layer of ls) layer.forEach((v, i) => m.set(v.key, i));
    return m;
  };
  let best = layers.map((l) => [...l]);
  let bestCross = crossings(best, adjDown, posOf(best));
  for (let it = 0; it < 24 && bestCross > 0; it++) {
    const down = it % 2 === 0;
    const pos = posOf(layers);
    const range = down ? [...Array(depth).keys()].slice(1) : [...Array(depth).keys()].reverse().slice(1);
    for (const l of range) {
      const nb = down ? adjUp : adjDown;
      const bary = new Map<string, number>();
      for (const v of layers[l]) {
        const ps = (nb.get(v.key) ?? []).map((k) => pos.get(k)!);
        bary.set(v.key, ps.length === 0 ? pos.get(v.key)! : ps.reduce((a, b) => a + b, 0) / ps.length);
      }
      // stable: ties keep the current order, so the result depends only on the input order
      layers[l] = layers[l]
        .map((v, i) => ({ v, i }))
        .sort((a, b) => bary.get(a.v.key)! - bary.get(b.v.key)! || a.i - b.i)
        .map((e) => e.v);
      layers[l].forEach((v, i) => pos.set(v.key, i));
    }
    const c = crossings(layers, adjDown, pos);
    if (c < bestCross) {
      bestCross = c;
      best = layers.map((x) => [...x]);
    }
  }
  layers = best;
  layers.forEach((layer) => layer.forEach((v, i) => (v.order = i)));

  // x: start packed and centred, then pull each node toward the mean of its neighbours while
  // keeping the order and minimum gaps.
  const widthOf = (layer: LNode[]) => layer.reduce((a, v) => a + v.width, 0) + GAP * Math.max(0, layer.length - 1);
  const maxW = Math.max(...layers.map(widthOf));
  for (const layer of layers) {
    let x = (maxW - widthOf(layer)) / 2;
    for (const v of layer) {
      v.x = x + v.width / 2;
      x += v.width + GAP;
    }
  }
  const place = (layer: LNode[], want: number[]) => {
    const xs = [...want];
    for (let i = 1; i < layer.length; i++) xs[i] = Math.max(xs[i], xs[i - 1] + (layer[i - 1].width + layer[i].width) / 2 + GAP);
    for (let i = layer.length - 2; i >= 0; i--) xs[i] = Math.min(xs[i], xs[i + 1] - (layer[i].width + layer[i + 1].width) / 2 - GAP);
    // the backward pass may have pushed the left end too far; shift to restore gaps from the start
    for (let i = 1; i < layer.length; i++) xs[i] = Math.max(xs[i], xs[i - 1] + (layer[i - 1].width + layer[i].width) / 2 + GAP);
    layer.forEach((v, i) => (v.x = xs[i]));
  };
  for (let it = 0; it < 8; it++) {
    const order = it % 2 === 0 ? layers : [...layers].reverse();
    for (const layer of order) {
      const want = layer.map((v) => {
        const nb = [...(adjUp.get(v.key) ?? []), ...(adjDown.get(v.key) ?? [])].map((k) => byKey.get(k)!.x);
        return nb.length === 0 ? v.x : (v.x + nb.reduce((a, b) => a + b, 0)) / (nb.length + 1);
      });
      place(layer, want);
    }
  }
  const minX = Math.min(...nodes.map((v) => v.x - v.width / 2));
  for (const v of nodes) v.x = Math.round((v.x - minX) * 100) / 100;
  return { nodes, layers, edges };
}

const SHORT: Record<string, string> = { 'on-policy': 'on-policy', 'fixed-data': 'fixed-data', any: 'any reading' };

/** A node's chips: one per reading with that reading's verdict, and their widths (the box is sized to hold them). */
function chipsOf(c: ClaimEntry): { chips: Array<{ label: string; verdict: Verdict | null }>; widths: number[]; total: number } {
  const chips = claimReadings(c).map((rd) => ({ label: SHORT[rd] ?? rd, verdict: readingVerdict(c, rd) }));
  const widths = chips.map((ch) => textWidth(ch.label, 9) + 10);
  return { chips, widths, total: widths.reduce((a, b) => a + b, 0) + 3 * Math.max(0, chips.length - 1) };
}

export interface GraphOptions {
  /** Wrap each node in a link to `${linkPrefix}${id}`. */
  linkPrefix?: string;
}

export function renderGraph(claims: ClaimEntry[], opts: GraphOptions = {}): string {
  const { nodes, layers, edges } = layoutGraph(claims);
  const pad = 16;
  const legendH = 50;
  const byKey = new Map(nodes.map((v) => [v.key, v]));
  const width = Math.max(520, Math.max(...nodes.map((v) => v.x + v.width / 2), 0) + 2 * pad);
  const height = layers.length * ROW_H - (ROW_H - NODE_H) + 2 * pad + legendH;
  const cx = (v: LNode) => pad + v.x;
  const top = (v: LNode) => pad + v.layer * ROW_H;
  const body: string[] = [el('rect', [['x', 0], ['y', 0], ['width', width], ['height', height], ['fill', '#ffffff']])];

  const edgeEls: string[] = [];
  for (const e of edges) {
    const pts: Array<[number, number]> = [];
    e.chain.forEach((k, i) => {
      const v = byKey.get(k)!;
      if (v.claim === null) {
        pts.push([cx(v), top(v)]);
        pts.push([cx(v), top(v) + NODE_H]);
      } else pts.push([cx(v), i === 0 ? top(v) + NODE_H : top(v)]);
    });
    let d = `M${n(pts[0][0])},${n(pts[0][1])}`;
    for (let i = 1; i < pts.length; i++) {
      const [x0, y0] = pts[i - 1];
      const [x1, y1] = pts[i];
      if (x0 === x1) d += `L${n(x1)},${n(y1)}`;
      else {
        const dy = (y1 - y0) / 2;
        d += `C${n(x0)},${n(y0 + dy)} ${n(x1)},${n(y1 - dy)} ${n(x1)},${n(y1)}`;
      }
    }
    const [ex, ey] = pts[pts.length - 1];
    edgeEls.push(
      el('g', [['class', 'edge'], ['data-from', e.from], ['data-to', e.to]], [
        el('path', [['d', d], ['fill', 'none'], ['stroke', '#8c959f'], ['stroke-width', 1.3]]),
        el('path', [['d', `M${n(ex)},${n(ey)}L${n(ex - 4)},${n(ey - 7)}L${n(ex + 4)},${n(ey - 7)}Z`], ['fill', '#8c959f']]),
      ]),
    );
  }
  body.push(el('g', [['class', 'edges']], edgeEls));

  const nodeEls: string[] = [];
  for (const v of nodes) {
    if (v.claim === null) continue;
    const c = v.claim;
    const combined = claimVerdict(c);
    const st = badgeStyle(combined ?? 'none');
    const x0 = cx(v) - v.width / 2;
    const y0 = top(v);
    const tip = `${c.id} (${c.paper}): ${c.results.map((r) => `${r.reading} ${r.verdict}`).join(', ') || 'no results'}`;
    const parts: string[] = [
      el('title', [], escapeXml(tip)),
      el('rect', [['x', x0], ['y', y0], ['width', v.width], ['height', NODE_H], ['rx', 7], ['fill', st.bg], ['stroke', '#1f2328'], ['stroke-opacity', 0.25]]),
      text(cx(v), y0 + 16, c.id, [['text-anchor', 'middle'], ['font-size', 12], ['font-weight', '600'], ['fill', st.fg]]),
    ];
    // one chip per reading, so a split verdict stays visible under the combined colour
    const { chips, widths: chipW, total } = chipsOf(c);
    let chipX = cx(v) - total / 2;
    chips.forEach((ch, i) => {
      const cs = badgeStyle(ch.verdict ?? 'none');
      parts.push(el('rect', [['x', chipX], ['y', y0 + 22], ['width', chipW[i]], ['height', 13], ['rx', 3], ['fill', cs.bg], ['stroke', '#ffffff'], ['stroke-width', 1]]));
      parts.push(text(chipX + chipW[i] / 2, y0 + 31.5, ch.label, [['text-anchor', 'middle'], ['font-size', 9], ['fill', cs.fg]]));
      chipX += chipW[i] + 3;
    });
    const g = el('g', [['class', 'node'], ['data-claim', c.id], ['data-verdict', combined ?? 'none']], parts);
    nodeEls.push(opts.linkPrefix !== undefined ? el('a', [['href', `${opts.linkPrefix}${c.id}`]], g) : g);
  }
  body.push(el('g', [['class', 'nodes']], nodeEls));

  const lg: string[] = [];
  let lx = pad;
  const ly = height - pad - 24;
  for (const v of VERDICTS as Verdict[]) {
    const st = badgeStyle(v);
    lg.push(el('rect', [['x', lx], ['y', ly - 9], ['width', 14], ['height', 12], ['rx', 3], ['fill', st.bg]]));
    lg.push(text(lx + 19, ly + 1, v, [['font-size', 11], ['fill', '#1f2328']]));
    lx += 19 + textWidth(v, 11) + 16;
  }
  lg.push(text(pad, ly + 17, 'node colour: worst verdict over its readings; chips: each reading; arrows: from a claim to the claims that use it', [['font-size', 10], ['fill', '#57606a']]));
  body.push(el('g', [['class', 'graph-legend']], lg));
  return svgDoc(width, height, [['class', 'depgraph']], body);
}
