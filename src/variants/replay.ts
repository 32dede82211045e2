// Replaying a variant's counterexample: the file names the variant file (`variant`), the side
// (`side`: the paper's configuration or the variant), the claim, the reading and the check label;
// the ledger's check (under the variant's configuration for side 'variant') is re-run on the
// recorded case, float64 then 64 digits, hypotheses re-decided as the search decided them. The case
// is first held to the checks replay makes of every counterexample's case (cli/replayCase.ts, a leaf
// module), against that very check's own cases.
import { existsSync, readFileSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { InputError } from '../model/validate.ts';
import { loadVariant } from './loader.ts';
import { configuredCheck } from './configured.ts';
import type { PropertyCheck } from '../claims/framework.ts';
import { recheckCase, type Recheck } from '../claims/recheck.ts';
import { judgeCase, type Judged } from '../claims/verify.ts';
import { requireCaseFits, sampleCases, unfitCase } from '../cli/replayCase.ts';
import { instanceLines, requireFileOfCase } from '../cli/replayAgreement.ts';
import { loadClaims } from '../ledger/claims.ts';
import { VARIANT_CLAIMS, type VariantClaimId } from './types.ts';
import { PACKAGE_ROOT } from '../packageRoot.ts';

/** What a replay reports (the same shape as cli/replay's, declared here rather than imported from it: cli/replay loads this module). */
export interface ReplayOutcome {
  claim: string;
  reading: string;
  refutes: boolean;
  lines: string[];
}

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
  const check = configuredCheck(await loadClaims(), spec, { ...(file as { reading: string }), claim: id });
  if (!check) throw new InputError(`reading: ${id} has no check for reading ${file.reading}${typeof file.repairLabel === 'string' ? ` (${file.repairLabel})` : ''}`);
  // The file is data, held to what replay asks of any counterexample's case: a field the check's own
  // cases always have and the file lacks is bad input named by its path (exit 2), not "no longer
  // refutes" (k = undefined fails "k > 0") nor a JavaScript TypeError from deep in the check.
  requireCaseFits(file.case, sampleCases(check));
  const r = recheckCase(check, file.case);
  if (r.status === 'error') throw caseError(id, check, file.case, r);
  // As a paper counterexample's replay (cli/replay.ts): the instance and construction a reader sees
  // must be the case's, and the instance is printed for the reader to check by hand.
  requireFileOfCase(file, check.instanceOf(file.case), check.run(file.case));
  const head = `claim ${id} (${file.reading}) under ${side === 'paper' ? "the paper's configuration" : `variant ${spec.name}`} (${variantPath}): the ledger's check${side === 'variant' ? ' under the variant\'s configuration' : ''}`;
  const lines = r.refutes ? [...r.lines.slice(0, -1), ...instanceLines(file.instance), ...r.lines.slice(-1)] : r.lines;
  return { claim: id, reading: file.reading, refutes: r.refutes, lines: [head, ...lines] };
}

/** A case the check cannot run: the field it was reading when it failed, when that is a field the case lacks; else the failure in one line. */
function caseError(id: string, check: PropertyCheck<unknown>, value: unknown, r: Recheck): InputError {
  const failure = (j: Judged) => (j.evaluated.kind === 'crash' ? j.evaluated.error : j.verified?.status === 'error' ? j.verified.error : undefined);
  const rerun = (c: unknown) => {
    const error = failure(judgeCase(check, c));
    if (error !== undefined) throw error;
  };
  const otherwise = r.lines.at(-1)?.replace(/^verdict: error \((the check failed|the high-precision check failed): /, '').replace(/\)$/, '') ?? 'the check failed';
  return unfitCase(id, value, rerun, failure(judgeCase(check, value)), { writer: 'variant', otherwise });
}

function resolveVariant(p: string): string {
  if (isAbsolute(p)) return p;
  // The package first, as cli/replay.ts allowedVariant: a shipped variant is recorded as properties/variants/NAME.ts.
  for (const candidate of [join(PACKAGE_ROOT, p), resolve(p)]) if (existsSync(candidate)) return candidate;
  throw new InputError(`variant: ${p} not found (relative to the package or the working directory)`);
}
