// verification.md: the same report for GitHub's renderer: math as $…$ / ```math, the graph as
// a ```mermaid block, plots linked as the SVG files under plots/.

import type { ClaimEntry, ClaimResult, Margins, Verdict } from './schema.ts';
import { fmtNum, fmtSeconds, latexNum } from './plots/format.ts';
import { metricLabel } from './plots/training.ts';
import { splitMath } from './html/math.ts';
import { capMatrix, flattenInstance, replayCommand, type LoadedCounterexample, type Piece, type PreparedClaim, type PreparedReport, type PreparedResult } from './html/model.ts';
import { AGGREGATION_RULE, deciding, badgeStyle, claimReadings, readingVerdict, VERDICTS } from './html/verdicts.ts';
import { computeFindings } from './findings.ts';
import { budgetText } from './budget.ts';
import { findingsMarkdown } from './markdown-findings.ts';
import { escapeMarkdown } from './markdown-escape.ts';
import { casesText, readingLabel, REPLAY_WHERE_MD, trainedNote } from './labels.ts';


/** Markdown-escape the text runs, keep `$…$` math runs verbatim; `inTable` also guards pipes. */
export function mdText(s: string, inTable = false): string {
  return splitMath(s)
    .map((p) => {
      if (p.math) return `$${inTable ? p.text.replace(/\|/g, '\\|') : p.text}$`;
      const t = escapeMarkdown(p.text);
      return inTable ? t.replace(/\|/g, '\\|').replace(/\n/g, ' ') : t;
    })
    .join('');
}

export function mdBadge(v: Verdict | null): string {
  return v === null ? '❔ no result' : `${badgeStyle(v).symbol} ${v}`;
}

/** GitHub's heading anchor: lower case, punctuation other than - and _ dropped, spaces to -. */
export function githubSlug(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-');
}

function claimLink(id: string): string {
  return `[${id}](#${githubSlug(id)})`;
}

export function mermaidGraph(claims: ClaimEntry[]): string {
  const idOf = new Map<string, string>();
  const used = new Set<string>();
  for (const c of claims) {
    // mermaid ids cannot hold dots, and words like "end" are reserved: prefix and sanitise
    let m = `c_${c.id.replace(/[^A-Za-z0-9]/g, '_')}`;
    for (let i = 2; used.has(m); i++) m = `c_${c.id.replace(/[^A-Za-z0-9]/g, '_')}_${i}`;
    used.add(m);
    idOf.set(c.id, m);
  }
  const worst = (c: ClaimEntry): Verdict | 'none' => {
    const order: Verdict[] = ['proved', 'holds', 'inconclusive', 'error', 'refuted'];
    let w = -1;
    // an inconclusive trained check decides nothing beside other checks (verdicts.ts abstains)
    const rs = deciding(c.results);
    for (const r of rs) w = Math.max(w, order.indexOf(r.verdict));
    return w < 0 ? 'none' : order[w];
  };
  const lines = ['```mermaid', 'flowchart TD'];
  for (const c of claims) {
    const readings = c.results.map((r) => `${readingLabel(r.reading)}: ${r.verdict}`).join('<br/>');
    const label = `<b>${c.id}</b>${readings ? `<br/>${readings}` : ''}`.replace(/"/g, '#quot;');
    lines.push(`  ${idOf.get(c.id)}["${label}"]:::${worst(c)}`);
  }
  for (const c of claims) for (const p of c.uses) if (idOf.has(p)) lines.push(`  ${idOf.get(p)} --> ${idOf.get(c.id)}`);
  for (const v of [...VERDICTS, 'none']) {
    const s = badgeStyle(v);
    lines.push(`  classDef ${v} fill:${s.bg},color:${s.fg},stroke:#1f2328`);
  }
  lines.push('```');
  return lines.join('\n');
}

function texttt(s: string): string {
  return `\\texttt{${s.replace(/([_{}#%&$])/g, '\\$1')}}`;
}

function matrixTex(rows: Array<Array<number | null>>, rowsCut: boolean, colsCut: boolean): string {
  const body = rows.map((r) => r.map((v) => latexNum(v, 6)).join(' & ') + (colsCut ? ' & \\cdots' : '')).join(' \\\\ ');
  return `\\begin{bmatrix} ${body}${rowsCut ? ' \\\\ \\vdots' : ''} \\end{bmatrix}`;
}

function piecesMd(pieces: Piece[]): string[] {
  const out: string[] = [];
  const scalars = pieces.filter((p) => p.kind === 'scalar' || p.kind === 'text');
  if (scalars.length > 0) {
    out.push('| field | value |', '|---|---:|');
    for (const p of scalars) out.push(`| \`${p.label}\` | ${p.kind === 'scalar' ? fmtNum(p.value, 10) : mdText(String(p.value), true)} |`);
    out.push('');
  }
  for (const p of pieces) {
    if (p.kind !== 'matrix' && p.kind !== 'vector') continue;
    // cut as in the HTML's check sections; the file has every entry
    const { rows, rowsCut, colsCut } = capMatrix(p.kind === 'matrix' ? p.value : [p.value], 6);
    out.push('```math', `${texttt(p.label)} = ${matrixTex(rows, rowsCut, colsCut)}`, '```');
    if (p.kind === 'matrix' && p.note) out.push(`<sub>${mdText(p.note)}</sub>`);
    out.push('');
  }
  return out;
}

function marginsMd(m: Margins): string[] {
  const digits = typeof m.digits === 'number' && Number.isFinite(m.digits) ? `${m.digits} digits` : 'high precision';
  return [`| margin (positive = violated) | float64 | ${digits} |`, '|---|---:|---:|', `| amount by which the statement fails | ${fmtNum(m.float64, 8)} | ${fmtNum(m.highPrecision, 12)} |`, ''];
}

function counterexampleMd(r: ClaimResult, ce: LoadedCounterexample | null): string[] {
  const out: string[] = ['**Counterexample**' + (ce ? `: \`${ce.path}\`` : ''), ''];
  if (ce?.data?.message) out.push(`> ${mdText(ce.data.message.replace(/\bat Infinity digits\b/g, 'exactly'))}`, '');
  if (r.margins) out.push(...marginsMd(r.margins));
  const cmd = replayCommand(r);
  if (cmd) out.push(`Replay (${REPLAY_WHERE_MD}):`, '', '```sh', cmd, '```', '');
  if (ce && !ce.data) out.push(`_Could not read the counterexample file: ${mdText(ce.error ?? 'unknown error')}_`, '');
  if (ce?.data) {
    const d = ce.data;
    out.push(`Replay seed ${d.replay?.seed ?? '?'}, path \`${d.replay?.path ?? '?'}\`.`, '');
    const inst = flattenInstance(d.instance);
    if (inst.length > 0) out.push(`<details><summary>Instance (matrices cut at 6×6; every entry in <code>${ce!.path}</code>)</summary>`, '', ...piecesMd(inst), '</details>', '');
    const cons = d.construction ? flattenInstance(d.construction) : [];
    if (cons.length > 0) out.push('Construction:', '', ...piecesMd(cons));
    // measured beside predicted/bound, one pair per row
    const m = Object.entries(d.measured ?? {});
    const p = Object.entries(d.predicted ?? {});
    if (m.length + p.length > 0) {
      out.push('| measured | value | predicted / bound | value |', '|---|---:|---|---:|');
      const cell = (e: [string, number | null] | undefined) => (e ? `\`${e[0]}\` | ${fmtNum(e[1], 8)}` : ' | ');
      for (let i = 0; i < Math.max(m.length, p.length); i++) out.push(`| ${cell(m[i])} | ${cell(p[i])} |`);
      out.push('');
    }
  }
  return out;
}

function resultMd(pr: PreparedResult, n: number): string[] {
  const r = pr.result;
  const facts = [readingLabel(r.reading), r.method, casesText(r)];
  if (r.construction) facts.push(`${r.construction === 'paper' ? "paper's" : r.construction} construction`);
  if (r.scope) facts.push(r.scope);
  if (r.paperDefinition === false) facts.push('other interpretation');
  if (r.seconds !== undefined) facts.push(fmtSeconds(r.seconds));
  const out: string[] = [`<details><summary>Check ${n}: ${mdBadge(r.verdict)} · ${facts.join(' · ').replace(/</g, '&lt;')}</summary>`, ''];
  const note = trainedNote(r);
  if (note) out.push(`*${mdText(note)}*`, '');
  if (r.interpretation) out.push(`*Interpretation:* ${mdText(r.interpretation)}`, '');
  if (r.detail) out.push(mdText(r.detail.replace(/\bat Infinity digits\b/g, 'exactly')), '');
  if (r.corners.length > 0) {
    const counts = r.cornerCounts ?? {};
    const names = [...r.corners, ...Object.keys(counts).filter((k) => !r.corners.includes(k))];
    out.push(`Corners reached: ${names.map((c) => `${mdText(c)}${counts[c] !== undefined ? ` (×${fmtNum(counts[c])})` : ''}`).join('; ')}`, '');
  }
  if (r.margins && r.verdict !== 'refuted') out.push(...marginsMd(r.margins));
  for (const [i, s] of (r.smt ?? []).entries()) {
    const head = `SMT query${(r.smt ?? []).length > 1 ? ` ${i + 1}` : ''}: ${s.status} in ${fmtSeconds(s.seconds) || '?'}${s.scope ? ` — ${s.scope}` : ''}`;
    out.push(`<details><summary>${head.replace(/</g, '&lt;')}</summary>`, '', '```smt2', s.query, '```', '', '</details>', '');
  }
  for (const p of pr.plots) out.push(`![${p.title.replace(/[[\]]/g, '')}](${p.file})`, '');
  if (r.verdict === 'refuted' || pr.counterexample) out.push(...counterexampleMd(r, pr.counterexample));
  out.push('</details>', '');
  return out;
}

function claimMd(pc: PreparedClaim): string[] {
  const c = pc.claim;
  const out: string[] = [`### ${c.id}`, ''];
  out.push(`**Verdict:** ${claimReadings(c).map((rd) => `${mdBadge(readingVerdict(c, rd))} (${readingLabel(rd)})`).join(', ') || mdBadge(null)} · **Paper:** ${mdText(c.paper)} · **Uses:** ${c.uses.length ? c.uses.map(claimLink).join(', ') : '—'} · **Used by:** ${pc.usedBy.length ? pc.usedBy.map(claimLink).join(', ') : '—'}`, '');
  if (c.latex) out.push('```math', c.latex, '```', '', `<sub>${mdText(c.statement)}</sub>`, '');
  else out.push(`> ${mdText(c.statement)}`, '');
  if (c.hypotheses?.length) out.push('Hypotheses checked:', '', ...c.hypotheses.map((h) => `- ${mdText(h)}`), '');
  pc.results.forEach((pr, i) => out.push(...resultMd(pr, i + 1)));
  if (pc.repairs.length > 0) {
    out.push('#### Repairs', '');
    pc.repairs.forEach((rep, i) => {
      out.push(`**Repair ${i + 1}.** ${mdText(rep.repair.statement)}`, '');
      rep.results.forEach((pr, i) => out.push(...resultMd(pr, i + 1)));
    });
  }
  return out;
}

export function renderMarkdown(pr: PreparedReport): string {
  const rep = pr.report;
  const out: string[] = ['# jepa-verify: verification report', ''];
  out.push(
    [
      `${rep.tool.name} ${rep.tool.version}`,
      `seed ${rep.seed}`,
      budgetText(rep),
      `${pr.claims.length} claims`,
      rep.seconds !== undefined ? `total ${fmtSeconds(rep.seconds)}` : '',
      rep.generatedAt ? `generated ${rep.generatedAt}` : '',
    ]
      .filter((s) => s !== '')
      .join(' · '),
    '',
  );
  const count = new Map<string, number>();
  for (const pc of pr.claims) count.set(pc.verdict ?? 'none', (count.get(pc.verdict ?? 'none') ?? 0) + 1);
  out.push([...VERDICTS, 'none' as const].filter((v) => count.has(v)).map((v) => `${mdBadge(v === 'none' ? null : v)}: ${count.get(v)}`).join(' · '), '');

  out.push('Assumption variants ("what if?"): [variants/index.md](variants/index.md), written by `jepa-verify variant --all`.', '');
  out.push(...findingsMarkdown(computeFindings(pr), pr.claims.map((pc) => pc.claim.id)));
  out.push('## All claims', '');
  out.push('| Claim | Paper | Statement | Verdict | Other interpretations | Checks | Repairs |');
  out.push('|---|---|---|---|---|---:|---|');
  for (const pc of pr.claims) {
    const c = pc.claim;
    const verdicts = claimReadings(c).map((rd) => `${mdBadge(readingVerdict(c, rd))} (${readingLabel(rd)})`).join('<br>') || mdBadge(null);
    const other = c.results.filter((r) => r.paperDefinition === false).map((r) => mdBadge(r.verdict)).join(' ') || '—';
    const reps = c.repairs.length === 0 ? '—' : c.repairs.map((rp) => rp.results.map((r) => mdBadge(r.verdict)).join(' ')).join('; ');
    out.push(`| ${claimLink(c.id)} | ${mdText(c.paper, true)} | ${mdText(c.statement, true)} | ${verdicts} | ${other} | ${c.results.length} | ${reps} |`);
  }
  out.push('', `<sub>${mdText(AGGREGATION_RULE)}</sub>`, '');

  out.push('## Dependency graph', '', mermaidGraph(rep.claims), '', `Also as SVG: [${pr.graph.file}](${pr.graph.file})`, '');

  if (rep.objects || rep.rules) {
    out.push("## The tool's reading of the paper", '');
    if (rep.objects) out.push('Objects (§3, §4.1):', '', ...rep.objects.map((o) => `- ${mdText(o)}`), '');
    if (rep.rules) out.push('How verdicts are reached:', '', ...rep.rules.map((o) => `- ${mdText(o)}`), '');
  }

  out.push('## Claims', '');
  for (const pc of pr.claims) out.push(...claimMd(pc));

  if (pr.training) {
    const t = pr.training;
    out.push('## Trainer curves', '', 'From `training.json`. Solid lines: RL gradient reaches the encoder; dashed: it does not.', '');
    for (const env of [...new Set(t.plots.map((p) => p.env))]) {
      out.push(`### ${env}`, '');
      for (const p of t.plots.filter((q) => q.env === env)) out.push(`![${p.title}](${p.file})`, '');
      const ms = t.data.metrics;
      out.push(`| run group (final, mean over seeds) | seeds | ${ms.map((m) => `${m}`).join(' | ')} |`, `|---|---:|${ms.map(() => '---:|').join('')}`);
      for (const r of t.table.filter((x) => x.env === env)) out.push(`| ${mdText(r.group, true)} | ${r.seeds} | ${ms.map((m) => (r.stats[m] ? fmtNum(r.stats[m]![0], 4) : '—')).join(' | ')} |`);
      out.push('', `<sub>${ms.map((m) => `${m}: ${metricLabel(m)}`).join('; ')}</sub>`, '');
    }
  }
  return out.join('\n').trimEnd() + '\n';
}
