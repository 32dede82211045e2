// Running a variant: every claim it names under the paper's configuration and under the variant,
// same seed and budget. The paper's column is the ledger's own checks of the claim (the
// PropertyCheck objects of properties/*.ts under the paper's definitions, run by the ledger with
// the same seed), so it equals the ledger's verdicts by construction.
import { existsSync, readFileSync } from 'node:fs';
import { runProperty, type Claim, type PropertyCheck } from '../claims/framework.ts';
import { loadClaims } from '../ledger/claims.ts';
import { ledgerUnits, runLedger, TOOL_VERSION } from '../ledger/run.ts';
import type { ClaimResult, CounterexampleFile, VerificationReport } from '../report/schema.ts';
import { CLAIM_TEXT, checksFor, labelOf } from './checks.ts';
import { paperConfig, variantConfig, hypothesesFor, type Config } from './setup.ts';
import { configuredNotes, configurationOf, configurationTexts, isConfigured, runConfigured } from './configured.ts';
import { familyOf, type VariantCase, type VariantClaimId, type VariantSpec } from './types.ts';

export interface VariantRunOptions {
  seed: number;
  runs: number;
  /** Where reports go (reports/variants); counterexamples under <outDir>/<name>/counterexamples/<side>/. */
  outDir: string;
  /** The variant file as counterexamples record it (for replay). */
  file: string;
  /** The ledger's own verdicts beside: re-run them ('run'), read them from a verification.json ('file', the default), or leave them out. */
  ledger?: { mode: 'run' } | { mode: 'file'; path: string } | { mode: 'none' };
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
  /** How the generic check reads the statement when the model class differs from the paper's. */
  genericReading?: string;
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
  /** `configured`: the variant is configuration overrides, run on the ledger's own checks. */
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
  const out: string[] = [];
  const h = spec.hypotheses;
  for (const x of h?.add ?? []) out.push(`hypothesis added: ${x.name}: ${x.statement}`);
  for (const x of h?.remove ?? []) out.push(`hypothesis removed: ${x}`);
  for (const [name, x] of Object.entries(h?.replace ?? {})) out.push(`hypothesis ${name} replaced by ${x.name}: ${x.statement}`);
  if (spec.generator) out.push('generator: narrowed or widened (see the file)');
  if (spec.construction) out.push(`construction: ${spec.construction.name}: ${spec.construction.description}`);
  if (spec.head) out.push(`head: ${spec.head.name}: ${spec.head.description}`);
  if (spec.encoder) out.push(`encoder: ${spec.encoder.name}: ${spec.encoder.description}`);
  if (spec.worldModel) out.push(`world model: ${spec.worldModel.name}: ${spec.worldModel.description}`);
  if (spec.lipschitz) out.push(`Lipschitz constant: ${spec.lipschitz.name}: ${spec.lipschitz.description}`);
  if (spec.readings) out.push(`readings of eq. (1): ${spec.readings.map((r) => `${r.label} (${r.description})`).join('; ')}`);
  out.push(...configurationTexts(spec));
  return out;
}

/** Shrinking budget per refutation: a variant re-checks many claims twice, and must stay within about a minute. */
const SHRINK_ATTEMPTS = 300;

export async function runVariant(spec: VariantSpec, options: VariantRunOptions): Promise<VariantRun> {
  const started = Date.now();
  const counterexamples: VariantRun['counterexamples'] = [];
  const base = `${options.outDir}/${spec.name}/counterexamples`;
  const ledgerMode = options.ledger ?? { mode: 'none' };
  const ledgerClaims = await loadClaims();
  const ledgerFile = ledgerMode.mode === 'file' ? readVerification(ledgerMode.path) : null;
  const entries: VariantClaimEntry[] = [];
  const configured = isConfigured(spec);
  for (const id of spec.claims) {
    options.progress?.(`${id} (paper's configuration: the ledger's checks)`);
    const ledgerRun = runPaperSide(ledgerClaims, id, ledgerMode.mode === 'run', options, base, counterexamples);
    const paperResults = ledgerRun.paper;
    options.progress?.(`${id} (variant)`);
    const side = configured ? configuredSide(ledgerClaims, id, spec, options, base, counterexamples) : legacySide(ledgerClaims, id, spec, options, base, counterexamples);
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
    variant: { name: spec.name, description: spec.description, file: options.file, claims: [...spec.claims], overrides: overridesOf(spec), configured },
    claims: entries,
    outcome: outcomeLine(entries),
  };
  return { report, counterexamples };
}

/** The ledger's own checks of a claim (not its repairs) that use the paper's definitions. */
function ledgerChecks(claims: Claim[], id: VariantClaimId): PropertyCheck<unknown>[] {
  return (claims.find((c) => c.id === id)?.checks ?? []).filter((c) => c.paperDefinition !== false) as PropertyCheck<unknown>[];
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

type Side = Pick<VariantClaimEntry, 'statement' | 'paper' | 'genericReading' | 'rules' | 'hypotheses' | 'variantResults' | 'notes'>;

/** The variant column of a configured variant: the ledger's checks under its configuration. */
function configuredSide(claims: Claim[], id: VariantClaimId, spec: VariantSpec, options: VariantRunOptions, base: string, out: VariantRun['counterexamples']): Side {
  const claim = claims.find((c) => c.id === id);
  const side = runConfigured(claims, id, configurationOf(spec), { seed: options.seed, runs: options.runs, counterexampleDir: `${base}/variant`, shrinkAttempts: SHRINK_ATTEMPTS, file: options.file });
  out.push(...side.counterexamples);
  return {
    statement: claim?.statement ?? id,
    paper: claim?.paper ?? '',
    rules: [...new Set(side.checks.flatMap((c) => [c.paper.rule, c.variant.rule]))],
    hypotheses: { paper: claim?.hypotheses ?? [], variant: [...(claim?.hypotheses ?? []), ...configurationTexts(spec).map((t) => `override: ${t}`)] },
    variantResults: side.results,
    notes: configuredNotes(side, (path) => out.find((x) => x.path === path)?.file),
  };
}

/** The variant column of a variant that still overrides through src/variants' own checks. */
function legacySide(claims: Claim[], id: VariantClaimId, spec: VariantSpec, options: VariantRunOptions, base: string, out: VariantRun['counterexamples']): Side {
  const family = familyOf(id);
  const paper = paperConfig(family);
  const variant = variantConfig(spec, family);
  const variantResults = runSide(id, variant, 'variant', options, base, out);
  return {
    statement: CLAIM_TEXT[id].statement,
    paper: CLAIM_TEXT[id].paper,
    genericReading: CLAIM_TEXT[id].reading,
    rules: [...new Set([...ledgerChecks(claims, id), ...checksFor(id, variant)].map((c) => c.rule))],
    hypotheses: { paper: hypothesesFor(paper, id).map((h) => `${h.name}: ${h.statement}`), variant: hypothesesFor(variant, id).map((h) => `${h.name}: ${h.statement}`) },
    variantResults,
    notes: sameCaseNotes(id, variantResults, variant, out),
  };
}

function runSide(id: VariantClaimId, cfg: Config, side: 'paper' | 'variant', options: VariantRunOptions, base: string, out: VariantRun['counterexamples']): ClaimResult[] {
  const checks = checksFor(id, cfg);
  return checks.map((check, i) => {
    const label = labelOf(checks as PropertyCheck<unknown>[], i);
    const run = runProperty(id, check, { seed: options.seed, runs: options.runs, counterexampleDir: `${base}/${side}`, shrinkAttempts: SHRINK_ATTEMPTS }, label);
    if (run.counterexample && run.result.counterexample) {
      const reading = cfg.readings.find((r) => r.label === check.reading);
      out.push({
        path: run.result.counterexample,
        file: { ...run.counterexample, variant: options.file, side, ...(reading ? { objective: reading } : {}) },
      });
    }
    return { ...run.result, replayCommand: run.result.counterexample ? `npx jepa-verify replay ${run.result.counterexample}` : undefined };
  });
}

/**
 * Is a refutation under the variant new? The paper's configuration is run on the variant's
 * counterexample: under the same reading when the paper has it, else under each of the paper's readings.
 */
function sameCaseNotes(id: VariantClaimId, results: ClaimResult[], variant: Config, counterexamples: VariantRun['counterexamples']): string[] {
  const paperChecks = checksFor(id, paperConfig(variant.family));
  const variantChecks = checksFor(id, variant);
  const paired = paperChecks.length === variantChecks.length && paperChecks.every((c, i) => c.reading === variantChecks[i].reading);
  const notes: string[] = [];
  results.forEach((r, i) => {
    if (r.verdict !== 'refuted' || !r.counterexample) return;
    const file = counterexamples.find((x) => x.path === r.counterexample)?.file;
    if (!file) return;
    const value = file.case as VariantCase;
    const targets = paired ? [paperChecks[i]] : paperChecks;
    const parts = targets.map((check) => `${paired ? '' : `${check.reading}: `}${outcomeOn(check, value)}`);
    notes.push(`${r.reading}: the paper's configuration on the variant's counterexample: ${parts.join('; ')}`);
  });
  return notes;
}

function outcomeOn(check: PropertyCheck<VariantCase>, value: VariantCase): string {
  try {
    const outcome = check.run(value);
    if (outcome.kind === 'skip') return `outside its hypotheses (${outcome.reason})`;
    if (outcome.kind === 'ok') return 'no violation on this case';
    if (outcome.kind === 'undecided') return `undecided on this case (${outcome.reason})`;
    const c = outcome.confirm();
    return c.confirmed ? `violated too (${outcome.message}; confirmed at ${c.digits} digits)` : `only a float64 candidate that does not confirm (${c.message})`;
  } catch (error) {
    return `could not be evaluated (${error instanceof Error ? error.message.split('\n')[0] : String(error)})`;
  }
}

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

function readVerification(path: string): { path: string; report: VerificationReport } | null {
  if (!existsSync(path)) return null;
  try {
    const report = JSON.parse(readFileSync(path, 'utf8')) as VerificationReport;
    return Array.isArray(report?.claims) ? { path, report } : null;
  } catch {
    return null;
  }
}
