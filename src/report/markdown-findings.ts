// The findings in Markdown: the first section of verification.md, and (as a table) the README's
// "What the default run finds", both from the same computeFindings().

import type { Verdict } from './schema.ts';
import { intervalText, necessityPivot, type Findings } from './findings.ts';
import { fmtNum, latexNum } from './plots/format.ts';
import { capMatrix, counterexampleLists, flattenInstance, type Piece } from './html/model.ts';
import { formulaTex } from './html/findings.ts';
import { badgeStyle } from './html/verdicts.ts';
import { escapeMarkdown as esc } from './markdown-escape.ts';
import { provedBesideText } from './undecided.ts';
import { alsoHead } from './coverage.ts';
import { DIGITS_NOTE, hasUserClaims, readingLabel, refutedHeadline, REPLAY_WHERE_MD } from './labels.ts';

export const mdVerdict = (v: Verdict | null): string => (v === null ? '❔ no result' : `${badgeStyle(v).symbol} ${v}`);

const readingName = readingLabel;

/** GitHub's heading anchor for a claim heading (### P1.eq5 -> #p1eq5). */
const anchor = (id: string) => `#${id.toLowerCase().replace(/[^\p{L}\p{N}\s_-]/gu, '').replace(/\s/g, '-')}`;

function matrixMd(p: Piece, cap: number): string[] {
  if (p.kind === 'scalar') return [`- \`${p.label}\` = ${fmtNum(p.value, 8)}`];
  if (p.kind === 'text') return [`- \`${p.label}\` = ${esc(p.value)}`];
  const { rows, rowsCut, colsCut } = capMatrix(p.kind === 'matrix' ? p.value : [p.value], cap);
  const body = rows.map((r) => r.map((v) => latexNum(v, 4)).join(' & ') + (colsCut ? ' & \\cdots' : '')).join(' \\\\ ');
  const label = `\\texttt{${p.label.replace(/([_{}#%&$])/g, '\\$1')}}`;
  // the axes as the HTML gives them: mdp.P[s=0] is rows a, columns s'
  return ['```math', `${label} = \\begin{bmatrix} ${body}${rowsCut ? ' \\\\ \\vdots' : ''} \\end{bmatrix}`, '```', ...(p.kind === 'matrix' && p.note ? [`<sub>${esc(p.label)}: ${esc(p.note)}</sub>`, ''] : [])];
}

/** A derivation step's formula in a table cell: TeX as math, a sentence as text (as the HTML sets it). */
function formulaMd(f: string): string {
  const t = formulaTex(f);
  return t === null ? esc(f, true) : `$${t.replace(/\|/g, '\\|')}$`;
}

export function findingsMarkdown(f: Findings, claims: string[] = []): string[] {
  const out: string[] = ['## Findings', ''];
  const n = f.findings.length;
  // a report of the user's claims (verify --claims) says whose claims its findings refute
  if (hasUserClaims(claims)) out.push(`${refutedHeadline(claims, f.findings)}${n > 0 ? `, each with its smallest counterexample and the command that replays it (${REPLAY_WHERE_MD})` : ''}.`, '');
  else out.push(n === 0 ? "No claim is refuted under the paper's own definitions." : `${n} finding${n === 1 ? '' : 's'}: claims refuted under the paper's own definitions, each with its smallest counterexample, a corrected statement and the command that replays it (${REPLAY_WHERE_MD}).`, '');
  for (const x of f.findings) {
    const readings = x.readings.map((r) => `${x.claims.length > 1 ? `${r.claim} ` : ''}${readingName(r.reading)}`).join(', ');
    out.push(`### Finding ${x.n}: ${x.claims.map((c) => `[${c}](${anchor(c)})`).join(', ')} (${esc(x.papers.join(', '))}) — ❌ refuted (${readings})`, '');
    out.push(esc(x.why), '');
    if (x.refutedPremises.length > 0) out.push(`The paper's argument for it uses ${x.refutedPremises.map((c) => `[${c}](${anchor(c)})`).join(', ')}, also refuted.`, '');
    const d = x.smallest.counterexample?.data;
    if (d) {
      const pieces = [...flattenInstance(d.instance), ...(d.construction ? flattenInstance(d.construction) : [])];
      if (pieces.length > 0) out.push('<details><summary>Smallest counterexample</summary>', '', ...pieces.flatMap((p) => matrixMd(p, 6)), '', '</details>', '');
      if (d.derivation && Array.isArray(d.derivation.steps) && d.derivation.steps.length > 0) {
        out.push('| quantity | formula | value | |', '|---|---|---:|---|');
        for (const s of d.derivation.steps.filter((x) => typeof x === 'object' && x !== null))
          out.push(`| $${String(s.latex || s.symbol || '?').replace(/\|/g, '\\|')}$ | ${typeof s.formula === 'string' && s.formula ? formulaMd(s.formula) : ''} | ${esc(String(s.value), true)} | ${s.exact ? 'exact' : '64 digits'} |`);
        if (d.derivation.steps.some((x) => typeof x === 'object' && x !== null && !x.exact)) out.push('', `<sub>${esc(DIGITS_NOTE)}</sub>`);
        out.push('', d.derivation.conclusion ? `**${esc(String(d.derivation.conclusion))}**` : '', '');
      }
      for (const [title, items] of counterexampleLists(d)) out.push(`**${esc(title)}** ${esc(items.join('; '))}`, '');
    }
    // a refuted reading the shown counterexample does not fail in: the counterexample that does
    for (const o of x.alsoRefutedBy) out.push(`**Refuted in the ${esc(alsoHead(o, x.claims))}** by ${o.file ? `\`${o.file}\`` : 'a check without a file'}: ${esc(o.why)}`, '');
    for (const r of x.repairs) out.push(`- Corrected: ${esc(r.statement)} — ${r.verdicts.map((v) => `${mdVerdict(v.verdict)} (${readingName(v.reading)})`).join(', ')}`);
    if (x.repairs.length > 0) out.push('');
    const replays = [x.replay, ...x.alsoRefutedBy.map((o) => o.replay)].filter((c): c is string => c !== null);
    if (replays.length > 0) out.push('```sh', ...replays, '```', '');
  }
  if (f.interpretationOnly.length > 0) {
    out.push('### Failures only under another interpretation', '', "Not counted above: these checks read the text other than by the paper's own definitions.", '', "| claim | interpretation | why | paper's definitions |", '|---|---|---|---|');
    for (const x of f.interpretationOnly) out.push(`| [${x.claim}](${anchor(x.claim)}) ${x.reading} | ${esc(x.interpretation, true)} | ${esc(x.why, true)} | ${mdVerdict(x.paperVerdict)} |`);
    out.push('');
  }
  if (f.open.length > 0) out.push('### Undecided', '', ...f.open.map((o) => { const both = provedBesideText(o); return `- [${o.claim}](${anchor(o.claim)}) ${mdVerdict(o.verdict)}${both ? ` (${esc(both)})` : ''}: ${esc(o.why)}`; }), '');
  if (f.holding.length > 0) {
    out.push('### What holds and what is proved', '', '| claim | verdict | checks |', '|---|---|---|');
    for (const h of f.holding) out.push(`| [${h.claim}](${anchor(h.claim)}) ${esc(h.paper, true)} | ${mdVerdict(h.verdict)} | ${esc(h.methods.join('; '), true)} |`);
    out.push('');
  }
  out.push(...section7Markdown(f));
  return out;
}

export function section7Markdown(f: Findings): string[] {
  const out: string[] = [];
  if (f.section7.length === 0 && f.necessity.length === 0) return out;
  out.push('## §7: minimisers, gaps, necessity', '');
  if (f.section7.length > 0) {
    out.push('| claim | verdict | interval | why |', '|---|---|---|---|');
    for (const r of f.section7) {
      const iv = r.intervals.map(intervalText).join('; ');
      out.push(`| [${r.claim}](${anchor(r.claim)}) | ${r.verdicts.map((v) => `${mdVerdict(v.verdict)} (${readingName(v.reading)})`).join(', ')} | ${esc(iv || '—', true)} | ${esc(r.why, true)} |`);
      for (const rep of r.repairs) out.push(`| ↳ repair: ${esc(rep.statement, true)} | ${rep.verdicts.map((v) => `${mdVerdict(v.verdict)} (${readingName(v.reading)})`).join(', ')} | ${esc(rep.intervals.map(intervalText).join('; ') || '—', true)} | |`);
    }
    out.push('');
  }
  if (f.necessity.length > 0) {
    out.push("| claim | hypothesis dropped | paper's construction | any construction |", '|---|---|---|---|');
    const nv = (r?: { verdict: string; cases: number; counterexample?: string }) => (r ? `${r.verdict} (${fmtNum(r.cases)})${r.counterexample ? ` \`${r.counterexample.split(/[\\/]/).pop()}\`` : ''}` : '—');
    for (const n of necessityPivot(f.necessity)) out.push(`| ${n.claim} | ${esc(n.hypothesis, true)} | ${nv(n.paper)} | ${nv(n.free)} |`);
    out.push('');
  }
  return out;
}
