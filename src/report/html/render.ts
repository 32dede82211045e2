// verification.html: one self-contained file (inline CSS, fonts, SVG; math pre-rendered), so it
// opens offline from file:// and can be mailed or archived as is. The findings come first; every
// check's detail is one click away in a collapsed <details>.

import type { ClaimResult, SmtRecord } from '../schema.ts';
import { fmtNum, fmtSeconds } from '../plots/format.ts';
import { metricLabel } from '../plots/training.ts';
import { computeFindings } from '../findings.ts';
import { budgetText } from '../budget.ts';
import { badge, marginsRow, pieceHtml, readingBadge, sideBySide, wrapCode, type BadgeRef } from './blocks.ts';
import { findingsSection } from './findings.ts';
import { escapeHtml as esc, katexCss, richText, tex } from './math.ts';
import { flattenInstance, replayCommand, type LoadedCounterexample, type PreparedClaim, type PreparedPlot, type PreparedReport, type PreparedResult } from './model.ts';
import { badgeCss, CSS } from './style.ts';
import { inlineSvg, PACK_CLOSE as PACK_CLOSE_, PACK_OPEN as PACK_OPEN_, packable, packMarked, UNPACK_SCRIPT } from './pack.ts';
import { casesText, readingLabel, REPLAY_WHERE, trainedNote } from '../labels.ts';
import { AGGREGATION_RULE, claimReadings, readingVerdict, VERDICTS } from './verdicts.ts';

export { badge } from './blocks.ts';

/** Plots already drawn in this document: a repeat links to the first instead of inlining it again. */
type Drawn = Set<string>;

/** Counterexample file -> the finding that prints it in full (set per render). */
let shownInFinding = new Map<string, number>();

/** Counterexample matrices in the check sections are cut to this many rows and columns. */
const CHECK_CAP = 6;

function plainList(items: string[] | undefined): string {
  if (!items || items.length === 0) return '';
  return `<ul class="plain">${items.map((s) => `<li>${richText(s)}</li>`).join('')}</ul>`;
}

const plotId = (p: PreparedPlot) => `plot-${p.file.replace(/^plots\//, '').replace(/\.svg$/, '').replace(/[^A-Za-z0-9_-]/g, '_')}`;

function figure(p: PreparedPlot, drawn: Drawn): string {
  if (drawn.has(p.file)) return `<figure class="fig"><figcaption>${esc(p.title)}: the same series as <a href="#${plotId(p)}">the plot above</a></figcaption></figure>`;
  drawn.add(p.file);
  return `<figure class="fig" id="${plotId(p)}">${inlineSvg(p.svg)}<figcaption>${esc(p.title)} · <a href="${esc(p.file)}">${esc(p.file)}</a></figcaption></figure>`;
}



function smtBlock(s: SmtRecord, i: number, n: number): string {
  const head = `SMT query${n > 1 ? ` ${i + 1}` : ''}: <b>${esc(s.status)}</b> in ${esc(fmtSeconds(s.seconds) || '?')}${s.scope ? ` — ${esc(s.scope)}` : ''}`;
  return `<details class="smt"><summary>${head}</summary><pre><code>${esc(s.query)}</code></pre></details>`;
}

function counterexampleBlock(r: ClaimResult, ce: LoadedCounterexample | null): string {
  const cmd = replayCommand(r);
  const parts: string[] = ['<div class="ce">', `<h4>Counterexample</h4>`];
  if (ce) parts.push(`<p>File: <a class="cefile" href="${esc(ce.path)}">${esc(ce.path)}</a></p>`);
  if (ce?.data?.message) parts.push(`<p>${richText(ce.data.message.replace(/\bat Infinity digits\b/g, 'exactly'))}</p>`);
  if (r.margins) parts.push(marginsRow(r.margins));
  if (cmd) parts.push(`<div class="replay">Replay (${esc(REPLAY_WHERE)}): ${wrapCode(cmd)}</div>`);
  if (ce && !ce.data) parts.push(`<p class="warn">Could not read the counterexample file: ${esc(ce.error ?? 'unknown error')}</p>`);
  const shownIn = ce ? shownInFinding.get(ce.path) : undefined;
  if (ce?.data && shownIn !== undefined) parts.push(`<p class="interp">Instance, construction and measured values: see <a href="#finding-${shownIn}">Finding ${shownIn}</a>.</p>`);
  else if (ce?.data) {
    const d = ce.data;
    parts.push(`<p class="interp">Replay seed ${esc(String(d.replay?.seed ?? '?'))}, path ${wrapCode(String(d.replay?.path ?? '?'))}.</p>`);
    const inst = flattenInstance(d.instance);
    if (inst.length > 0) parts.push(`<h4>Instance</h4><div class="mats">${inst.map((p) => pieceHtml(p, CHECK_CAP)).join('')}</div>`);
    const cons = d.construction ? flattenInstance(d.construction) : [];
    if (cons.length > 0) parts.push(`<h4>Construction</h4><div class="mats">${cons.map((p) => pieceHtml(p, CHECK_CAP)).join('')}</div>`);
    if (inst.concat(cons).some((p) => (p.kind === 'matrix' && (p.value.length > CHECK_CAP || p.value.some((r) => r.length > CHECK_CAP))) || (p.kind === 'vector' && p.value.length > CHECK_CAP)))
      parts.push(`<p class="interp">Matrices cut at ${CHECK_CAP}×${CHECK_CAP}; every entry is in <a href="${esc(ce.path)}">${esc(ce.path)}</a>.</p>`);
    if (d.measured || d.predicted) parts.push(`<h4>Measured and predicted</h4>${sideBySide(d.measured ?? {}, d.predicted ?? {})}`);
  }
  parts.push('</div>');
  return parts.join('\n');
}

/** A short tag for an interpretation: its text up to the first parenthesis or clause break. */
export function shortInterpretation(s: string): string {
  const t = s.split(/ \(|; |: /)[0].trim();
  return t.length > 70 ? t.slice(0, 67).replace(/\s+\S*$/, '') + ' …' : t;
}

function checkLabel(r: ClaimResult, several: boolean): string {
  const bits = [readingLabel(r.reading), r.method];
  if (r.scope) bits.push(r.scope);
  if (r.construction) bits.push(`${r.construction === 'paper' ? "paper's" : r.construction} construction`);
  if (several && r.interpretation) bits.push(shortInterpretation(r.interpretation));
  if (r.paperDefinition === false) bits.push('other interpretation');
  return bits.join(' · ');
}

function resultBlock(pr: PreparedResult, ref: BadgeRef, n: number, several: boolean, drawn: Drawn): string {
  const r = pr.result;
  const head = `Check ${n}: ${badge(r.verdict, { ...ref, reading: r.reading })} ${esc(checkLabel(r, several))} · ${esc(casesText(r))}${r.seconds !== undefined ? ` · ${esc(fmtSeconds(r.seconds))}` : ''}`;
  const out: string[] = [`<details class="check" data-claim="${esc(ref.claim)}" data-reading="${esc(r.reading)}"><summary>${head}</summary>${PACK_OPEN_}`];
  const note = trainedNote(r);
  if (note) out.push(`<p class="interp"><b>${esc(note)}</b></p>`);
  if (r.interpretation) out.push(`<p class="interp"><b>Interpretation:</b> ${richText(r.interpretation)}</p>`);
  if (r.detail) out.push(`<p class="detail">${richText(r.detail.replace(/\bat Infinity digits\b/g, 'exactly'))}</p>`);
  if (r.decided !== undefined || r.undecided !== undefined) {
    const reasons = Object.entries(r.undecidedReasons ?? {}).map(([k, v]) => `${esc(k)} ×${esc(fmtNum(v))}`).join(', ');
    out.push(`<p class="interp">Decided ${esc(fmtNum(r.decided ?? null))}, undecided ${esc(fmtNum(r.undecided ?? null))}${reasons ? ` (${reasons})` : ''}.</p>`);
  }
  if (r.corners.length > 0) {
    const counts = r.cornerCounts ?? {};
    const names = [...r.corners, ...Object.keys(counts).filter((k) => !r.corners.includes(k))];
    out.push(`<p class="corners"><span class="interp">Corners reached:</span> ${names.map((c) => `${richText(c)}${counts[c] !== undefined ? ` ×${esc(fmtNum(counts[c]))}` : ''}`).join(' · ')}</p>`);
  }
  if (r.margins && r.verdict !== 'refuted') out.push(marginsRow(r.margins));
  const smts = r.smt ?? [];
  smts.forEach((s, i) => out.push(smtBlock(s, i, smts.length)));
  if (pr.plots.length > 0) out.push(`<div class="figs">${pr.plots.map((p) => figure(p, drawn)).join('')}</div>`);
  if (r.verdict === 'refuted' || pr.counterexample) out.push(counterexampleBlock(r, pr.counterexample));
  out.push(`${PACK_CLOSE_}</details>`);
  return out.join('\n');
}

function claimLinks(ids: string[]): string {
  return ids.length === 0 ? '<span class="na">none</span>' : ids.map((id) => `<a href="#claim-${esc(id)}">${esc(id)}</a>`).join(', ');
}

const readingBadges = (pc: PreparedClaim) => claimReadings(pc.claim).map((rd) => readingBadge(readingVerdict(pc.claim, rd), pc.claim.id, rd)).join(' ');

function claimArticle(pc: PreparedClaim, drawn: Drawn): string {
  const c = pc.claim;
  const stmt = c.latex ? tex(c.latex, true) : richText(c.statement);
  const several = new Set(c.results.map((r) => r.interpretation ?? '')).size > 1;
  const out: string[] = [
    `<article class="claim" id="claim-${esc(c.id)}" data-claim="${esc(c.id)}">`,
    `<header><h3><a href="#claim-${esc(c.id)}">${esc(c.id)}</a></h3>${readingBadges(pc)}<span class="where">Paper: ${esc(c.paper)}</span></header>`,
    `<div class="statement">${stmt}</div>`,
  ];
  if (c.latex) out.push(`<p class="plainstmt statement-text">${richText(c.statement)}</p>`);
  out.push(`<dl class="facts"><dt>Uses</dt><dd>${claimLinks(c.uses)}</dd><dt>Used by</dt><dd>${claimLinks(pc.usedBy)}</dd></dl>`);
  if (c.hypotheses && c.hypotheses.length > 0) out.push(`<details><summary>Hypotheses checked (${c.hypotheses.length})</summary>${plainList(c.hypotheses)}</details>`);
  if (pc.results.length === 0) out.push('<p class="warn">No result for this claim.</p>');
  pc.results.forEach((pr, i) => out.push(resultBlock(pr, { claim: c.id, index: i }, i + 1, several, drawn)));
  if (pc.repairs.length > 0) {
    out.push('<div class="repairs"><h4>Repairs</h4>');
    pc.repairs.forEach((rep, ri) => {
      out.push(`<div class="repair"><p><b>Repair ${ri + 1}.</b> ${richText(rep.repair.statement)}</p>`);
      rep.results.forEach((pr, i) => out.push(resultBlock(pr, { claim: c.id, index: i, repair: ri }, i + 1, false, drawn)));
      out.push('</div>');
    });
    out.push('</div>');
  }
  out.push('</article>');
  return out.join('\n');
}

function summaryTable(pr: PreparedReport): string {
  const head = '<tr><th>Claim</th><th>Statement</th><th>Verdict</th><th>Other interpretations</th><th>Checks</th><th>Repairs</th></tr>';
  const rows = pr.claims.map((pc) => {
    const c = pc.claim;
    const other = c.results.filter((r) => r.paperDefinition === false);
    const otherCell = other.length === 0 ? '<span class="na">—</span>' : other.map((r) => badge(r.verdict, undefined, 'mini')).join(' ');
    const methods = [...new Set(c.results.map((r) => r.method))];
    const reps = c.repairs.length === 0 ? '<span class="na">—</span>' : c.repairs.map((rep, ri) => rep.results.map((r, i) => badge(r.verdict, { claim: c.id, repair: ri, index: i, reading: r.reading }, 'mini')).join(' ')).join(' ');
    return `<tr data-claim="${esc(c.id)}"><td class="id"><a href="#claim-${esc(c.id)}">${esc(c.id)}</a><div class="where">${esc(c.paper)}</div></td><td class="stmt">${richText(c.statement)}</td><td class="verdicts">${readingBadges(pc) || badge(null)}</td><td>${otherCell}</td><td>${c.results.length} (${esc(methods.join(', '))})</td><td>${reps}</td></tr>`;
  });
  return `<table class="summary">${head}\n${rows.join('\n')}</table><p class="interp">${esc(AGGREGATION_RULE)}</p>`;
}

function totals(pr: PreparedReport): string {
  const count = new Map<string, number>();
  for (const pc of pr.claims) count.set(pc.verdict ?? 'none', (count.get(pc.verdict ?? 'none') ?? 0) + 1);
  const chips = [...VERDICTS, 'none' as const]
    .filter((v) => count.has(v))
    .map((v) => `<span class="total"><span class="badge v-${v}">${v === 'none' ? 'no result' : v}</span>${count.get(v)} claim${count.get(v) === 1 ? '' : 's'}</span>`);
  return `<div class="totals">${chips.join('')}</div>`;
}

function trainingSection(pr: PreparedReport, drawn: Drawn): string {
  const t = pr.training;
  if (!t) return '';
  const out: string[] = ['<section id="training"><h2>Trainer curves</h2>', '<p class="interp">From <code>training.json</code>. Solid lines: RL gradient reaches the encoder; dashed: it does not. Runs that differ only in seed share a colour.</p>'];
  for (const env of [...new Set(t.plots.map((p) => p.env))]) {
    const ms = t.data.metrics;
    const rows = t.table.filter((r) => r.env === env);
    out.push(`<details class="env"><summary><b>${esc(env)}</b> (${t.plots.filter((p) => p.env === env).length} plots)</summary>`);
    out.push(`${packable(`<div class="figs">${t.plots.filter((p) => p.env === env).map((p) => figure(p, drawn)).join('')}</div>`)}</details>`);
    out.push(
      `<table class="kv training-final"><tr><th>${esc(env)}: run group (final, mean over seeds)</th><th class="num">seeds</th>${ms.map((m) => `<th class="num" title="${esc(metricLabel(m))}">${esc(m)}</th>`).join('')}</tr>${rows
        .map((r) => `<tr><td>${esc(r.group)}</td><td class="num">${r.seeds}</td>${ms.map((m) => {
          const s = r.stats[m];
          return `<td class="num"${s && r.seeds > 1 ? ` title="min ${esc(fmtNum(s[1], 4))}, max ${esc(fmtNum(s[2], 4))}"` : ''}>${s ? esc(fmtNum(s[0], 4)) : '—'}</td>`;
        }).join('')}</tr>`)
        .join('')}</table>`,
    );
  }
  out.push('</section>');
  return out.join('\n');
}

export function renderHtml(pr: PreparedReport): string {
  const rep = pr.report;
  const drawn: Drawn = new Set();
  const meta = [
    `${esc(rep.tool.name)} ${esc(rep.tool.version)}`,
    `seed ${esc(String(rep.seed))}`,
    esc(budgetText(rep)),
    `${pr.claims.length} claims`,
    rep.seconds !== undefined ? `total ${esc(fmtSeconds(rep.seconds))}` : '',
    rep.generatedAt ? `generated ${esc(rep.generatedAt)}` : '',
  ].filter((s) => s !== '');
  const f = computeFindings(pr);
  shownInFinding = new Map(f.findings.filter((x) => x.file !== null).map((x) => [x.file!, x.n]));
  const nav = [
    ['findings', 'Findings'],
    ...(f.section7.length > 0 || f.necessity.length > 0 ? [['s7', '§7']] : []),
    ['summary', 'All claims'],
    ['graph', 'Dependency graph'],
    ...(rep.objects || rep.rules ? [['reading', 'Reading & rules']] : []),
    ['claims', 'Checks'],
    ...(pr.training ? [['training', 'Trainer curves']] : []),
  ]
    .map(([id, t]) => `<a href="#${id}">${t}</a>`)
    .join('');
  const readingSec =
    rep.objects || rep.rules
      ? `<section id="reading"><h2>The tool's reading of the paper</h2>${rep.objects ? `<h4>Objects (§3, §4.1)</h4>${plainList(rep.objects)}` : ''}${rep.rules ? `<h4>How verdicts are reached</h4>${plainList(rep.rules)}` : ''}</section>`
      : '';
  // claims are rendered before the training section so a plot is drawn at its first use
  const claims = pr.claims.map((pc) => claimArticle(pc, drawn)).join('\n');
  const body = `<body>
<nav class="top"><b>jepa-verify</b>${nav}</nav>
<main>
<header class="page"><h1>Verification report: RL as internal regularisation against JEPA collapse</h1>
<div class="meta-line">${meta.join(' · ')}</div>
${totals(pr)}
</header>
${findingsSection(f, pr.claims.map((pc) => pc.claim.id))}
<section id="summary"><h2>All claims</h2>
${summaryTable(pr)}
<p class="meta-line">Assumption variants ("what if?"): <a href="variants/index.md">variants/index.md</a>, written by <code>jepa-verify variant --all</code>.</p>
</section>
<section id="graph"><h2>Dependency graph</h2>
<div class="graph">${pr.graph.svg.trim()}</div>
<p class="interp">Click a node to jump to its claim. Also as <a href="${esc(pr.graph.file)}">${esc(pr.graph.file)}</a>.</p>
</section>
${readingSec}
<section id="claims"><h2>Checks, claim by claim</h2>
<p class="interp">Each check is collapsed; open it for its detail, plots, SMT queries and counterexample.</p>
${claims}
</section>
${trainingSection(pr, drawn)}
<footer>Generated by ${esc(rep.tool.name)} ${esc(rep.tool.version)} from verification.json (schema ${esc(String(rep.schemaVersion))}).</footer>
</main>
<script>${UNPACK_SCRIPT}</script>
</body>
</html>
`;
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>jepa-verify: verification report</title>
<style>${katexCss(body)}</style>
<style>${CSS}
${badgeCss()}
</style>
</head>
${packMarked(body)}`;
}
