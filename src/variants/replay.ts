// Replaying a variant's counterexample: the file names the variant file (`variant`), the side
// (`side`: the paper's configuration or the variant), the claim, the reading and the check label;
// the check is rebuilt from the variant file and re-run on the recorded case, float64 then 64 digits.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fmt, type PropertyCheck } from '../claims/framework.ts';
import { InputError } from '../model/validate.ts';
import { checksFor, labelOf } from './checks.ts';
import { loadVariant } from './loader.ts';
import { isConfigured, recheckConfigured } from './configured.ts';
import { loadClaims } from '../ledger/claims.ts';
import { paperConfig, validateCase, variantConfig } from './setup.ts';
import { familyOf, VARIANT_CLAIMS, type VariantCase, type VariantClaimId } from './types.ts';

/** What a replay reports (the same shape as cli/replay's, declared here so variants import nothing from the CLI). */
export interface ReplayOutcome {
  claim: string;
  reading: string;
  refutes: boolean;
  lines: string[];
}

const PACKAGE_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** True when the file is a variant's counterexample (it names its variant file); unreadable files are left to the ordinary replay's errors. */
export function isVariantCounterexample(path: string): boolean {
  try {
    const data = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
    return typeof data === 'object' && data !== null && typeof data.variant === 'string';
  } catch {
    return false;
  }
}

/** `variantFile`: the variant file already resolved and allowed by the caller (cli/replay.ts), which then wins over the file's own field. */
export async function replayVariant(path: string, variantFile?: string): Promise<ReplayOutcome> {
  let file: Record<string, unknown>;
  try {
    file = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
  } catch (error) {
    throw new InputError(`${path}: not a readable JSON file (${error instanceof Error ? error.message.split('\n')[0] : String(error)})`);
  }
  if (file.schemaVersion !== 1) throw new InputError(`schemaVersion: expected 1, got ${JSON.stringify(file.schemaVersion)}`);
  const id = file.claim;
  if (typeof id !== 'string' || !(VARIANT_CLAIMS as readonly string[]).includes(id)) throw new InputError(`claim: ${JSON.stringify(id)} is not a claim variants re-check`);
  const side = file.side;
  if (side !== 'paper' && side !== 'variant') throw new InputError(`side: expected "paper" or "variant", got ${JSON.stringify(side)}`);
  if (typeof file.reading !== 'string') throw new InputError('reading: expected a string');
  if (!('case' in file)) throw new InputError('case: missing (the file must carry the generated case)');
  const variantPath = variantFile ?? resolveVariant(file.variant as string);
  const { spec } = await loadVariant(variantPath);
  if (!spec.claims.includes(id as VariantClaimId)) throw new InputError(`claim: ${id} is not among the claims of variant ${spec.name}`);
  if (isConfigured(spec)) {
    const r = recheckConfigured(await loadClaims(), spec, { ...(file as { reading: string }), claim: id });
    if (!r) throw new InputError(`reading: ${id} has no check for reading ${file.reading}${typeof file.repairLabel === 'string' ? ` (${file.repairLabel})` : ''}`);
    // The file is data: a case the check cannot even run is bad input (exit 2), not "no longer refutes".
    if (r.status === 'error') throw new InputError(`case: does not fit ${id}'s check (${r.lines.at(-1)?.replace(/^verdict: error \(the check failed: /, '').replace(/\)$/, '') ?? 'the check failed'})`);
    const head = `claim ${id} (${file.reading}) under ${side === 'paper' ? "the paper's configuration" : `variant ${spec.name}`} (${variantPath}): the ledger's check${side === 'variant' ? ' under the variant\'s configuration' : ''}`;
    return { claim: id, reading: file.reading, refutes: r.refutes, lines: [head, ...r.lines] };
  }
  const family = familyOf(id as VariantClaimId);
  const cfg = side === 'paper' ? paperConfig(family) : variantConfig(spec, family);
  const checks = checksFor(id as VariantClaimId, cfg);
  const label = typeof file.repairLabel === 'string' ? file.repairLabel : '';
  const index = checks.findIndex((c, i) => c.reading === file.reading && labelOf(checks as PropertyCheck<unknown>[], i) === label);
  if (index < 0) throw new InputError(`reading: ${id} has no check for reading ${file.reading}${label ? ` (${label})` : ''} under ${side === 'paper' ? "the paper's configuration" : `variant ${spec.name}`}`);
  const value = validateCase(file.case, cfg) as VariantCase;
  const outcome = checks[index].run(value);
  const head = `claim ${id} (${file.reading}${label ? `, ${label}` : ''}) under ${side === 'paper' ? "the paper's configuration" : `variant ${spec.name}`} (${variantPath})`;
  const lines = [head];
  if (outcome.kind !== 'violation') {
    lines.push(outcome.kind === 'skip' ? `verdict: not refuted (the case is outside the hypotheses: ${outcome.reason})` : 'verdict: not refuted (float64 finds no violation)');
    return { claim: id, reading: file.reading, refutes: false, lines };
  }
  const confirmation = outcome.confirm();
  lines.push(`float64: ${outcome.message}; margin ${fmt(outcome.margin)} against noise ${fmt(outcome.noise)}`);
  lines.push(`${confirmation.digits} digits: ${confirmation.message}; margin ${fmt(confirmation.margin)}`);
  lines.push(`verdict: ${confirmation.confirmed ? 'refuted' : confirmation.unavailable ? 'inconclusive (no 64-digit check for this configuration)' : 'not refuted (the float64 violation vanishes at high precision)'}`);
  return { claim: id, reading: file.reading, refutes: confirmation.confirmed, lines };
}

function resolveVariant(p: string): string {
  if (isAbsolute(p)) return p;
  for (const candidate of [resolve(p), join(PACKAGE_ROOT, p)]) if (existsSync(candidate)) return candidate;
  throw new InputError(`variant: ${p} not found (relative to the working directory or the project)`);
}
