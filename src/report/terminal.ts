// The end of `jepa-verify verify` in the terminal: the findings by name (what is wrong with the
// paper, why, the correction, the replay command), then what holds, then where the HTML is.

import { join, resolve } from 'node:path';
import type { VerificationReport, Verdict } from './schema.ts';
import { loadCounterexample } from './build.ts';
import { computeFindings, intervalText, necessityPivot, type Findings } from './findings.ts';
import { prepare } from './html/model.ts';
import { fmtSeconds, grouped } from './plots/format.ts';
import { readingLabel, refutedHeadline } from './labels.ts';
import { capsText } from './budget.ts';
import { provedBesideText } from './undecided.ts';
import { alsoHead } from './coverage.ts';

/** Findings of a report whose counterexample files sit in outDir/counterexamples. */
export function findingsOf(report: VerificationReport, outDir: string): Findings {
  const clean = JSON.parse(JSON.stringify(report)) as VerificationReport;
  return computeFindings(prepare(clean, (p) => loadCounterexample(p, outDir), undefined, { plots: false }));
}

const reading = readingLabel;
const plain = (s: string, max = 240) => {
  const t = s.replace(/\$/g, '');
  return t.length > max ? t.slice(0, max - 2).replace(/\s+\S*$/, '') + ' …' : t;
};

/** Wraps `text` at `width` columns, every line after the first indented by `indent`. */
export function wrap(text: string, width: number, indent: string): string {
  const lead = /^\s*/.exec(text)![0];
  const words = text.split(/\s+/).filter(Boolean);
  const lines: string[] = [];
  let line = '';
  if (words.length > 0) words[0] = lead + words[0];
  for (const w of words) {
    if (line !== '' && line.length + 1 + w.length > width) {
      lines.push(line);
      line = indent + w;
    } else line = line === '' ? w : `${line} ${w}`;
  }
  if (line !== '') lines.push(line);
  return lines.join('\n');
}

/**
 * What the findings are: refutations of the paper's claims under its own definitions, or of the
 * user's claims (verify --claims), which the paper's definitions have nothing to do with.
 */
export function headline(report: VerificationReport, f: Findings): string {
  return refutedHeadline(report.claims.map((c) => c.id), f.findings);
}

export interface SummaryOptions {
  /** Terminal width (default 100). */
  columns?: number;
  /** ANSI colour for verdict words (TTY only). */
  colour?: boolean;
  /** Rewrites a report-relative replay command to run where the user is (cli/replayHere.ts); as stored by default. */
  replayLine?: (command: string) => string;
}

export function terminalSummary(report: VerificationReport, outDir: string, opts: SummaryOptions = {}): string {
  const f = findingsOf(report, outDir);
  const width = Math.max(60, Math.min(opts.columns || 100, 120));
  const paint = (v: Verdict | string | null, s: string) => {
    if (!opts.colour) return s;
    const code = v === 'refuted' ? 31 : v === 'holds' || v === 'proved' ? 32 : v === 'error' ? 35 : 33;
    return `\x1b[${code}m${s}\x1b[0m`;
  };
  const out: string[] = [];
  const n = f.findings.length;
  const when = report.seconds !== undefined ? `, ${fmtSeconds(report.seconds)}` : '';
  out.push(`${headline(report, f)} (seed ${report.seed}, ${grouped(report.budget.runsPerClaim)} decided/check${when})`);
  const caps = capsText(report, true);
  // the checks with their own case cap decide fewer than the budget: the line above must not read as theirs
  if (caps) out.push(wrap(`  below the budget: ${caps}`, width, '    '));
  out.push('');
  for (const x of f.findings) {
    const where = x.readings.map((r) => (x.claims.length > 1 ? `${r.claim} ${reading(r.reading)}` : reading(r.reading))).join(', ');
    out.push(wrap(`${String(x.n).padStart(2)}. ${paint('refuted', x.claims.join(', '))} (${x.papers.join(', ')}; ${where}): ${plain(x.why)}`, width, '    '));
    if (x.refutedPremises.length > 0) out.push(wrap(`    uses refuted ${x.refutedPremises.join(', ')}`, width, '      '));
    for (const r of x.repairs) out.push(wrap(`    corrected: ${plain(r.statement)} → ${r.verdicts.map((v) => `${paint(v.verdict, v.verdict ?? 'no result')} (${reading(v.reading)})`).join(', ')}`, width, '      '));
    if (x.replay) out.push(`    replay: ${opts.replayLine ? opts.replayLine(x.replay) : x.replay}`);
    for (const o of x.alsoRefutedBy) {
      out.push(wrap(`    ${alsoHead(o, x.claims)}: ${plain(o.why)}`, width, '      '));
      if (o.replay) out.push(`    replay: ${opts.replayLine ? opts.replayLine(o.replay) : o.replay}`);
    }
  }
  if (f.interpretationOnly.length > 0) {
    // one entry per claim: which readings, how many interpretations; the report has the texts
    const by = new Map<string, { readings: Set<string>; n: number }>();
    for (const x of f.interpretationOnly) {
      const e = by.get(x.claim) ?? { readings: new Set<string>(), n: 0 };
      e.readings.add(reading(x.reading));
      e.n++;
      by.set(x.claim, e);
    }
    const items = [...by].map(([claim, e]) => `${claim} (${[...e.readings].join(', ')}${e.n > e.readings.size ? `; ${e.n} checks` : ''})`);
    out.push('', wrap(`Fails only under another interpretation of the text (not counted above; the report says which): ${items.join(', ')}`, width, '  '));
  }
  // A check that errored gets a line of its own with its message (else only in verification.json's detail).
  const undecided = f.open.filter((o) => o.verdict !== 'error');
  // One line each, with why: a claim Z3 proved whose numerical cross-check has too few decided cases says both.
  if (undecided.length > 0) out.push('', ...undecided.map((o, i) => wrap(`${i === 0 ? 'Undecided: ' : '           '}${o.claim} ${paint(o.verdict, o.verdict ?? 'no result')}${provedBesideText(o) ? ` (${provedBesideText(o)})` : ''}: ${plain(o.why, 200)}`, width, '             ')));
  const errored = report.claims.flatMap((c) => {
    const all = [...c.results.map((r) => ({ r, where: reading(r.reading) })), ...c.repairs.flatMap((rep, i) => rep.results.map((r) => ({ r, where: `${reading(r.reading)}, repair ${i + 1}` })))].filter((x) => x.r.verdict === 'error');
    return all.map(({ r, where }) => `${paint('error', all.length > 1 ? `${c.id} (${where})` : c.id)}: ${plain((r.detail ?? 'no message').split('\n')[0], 200)}`);
  });
  if (errored.length > 0) out.push('', ...errored.map((line, i) => wrap(`${i === 0 ? 'Errors: ' : '        '}${line}`, width, '          ')));
  const proved = f.holding.filter((h) => h.verdict === 'proved').map((h) => h.claim);
  const holds = f.holding.filter((h) => h.verdict === 'holds').map((h) => h.claim);
  if (proved.length + holds.length > 0) {
    out.push('');
    if (proved.length > 0) out.push(wrap(`${paint('proved', 'Proved')} (${proved.length}): ${proved.join(', ')}`, width, '  '));
    if (holds.length > 0) out.push(wrap(`${paint('holds', 'Holds')} (${holds.length}): ${holds.join(', ')}`, width, '  '));
  }
  if (f.section7.length > 0) {
    out.push('', '§7:');
    for (const r of f.section7) {
      const iv = r.intervals.map(intervalText).join('; ');
      out.push(wrap(`  ${r.claim}: ${r.verdicts.map((v) => `${paint(v.verdict, v.verdict ?? 'no result')} (${reading(v.reading)})`).join(', ')}${iv ? `; ${iv}` : ''}`, width, '    '));
      for (const rep of r.repairs) {
        const riv = rep.intervals.map(intervalText).join('; ');
        out.push(wrap(`    repair: ${plain(rep.statement, 140)} → ${rep.verdicts.map((v) => `${paint(v.verdict, v.verdict ?? 'no result')} (${reading(v.reading)})`).join(', ')}${riv ? `; ${riv}` : ''}`, width, '      '));
      }
    }
  }
  if (f.necessity.length > 0) {
    // One line per claim: each hypothesis once, with the paper's construction's answer and the construction-free one.
    out.push('', 'Hypothesis necessity (dropping it: paper\'s construction / any construction):');
    const byClaim = new Map<string, string[]>();
    for (const row of necessityPivot(f.necessity)) {
      const both = row.paper?.verdict === row.free?.verdict ? (row.paper?.verdict ?? 'undecided') : `${row.paper?.verdict ?? '—'} / ${row.free?.verdict ?? '—'}`;
      byClaim.set(row.claim, [...(byClaim.get(row.claim) ?? []), `${row.hypothesis}: ${both}`]);
    }
    for (const [claim, parts] of byClaim) out.push(`  ${claim}: ${parts.join('; ')}`);
  }
  out.push('', `Report: ${join(outDir, 'verification.html')}`);
  if (resolve(outDir) !== resolve(process.cwd(), outDir)) out.push(`        (${resolve(outDir, 'verification.html')})`);
  // With replayLine the replay lines above run from where verify ran; as stored they run in the report folder.
  if (!opts.replayLine && f.findings.some((x) => x.replay)) out.push(wrap(`Replay commands run in ${outDir}/ inside a project that has jepa-verify; elsewhere add --prefix <path to jepa-verify> after npx.`, width, '  '));
  return out.join('\n') + '\n';
}
