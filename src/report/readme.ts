// The README's "What the default run finds", generated from a verification.json (and its
// counterexamples) by the same computeFindings() the reports use, between two markers, so it is
// never hand-kept. Run: jepa-verify report --readme README.md (or npx tsx src/report/readme.ts [--out reports] [--readme README.md])

import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { VerificationReport, Verdict } from './schema.ts';
import { InputError } from '../model/validate.ts';
import { findingsOf } from './terminal.ts';
import { intervalText, necessityPivot, type Findings } from './findings.ts';
import { badgeStyle } from './html/verdicts.ts';
import { readingLabel } from './labels.ts';
import { budgetText } from './budget.ts';
import { provedBesideText } from './undecided.ts';
import { alsoHead } from './coverage.ts';

export const START = '<!-- findings:start -->';
export const END = '<!-- findings:end -->';

const v = (x: Verdict | null) => (x === null ? 'no result' : `${badgeStyle(x).symbol} ${x}`);
const rd = readingLabel;
/** Table-safe: pipes escaped, no line breaks, no $ (GitHub would start math mid-sentence). */
const cell = (s: string, max = 220) => {
  const t = s.replace(/\s+/g, ' ').replace(/\|/g, '\\|').replace(/\$/g, '').trim();
  return t.length > max ? t.slice(0, max - 2).replace(/\s+\S*$/, '') + ' …' : t;
};

/** Outside tables: no pipe escaping, no $ (GitHub would start math mid-sentence). */
const text = (s: string, max: number) => {
  const t = s.replace(/\s+/g, ' ').replace(/\$/g, '').trim();
  return t.length > max ? t.slice(0, max - 2).replace(/\s+\S*$/, '') + ' …' : t;
};

export function findingsSectionMarkdown(report: VerificationReport, f: Findings): string {
  const out: string[] = [];
  const n = f.findings.length;
  out.push(`Generated from \`verification.json\` of \`jepa-verify verify\` (seed ${report.seed}, ${budgetText(report)}) by \`jepa-verify report --readme README.md\`; do not edit by hand.`, '');
  out.push(`**${n} finding${n === 1 ? '' : 's'}** (claims refuted under the paper's own definitions; counterexamples replay with \`npx jepa-verify replay counterexamples/FILE\` run in the report folder inside a project that has jepa-verify, elsewhere with \`npx --prefix <path to jepa-verify> jepa-verify replay ...\`):`, '');
  if (n > 0) {
    out.push('| # | claim | reading | why it fails (smallest counterexample) | corrected statement |', '|---:|---|---|---|---|');
    for (const x of f.findings) {
      const readings = [...new Set(x.readings.map((r) => rd(r.reading)))].join(', ');
      const fix = x.repairs.length === 0 ? '—' : x.repairs.map((r) => `${cell(r.statement, 160)} (${r.verdicts.map((q) => `${v(q.verdict)}${q.reading === 'any' ? '' : ` ${q.reading}`}`).join(', ')})`).join('<br>');
      const also = x.alsoRefutedBy.map((o) => `<br>${alsoHead(o, x.claims)}: refuted by ${o.file ? `\`${o.file}\`` : 'a check without a file'}`).join('');
      out.push(`| ${x.n} | ${x.claims.join(', ')} (${cell(x.papers.join(', '))}) | ${readings} | ${cell(x.why)}${also} | ${fix} |`);
    }
    out.push('');
  }
  if (f.interpretationOnly.length > 0) {
    out.push('Refuted only under another interpretation of the text (not counted above; the report says which):', '');
    for (const x of f.interpretationOnly) out.push(`- ${x.claim} (${rd(x.reading)}): ${text(x.interpretation, 160)}; under the paper's definitions ${v(x.paperVerdict)}`);
    out.push('');
  }
  const proved = f.holding.filter((h) => h.verdict === 'proved').map((h) => h.claim);
  const holds = f.holding.filter((h) => h.verdict === 'holds').map((h) => h.claim);
  if (proved.length > 0) out.push(`**Proved** (formal proof, numerical checks agree): ${proved.join(', ')}.`, '');
  if (holds.length > 0) out.push(`**Holds** (no counterexample in the search): ${holds.join(', ')}.`, '');
  if (f.open.length > 0) out.push(`**Undecided**: ${f.open.map((o) => `${o.claim} (${provedBesideText(o) ?? o.verdict ?? 'no result'})`).join(', ')}.`, '');
  if (f.section7.length > 0) {
    out.push('**§7**:', '', '| claim | verdict | interval |', '|---|---|---|');
    for (const r of f.section7) {
      out.push(`| ${r.claim} | ${r.verdicts.map((q) => `${v(q.verdict)}${q.reading === 'any' ? '' : ` ${q.reading}`}`).join(', ')} | ${cell(r.intervals.map(intervalText).join('; ')) || '—'} |`);
      for (const rep of r.repairs) out.push(`| ↳ ${cell(rep.statement, 140)} | ${rep.verdicts.map((q) => `${v(q.verdict)}${q.reading === 'any' ? '' : ` ${q.reading}`}`).join(', ')} | ${cell(rep.intervals.map(intervalText).join('; ')) || '—'} |`);
    }
    out.push('');
  }
  if (f.necessity.length > 0) {
    out.push("Which hypotheses are needed (dropping one: does the claim still hold? cases in brackets):", '', "| claim | hypothesis dropped | paper's construction | any construction |", '|---|---|---|---|');
    const nv = (r?: { verdict: string; cases: number }) => (r ? `${r.verdict} (${r.cases})` : '—');
    for (const x of necessityPivot(f.necessity)) out.push(`| ${x.claim} | ${cell(x.hypothesis)} | ${nv(x.paper)} | ${nv(x.free)} |`);
    out.push('');
  }
  return out.join('\n').trimEnd();
}

/** `readme` with the text between the markers replaced; an error names the missing marker. */
export function replaceSection(readme: string, section: string): string {
  const a = readme.indexOf(START);
  const b = readme.indexOf(END);
  if (a < 0) throw new InputError(`--readme: marker ${START} not found`);
  if (b < a) throw new InputError(`--readme: marker ${END} not found after ${START}`);
  return `${readme.slice(0, a + START.length)}\n${section}\n${readme.slice(b)}`;
}

export function updateReadme(readmePath: string, outDir: string): boolean {
  if (!existsSync(readmePath)) throw new InputError(`--readme: ${readmePath} not found`);
  const report = JSON.parse(readFileSync(join(outDir, 'verification.json'), 'utf8')) as VerificationReport;
  const section = findingsSectionMarkdown(report, findingsOf(report, outDir));
  const before = readFileSync(readmePath, 'utf8');
  const after = replaceSection(before, section);
  if (after !== before) writeFileSync(readmePath, after);
  return after !== before;
}

const isEntry = process.argv[1] && resolve(process.argv[1]) === resolve(new URL(import.meta.url).pathname);
if (isEntry) {
  const arg = (name: string, fallback: string) => {
    const i = process.argv.indexOf(name);
    return i > 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback;
  };
  try {
    const changed = updateReadme(arg('--readme', 'README.md'), arg('--out', 'reports'));
    process.stdout.write(changed ? 'README findings section updated\n' : 'README findings section already current\n');
  } catch (e) {
    process.stderr.write(`readme: ${(e as Error).message.split('\n')[0]}\n`);
    process.exitCode = 2;
  }
}
