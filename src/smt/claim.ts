// Runs one claim's SMT queries and turns the outcomes into a ClaimResult (reading 'any').
import type { ClaimResult, CounterexampleFile, SmtRecord } from '../report/schema.ts';
import { checkSmt, type SmtOutcome } from './solver.ts';
import type { SmtQuery } from './smtlib.ts';

export interface SmtClaim {
  id: string;
  /** The statement exactly as the queries state it (its negation is what Z3 is asked for). */
  proves: string;
  /** What is taken as given: the claim's hypotheses and any textbook facts used as premises. */
  premises: string;
  /** Sizes and special cases covered. */
  corners: string[];
  /** Human-readable scope for SmtRecord.scope, e.g. "proved for d <= 4". */
  scope: string;
  queries: () => SmtQuery[];
  /** Extra honesty: reductions, WLOGs, definitions the check relies on. */
  note?: string;
  /** What the formal result establishes, in one line (the result's interpretation). */
  interpretation?: string;
  /**
   * Set when the formal part covers only one step of the claim (e.g. the arithmetic after the
   * premises): the result's scope then reads 'proved (step): <step>', never a bare proof of the claim.
   */
  step?: string;
}

/** A ClaimResult that carries, when refuted, the counterexample file for the report writer to save. */
export interface SmtClaimResult extends ClaimResult {
  counterexampleFile?: CounterexampleFile;
}

export const counterexamplePath = (claim: string) => `reports/counterexamples/${claim}.any.json`;

/** A sat model as a replayable counterexample (FORMATS.md shape, reading 'any'). */
export function smtCounterexample(
  claim: string,
  outcome: Pick<SmtOutcome, 'model' | 'exactModel' | 'record'>,
  message: string,
): CounterexampleFile {
  return {
    schemaVersion: 1,
    claim,
    reading: 'any',
    replay: { seed: 0, path: 'smt' },
    instance: { ...(outcome.model ?? {}) },
    measured: {},
    predicted: {},
    message,
    // Re-running this query in any SMT solver reproduces the model.
    smtQuery: outcome.record.query,
    exactModel: outcome.exactModel ?? {},
  };
}

const firstLine = (q: SmtQuery) => q.label.split('\n')[0];

export async function runSmtClaim(claim: SmtClaim, opts: { timeoutMs?: number } = {}): Promise<SmtClaimResult> {
  const start = performance.now();
  const records: SmtRecord[] = [];
  let proofs = 0;
  const result = (verdict: ClaimResult['verdict'], detail: string, extra: Partial<SmtClaimResult> = {}): SmtClaimResult => ({
    reading: 'any',
    verdict,
    method: 'smt',
    cases: proofs,
    corners: claim.corners,
    counterexample: null,
    detail,
    smt: records,
    seconds: (performance.now() - start) / 1000,
    ...(claim.interpretation ? { interpretation: claim.interpretation } : {}),
    ...(claim.step && verdict === 'proved' ? { scope: `proved (step): ${claim.step}` } : {}),
    ...extra,
  });
  try {
    const queries = claim.queries();
    const what = `${claim.proves}. Premises: ${claim.premises}.${claim.note ? ` ${claim.note}` : ''}`;
    const open: string[] = [];
    const vacuityOpen: string[] = [];
    for (const q of queries) {
      const o = await checkSmt(q, { timeoutMs: opts.timeoutMs, scope: claim.scope });
      records.push(o.record);
      proofs++;
      if (o.status === 'sat') {
        const message = `Z3 found a model of the negation of "${claim.proves}" (${firstLine(q)}): ${JSON.stringify(o.model)}`;
        return result('refuted', `${message}. Premises: ${claim.premises}.`, {
          counterexample: counterexamplePath(claim.id),
          counterexampleFile: smtCounterexample(claim.id, o, message),
        });
      }
      if (o.status !== 'unsat') {
        open.push(`${firstLine(q)}: ${o.status} (${o.reason ?? 'no reason given'})`);
        continue;
      }
      if (q.premises === undefined) continue;
      // An unsat query proves nothing if its premises alone are already contradictory.
      const v = await checkSmt(
        { label: `${q.label}\nnon-vacuity: the premises alone, sat expected`, logic: q.logic, body: q.premises },
        { timeoutMs: opts.timeoutMs, scope: `non-vacuity check (sat expected) for: ${claim.scope}` },
      );
      records.push(v.record);
      if (v.status === 'unsat') {
        return result('error', `Vacuous: the premises of ${firstLine(q)} are contradictory, so its unsat proves nothing. Statement: ${what}`);
      }
      if (v.status !== 'sat') vacuityOpen.push(firstLine(q));
    }
    const vacuity =
      vacuityOpen.length === 0
        ? 'For every query Z3 also found the premises alone satisfiable (the proof is not vacuous).'
        : `Non-vacuity (premises satisfiable) was not established for: ${vacuityOpen.join('; ')}.`;
    if (open.length > 0) {
      return result(
        'inconclusive',
        `Not proved: ${open.length} of ${queries.length} queries gave no answer [${open.join('; ')}]; the others were unsat. Statement: ${what}`,
      );
    }
    return result(
      'proved',
      `Z3 found the negation unsat in all ${queries.length} queries; scope: ${claim.scope}. ${vacuity} Statement: ${what}`,
    );
  } catch (err) {
    return result('error', `SMT check failed: ${(err as Error).message}`);
  }
}
