// HTML pieces shared by the findings page and the claim sections: badges, small matrices,
// measured-against-bound tables, margins.

import type { Margins, Verdict } from '../schema.ts';
import { fmtNum } from '../plots/format.ts';
import { escapeHtml as esc } from './math.ts';
import { capMatrix, type Piece } from './model.ts';
import { readingLabel } from '../labels.ts';

export interface BadgeRef {
  claim: string;
  /** index into claim.results (or repair.results) */
  index?: number;
  repair?: number;
  combined?: boolean;
  reading?: string;
}

export function badge(v: Verdict | null, ref?: BadgeRef, extraClass = ''): string {
  const name = v ?? 'none';
  const data = ref
    ? ` data-claim="${esc(ref.claim)}"` +
      (ref.index !== undefined ? ` data-index="${ref.index}"` : '') +
      (ref.repair !== undefined ? ` data-repair="${ref.repair}"` : '') +
      (ref.reading !== undefined ? ` data-reading="${esc(ref.reading)}"` : '') +
      (ref.combined ? ' data-combined="true"' : '')
    : '';
  return `<span class="badge v-${esc(name)}${extraClass ? ` ${extraClass}` : ''}"${data}>${esc(name === 'none' ? 'no result' : name)}</span>`;
}

/** "refuted" with its reading underneath, for one verdict of one reading. */
export function readingBadge(v: Verdict | null, claim: string, reading: string, nameClaim = false, repair?: number): string {
  const label = (nameClaim ? `${claim} ` : '') + readingLabel(reading);
  return `<span class="rv">${badge(v, { claim, reading, combined: true, repair })}<span class="rl">${esc(label)}</span></span>`;
}

/**
 * A matrix as a bracketed HTML table: a counterexample holds hundreds of entries, and KaTeX
 * markup for each (about 1 kB) would make up most of the page.
 */
export function matrixHtml(rows: Array<Array<number | null>>, rowsCut: boolean, colsCut: boolean): string {
  const cell = (v: number | null) => `<td>${esc(fmtNum(v, 4).replace(/^-/, '−'))}</td>`;
  const body = rows.map((r) => `<tr>${r.map(cell).join('')}${colsCut ? '<td>⋯</td>' : ''}</tr>`).join('');
  return `<table class="mx">${body}${rowsCut ? `<tr><td>⋮</td></tr>` : ''}</table>`;
}

export function pieceHtml(p: Piece, cap?: number): string {
  const lbl = `<div class="lbl">${esc(p.label)}${p.kind === 'matrix' && p.note ? ` <span>(${esc(p.note)})</span>` : ''}</div>`;
  switch (p.kind) {
    case 'matrix': {
      const { rows, rowsCut, colsCut } = capMatrix(p.value, cap);
      return `<div class="mat">${lbl}${matrixHtml(rows, rowsCut, colsCut)}</div>`;
    }
    case 'vector': {
      const { rows, colsCut } = capMatrix([p.value], cap);
      return `<div class="mat">${lbl}${matrixHtml(rows, false, colsCut)}</div>`;
    }
    case 'scalar':
      return `<div class="mat">${lbl}<span class="sc">${esc(fmtNum(p.value, 8))}</span></div>`;
    case 'text':
      return `<div class="mat">${lbl}<code>${esc(p.value)}</code></div>`;
  }
}

/**
 * Measured quantities beside the predicted ones (the bound, the paper's constant), one pair per
 * row: a quantity and the value it is held against read across, not down two lists.
 */
export function sideBySide(measured: Record<string, number | null>, predicted: Record<string, number | null>): string {
  const m = Object.entries(measured ?? {});
  const p = Object.entries(predicted ?? {});
  const n = Math.max(m.length, p.length);
  if (n === 0) return '';
  const cell = (e: [string, number | null] | undefined) => (e ? `<td><code>${esc(e[0])}</code></td><td class="num">${esc(fmtNum(e[1], 8))}</td>` : '<td></td><td></td>');
  const rows = Array.from({ length: n }, (_, i) => `<tr>${cell(m[i])}${cell(p[i])}</tr>`).join('');
  return `<table class="kv sbs"><tr><th>measured</th><th class="num">value</th><th>predicted / bound</th><th class="num">value</th></tr>${rows}</table>`;
}

export function marginsRow(m: Margins): string {
  const digits = typeof m.digits === 'number' && Number.isFinite(m.digits) ? `${m.digits} digits` : 'high precision';
  return `<table class="kv margins"><tr><th>margin (positive = violated)</th><th class="num">float64</th><th class="num">${esc(digits)}</th></tr><tr><td>amount by which the statement fails</td><td class="num">${esc(fmtNum(m.float64, 8))}</td><td class="num">${esc(fmtNum(m.highPrecision, 12))}</td></tr></table>`;
}

/** A long path or command that wraps at its slashes instead of widening the page. */
export function wrapCode(s: string): string {
  return `<code class="wrap">${esc(s).replace(/([/\\])/g, '$1<wbr>')}</code>`;
}
