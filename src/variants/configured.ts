// A variant given as configuration overrides (src/claims/configuration.ts): the ledger's own checks
// of each claim, under the paper's configuration and under the variant's, same unit labels and so
// same seeds and cases. No second copy of a check is involved.
import { configure, CONFIGURATION_TEXT, type Configuration, unsupportedFields } from '../claims/configuration.ts';
import { InputError } from '../model/validate.ts';
import { runProperty, type Claim, type PropertyCheck } from '../claims/framework.ts';
import { findCheck, recheckCase } from '../claims/recheck.ts';
import { ledgerUnits, type LedgerUnit } from '../ledger/run.ts';
import type { ClaimResult, CounterexampleFile } from '../report/schema.ts';
import type { VariantSpec } from './types.ts';

export const configurationOf = (spec: VariantSpec): Configuration => configure(spec.configuration);

export function configurationTexts(spec: VariantSpec): string[] {
  return Object.entries(spec.configuration ?? {}).map(([field, value]) => `${field}: ${CONFIGURATION_TEXT[field as keyof Configuration]?.[value as string] ?? String(value)}`);
}

/** The ledger's units of a claim under the paper's definitions (its own checks, not its repairs): the paper column. */
export const paperUnits = (claims: Claim[], id: string): LedgerUnit[] =>
  ledgerUnits(claims, { only: [id] }).filter((u) => u.repair === -1 && u.check.paperDefinition !== false);

/**
 * The check under `cfg`. A check without an `under` hook supports no configuration field, and one with
 * a hook refuses the fields it does not declare (configurable): neither may run the paper's setting
 * under a variant's name.
 */
export function underConfiguration<T>(check: PropertyCheck<T>, cfg: Configuration): PropertyCheck<T> {
  const missing = unsupportedFields(check, cfg);
  if (missing.length) throw new InputError(`the claim's checks do not run under ${missing.join(', ')} (fields the variant overrides and the checks do not declare)`);
  return check.under?.(cfg) ?? check;
}

/** Refuses, before anything runs, a variant naming a claim whose checks do not all support its overrides. */
export function assertSupported(claims: Claim[], spec: Pick<VariantSpec, 'claims' | 'configuration'>, where: string): void {
  const cfg = configure(spec.configuration);
  const missingFor = (id: string) => [...new Set(paperUnits(claims, id).flatMap((u) => unsupportedFields(u.check, cfg)))];
  const runsUnder = (id: string, field: string) => paperUnits(claims, id).length > 0 && !missingFor(id).includes(field as keyof Configuration);
  spec.claims.forEach((id, i) => {
    const missing = missingFor(id);
    if (!missing.length) return;
    const alternatives = missing.map((f) => `${f}: ${claims.filter((c) => runsUnder(c.id, f)).map((c) => c.id).join(', ') || 'none'}`).join('; ');
    throw new InputError(`${where}: claims[${i}]: ${id}'s checks do not run under ${missing.join(', ')} (claims that do: ${alternatives})`);
  });
}

export interface ConfiguredSide {
  results: ClaimResult[];
  counterexamples: { path: string; file: CounterexampleFile }[];
  /** Per result: the paper's check and the variant's check it ran. */
  checks: { paper: PropertyCheck<unknown>; variant: PropertyCheck<unknown> }[];
}

/** The variant column: every paper unit's check under `cfg`, run with the unit's own label (hence seed). */
export function runConfigured(claims: Claim[], id: string, cfg: Configuration, o: { seed: number; runs: number; counterexampleDir: string; shrinkAttempts?: number; file: string; replayVariant?: string }): ConfiguredSide {
  const variantArgument = o.replayVariant === undefined ? '' : ` --variant ${shellWord(o.replayVariant)}`;
  const out: ConfiguredSide = { results: [], counterexamples: [], checks: [] };
  for (const unit of paperUnits(claims, id)) {
    const check = underConfiguration(unit.check as PropertyCheck<unknown>, cfg);
    const run = runProperty(id, check, { seed: o.seed, runs: o.runs, counterexampleDir: o.counterexampleDir, shrinkAttempts: o.shrinkAttempts }, unit.label);
    if (run.counterexample && run.result.counterexample) out.counterexamples.push({ path: run.result.counterexample, file: { ...run.counterexample, variant: o.file, side: 'variant' } });
    out.results.push({ ...run.result, replayCommand: run.result.counterexample ? `npx jepa-verify replay ${run.result.counterexample}${variantArgument}` : undefined });
    out.checks.push({ paper: unit.check as PropertyCheck<unknown>, variant: check });
  }
  return out;
}

/** A path as one POSIX shell word: unchanged when it has no special characters, else single-quoted. */
const shellWord = (p: string): string => (/^[\w@%+=:,./-]+$/.test(p) ? p : `'${p.replace(/'/g, `'\\''`)}'`);

/** For each refutation under the variant: what the paper's own check says on that very case. */
export function configuredNotes(side: ConfiguredSide, counterexampleOf: (path: string) => CounterexampleFile | undefined): string[] {
  const notes: string[] = [];
  side.results.forEach((r, i) => {
    if (r.verdict !== 'refuted' || !r.counterexample) return;
    const file = counterexampleOf(r.counterexample);
    if (!file) return;
    const status = recheckCase(side.checks[i].paper, file.case);
    notes.push(`${r.reading}: the paper's configuration on the variant's counterexample: ${status.lines.at(-1)?.replace(/^verdict: /, '') ?? status.status}`);
  });
  return notes;
}

type VariantFileRef = { claim: string; reading: string; repairLabel?: unknown; side?: unknown };

/** The check a variant counterexample names: the ledger's check, under the variant's configuration for side 'variant'. */
export function configuredCheck(claims: Claim[], spec: VariantSpec, file: VariantFileRef): PropertyCheck<unknown> | null {
  const claim = claims.find((c) => c.id === file.claim);
  const check = claim && findCheck(claim, file.reading, typeof file.repairLabel === 'string' ? file.repairLabel : undefined);
  if (!check) return null;
  return file.side === 'variant' ? underConfiguration(check, configurationOf(spec)) : check;
}
