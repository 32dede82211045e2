// Run one property check: search and shrink (search.ts), pick and refine the final case, assemble
// the result (assemble.ts). Each phase is a small function; this file only sequences them.
import type { PlotSeries, ResultInterval } from '../report/schema.ts';
import type { PropertyCheck, PropertyRun, RunOptions } from './types.ts';
import { subSeed } from './format.ts';
import { baseResult, counterexampleFile, crashResult, MIN_DECIDED, nCases, noViolationResult, tallyText, type FinalCase } from './assemble.ts';
import { MAX_SKIPS_PER_RUN, searchAndShrink, SHRINK_ATTEMPTS } from './search.ts';
import { judgeCase, stillRefutes } from './verify.ts';

export function runProperty<T>(claimId: string, check: PropertyCheck<T>, options: RunOptions, label = ''): PropertyRun {
  const started = performance.now();
  const seed = subSeed(options.seed, claimId, label); // the same cases under every reading, so readings compare like for like
  const runs = check.maxRuns !== undefined ? Math.min(options.runs, check.maxRuns) : options.runs;
  const { tally, details, capped, generated } = searchAndShrink(check, seed, runs, options.shrinkAttempts ?? SHRINK_ATTEMPTS);
  const base = () => baseResult(check, tally, tally.cases, (performance.now() - started) / 1000);
  if (tally.crashed) return { result: crashResult(base(), tally), counterexample: null };
  if (!details.failed || details.counterexample === null || tally.firstConfirmed === null) {
    const plots = tally.representative !== null ? safePlots(check, tally.representative as T) : undefined;
    // The skip cap is an end of the budget, not an early stop: the decided count still decides.
    const stopped = details.failed && !capped ? details.errorInstance ?? 'no case confirmed' : null;
    const cap = capped ? { runs, generated, perRun: MAX_SKIPS_PER_RUN } : null;
    const interval = tally.representative !== null ? safeInterval(check, tally.representative as T) : undefined;
    return { result: { ...noViolationResult(check as PropertyCheck<unknown>, base(), tally, seed, stopped, options.minDecided ?? MIN_DECIDED, cap), plots, ...(interval ? { interval } : {}) }, counterexample: null };
  }
  const final = finalCase(check, details.counterexample[0], tally.firstConfirmed as T);
  if (!final) return { result: { ...base(), verdict: 'error', counterexample: null, detail: 'the counterexample did not fail again on re-run (a nondeterministic check)' }, counterexample: null };
  const file = `${options.counterexampleDir ?? 'reports/counterexamples'}/${claimId}.${check.reading}${label ? '.' + label : ''}.json`;
  const counterexample = counterexampleFile(claimId, check, label, seed, details.counterexamplePath ?? '', final);
  if (options.counterexampleDir !== null && options.writeFile) options.writeFile(file, JSON.stringify(counterexample, null, 2) + '\n');
  return {
    result: {
      ...base(),
      verdict: 'refuted',
      counterexample: options.counterexampleDir !== null ? file : null,
      detail: `${check.rule} Refuted after ${nCases(tally.cases)}, shrunk ${details.numShrinks} time${details.numShrinks === 1 ? '' : 's'}${final.note}: ${counterexample.message}.${tallyText(tally)}`,
      margins: { float64: final.outcome.margin, highPrecision: final.confirmation.margin, digits: final.confirmation.digits },
      replayCommand: `npx jepa-verify replay ${file}`,
      plots: safePlots(check, final.value),
      ...(check.interval ? { interval: safeInterval(check, final.value) } : {}),
    },
    counterexample,
  };
}

/**
 * The reported case: the shrunk one if it still refutes (confirmed, hypotheses re-decided), else the
 * first confirmed one; then the check's refiner, whose result is kept only if it still refutes.
 */
function finalCase<T>(check: PropertyCheck<T>, shrunk: T, firstConfirmed: T): FinalCase<T> | null {
  let chosen = confirmedOn(check, shrunk, '');
  chosen ??= confirmedOn(check, firstConfirmed, ' (the shrunk case did not confirm at 64 digits; the unshrunk confirmed case is reported)');
  if (!chosen || !check.refine) return chosen;
  try {
    const refined = check.refine(chosen.value, stillRefutes(check));
    const again = confirmedOn(check, refined.value, chosen.note);
    if (again) return { ...again, refineNotes: refined.notes };
  } catch {
    // A failing refiner leaves the shrunk counterexample as it was.
  }
  return chosen;
}

function confirmedOn<T>(check: PropertyCheck<T>, value: T, note: string): FinalCase<T> | null {
  const { evaluated, verified } = judgeCase(check, value);
  if (evaluated.kind !== 'violation' || verified?.status !== 'confirmed') return null;
  return { value, outcome: evaluated, confirmation: verified.confirmation, hypotheses: verified.hypotheses, note };
}

function safePlots<T>(check: PropertyCheck<T>, value: T): PlotSeries[] | undefined {
  if (!check.plots) return undefined;
  try {
    return check.plots(value);
  } catch {
    return undefined;
  }
}

function safeInterval<T>(check: PropertyCheck<T>, value: T): ResultInterval | undefined {
  if (!check.interval) return undefined;
  try {
    return check.interval(value);
  } catch {
    return undefined;
  }
}
