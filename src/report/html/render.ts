// verification.html: one self-contained file (inline CSS, fonts, SVG; math pre-rendered), so it
// opens offline from file:// and can be mailed or archived as is.

import type { ClaimResult, Margins, SmtRecord, Verdict } from '../schema.ts';
import { fmtNum, fmtSeconds, latexNum } from '../plots/format.ts';
import { metricLabel } from '../plots/training.ts';
import { escapeHtml as esc, katexCss, richText, tex } from './math.ts';
import { capMatrix, flattenInstance, replayCommand, type LoadedCounterexample, type Piece, type PreparedClaim, type PreparedPlot, type PreparedReport, type PreparedResult } from './model.ts';
import { badgeStyle, READINGS, VERDICTS } from './verdicts.ts';

interface BadgeRef {
  claim: string;
  /** index into claim.results (or repair.results) */
  index?: number;
  repair?: number;
  combined?: boolean;
  reading?: string;
}

export function badge(v: Verdict | null, ref?: BadgeRef): string {
  const name = v ?? 'none';
  const data = ref
    ? ` data-claim="${esc(ref.claim)}"` +
      (ref.index !== undefined ? ` data-index="${ref.index}"` : '') +
      (ref.repair !== undefined ? ` data-repair="${ref.repair}"` : '') +
      (ref.reading !== undefined ? ` data-reading="${esc(ref.reading)}"` : '') +
      (ref.combined ? ' data-combined="true"' : '')
    : '';
  return `<span class="badge v-${esc(name)}"${data}>${esc(name === 'none' ? 'no result' : name)}</span>`;
}

function badgeCss(): string {
  return [...VERDICTS, 'none']
    .map((v) => {
      const s = badgeStyle(v);
      return `.v-${v}{background:${s.bg};color:${s.fg}}`;
    })
    .join('\n');
}

const CSS = `
:root{--fg:#1f2328;--muted:#59636e;--line:#d1d9e0;--bg:#ffffff;--soft:#f6f8fa;--accent:#0969da}
*{box-sizing:border-box}
html{scroll-behavior:smooth}
body{margin:0;background:var(--bg);color:var(--fg);font:15px/1.5 system-ui,-apple-system,"Segoe UI",Helvetica,Arial,sans-serif}
main{max-width:1180px;margin:0 auto;padding:0 24px 64px}
a{color:var(--accent);text-decoration:none}
a:hover{text-decoration:underline}
code,pre{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:13px}
pre{background:var(--soft);border:1px solid var(--line);border-radius:6px;padding:10px 12px;overflow-x:auto;white-space:pre}
nav.top{position:sticky;top:0;z-index:5;background:rgba(255,255,255,.96);border-bottom:1px solid var(--line);padding:8px 24px;display:flex;gap:18px;font-size:14px}
nav.top b{margin-right:8px}
header.page{padding:22px 0 6px}
header.page h1{margin:0 0 4px;font-size:26px}
.meta-line{color:var(--muted);font-size:14px}
.totals{display:flex;flex-wrap:wrap;gap:8px;margin:12px 0 4px}
.total{display:inline-flex;align-items:center;gap:6px;border:1px solid var(--line);border-radius:20px;padding:2px 10px 2px 4px;font-size:13px;background:var(--soft)}
h2{font-size:21px;margin:34px 0 10px;padding-bottom:6px;border-bottom:1px solid var(--line)}
h3{font-size:18px;margin:0}
h4{font-size:15px;margin:14px 0 6px}
.badge{display:inline-block;min-width:78px;text-align:center;border-radius:12px;padding:1px 9px;font-size:12.5px;font-weight:600;letter-spacing:.01em;white-space:nowrap}
table{border-collapse:collapse;width:100%}
th,td{border-bottom:1px solid var(--line);padding:6px 8px;text-align:left;vertical-align:top}
th{font-size:12.5px;text-transform:uppercase;letter-spacing:.04em;color:var(--muted);background:var(--soft)}
table.summary td.stmt{font-size:13.5px;min-width:240px;max-width:440px}
table.summary td.id,table.summary td.paper{white-space:nowrap}
table.summary td.id{font-weight:600}
table.summary td.verdicts{min-width:90px;max-width:200px}
table.summary td.verdicts .badge{margin:0 4px 4px 0}
table.summary tr:hover td{background:#f6f8fa}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}
.na{color:#afb8c1}
.graph{border:1px solid var(--line);border-radius:8px;padding:8px;overflow-x:auto;background:#fff}
.graph svg{display:block;margin:0 auto;max-width:100%;height:auto}
.graph a:hover rect{stroke-opacity:1;stroke-width:2}
ul.plain{margin:6px 0;padding-left:20px}
article.claim{border:1px solid var(--line);border-radius:10px;padding:16px 18px;margin:18px 0;background:#fff}
article.claim>header{display:flex;flex-wrap:wrap;align-items:center;gap:10px}
article.claim>header .where{color:var(--muted);font-size:14px}
.statement{margin:10px 0 4px;padding:10px 12px;background:var(--soft);border-radius:6px;overflow-x:auto}
.statement .katex-display{margin:.2em 0}
.plainstmt{color:var(--muted);font-size:13px;margin:2px 0 8px}
dl.facts{display:grid;grid-template-columns:max-content 1fr;gap:2px 14px;margin:8px 0;font-size:14px}
dl.facts dt{color:var(--muted)}
dl.facts dd{margin:0}
section.result{border-top:1px dashed var(--line);margin-top:12px;padding-top:10px}
.result-head{display:flex;flex-wrap:wrap;align-items:center;gap:10px;font-size:14px}
.reading{font-weight:600}
.detail{margin:6px 0}
.interp{margin:6px 0;font-size:14px;color:var(--muted)}
ul.corners{list-style:none;padding:0;margin:4px 0;display:flex;flex-wrap:wrap;gap:6px}
ul.corners li{background:#ddf4ff;border-radius:12px;padding:1px 9px;font-size:13px}
ul.corners .count{color:var(--muted);margin-left:4px;font-variant-numeric:tabular-nums}
details{margin:6px 0}
summary{cursor:pointer;font-size:14px}
.figs{display:grid;grid-template-columns:repeat(auto-fill,minmax(440px,1fr));gap:14px;margin:10px 0}
figure.fig{margin:0;border:1px solid var(--line);border-radius:8px;padding:6px;background:#fff}
figure.fig svg{display:block;width:100%;height:auto}
figcaption{font-size:12.5px;color:var(--muted);padding:4px 4px 0}
.ce{border:1px solid #ffcecb;background:#fff8f7;border-radius:8px;padding:10px 14px;margin:10px 0}
.ce h4{margin-top:4px;color:#a40e26}
.mats{display:flex;flex-wrap:wrap;gap:12px 26px;align-items:flex-start}
.mat{font-size:14px}
.mat .lbl{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:12.5px;color:var(--muted)}
.mat .katex{font-size:1.02em}
table.kv{width:auto;font-size:14px}
table.kv td,table.kv th{padding:3px 12px 3px 0}
.repairs{margin-top:12px;border-left:3px solid #d4a72c;padding-left:12px}
.repair{margin:8px 0}
.warn{color:#9a6700}
footer{margin-top:40px;color:var(--muted);font-size:13px}
@media print{nav.top{display:none}article.claim{break-inside:avoid}}
`;

function plainList(items: string[] | undefined): string {
  if (!items || items.length === 0) return '';
  return `<ul class="plain">${items.map((s) => `<li>${richText(s)}</li>`).join('')}</ul>`;
}

function figure(p: PreparedPlot): string {
  return `<figure class="fig">${p.svg.trim()}<figcaption>${esc(p.title)} · <a href="${esc(p.file)}">${esc(p.file)}</a></figcaption></figure>`;
}

function smtBlock(s: SmtRecord, i: number, n: number): string {
  const head = `SMT query${n > 1 ? ` ${i + 1}` : ''}: <b>${esc(s.status)}</b> in ${esc(fmtSeconds(s.seconds) || '?')}${s.scope ? ` — ${esc(s.scope)}` : ''}`;
  return `<details class="smt"><summary>${head}</summary><pre><code>${esc(s.query)}</code></pre></details>`;
}

function marginsTable(m: Margins): string {
  return `<table class="kv margins"><tr><th>margin</th><th class="num">value</th></tr>
<tr><td>float64</td><td class="num">${esc(fmtNum(m.float64, 10))}</td></tr>
<tr><td>high precision${m.digits ? ` (${m.digits} digits)` : ''}</td><td class="num">${esc(fmtNum(m.highPrecision, 16))}</td></tr></table>
<p class="interp">Positive = the statement is violated by that amount.</p>`;
}

function matrixTex(rows: Array<Array<number | null>>, truncated: boolean): string {
  const body = rows.map((r) => r.map((v) => latexNum(v, 6)).join(' & ') + (truncated ? ' & \\cdots' : '')).join(' \\\\ ');
  return `\\begin{bmatrix} ${body}${truncated ? ' \\\\ \\vdots' : ''} \\end{bmatrix}`;
}

function pieceHtml(p: Piece): string {
  const lbl = `<div class="lbl">${esc(p.label)}${p.kind === 'matrix' && p.note ? ` <span>(${esc(p.note)})</span>` : ''}</div>`;
  switch (p.kind) {
    case 'matrix': {
      const { rows, truncated } = capMatrix(p.value);
      return `<div class="mat">${lbl}${tex(matrixTex(rows, truncated))}</div>`;
    }
    case 'vector': {
      const { rows, truncated } = capMatrix([p.value]);
      return `<div class="mat">${lbl}${tex(matrixTex(rows, truncated))}</div>`;
    }
    case 'scalar':
      return `<div class="mat">${lbl}${tex(latexNum(p.value, 10))}</div>`;
    case 'text':
      return `<div class="mat">${lbl}<code>${esc(p.value)}</code></div>`;
  }
}

function kvTable(a: Record<string, number | null>, b?: Record<string, number | null>, heads: [string, string] = ['measured', 'predicted']): string {
  const keys = [...new Set([...Object.keys(a), ...Object.keys(b ?? {})])];
  if (keys.length === 0) return '';
  const rows = keys
    .map((k) => `<tr><td><code>${esc(k)}</code></td><td class="num">${k in a ? esc(fmtNum(a[k], 10)) : ''}</td>${b ? `<td class="num">${k in b ? esc(fmtNum(b[k], 10)) : ''}</td>` : ''}</tr>`)
    .join('');
  return `<table class="kv"><tr><th>quantity</th><th class="num">${esc(heads[0])}</th>${b ? `<th class="num">${esc(heads[1])}</th>` : ''}</tr>${rows}</table>`;
}

function counterexampleBlock(r: ClaimResult, ce: LoadedCounterexample | null): string {
  const cmd = replayCommand(r);
  const parts: string[] = ['<div class="ce">', `<h4>Counterexample</h4>`];
  if (ce) parts.push(`<p>File: <code>${esc(ce.path)}</code></p>`);
  if (ce?.data?.message) parts.push(`<p>${richText(ce.data.message)}</p>`);
  if (r.margins) parts.push(marginsTable(r.margins));
  if (cmd) parts.push(`<div>Replay:</div><pre class="replay"><code>${esc(cmd)}</code></pre>`);
  if (ce && !ce.data) parts.push(`<p class="warn">Could not read the counterexample file: ${esc(ce.error ?? 'unknown error')}</p>`);
  if (ce?.data) {
    const d = ce.data;
    parts.push(`<p class="interp">Replay seed ${esc(String(d.replay?.seed ?? '?'))}, path <code>${esc(String(d.replay?.path ?? '?'))}</code>.</p>`);
    const inst = flattenInstance(d.instance);
    if (inst.length > 0) parts.push(`<h4>Instance</h4><div class="mats">${inst.map(pieceHtml).join('')}</div>`);
    const cons = d.construction ? flattenInstance(d.construction) : [];
    if (cons.length > 0) parts.push(`<h4>Construction</h4><div class="mats">${cons.map(pieceHtml).join('')}</div>`);
    if (d.measured || d.predicted) parts.push(`<h4>Measured vs predicted</h4>${kvTable(d.measured ?? {}, d.predicted ?? {})}`);
  }
  parts.push('</div>');
  return parts.join('\n');
}

function resultBlock(claimId: string, pr: PreparedResult, ref: BadgeRef): string {
  const r = pr.result;
  const head = [
    `<span class="reading">${esc(r.reading)}</span>`,
    badge(r.verdict, { ...ref, reading: r.reading }),
    `<span>method <code>${esc(r.method)}</code></span>`,
    `<span>${esc(fmtNum(r.cases))} case${r.cases === 1 ? '' : 's'}</span>`,
    r.seconds !== undefined ? `<span>${esc(fmtSeconds(r.seconds))}</span>` : '',
  ].filter((s) => s !== '');
  const out: string[] = [`<section class="result" data-claim="${esc(claimId)}" data-reading="${esc(r.reading)}">`, `<div class="result-head">${head.join(' ')}</div>`];
  if (r.interpretation) out.push(`<p class="interp"><b>Interpretation:</b> ${richText(r.interpretation)}</p>`);
  if (r.detail) out.push(`<p class="detail">${richText(r.detail)}</p>`);
  if (r.corners.length > 0) {
    const counts = r.cornerCounts ?? {};
    const names = [...r.corners, ...Object.keys(counts).filter((k) => !r.corners.includes(k))];
    out.push(
      `<div><span class="interp">Corners reached:</span><ul class="corners">${names
        .map((c) => `<li>${richText(c)}${counts[c] !== undefined ? `<span class="count">×${esc(fmtNum(counts[c]))}</span>` : ''}</li>`)
        .join('')}</ul></div>`,
    );
  }
  if (r.margins && r.verdict !== 'refuted') out.push(marginsTable(r.margins));
  const smts = r.smt ?? [];
  smts.forEach((s, i) => out.push(smtBlock(s, i, smts.length)));
  if (pr.plots.length > 0) out.push(`<div class="figs">${pr.plots.map(figure).join('')}</div>`);
  if (r.verdict === 'refuted' || pr.counterexample) out.push(counterexampleBlock(r, pr.counterexample));
  out.push('</section>');
  return out.join('\n');
}

function claimLinks(ids: string[]): string {
  return ids.length === 0 ? '<span class="na">none</span>' : ids.map((id) => `<a href="#claim-${esc(id)}">${esc(id)}</a>`).join(', ');
}

function claimArticle(pc: PreparedClaim): string {
  const c = pc.claim;
  const stmt = c.latex ? tex(c.latex, true) : richText(c.statement);
  const out: string[] = [
    `<article class="claim" id="claim-${esc(c.id)}" data-claim="${esc(c.id)}">`,
    `<header><h3><a href="#claim-${esc(c.id)}">${esc(c.id)}</a></h3>${badge(pc.verdict, { claim: c.id, combined: true })}<span class="where">Paper: ${esc(c.paper)}</span></header>`,
    `<div class="statement">${stmt}</div>`,
  ];
  if (c.latex) out.push(`<p class="plainstmt statement-text">${richText(c.statement)}</p>`);
  out.push(`<dl class="facts"><dt>Where</dt><dd>${esc(c.paper)}</dd><dt>Uses</dt><dd>${claimLinks(c.uses)}</dd><dt>Used by</dt><dd>${claimLinks(pc.usedBy)}</dd></dl>`);
  if (c.hypotheses && c.hypotheses.length > 0) out.push(`<div><span class="interp">Hypotheses checked:</span>${plainList(c.hypotheses)}</div>`);
  if (pc.results.length === 0) out.push('<p class="warn">No result for this claim.</p>');
  pc.results.forEach((pr, i) => out.push(resultBlock(c.id, pr, { claim: c.id, index: i })));
  if (pc.repairs.length > 0) {
    out.push('<div class="repairs"><h4>Repairs</h4>');
    pc.repairs.forEach((rep, ri) => {
      out.push(`<div class="repair"><p><b>Repair ${ri + 1}.</b> ${richText(rep.repair.statement)}</p>`);
      rep.results.forEach((pr, i) => out.push(resultBlock(c.id, pr, { claim: c.id, index: i, repair: ri })));
      out.push('</div>');
    });
    out.push('</div>');
  }
  out.push('</article>');
  return out.join('\n');
}

function summaryTable(pr: PreparedReport): string {
  const readings = READINGS.filter((rd) => pr.claims.some((pc) => pc.claim.results.some((r) => r.reading === rd)));
  const head = `<tr><th>Claim</th><th>Paper</th><th>Statement</th>${readings.map((r) => `<th>${esc(r)}</th>`).join('')}<th>Method</th><th class="num">Cases</th><th>Repairs</th></tr>`;
  const rows = pr.claims.map((pc) => {
    const c = pc.claim;
    const cells = readings.map((rd) => {
      const bs = c.results.map((r, i) => (r.reading === rd ? badge(r.verdict, { claim: c.id, index: i, reading: rd }) : '')).filter((s) => s !== '');
      return `<td class="verdicts">${bs.length > 0 ? bs.join('') : '<span class="na">—</span>'}</td>`;
    });
    const methods = [...new Set(c.results.map((r) => r.method))].join(', ');
    const cases = c.results.reduce((a, r) => a + (Number.isFinite(r.cases) ? r.cases : 0), 0);
    const reps = c.repairs.length === 0 ? '<span class="na">—</span>' : c.repairs.map((rep, ri) => rep.results.map((r, i) => badge(r.verdict, { claim: c.id, repair: ri, index: i, reading: r.reading }).replace('class="badge ', 'class="badge mini ')).join(' ')).join(' ');
    return `<tr data-claim="${esc(c.id)}"><td class="id"><a href="#claim-${esc(c.id)}">${esc(c.id)}</a></td><td class="paper">${esc(c.paper)}</td><td class="stmt">${richText(c.statement)}</td>${cells.join('')}<td>${esc(methods)}</td><td class="num">${esc(fmtNum(cases))}</td><td>${reps}</td></tr>`;
  });
  return `<table class="summary">${head}\n${rows.join('\n')}</table>`;
}

function totals(pr: PreparedReport): string {
  const count = new Map<string, number>();
  for (const pc of pr.claims) count.set(pc.verdict ?? 'none', (count.get(pc.verdict ?? 'none') ?? 0) + 1);
  const chips = [...VERDICTS, 'none' as const]
    .filter((v) => count.has(v))
    .map((v) => `<span class="total"><span class="badge v-${v}">${v === 'none' ? 'no result' : v}</span>${count.get(v)} claim${count.get(v) === 1 ? '' : 's'}</span>`);
  return `<div class="totals">${chips.join('')}</div>`;
}

function trainingSection(pr: PreparedReport): string {
  const t = pr.training;
  if (!t) return '';
  const out: string[] = ['<section id="training"><h2>Trainer curves</h2>', '<p class="interp">From <code>training.json</code>. Solid lines: RL gradient reaches the encoder; dashed: it does not. Runs that differ only in seed share a colour.</p>'];
  const envs = [...new Set(t.plots.map((p) => p.env))];
  for (const env of envs) {
    out.push(`<h3>${esc(env)}</h3>`);
    out.push(`<div class="figs">${t.plots.filter((p) => p.env === env).map(figure).join('')}</div>`);
    const rows = t.table.filter((r) => r.env === env);
    const ms = t.data.metrics;
    out.push(
      `<table class="kv training-final"><tr><th>run group (final values, mean over seeds)</th><th class="num">seeds</th>${ms.map((m) => `<th class="num" title="${esc(metricLabel(m))}">${esc(m)}</th>`).join('')}</tr>${rows
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
  const meta = [
    `${esc(rep.tool.name)} ${esc(rep.tool.version)}`,
    `seed ${esc(String(rep.seed))}`,
    `budget ${esc(fmtNum(rep.budget.runsPerClaim))} runs per claim`,
    `${pr.claims.length} claims`,
    rep.seconds !== undefined ? `total ${esc(fmtSeconds(rep.seconds))}` : '',
    rep.generatedAt ? `generated ${esc(rep.generatedAt)}` : '',
  ].filter((s) => s !== '');
  const nav = [
    ['summary', 'Summary'],
    ['graph', 'Dependency graph'],
    ...(rep.objects || rep.rules ? [['reading', 'Reading & rules']] : []),
    ['claims', 'Claims'],
    ...(pr.training ? [['training', 'Trainer curves']] : []),
  ]
    .map(([id, t]) => `<a href="#${id}">${t}</a>`)
    .join('');
  const readingSec =
    rep.objects || rep.rules
      ? `<section id="reading"><h2>The tool's reading of the paper</h2>${rep.objects ? `<h4>Objects (§3, §4.1)</h4>${plainList(rep.objects)}` : ''}${rep.rules ? `<h4>How verdicts are reached</h4>${plainList(rep.rules)}` : ''}</section>`
      : '';
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>jepa-verify: verification report</title>
<style>${katexCss()}</style>
<style>${CSS}
${badgeCss()}
.badge.mini{min-width:0;font-size:11px;padding:0 6px}
</style>
</head>
<body>
<nav class="top"><b>jepa-verify</b>${nav}</nav>
<main>
<div id="summary">
<header class="page"><h1>Verification report: RL as internal regularisation against JEPA collapse</h1>
<div class="meta-line">${meta.join(' · ')}</div>
${totals(pr)}
<div class="meta-line">Assumption variants ("what if?"): <a href="variants/index.md">variants/index.md</a>, written by <code>jepa-verify variant --all</code>.</div>
</header>
<h2>Summary</h2>
${summaryTable(pr)}
</div>
<section id="graph"><h2>Dependency graph</h2>
<div class="graph">${pr.graph.svg.trim()}</div>
<p class="interp">Click a node to jump to its claim. Also as <a href="${esc(pr.graph.file)}">${esc(pr.graph.file)}</a>.</p>
</section>
${readingSec}
<section id="claims"><h2>Claims</h2>
${pr.claims.map(claimArticle).join('\n')}
</section>
${trainingSection(pr)}
<footer>Generated by ${esc(rep.tool.name)} ${esc(rep.tool.version)} from verification.json (schema ${esc(String(rep.schemaVersion))}).</footer>
</main>
</body>
</html>
`;
}
