// `jepa-verify replay FILE`: re-check a counterexample from its file alone, at float64 and 64 digits.
import { readFileSync } from 'node:fs';
import type { Claim, PropertyCheck } from '../claims/framework.ts';
import { fmt } from '../claims/framework.ts';
import { loadClaims } from '../ledger/claims.ts';
import { InputError, validateInstance } from '../model/validate.ts';

export interface ReplayOutcome {
  claim: string;
  reading: string;
  refutes: boolean;
  lines: string[];
}

export function readCounterexample(path: string): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new InputError(`${path}: cannot read the file`);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new InputError(`${path}: not valid JSON (${(error as Error).message.split('\n')[0]})`);
  }
  if (typeof data !== 'object' || data === null) throw new InputError(`${path}: expected a JSON object`);
  const file = data as Record<string, unknown>;
  if (file.schemaVersion !== 1) throw new InputError(`schemaVersion: expected 1, got ${JSON.stringify(file.schemaVersion)}`);
  if (typeof file.claim !== 'string') throw new InputError('claim: expected a claim ID string');
  if (!['on-policy', 'fixed-data', 'any'].includes(file.reading as string)) throw new InputError(`reading: expected on-policy, fixed-data or any, got ${JSON.stringify(file.reading)}`);
  return file;
}

/** The check a label names: '' or 'checkN' among claim.checks, 'repairN[-i]' among the repairs. */
export function findCheck(claim: Claim, reading: string, label: string | undefined): PropertyCheck<unknown> | undefined {
  const repair = label?.match(/^repair(\d+)(?:-(\d+))?$/);
  if (repair) {
    const checks = claim.repairs?.[Number(repair[1]) - 1]?.checks ?? [];
    return (repair[2] ? checks[Number(repair[2]) - 1] : checks.find((c) => c.reading === reading)) as PropertyCheck<unknown> | undefined;
  }
  const numbered = label?.match(/^check(\d+)$/);
  if (numbered) return claim.checks[Number(numbered[1]) - 1] as PropertyCheck<unknown> | undefined;
  return claim.checks.find((c) => c.reading === reading) as PropertyCheck<unknown> | undefined;
}

export async function replay(path: string, claims?: Claim[]): Promise<ReplayOutcome> {
  // A variant's counterexample names its variant file, and its readings may be the variant's own.
  const variants = await import('../variants/replay.ts');
  if (variants.isVariantCounterexample(path)) return variants.replayVariant(path);
  const file = readCounterexample(path);
  const id = file.claim as string;
  const reading = file.reading as string;
  if (typeof file.smtQuery === 'string') return replaySmt(id, file.smtQuery);
  const all = claims ?? (await loadClaims());
  const claim = all.find((c) => c.id === id);
  if (!claim) throw new InputError(`claim: unknown claim ID ${JSON.stringify(id)}`);
  if (!('case' in file)) throw new InputError('case: missing (the file must carry the generated case)');
  const label = typeof file.repairLabel === 'string' ? file.repairLabel : undefined;
  const check = findCheck(claim, reading, label);
  if (!check) throw new InputError(`reading: claim ${id} has no check for reading ${reading}${label ? ` (${label})` : ''}`);
  const value = file.case as Record<string, unknown>;
  if (value && typeof value === 'object' && 'instance' in value) validateInstance(value.instance, 'case.instance');
  const outcome = check.run(value);
  const lines = [`claim ${id} (${reading}${label ? `, ${label}` : ''})`];
  if (outcome.kind !== 'violation') {
    lines.push(outcome.kind === 'skip' ? `verdict: not refuted (the case is outside the hypotheses: ${outcome.reason})` : 'verdict: not refuted (float64 finds no violation)');
    return { claim: id, reading, refutes: false, lines };
  }
  const confirmation = outcome.confirm();
  lines.push(`float64: ${outcome.message}; margin ${fmt(outcome.margin)} against noise ${fmt(outcome.noise)}`);
  lines.push(`${Number.isFinite(confirmation.digits) ? `${confirmation.digits} digits` : 'exact'}: ${confirmation.message}; margin ${fmt(confirmation.margin)}`);
  lines.push(`verdict: ${confirmation.confirmed ? 'refuted' : 'not refuted (the float64 violation vanishes at high precision)'}`);
  return { claim: id, reading, refutes: confirmation.confirmed, lines };
}

async function replaySmt(id: string, query: string): Promise<ReplayOutcome> {
  const { checkSmtText, shutdownSmt } = await import('../smt/replay.ts');
  try {
    const status = await checkSmtText(query);
    return { claim: id, reading: 'any', refutes: status === 'sat', lines: [`claim ${id} (any, SMT)`, `Z3 on the recorded query: ${status}`, `verdict: ${status === 'sat' ? 'refuted (a model exists)' : 'not refuted'}`] };
  } finally {
    await shutdownSmt();
  }
}
