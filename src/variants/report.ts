// reports/variants/<name>.{md,json} and reports/variants/index.md.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ClaimResult } from '../report/schema.ts';
import { escapeMarkdown } from '../report/markdown-escape.ts';
import type { VariantClaimEntry, VariantReport } from './run.ts';
import { VARIANT_NAME } from './define.ts';

/** A sentence ends at '. ' before a capital letter (so 'eqs. (4)' and 'e.g. the' do not end one). */
export const SENTENCE_END = /(?<=\.)\s+(?=[A-Z])/;

const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

function resultCell(r: ClaimResult | undefined): string {
  if (!r) return '—';
  return `${r.verdict} (${r.cases})`;
}

function readingsOf(e: VariantClaimEntry): string[] {
  const out: string[] = [];
  for (const r of [...e.paperResults, ...e.variantResults]) if (!out.includes(r.reading)) out.push(r.reading);
  return out;
}

/** Results of one reading; eq4's two checks share 'any' and are told apart by order. */
function byReading(results: ClaimResult[], reading: string): ClaimResult[] {
  return results.filter((r) => r.reading === reading);
}

/** Paths in the report are relative to its folder, as are the links and replay commands written here. */
export function renderVariantMarkdown(report: VariantReport): string {
  const v = report.variant;
  const lines: string[] = [];
  lines.push(`# Variant \`${v.name}\``, '');
  lines.push(v.description, '');
  lines.push(`File \`${v.file}\` · seed ${report.seed} · ${report.budget.runsPerClaim} runs per check · ${report.seconds?.toFixed(1) ?? '?'} s · ${report.generatedAt ?? ''}`, '');
  lines.push(`**Outcome.** ${report.outcome}`, '');
  lines.push('## What the variant changes', '');
  for (const o of v.overrides) lines.push(`- ${o}`);
  lines.push('', 'What the variant leaves alone is the paper\'s configuration: its hypotheses as the ledger reads them, the linear softmax head, the tabular encoder, the certified Lipschitz constant, the §4.2 / §5.3 construction, both readings of eq. (1) (on-policy and fixed-data). The paper\'s column is the ledger\'s own checks of each claim under the paper\'s definitions, run with the same seed and budget (so it is the ledger\'s verdict). ' + 'The variant is configuration overrides: its column runs those very checks under its configuration, with the same seeds (the same generated cases unless the configuration draws more per case).', '');
  lines.push('## Verdicts', '');
  lines.push('In brackets: the cases that met the hypotheses (for a refutation, those run until it was found). "Ledger" is the main ledger\'s own check of the claim, for reference (its generator and budget may differ).', '');
  lines.push('| claim | reading | paper\'s configuration | variant | ledger | change |', '|---|---|---|---|---|---|');
  for (const e of report.claims) {
    for (const reading of readingsOf(e)) {
      const p = byReading(e.paperResults, reading);
      const w = byReading(e.variantResults, reading);
      const l = e.ledger ? byReading(e.ledger.results, reading) : [];
      const n = Math.max(p.length, w.length, 1);
      for (let i = 0; i < n; i++) {
        const change = p[i] && w[i] ? (p[i].verdict === w[i].verdict ? 'same' : `**${p[i].verdict} → ${w[i].verdict}**`) : 'reading not in both';
        const ledgerCell = e.ledger ? (l.length > 0 ? [...new Set(l.map((x) => x.verdict))].join(', ') : '—') : 'not run';
        lines.push(`| ${e.id} | ${reading}${n > 1 ? ` (${i + 1})` : ''} | ${resultCell(p[i])} | ${resultCell(w[i])} | ${ledgerCell} | ${change} |`);
      }
    }
  }
  lines.push('');
  for (const e of report.claims) {
    lines.push(`## ${e.id} (${e.paper})`, '');
    lines.push(`*${e.statement}*`, '');
    lines.push(`**${e.change}.**`, '');
    const same = JSON.stringify(e.hypotheses.paper) === JSON.stringify(e.hypotheses.variant);
    lines.push(`Hypotheses${same ? ' (both)' : ' (paper)'}: ${e.hypotheses.paper.length > 0 ? e.hypotheses.paper.join('; ') : 'none beyond the construction'}.`, '');
    if (!same) lines.push(`Hypotheses (variant): ${e.hypotheses.variant.length > 0 ? e.hypotheses.variant.join('; ') : 'none beyond the construction'}.`, '');
    for (const rule of e.rules) lines.push(`How: ${rule}`, '');
    for (const [side, results] of [['variant', e.variantResults], ['paper\'s configuration', e.paperResults]] as const) {
      for (const r of results) {
        lines.push(`- **${side}, ${r.reading}: ${r.verdict}** (${r.cases} cases, ${r.seconds ?? '?'} s). ${cell(withoutRule(r.detail, e.rules))}`);
        if (r.counterexample) lines.push(`  - counterexample: [${r.counterexample}](${r.counterexample}) — replay with \`${r.replayCommand ?? `npx jepa-verify replay ${r.counterexample}`}\` in this folder`);
        const corners = r.corners.filter((c) => !/^(\|S\||\|A\||d) = \d+$/.test(c));
        if (side === 'variant' && corners.length > 0) lines.push(`  - corners reached (besides sizes): ${corners.join(', ')}`);
      }
    }
    const readings = [...new Set([...e.variantResults, ...e.paperResults].map((r) => r.interpretation).filter(Boolean))];
    for (const x of readings) lines.push(`- interpretation: ${x}`);
    for (const note of e.notes) lines.push(`- ${note}`);
    if (e.ledger) lines.push(`- ledger (${e.ledger.source}): ${e.ledger.results.map((r) => `${r.reading} ${r.verdict} [${r.method}]`).join(', ') || 'no results'}`);
    lines.push('');
  }
  return lines.join('\n');
}

function withoutRule(detail: string, rules: string[]): string {
  for (const rule of rules) if (detail.startsWith(rule)) return detail.slice(rule.length).trim();
  return detail;
}

export interface IndexEntry {
  name: string;
  file: string;
  description: string;
  report: VariantReport | null;
}

/**
 * Every report in the folders, plus the shipped variants that have none yet. A name found in an
 * earlier folder wins: a run's staging folder, then the report folder it replaces. Reports of
 * variants that are not shipped follow in the order of their file names, as one folder lists them.
 */
export function collectIndex(dirs: string[], shipped: { name: string; file: string; description: string }[]): IndexEntry[] {
  const found = new Map<string, { file: string; report: VariantReport }>();
  for (const dir of dirs) {
    if (!existsSync(dir)) continue;
    const here = new Map<string, { file: string; report: VariantReport }>();
    for (const f of readdirSync(dir).filter((x) => x.endsWith('.json')).sort()) {
      try {
        const r = JSON.parse(readFileSync(join(dir, f), 'utf8')) as VariantReport;
        // Only what `variant` writes: NAME.json beside NAME.md, NAME a valid variant name (the link and the
        // file name are built from it); a hand-made report under another file name is not listed.
        const name = r?.kind === 'variant' ? r.variant?.name : undefined;
        if (typeof name === 'string' && VARIANT_NAME.test(name) && f === `${name}.json` && existsSync(join(dir, `${name}.md`))) here.set(name, { file: f, report: r });
      } catch {
        // a broken report is left out of the index rather than taking it down
      }
    }
    for (const [name, x] of here) if (!found.has(name)) found.set(name, x);
  }
  const reports = new Map([...found].sort(([, a], [, b]) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0)).map(([name, x]) => [name, x.report]));
  const out: IndexEntry[] = shipped.map((s) => ({ ...s, report: reports.get(s.name) ?? null }));
  for (const [name, r] of reports) if (!shipped.some((s) => s.name === name)) out.push({ name, file: r.variant.file, description: r.variant.description, report: r });
  return out;
}

export function renderIndex(entries: IndexEntry[]): string {
  const lines = [
    '# Assumption variants',
    '',
    'Each variant changes one thing about the paper\'s setting (a hypothesis, a model class, the construction, the reading of eq. (1)) and re-checks the claims that change can break, beside the same checks under the paper\'s own configuration, with the same seed. Verdicts follow the ledger\'s rules: a refutation is confirmed at 64 digits; a float64 violation with no 64-digit check is reported inconclusive.',
    '',
    'Run one with `npx jepa-verify variant properties/variants/<file>.ts [--runs N] [--seed N]`, all shipped ones with `npx jepa-verify variant --all`; list them with `npx jepa-verify variant --list`. To write your own, put a file anywhere in your project (an ES module package with jepa-verify installed) that says `import { defineVariant } from \'jepa-verify\'` and `export default defineVariant({ name, description, claims, configuration })` (the files under `properties/variants/` are examples, about 20 lines; the fields are typed by `VariantSpec`), run it with `npx jepa-verify variant FILE`, and replay its counterexamples with `npx jepa-verify replay COUNTEREXAMPLE --variant FILE` (replay runs a shipped variant by its name, any other variant file only when you pass it). Replay commands in a report run from its folder.',
    '',
    '| variant | what changes | claims | outcome |',
    '|---|---|---|---|',
  ];
  for (const e of entries) {
    const link = e.report ? `[${e.name}](${e.name}.md)` : `${e.name} (not run yet)`;
    const first = String(e.description).split(SENTENCE_END)[0];
    // A report read back from the folder is data: its text is escaped, never rendered as Markdown or HTML.
    const claims = e.report && Array.isArray(e.report.variant.claims) ? e.report.variant.claims.map(String).join(', ') : '—';
    lines.push(`| ${link} | ${escapeMarkdown(first, true)} | ${e.report ? escapeMarkdown(claims, true) : '—'} | ${e.report ? escapeMarkdown(String(e.report.outcome), true) : '—'} |`);
  }
  lines.push('', `Files: ${entries.map((e) => `\`${String(e.file).replace(/`/g, "'")}\``).join(', ')}.`, '');
  return lines.join('\n');
}
