// A claim = one file under properties/: its ID, statement, hypotheses and checks. This module runs
// a property check with fast-check (search, shrinking, replay path) and turns it into a result.
import fc from 'fast-check';
import type { ClaimResult, CounterexampleFile, Method, PlotSeries, ReadingLabel, Verdict } from '../report/schema.ts';
import { SingularSystemError } from '../engine/evaluate.ts';

/** What one case of a check found. A violation is only a candidate until `confirm` agrees at high precision. */
export type Outcome =
  | { kind: 'ok'; figures?: Record<string, number> }
  | { kind: 'skip'; reason: string }
  /**
   * The case meets the hypotheses but the check measures nothing on it (predicted and measured
   * change both zero, no settled slope): like Hypothesis's INVALID, counted with its stop reason and
   * never taken as support for 'holds'.
   */
  | { kind: 'undecided'; reason: string }
  | {
      kind: 'violation';
      /** Amount by which the statement fails at float64 (positive), and the noise it is measured against. */
      margin: number;
      noise: number;
      message: string;
      measured: Record<string, number | null>;
      predicted: Record<string, number | null>;
      construction?: Record<string, unknown>;
      /** Recheck at 64 significant digits; a float64 violation that vanishes there is noise. */
      confirm: () => Confirmation;
      /** The violation is a yes/no fact (margin 0): shrink steps are judged by `confirm` itself. */
      confirmWhileShrinking?: boolean;
      /** A step-by-step derivation of the violation (H7's builders), passed through to the counterexample file. */
      derivation?: unknown;
    };

export interface Confirmation {
  confirmed: boolean;
  margin: number | null;
  digits: number;
  message: string;
  /**
   * The check has no high-precision form for this candidate (e.g. a variant whose construction has
   * no 64-digit counterpart): the float64 violation can be neither confirmed nor dismissed, so a
   * search that ends with such candidates and no confirmed one is 'inconclusive', never 'holds'.
   */
  unavailable?: boolean;
}

export interface PropertyCheck<T> {
  reading: ReadingLabel;
  method?: Method;
  /** The reading of an ambiguous hypothesis or definition this check is under. */
  interpretation?: string;
  arbitrary: () => fc.Arbitrary<T>;
  run: (c: T) => Outcome;
  corners: (c: T) => string[];
  /** The instance part of the counterexample file (FORMATS.md). */
  instanceOf: (c: T) => unknown;
  /** Series for the report's plots, from one representative case. */
  plots?: (c: T) => PlotSeries[];
  /** What the check measures, in words, for the report. */
  rule: string;
  /**
   * Called after shrinking on a confirmed counterexample, to simplify it further (round entries,
   * drop states). `stillRefutes` re-runs the check and its high-precision confirmation, hypotheses
   * included; `notes` are merged into the counterexample file.
   */
  refine?: (c: T, stillRefutes: (c: T) => boolean) => { value: T; notes: Record<string, unknown> };
  /** True when the check uses the paper's own definitions; false for another interpretation (CLAIMS.md's reading rule). Default true. */
  paperDefinition?: boolean;
  /** What a verdict of this check covers, when less than the claim (e.g. 'proved (step): only the arithmetic of §4.5'). */
  scope?: string;
}

export interface Claim {
  id: string;
  statement: string;
  latex?: string;
  paper: string;
  uses: string[];
  hypotheses: string[];
  checks: PropertyCheck<any>[];
  /** Repairs: weaker or corrected statements, each with its own checks. */
  repairs?: { statement: string; checks: PropertyCheck<any>[] }[];
}

export const defineClaim = (claim: Claim): Claim => claim;

export interface RunOptions {
  seed: number;
  runs: number;
  /** Where counterexample files go; null to keep them in memory only. */
  counterexampleDir: string | null;
  writeFile?: (path: string, text: string) => void;
  /** Budget of shrink attempts after a confirmed failure (default 2000). Counted, never timed, so results do not depend on machine load. */
  shrinkAttempts?: number;
}

/** A stable 32-bit seed per (run seed, claim, reading): claims do not share random streams. */
export function subSeed(seed: number, ...parts: string[]): number {
  let h = (seed ^ 0x9e3779b9) >>> 0;
  for (const part of parts)
    for (let i = 0; i < part.length; i++) {
      h = Math.imul(h ^ part.charCodeAt(i), 0x01000193) >>> 0;
      h ^= h >>> 13;
    }
  return h | 0;
}

export interface PropertyRun {
  result: ClaimResult;
  counterexample: CounterexampleFile | null;
}

/** Run one property check: search, shrink, confirm, and write the counterexample file. */
export function runProperty<T>(claimId: string, check: PropertyCheck<T>, options: RunOptions, label = ''): PropertyRun {
  const started = performance.now();
  const seed = subSeed(options.seed, claimId, label); // the same cases under every reading, so readings compare like for like
  const cornerCounts: Record<string, number> = {};
  let searching = true;
  let unconfirmed = 0;
  let firstUnconfirmed = '';
  let unavailable = 0;
  let firstUnavailable = '';
  let skipped = 0;
  let undecided = 0;
  let decided = 0;
  const undecidedReasons: Record<string, number> = {};
  const skipReasons: Record<string, number> = {};
  let crashed: { error: unknown; value: T } | null = null;
  let representative: T | null = null;
  let firstConfirmed: T | null = null;
  let shrinkSteps = 0;
  let shrinkAttempts = 0;
  let shrinkConfirms = 0;

  const attemptBudget = options.shrinkAttempts ?? SHRINK_ATTEMPTS;
  const property = fc.property(check.arbitrary(), (value) => {
    // Shrink candidates that pass or fall outside the hypotheses count against the budget too:
    // otherwise a large case whose shrinks mostly pass could shrink without any bound.
    if (!searching && ++shrinkAttempts > attemptBudget) return true;
    let outcome: Outcome;
    try {
      outcome = check.run(value);
    } catch (error) {
      if (error instanceof SingularSystemError) outcome = { kind: 'skip', reason: 'near-singular evaluation' };
      else {
        if (searching && !crashed) crashed = { error, value };
        return true;
      }
    }
    if (outcome.kind === 'undecided') {
      if (searching) { undecided++; undecidedReasons[outcome.reason] = (undecidedReasons[outcome.reason] ?? 0) + 1; }
      return true;
    }
    if (outcome.kind === 'skip') {
      if (searching) { skipped++; skipReasons[outcome.reason] = (skipReasons[outcome.reason] ?? 0) + 1; }
      fc.pre(false);
      return true;
    }
    if (searching) {
      decided++;
      representative ??= value;
      for (const corner of check.corners(value)) cornerCounts[corner] = (cornerCounts[corner] ?? 0) + 1;
    }
    if (outcome.kind === 'ok') return true;
    if (!searching) {
      // Shrinking: high-precision confirmation costs ~0.1 s a call, so shrink steps are judged in
      // float64 with a wide margin over the noise, within a budget; the result is confirmed after.
      shrinkSteps++;
      if (shrinkSteps > SHRINK_STEPS) return true;
      if (outcome.confirmWhileShrinking) return ++shrinkConfirms > SHRINK_CONFIRMS || !outcome.confirm().confirmed;
      return !(outcome.margin > SHRINK_MARGIN * outcome.noise);
    }
    const confirmation = outcome.confirm();
    if (confirmation.confirmed) { searching = false; firstConfirmed = value; return false; }
    if (searching && confirmation.unavailable) { unavailable++; firstUnavailable ||= `${outcome.message}; ${confirmation.message}`; }
    else if (searching) { unconfirmed++; firstUnconfirmed ||= `${outcome.message}; at ${confirmation.digits} digits: ${confirmation.message}`; }
    return true;
  });
  const out = fc.check(property, { seed, numRuns: options.runs, maxSkipsPerRun: 50 });
  const seconds = (performance.now() - started) / 1000;
  const corners = Object.keys(cornerCounts).sort();
  const base = { reading: check.reading, method: check.method ?? ('property' as Method), cases: out.numRuns, corners, cornerCounts: sortedCounts(cornerCounts), seconds: round(seconds), interpretation: check.interpretation,
    decided, undecided, undecidedReasons: sortedCounts(undecidedReasons), paperDefinition: check.paperDefinition ?? true, ...(check.scope ? { scope: check.scope } : {}) };
  const skipText = skipped > 0 ? ` ${skipped} generated cases fell outside the hypotheses and were skipped (${Object.entries(skipReasons).map(([r, n]) => `${r}: ${n}`).join('; ')}).` : '';
  const noiseText = unconfirmed > 0 ? ` ${unconfirmed} float64 candidates vanished at 64 digits (first: ${firstUnconfirmed}).` : '';
  const plots = representative !== null && check.plots ? safePlots(check, representative) : undefined;

  if (crashed !== null) {
    const { error } = crashed as { error: unknown };
    return { result: { ...base, verdict: 'error', counterexample: null, detail: `the check itself failed: ${error instanceof Error ? error.message : String(error)}` }, counterexample: null };
  }
  if (!out.failed || out.counterexample === null) {
    const verdict: Verdict = out.failed || unavailable > 0 ? 'inconclusive' : 'holds';
    const why = out.failed ? ` The search stopped early: ${firstLine(out.errorInstance)}.` : '';
    const unavailableText = unavailable > 0 ? ` ${unavailable} float64 violations have no high-precision check, so they are neither confirmed nor dismissed (first: ${firstUnavailable}).` : '';
    const found = unavailable > 0 ? 'No confirmed violation' : 'No violation';
    return { result: { ...base, verdict, counterexample: null, detail: `${check.rule} ${found} in ${out.numRuns} cases (seed ${seed}).${skipText}${noiseText}${unavailableText}${why}`, plots }, counterexample: null };
  }
  let value = out.counterexample[0] as T;
  let outcome = check.run(value);
  let confirmation = outcome.kind === 'violation' ? outcome.confirm() : null;
  let shrinkNote = '';
  if (!confirmation?.confirmed && firstConfirmed !== null) {
    // The float64-guided shrink ended on a case that does not confirm: report the confirmed original.
    value = firstConfirmed;
    outcome = check.run(value);
    confirmation = outcome.kind === 'violation' ? outcome.confirm() : null;
    shrinkNote = ' (the shrunk case did not confirm at 64 digits; the unshrunk confirmed case is reported)';
  }
  if (outcome.kind !== 'violation' || !confirmation?.confirmed) {
    return { result: { ...base, verdict: 'error', counterexample: null, detail: 'the counterexample did not fail again on re-run (a nondeterministic check)' }, counterexample: null };
  }
  const file = `${options.counterexampleDir ?? 'reports/counterexamples'}/${claimId}.${check.reading}${label ? '.' + label : ''}.json`;
  const counterexample: CounterexampleFile = {
    schemaVersion: 1,
    claim: claimId,
    reading: check.reading,
    replay: { seed, path: out.counterexamplePath ?? '' },
    instance: check.instanceOf(value),
    construction: outcome.construction,
    measured: outcome.measured,
    predicted: outcome.predicted,
    message: `${outcome.message} (float64 margin ${fmt(outcome.margin)} against noise ${fmt(outcome.noise)}; at ${confirmation.digits} digits: ${confirmation.message})`,
    margins: { float64: outcome.margin, highPrecision: confirmation.margin, digits: confirmation.digits },
    repairLabel: label || undefined,
    case: value,
  };
  if (options.counterexampleDir !== null && options.writeFile) options.writeFile(file, JSON.stringify(counterexample, null, 2) + '\n');
  return {
    result: {
      ...base,
      verdict: 'refuted',
      counterexample: options.counterexampleDir !== null ? file : null,
      detail: `${check.rule} Refuted after ${out.numRuns} cases, shrunk ${out.numShrinks} times${shrinkNote}: ${counterexample.message}.${noiseText}`,
      margins: { float64: outcome.margin, highPrecision: confirmation.margin, digits: confirmation.digits },
      replayCommand: `npx jepa-verify replay ${file}`,
      plots: check.plots ? safePlots(check, value) : plots,
    },
    counterexample,
  };
}

function safePlots<T>(check: PropertyCheck<T>, value: T): PlotSeries[] | undefined {
  try {
    return check.plots!(value);
  } catch {
    return undefined;
  }
}

/**
 * Shrinking budget, counted (never timed, so the same seed shrinks to the same case on any machine):
 * failing steps, all attempts, exact confirmations during shrinking, and how far above float64
 * noise a float64-judged shrink step must fail.
 */
const SHRINK_STEPS = 400;
const SHRINK_ATTEMPTS = 2000;
const SHRINK_CONFIRMS = 100;
const SHRINK_MARGIN = 1000;

const sortedCounts = (counts: Record<string, number>) => Object.fromEntries(Object.entries(counts).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
const round = (x: number) => Math.round(x * 1000) / 1000;
export const fmt = (x: number | null | undefined): string => (x === null || x === undefined ? 'n/a' : Math.abs(x) >= 1e-3 && Math.abs(x) < 1e4 ? x.toPrecision(4) : x.toExponential(3));
const firstLine = (e: unknown) => (e instanceof Error ? e.message : String(e)).split('\n')[0];
