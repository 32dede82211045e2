// The first screen of verification.html: the findings (one per flaw of the paper), then what
// holds and what is proved, then the §7 answers.

import type { CounterexampleFile, NecessityRow } from '../schema.ts';
import { fmtNum } from '../plots/format.ts';
import { intervalText, necessityPivot, type Finding, type Findings, type Section7Row } from '../findings.ts';
import { badge, marginsRow, pieceHtml, readingBadge, sideBySide, wrapCode } from './blocks.ts';
import { escapeHtml as esc, richText, tex } from './math.ts';
import { counterexampleLists, flattenInstance } from './model.ts';
import { packable } from './pack.ts';
import { DIGITS_NOTE, hasUserClaims, refutedHeadline, REPLAY_WHERE } from '../labels.ts';
import { provedBesideText } from '../undecided.ts';
import { alsoHead } from '../coverage.ts';

/** Matrices of a finding's counterexample are capped smaller than in the claim sections. */
const FINDING_CAP = 6;

const claimLink = (id: string) => `<a href="#claim-${esc(id)}">${esc(id)}</a>`;

/** A step's formula may be LaTeX or a sentence ("W = 0, b = 0: every logit is 0"); KaTeX would run a sentence's words together. */
export function looksLikeProse(s: string): boolean {
  return (s.replace(/\\[A-Za-z]+/g, '').match(/\b[A-Za-z]{4,}\b/g) ?? []).length >= 2;
}

/**
 * A sentence stays text; LaTeX goes through KaTeX; LaTeX with words in it ("... = \mu (discounted
 * visits)") gets its words set upright as \text so KaTeX does not run them together in italics.
 */
export function formulaHtml(f: string): string {
  const t = formulaTex(f);
  return t === null ? richText(f) : tex(t);
}

/** The TeX a derivation step's formula is set as, or null for a sentence (set as text); verification.md uses the same rule. */
export function formulaTex(f: string): string | null {
  if (!looksLikeProse(f)) return f;
  if (!f.includes('\\')) return null;
  return f.replace(/(?<![\\A-Za-z])[A-Za-z]{4,}(?: +[A-Za-z]{2,})*/g, (m) => `\\text{ ${m} }`);
}

function derivationHtml(d: NonNullable<CounterexampleFile['derivation']>): string {
  if (!Array.isArray(d.steps) || d.steps.length === 0) return '';
  const rows = d.steps
    .filter((s) => typeof s === 'object' && s !== null)
    .map((s) => {
      const lhs = tex(String(s.latex || s.symbol || '?'));
      const formula = typeof s.formula !== 'string' || s.formula === '' ? '' : formulaHtml(s.formula);
      return `<tr><td class="dsym">${lhs}</td><td>${formula}</td><td class="num">${wrapCode(String(s.value))}</td><td>${s.exact ? '<span class="tag exact">exact</span>' : '<span class="tag">64 digits</span>'}</td></tr>`;
    })
    .join('');
  const note = d.steps.some((s) => typeof s === 'object' && s !== null && !s.exact) ? `<p class="interp">${esc(DIGITS_NOTE)}</p>` : '';
  return `<h4>Derivation</h4>${packable(`<table class="kv derivation"><tr><th>quantity</th><th>formula</th><th class="num">value</th><th></th></tr>${rows}</table>`)}${note}${d.conclusion ? `<p class="conclusion">${richText(String(d.conclusion))}</p>` : ''}`;
}

function listBlock(title: string, items: string[] | undefined): string {
  if (!Array.isArray(items) || items.length === 0) return '';
  return `<div class="aside"><b>${esc(title)}</b> ${items.map((s) => richText(String(s))).join('; ')}</div>`;
}

function counterexampleHtml(f: Finding): string {
  const ce = f.smallest.counterexample;
  const out: string[] = [];
  if (ce?.data) {
    const d = ce.data;
    // the whole instance, then the file's explain.free entry by entry, as verification.md lists them
    // (free entries sit inside matrices whose other entries are fixed, so no matrix is set apart)
    const pieces = flattenInstance(d.instance);
    if (pieces.length > 0) out.push(`<h4>Smallest counterexample</h4><div class="mats">${pieces.map((p) => pieceHtml(p, FINDING_CAP)).join('')}</div>`);
    const cons = d.construction ? flattenInstance(d.construction) : [];
    if (cons.length > 0) out.push(`<h4>Construction</h4><div class="mats">${cons.map((p) => pieceHtml(p, FINDING_CAP)).join('')}</div>`);
    if (d.derivation) out.push(derivationHtml(d.derivation));
    else if (d.measured || d.predicted) out.push(sideBySide(d.measured ?? {}, d.predicted ?? {}));
    for (const [title, items] of counterexampleLists(d)) out.push(listBlock(title, items));
  } else if (ce) out.push(`<p class="warn">Could not read the counterexample file: ${esc(ce.error ?? 'unknown error')}</p>`);
  if (f.smallest.result.margins) out.push(marginsRow(f.smallest.result.margins));
  return out.join('\n');
}

function findingHtml(f: Finding): string {
  const claims = f.claims.map(claimLink).join(', ');
  const badges = f.readings.map((r) => readingBadge('refuted', r.claim, r.reading, f.claims.length > 1)).join(' ');
  const out: string[] = [
    `<li class="finding" id="finding-${f.n}" data-claims="${esc(f.claims.join(' '))}">`,
    `<div class="fhead"><span class="fnum">${f.n}</span><span class="fclaims">${claims}</span><span class="where">${esc(f.papers.join(', '))}</span>${badges}</div>`,
    `<p class="why">${richText(f.why)}</p>`,
  ];
  if (f.refutedPremises.length > 0) out.push(`<p class="interp">The paper's argument for it uses ${f.refutedPremises.map(claimLink).join(', ')}, refuted above or below.</p>`);
  const body: string[] = [counterexampleHtml(f)];
  if (f.repairs.length > 0) {
    body.push(
      `<h4>Corrected statement${f.repairs.length > 1 ? 's' : ''}</h4><ul class="repairs-list">${f.repairs
        .map((r) => `<li>${r.verdicts.map((v) => readingBadge(v.verdict, r.claim, v.reading, false, r.index)).join(' ')} ${richText(r.statement)}</li>`)
        .join('')}</ul>`,
    );
  }
  if (f.replay) body.push(`<div class="replay">Replay (${esc(REPLAY_WHERE)}): ${wrapCode(f.replay)}${f.file ? ` · <a class="cefile" href="${esc(f.file)}">${esc(f.file)}</a>` : ''}</div>`);
  // a refuted reading the shown counterexample does not fail in: the counterexample that does
  for (const o of f.alsoRefutedBy) {
    body.push(`<p class="interp"><b>Refuted in the ${esc(alsoHead(o, f.claims))}</b> by ${o.file ? `<a class="cefile" href="${esc(o.file)}">${esc(o.file)}</a>` : 'a check without a file'}: ${richText(o.why)}</p>`);
    if (o.replay) body.push(`<div class="replay">Replay: ${wrapCode(o.replay)}</div>`);
  }
  if (f.checks > 1) body.push(`<p class="interp">${f.checks} refuted checks in all; the smallest counterexample is shown. Every check: ${f.claims.map(claimLink).join(', ')}.</p>`);
  out.push(`<div class="fbody">${body.join('\n')}</div>`, '</li>');
  return out.join('\n');
}

function section7Table(rows: Section7Row[], necessity: NecessityRow[]): string {
  if (rows.length === 0 && necessity.length === 0) return '';
  const out: string[] = ['<section id="s7"><h2>§7: minimisers, gaps, necessity</h2>'];
  if (rows.length > 0) {
    out.push('<table class="s7"><tr><th>Claim</th><th>Statement</th><th>Verdict</th><th>Interval</th><th>Why</th></tr>');
    const ivs = (list: Section7Row['intervals']) => list.map((i) => `<div>${esc(intervalText(i))}${i.d ? `<div class="where">${esc(i.d)}</div>` : ''}</div>`).join('') || '<span class="na">—</span>';
    for (const r of rows) {
      out.push(`<tr data-claim="${esc(r.claim)}"><td class="id">${claimLink(r.claim)}<div class="where">${esc(r.paper)}</div></td><td class="stmt">${richText(r.statement)}</td><td>${r.verdicts.map((v) => readingBadge(v.verdict, r.claim, v.reading)).join(' ')}</td><td class="iv">${ivs(r.intervals)}</td><td class="why">${richText(r.why)}</td></tr>`);
      for (const rep of r.repairs)
        out.push(`<tr class="s7repair"><td class="where">repair</td><td class="stmt">${richText(rep.statement)}</td><td>${rep.verdicts.map((v) => `<span class="bl">${badge(v.verdict, undefined, 'mini')}${v.reading === 'any' ? '' : `<span class="rl"> ${esc(v.reading)}</span>`}</span>`).join(' ')}</td><td class="iv">${ivs(rep.intervals)}</td><td></td></tr>`);
    }
    out.push('</table>');
  }
  if (necessity.length > 0) {
    out.push('<h3>Which hypotheses are needed</h3><p class="interp">Each row drops one hypothesis: <i>needed</i> = the claim then fails (a counterexample), <i>not needed</i> = it still holds on every case; with the paper\'s construction of u, w, k and with any construction. Cases in brackets.</p><table class="necessity"><tr><th>Claim</th><th>Hypothesis dropped</th><th>Paper\'s construction</th><th>Any construction</th></tr>');
    const cellOf = (n?: NecessityRow) => {
      if (!n) return '<span class="na">—</span>';
      const cls = n.verdict === 'needed' ? 'v-refuted' : n.verdict === 'not needed' ? 'v-holds' : 'v-inconclusive';
      const ce = n.counterexample ? ` <a class="cefile" href="${esc(ceLink(n.counterexample))}">file</a>` : '';
      return `<span class="badge mini ${cls}">${esc(n.verdict)}</span> <span class="rl">(${esc(fmtNum(n.cases))})</span>${ce}`;
    };
    for (const n of necessityPivot(necessity)) out.push(`<tr><td>${claimLink(n.claim)}</td><td>${richText(n.hypothesis)}</td><td>${cellOf(n.paper)}</td><td>${cellOf(n.free)}</td></tr>`);
    out.push('</table>');
  }
  out.push('</section>');
  return out.join('\n');
}

/** Necessity rows name counterexamples the same way results do. */
function ceLink(p: string): string {
  const parts = p.split(/[\\/]+/);
  return parts.length >= 2 && parts[parts.length - 2] === 'counterexamples' ? `counterexamples/${parts[parts.length - 1]}` : p;
}

/** One row per finding: the referee's summary on the first screen; the cards below hold the evidence. */
function glance(f: Findings): string {
  const rows = f.findings.map((x) => {
    const fix =
      x.repairs.length === 0
        ? '<span class="na">none checked</span>'
        : x.repairs.map((r) => `<div>${r.verdicts.map((v) => `${badge(v.verdict, undefined, 'mini')}${v.reading === 'any' ? '' : `<span class="rl"> ${esc(v.reading)}</span>`}`).join(' ')}</div>`).join('');
    const rds = new Set(x.readings.map((r) => r.reading));
    const readings = rds.has('any') ? 'any reading' : rds.has('on-policy') && rds.has('fixed-data') ? 'both' : [...rds].join(', ');
    return `<tr><td class="num"><a href="#finding-${x.n}">${x.n}</a></td><td class="id">${x.claims.map(claimLink).join(', ')}<div class="where">${esc(x.papers.join(', '))}</div></td><td class="rd">${esc(readings)}</td><td class="why">${richText(x.why)}</td><td class="fix">${fix}</td></tr>`;
  });
  return `<table class="glance"><tr><th class="num">#</th><th>Claim</th><th>Reading</th><th>Why it fails</th><th>Corrected</th></tr>${rows.join('')}</table>`;
}

export function findingsSection(f: Findings, claims: string[] = []): string {
  const out: string[] = ['<section id="findings"><h2>Findings</h2>'];
  const n = f.findings.length;
  // a report of the user's claims (verify --claims) says whose claims its findings refute
  const lead = hasUserClaims(claims)
    ? `${esc(refutedHeadline(claims, f.findings))}${n > 0 ? ', each with its smallest counterexample and the command that replays it.' : '.'}`
    : null;
  out.push(
    `<p class="lead">${lead !== null ? lead : n === 0 ? 'No claim is refuted under the paper\'s own definitions.' : `${n} finding${n === 1 ? '' : 's'}: claim${n === 1 ? '' : 's'} refuted under the paper's own definitions, each with its smallest counterexample, a corrected statement and the command that replays it.`} ${f.holding.length} claim${f.holding.length === 1 ? '' : 's'} hold or are proved${f.interpretationOnly.length > 0 ? `; ${f.interpretationOnly.length} check${f.interpretationOnly.length === 1 ? '' : 's'} fail only under another interpretation` : ''}${f.open.length > 0 ? `; ${f.open.length} undecided` : ''}.${f.section7.length > 0 ? ` The ${f.section7.length} questions of §7 are answered <a href="#s7">below</a>.` : ''}</p>`,
  );
  if (n > 0) out.push(glance(f), `<ol class="findings">${f.findings.map(findingHtml).join('\n')}</ol>`);
  if (f.interpretationOnly.length > 0) {
    out.push('<h3 id="interpretation-only">Failures only under another interpretation</h3><p class="interp">Not counted above: these checks read the text other than by the paper\'s own definitions.</p><table class="interp-only"><tr><th>Claim</th><th>Interpretation</th><th>Why</th><th>Paper\'s definitions</th></tr>');
    for (const x of f.interpretationOnly)
      out.push(`<tr data-claim="${esc(x.claim)}"><td class="id">${claimLink(x.claim)}<div class="where">${esc(x.reading)}</div></td><td>${richText(x.interpretation)}</td><td>${richText(x.why)}${x.file ? ` <a class="cefile" href="${esc(x.file)}">file</a>` : ''}</td><td>${badge(x.paperVerdict)}</td></tr>`);
    out.push('</table>');
  }
  if (f.open.length > 0) {
    out.push(`<h3>Undecided</h3><ul class="plain">${f.open.map((o) => { const both = provedBesideText(o); return `<li>${claimLink(o.claim)} ${badge(o.verdict)}${both ? ` (${esc(both)})` : ''}: ${richText(o.why)}</li>`; }).join('')}</ul>`);
  }
  if (f.holding.length > 0) {
    out.push(
      `<h3 id="holds">What holds and what is proved</h3><table class="holding"><tr><th>Claim</th><th>Verdict</th><th>Checks</th></tr>${f.holding
        .map((h) => `<tr data-claim="${esc(h.claim)}"><td class="id">${claimLink(h.claim)} <span class="where">${esc(h.paper)}</span></td><td>${badge(h.verdict)}</td><td class="methods">${esc(h.methods.join('; '))}</td></tr>`)
        .join('')}</table>`,
    );
  }
  out.push('</section>');
  out.push(section7Table(f.section7, f.necessity));
  return out.join('\n');
}
