// Running a variant: every claim it names under the paper's configuration and under the variant,
// same seed and budget. The paper's column is the ledger's own checks of the claim (the
// PropertyCheck objects of properties/*.ts under the paper's definitions, run by the ledger with
// the same seed), so it equals the ledger's verdicts by construction.
import { existsSync, readFileSync } from 'node:fs';
import type { Claim } from '../claims/framework.ts';
import { loadClaims } from '../ledger/claims.ts';
import { ledgerUnits, runLedger, TOOL_VERSION } from '../ledger/run.ts';
import type { ClaimResult, CounterexampleFile, VerificationReport } from '../report/schema.ts';
import { assertSupported, configuredNotes, configurationOf, configurationTexts, runConfigured } from './configured.ts';
import type { VariantClaimId, VariantSpec } from './types.ts';

export interface VariantRunOptions {
  seed: number;
  runs: number;
  /** The variant file as counterexamples record it (for replay; LoadedVariant.file). */
  file: string;
  /** For a variant that is not shipped: the --variant argument the variant side's replayCommands add (replayVariantArgument). */
  replayVariant?: string;
  /**
   * The ledger's own verdicts beside: re-run them ('run'), read them from a verification.json ('file',
   * the default; `label` is how the report names it, so the report never holds a path that depends on
   * the working directory), or leave them out.
   */
  ledger?: { mode: 'run' } | { mode: 'file'; path: string; label?: string } | { mode: 'none' };
  progress?: (what: string) => void;
}

export interface LedgerColumn {
  source: string;
  results: ClaimResult[];
}

export interface VariantClaimEntry {
  id: VariantClaimId;
  statement: string;
  paper: string;
  /** The checks' rules (how a verdict is reached), once; each result's detail starts with its rule. */
  rules: string[];
  hypotheses: { paper: string[]; variant: string[] };
  paperResults: ClaimResult[];
  variantResults: ClaimResult[];
  ledger: LedgerColumn | null;
  change: string;
  changed: boolean;
  /** For each refutation under the variant: what the paper's configuration says on that very case. */
  notes: string[];
}

export interface VariantReport {
  schemaVersion: 1;
  kind: 'variant';
  tool: { name: 'jepa-verify'; version: string };
  seed: number;
  budget: { runsPerClaim: number };
  generatedAt?: string;
  seconds?: number;
  /** `configured`: the variant is configuration overrides, run on the ledger's own checks (always, since src/variants has no checks of its own). */
  variant: { name: string; description: string; file: string; claims: VariantClaimId[]; overrides: string[]; configured?: boolean };
  claims: VariantClaimEntry[];
  /** One line: which verdicts the variant changes. */
  outcome: string;
}

export interface VariantRun {
  report: VariantReport;
  counterexamples: { path: string; file: CounterexampleFile }[];
}

export function overridesOf(spec: VariantSpec): string[] {
  return configurationTexts(spec);
}

/** Shrinking budget per refutation: a variant re-checks many claims twice, and must stay within about a minute. */
const SHRINK_ATTEMPTS = 300;

export async function runVariant(spec: VariantSpec, options: VariantRunOptions): Promise<VariantRun> {
  const started = Date.now();
  const counterexamples: VariantRun['counterexamples'] = [];
  // Paths in the report, its counterexamples' and their replayCommands, are relative to the report
  // folder (as verify's): the same bytes for any --out and working directory; the caller writes them there.
  const base = `${spec.name}/counterexamples`;
  const ledgerMode = options.ledger ?? { mode: 'none' };
  const ledgerClaims = await loadClaims();
  assertSupported(ledgerClaims, spec, options.file);
  const ledgerFile = ledgerMode.mode === 'file' ? readVerification(ledgerMode.path, ledgerMode.label) : null;
  const entries: VariantClaimEntry[] = [];
  for (const id of spec.claims) {
    options.progress?.(`${id} (paper's configuration: the ledger's checks)`);
    const ledgerRun = runPaperSide(ledgerClaims, id, ledgerMode.mode === 'run', options, base, counterexamples);
    const paperResults = ledgerRun.paper;
    options.progress?.(`${id} (variant)`);
    const side = configuredSide(ledgerClaims, id, spec, options, base, counterexamples);
    let ledger: LedgerColumn | null = null;
    if (ledgerMode.mode === 'run') {
      ledger = { source: `the ledger's checks, run here (seed ${options.seed}, ${options.runs} runs; the paper column is its paper-definition results)`, results: ledgerRun.all };
    } else if (ledgerFile) {
      const entry = ledgerFile.report.claims.find((c) => c.id === id);
      if (entry) ledger = { source: `${ledgerFile.path} (seed ${ledgerFile.report.seed}, ${ledgerFile.report.budget.runsPerClaim} runs)`, results: entry.results };
    }
    const paperText = verdictText(paperResults);
    const variantText = verdictText(side.variantResults);
    const changed = paperText !== variantText;
    entries.push({ id, ...side, paperResults, ledger, change: changed ? `${paperText} → ${variantText}` : `unchanged (${paperText})`, changed });
  }
  const report: VariantReport = {
    schemaVersion: 1,
    kind: 'variant',
    tool: { name: 'jepa-verify', version: TOOL_VERSION },
    seed: options.seed,
    budget: { runsPerClaim: options.runs },
    generatedAt: new Date(started).toISOString(),
    seconds: (Date.now() - started) / 1000,
    variant: { name: spec.name, description: spec.description, file: options.file, claims: [...spec.claims], overrides: overridesOf(spec), configured: true },
    claims: entries,
    outcome: outcomeLine(entries),
  };
  return { report, counterexamples };
}

/**
 * The paper's column: the ledger's units of the claim under the paper's definitions, run as the
 * ledger runs them (same unit names, so same seeds). With `all`, the claim's other readings run
 * too (the ledger column); repairs never.
 */
function runPaperSide(claims: Claim[], id: VariantClaimId, all: boolean, options: VariantRunOptions, base: string, out: VariantRun['counterexamples']): { paper: ClaimResult[]; all: ClaimResult[] } {
  const units = ledgerUnits(claims, { only: [id] }).filter((u) => u.repair === -1);
  const paperUnits = new Set(units.filter((u) => u.check.paperDefinition !== false).map((u) => u.name));
  if (units.length === 0) return { paper: [], all: [] };
  const run = runLedger(claims, { seed: options.seed, runs: options.runs, only: [id], counterexampleDir: `${base}/paper`, unitFilter: (name) => (all ? units.some((u) => u.name === name) : paperUnits.has(name)) });
  out.push(...run.counterexamples);
  const results = (run.report.claims[0]?.results ?? []).map((r) => ({ ...r, replayCommand: r.counterexample ? `npx jepa-verify replay ${r.counterexample}` : undefined }));
  // Results come in unit order; keep those of paper-definition units.
  const ran = units.filter((u) => all || paperUnits.has(u.name));
  return { paper: results.filter((_, i) => paperUnits.has(ran[i]?.name)), all: results };
}

type Side = Pick<VariantClaimEntry, 'statement' | 'paper' | 'rules' | 'hypotheses' | 'variantResults' | 'notes'>;

/** The variant column of a configured variant: the ledger's checks under its configuration. */
function configuredSide(claims: Claim[], id: VariantClaimId, spec: VariantSpec, options: VariantRunOptions, base: string, out: VariantRun['counterexamples']): Side {
  const claim = claims.find((c) => c.id === id);
  const side = runConfigured(claims, id, configurationOf(spec), { seed: options.seed, runs: options.runs, counterexampleDir: `${base}/variant`, shrinkAttempts: SHRINK_ATTEMPTS, file: options.file, replayVariant: options.replayVariant });
  out.push(...side.counterexamples);
  return {
    statement: claim?.statement ?? id,
    paper: claim?.paper ?? '',
    rules: [...new Set(side.checks.flatMap((c) => [c.paper.rule, c.variant.rule]))],
    hypotheses: { paper: claim?.hypotheses ?? [], variant: [...(claim?.hypotheses ?? []).filter((h) => !replacedByOverride(spec, h)), ...configurationTexts(spec).map((t) => `override: ${t}`)] },
    variantResults: side.results,
    notes: configuredNotes(side, (path) => out.find((x) => x.path === path)?.file),
  };
}

/**
 * Claim hypotheses an override states otherwise, left out of the variant's list so it does not read
 * "unit u with W u = 0" beside "override: ... without W u = 0" (N9 N15). Only where the override
 * text itself restates the rest of the hypothesis (u-orthogonal-only: any unit u ⊥ z_d).
 */
const REPLACED: Partial<Record<string, Record<string, RegExp>>> = { construction: { 'u-orthogonal-only': /W u = 0/ } };
const replacedByOverride = (spec: VariantSpec, hypothesis: string) =>
  Object.entries(spec.configuration).some(([field, value]) => REPLACED[field]?.[value as string]?.test(hypothesis) ?? false);

export function verdictText(results: ClaimResult[]): string {
  if (results.length === 0) return 'no check';
  const verdicts = new Set(results.map((r) => r.verdict));
  if (verdicts.size === 1) return results[0].verdict;
  return results.map((r) => `${r.reading}: ${r.verdict}`).join(', ');
}

export function outcomeLine(entries: VariantClaimEntry[]): string {
  const changed = entries.filter((e) => e.changed).map((e) => `${e.id} ${e.change}`);
  const same = entries.filter((e) => !e.changed).map((e) => `${e.id} (${verdictText(e.variantResults)})`);
  return [changed.length > 0 ? `changed: ${changed.join('; ')}` : 'no verdict changes', same.length > 0 ? `unchanged: ${same.join(', ')}` : ''].filter(Boolean).join('. ');
}

function readVerification(path: string, label = path): { path: string; report: VerificationReport } | null {
  if (!existsSync(path)) return null;
  try {
    const report = JSON.parse(readFileSync(path, 'utf8')) as VerificationReport;
    return Array.isArray(report?.claims) ? { path: label, report } : null;
  } catch {
    return null;
  }
}
