// Result assembly: from a search tally and (for a refutation) the final confirmed case, the
// ClaimResult and the counterexample file. Verdict rules live here and nowhere else.
import type { ClaimResult, CounterexampleFile, Method, Verdict } from '../report/schema.ts';
import type { Confirmation, PropertyCheck } from './types.ts';
import { atPrecision, firstLine, fmt, round3, sortedCounts } from './format.ts';
import type { Tally } from './search.ts';
import type { Violation } from './verify.ts';

/** A check that confirms no violation is 'holds' only with at least this many decided cases (CLAIMS.md). */
export const MIN_DECIDED = 200;

export function baseResult<T>(check: PropertyCheck<T>, t: Tally, cases: number, seconds: number) {
  return {
    reading: check.reading,
    method: check.method ?? ('property' as Method),
    cases,
    corners: Object.keys(t.cornerCounts).sort(),
    cornerCounts: sortedCounts(t.cornerCounts),
    seconds: round3(seconds),
    interpretation: check.interpretation,
    decided: t.decided,
    undecided: t.undecided,
    undecidedReasons: sortedCounts(t.undecidedReasons),
    paperDefinition: check.paperDefinition ?? true,
    ...(check.scope ? { scope: check.scope } : {}),
  };
}

/** "1 case", "2 cases": counts in result texts follow the number. */
export const nCases = (n: number, what = 'case'): string => `${n} ${what}${n === 1 ? '' : 's'}`;

const counted = (n: number, one: string, many: string, reasons: Record<string, number>) =>
  n > 0 ? ` ${n} ${n === 1 ? one : many} (${Object.entries(reasons).map(([r, k]) => `${r}: ${k}`).join('; ')}).` : '';

export function tallyText(t: Tally): string {
  return counted(t.skipped, 'generated case fell outside the hypotheses and was skipped', 'generated cases fell outside the hypotheses and were skipped', t.skipReasons) +
    counted(t.undecided, 'case met the hypotheses but was undecided (the check measured nothing) and does not count for holds', 'cases met the hypotheses but were undecided (the check measured nothing) and do not count for holds', t.undecidedReasons) +
    (t.vanished > 0 ? ` ${nCases(t.vanished, 'float64 candidate')} vanished at 64 digits (first: ${t.firstVanished}).` : '');
}

export function crashResult(base: ReturnType<typeof baseResult>, t: Tally): ClaimResult {
  const { error, where } = t.crashed!;
  return { ...base, verdict: 'error', counterexample: null, detail: `the check itself failed${where === 'confirm' ? ' in its high-precision confirmation' : ''}: ${firstLine(error)}` };
}

/** No confirmed violation: 'holds' needs enough decided cases and no undecidable float64 violation. */
/** A search that ended at the skip cap: its budget of decided cases, the cases drawn, the skips allowed per decided case. */
export interface SkipCap { runs: number; generated: number; perRun: number }

export function noViolationResult(check: PropertyCheck<unknown>, base: ReturnType<typeof baseResult>, t: Tally, seed: number, stoppedEarly: unknown, minDecided: number, cap: SkipCap | null = null): ClaimResult {
  const why: string[] = [];
  if (stoppedEarly) why.push(`the search stopped early: ${firstLine(stoppedEarly)}`);
  if (t.unavailable > 0) why.push(`${t.unavailable} float64 violations could not be decided at high precision (no such check for them, or a 64-digit slope that did not settle), so they are neither confirmed nor dismissed (first: ${t.firstUnavailable})`);
  if (t.decided < minDecided) why.push(`only ${nCases(t.decided, 'decided case')}, fewer than the ${minDecided} a 'holds' needs`);
  const verdict: Verdict = why.length > 0 ? 'inconclusive' : 'holds';
  const found = t.unavailable > 0 ? 'No confirmed violation' : 'No violation';
  return { ...base, verdict, counterexample: null, detail: `${check.rule} ${found} in ${nCases(base.cases)}, ${t.decided} decided (seed ${seed}).${tallyText(t)}${cap ? ` The search stopped at its skip cap (${cap.perRun} skipped or undecided cases per decided case of the budget) after ${cap.generated} generated cases, with ${t.decided} of the ${cap.runs} decided cases the budget asks for.` : ''}${why.length ? ' Inconclusive: ' + why.join('; ') + '.' : ''}` };
}

export interface FinalCase<T> {
  value: T;
  outcome: Violation;
  confirmation: Confirmation;
  hypotheses: string | null;
  note: string;
  refineNotes?: Record<string, unknown>;
}

export function counterexampleFile<T>(claimId: string, check: PropertyCheck<T>, label: string, seed: number, path: string, f: FinalCase<T>): CounterexampleFile {
  return {
    schemaVersion: 1,
    claim: claimId,
    reading: check.reading,
    replay: { seed, path },
    instance: check.instanceOf(f.value),
    construction: f.outcome.construction,
    measured: f.outcome.measured,
    predicted: f.outcome.predicted,
    message: `${f.outcome.message} (float64 margin ${fmt(f.outcome.margin)} against noise ${fmt(f.outcome.noise)}; ${atPrecision(f.confirmation.digits)}: ${f.confirmation.message})`,
    margins: { float64: f.outcome.margin, highPrecision: f.confirmation.margin, digits: f.confirmation.digits },
    repairLabel: label || undefined,
    ...(f.hypotheses ? { hypothesesExact: f.hypotheses } : {}),
    ...(f.outcome.derivation !== undefined ? { derivation: f.outcome.derivation } : {}),
    ...(f.refineNotes ?? {}),
    case: f.value,
  };
}
