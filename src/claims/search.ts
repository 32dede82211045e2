// The search and shrink phases of a property check (fast-check runs both in one fc.check call;
// the phase decides how a case is judged). Search tallies every case by status; shrinking judges
// steps in float64 within a counted budget, and the final case is confirmed afterwards.
import fc from 'fast-check';
import type { PropertyCheck } from './types.ts';
import { atPrecision, bump } from './format.ts';
import { lazyShrinkProperty, SKIP_CASE } from '../search/generation/lazyShrink.ts';
import { contentKey } from '../engine/contentMemo.ts';
import { evaluateCase, judgeCase, verifyViolation, type Evaluated, type Violation } from './verify.ts';

/** What the search saw, case by case. */
export interface Tally {
  /** Cases meeting the hypotheses that the search ran (decided, undecided, or crashed): the result's `cases`. */
  cases: number;
  /** Cases meeting the hypotheses in which the check measured something (ok, or a violation decided at high precision). */
  decided: number;
  /** Cases meeting the hypotheses in which it measured nothing, by stop reason. */
  undecided: number;
  undecidedReasons: Record<string, number>;
  skipped: number;
  skipReasons: Record<string, number>;
  /** Float64 violations gone at 64 digits, and float64 violations with no high-precision form. */
  vanished: number;
  firstVanished: string;
  unavailable: number;
  firstUnavailable: string;
  crashed: { error: unknown; where: 'run' | 'confirm' } | null;
  cornerCounts: Record<string, number>;
  representative: unknown;
  firstConfirmed: unknown;
}

const newTally = (): Tally => ({
  cases: 0, decided: 0, undecided: 0, undecidedReasons: {}, skipped: 0, skipReasons: {}, vanished: 0, firstVanished: '', unavailable: 0,
  firstUnavailable: '', crashed: null, cornerCounts: {}, representative: null, firstConfirmed: null,
});

/**
 * Shrinking budget, counted (never timed, so the same seed shrinks to the same case on any machine):
 * failing steps, all attempts, exact confirmations during shrinking, and how far above float64
 * noise a float64-judged shrink step must fail.
 */
export const SHRINK_STEPS = 400;
export const SHRINK_ATTEMPTS = 2000;
export const SHRINK_CONFIRMS = 100;
export const SHRINK_MARGIN = 1000;

/** A step's answer to fast-check: false keeps a failing case, SKIP_CASE skips (lazyShrink.ts). */
type Step = boolean | typeof SKIP_CASE;

/**
 * What decides a shrink candidate, kept by content in ShrinkState.seen: fast-check's shrinker offers
 * the same case again and again (a third to a half of the candidates of a refuted unit). The outcome
 * and its confirmation are pure functions of the content, and the counters are kept per attempt, so
 * a repeated candidate is decided and counted exactly as before without its evaluation. Only what
 * shrinkStep reads is kept (an outcome holds its case's setup): the outcome itself only while a
 * confirmation may still be asked of it.
 */
interface Seen { kind: Evaluated['kind']; wide: boolean; confirmWhileShrinking: boolean; violation: Violation | null; confirmed?: boolean }

/** seen: null judges every candidate afresh (the reference the memo is tested against). */
interface ShrinkState { attempts: number; steps: number; confirms: number; budget: number; seen: Map<string, Seen> | null }

function seenOf<T>(check: PropertyCheck<T>, value: T, s: ShrinkState): Seen {
  const key = s.seen ? contentKey(value) : null;
  const hit = key === null ? undefined : s.seen!.get(key);
  if (hit) return hit;
  const outcome = evaluateCase(check, value);
  const violation = outcome.kind === 'violation' ? outcome : null;
  // High-precision confirmation costs ~0.1 s a call, so steps are judged in float64 with a wide
  // margin over the noise; the shrunk case is confirmed after.
  const confirmWhileShrinking = Boolean(violation?.confirmWhileShrinking);
  const entry: Seen = { kind: outcome.kind, wide: violation !== null && violation.margin > SHRINK_MARGIN * violation.noise, confirmWhileShrinking, violation: confirmWhileShrinking ? violation : null };
  if (key !== null) s.seen!.set(key, entry);
  return entry;
}

/** Whether a shrink candidate still fails (fast-check keeps failing candidates): false = keep it. */
function shrinkStep<T>(check: PropertyCheck<T>, value: T, s: ShrinkState): Step {
  // Candidates that pass or fall outside the hypotheses count against the budget too: otherwise a
  // large case whose shrinks mostly pass could shrink without any bound.
  if (++s.attempts > s.budget) return true;
  const seen = seenOf(check, value, s);
  if (seen.kind === 'skip') return SKIP_CASE;
  if (seen.kind !== 'violation') return true;
  if (++s.steps > SHRINK_STEPS) return true;
  if (seen.confirmWhileShrinking) {
    if (++s.confirms > SHRINK_CONFIRMS) return true;
    if (seen.confirmed === undefined) {
      seen.confirmed = verifyViolation(check, value, seen.violation!).status === 'confirmed';
      seen.violation = null;
    }
    return !seen.confirmed;
  }
  return !seen.wide;
}

/**
 * One search case: tally it; false (a failure for fast-check) only for a confirmed violation.
 * The budget counts decided cases: a case outside the hypotheses and an undecided one are both
 * skips for fast-check (fc.pre), so it draws the next case of the same seeded sequence instead.
 */
function searchStep<T>(check: PropertyCheck<T>, value: T, t: Tally): Step {
  const { evaluated, verified } = judgeCase(check, value);
  if (evaluated.kind !== 'skip' && verified?.status !== 'outside') t.cases++;
  switch (evaluated.kind) {
    case 'crash':
      t.crashed ??= { error: evaluated.error, where: 'run' };
      return true;
    case 'skip':
      t.skipped++;
      bump(t.skipReasons, evaluated.reason);
      return SKIP_CASE;
    case 'undecided':
      t.undecided++;
      bump(t.undecidedReasons, evaluated.reason);
      return SKIP_CASE;
  }
  if (verified?.status === 'outside') {
    t.skipped++;
    bump(t.skipReasons, verified.reason);
    return SKIP_CASE;
  }
  if (verified?.status === 'error') {
    t.crashed ??= { error: verified.error, where: 'confirm' };
    return true;
  }
  if (verified?.status === 'unavailable') {
    t.undecided++;
    bump(t.undecidedReasons, 'float64 violation not decided at high precision (no such check, or its slope did not settle)');
    t.unavailable++;
    t.firstUnavailable ||= `${(evaluated as Violation).message}; ${verified.confirmation.message}`;
    return SKIP_CASE;
  }
  t.decided++;
  t.representative ??= value;
  for (const corner of check.corners(value)) bump(t.cornerCounts, corner);
  if (!verified) return true;
  if (verified.status === 'vanished') {
    t.vanished++;
    t.firstVanished ||= `${(evaluated as Violation).message}; ${atPrecision(verified.confirmation.digits)}: ${verified.confirmation.message}`;
    return true;
  }
  t.firstConfirmed = value;
  return false;
}

/**
 * Skips (cases outside the hypotheses plus undecided ones) allowed per decided case of the budget.
 * A check reaching this cap stops with fewer decided cases than its budget and says so; the decided
 * count then decides between 'holds' and 'inconclusive' as usual (MIN_DECIDED).
 */
export const MAX_SKIPS_PER_RUN = 50;

export interface SearchOutcome<T> {
  tally: Tally;
  details: fc.RunDetails<[T]>;
  /** The search ended at the skip cap, before `runs` decided cases. */
  capped: boolean;
  /** Cases drawn from the seeded sequence before the search ended (shrinking not counted). */
  generated: number;
}

/** Search with fast-check until `runs` decided cases (or a confirmed violation, or the skip cap), then shrink under the counted budget. */
export function searchAndShrink<T>(check: PropertyCheck<T>, seed: number, runs: number, shrinkAttempts: number, options: { memo?: boolean } = {}): SearchOutcome<T> {
  const tally = newTally();
  const shrink: ShrinkState = { attempts: 0, steps: 0, confirms: 0, budget: shrinkAttempts, seen: options.memo === false ? null : new Map() };
  let phase: 'search' | 'shrink' = 'search';
  const property = lazyShrinkProperty(check.arbitrary(), (value: T) => {
    const step = phase === 'shrink' ? shrinkStep(check, value, shrink) : searchStep(check, value, tally);
    if (step === false) phase = 'shrink';
    return step;
  });
  const details = fc.check(property, { seed, numRuns: runs, maxSkipsPerRun: MAX_SKIPS_PER_RUN });
  const capped = details.failed && details.counterexample === null && !details.interrupted && details.numSkips > runs * MAX_SKIPS_PER_RUN;
  return { tally, details, capped, generated: tally.cases + tally.skipped };
}
