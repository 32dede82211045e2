// Runs every claim's checks (formal, property, certificate) and assembles verification.json.
import type { Claim } from '../claims/framework.ts';
import { runProperty } from '../claims/framework.ts';
import type { ClaimEntry, ClaimResult, CounterexampleFile, VerificationReport } from '../report/schema.ts';
import { OBJECTS, RULES } from './statements.ts';

export const TOOL_VERSION = '0.1.0';

export interface LedgerOptions {
  seed: number;
  runs: number;
  /** Claim IDs to run (all when empty). */
  only?: string[];
  /** Formal results (SMT, symbolic) by claim ID, computed by the caller (they need an async solver). */
  formal?: Map<string, ClaimResult[]>;
  /** Extra results by claim ID (e.g. method 'trained'). */
  extra?: Map<string, ClaimResult[]>;
  counterexampleDir: string;
  progress?: (done: number, total: number, what: string) => void;
  /** Run only the units this predicate accepts (sharding); the rest are left out of the report. */
  unitFilter?: (unit: string) => boolean;
}

export interface LedgerRun {
  report: VerificationReport;
  counterexamples: { path: string; file: CounterexampleFile }[];
}

/** A unit of work: one check of one claim (or of one of its repairs). */
export const unitName = (claimId: string, reading: string, label: string) => `${claimId}|${reading}|${label}`;

export function runLedger(claims: Claim[], options: LedgerOptions): LedgerRun {
  const selected = options.only && options.only.length > 0 ? claims.filter((c) => options.only!.includes(c.id)) : claims;
  const counterexamples: LedgerRun['counterexamples'] = [];
  const total = selected.reduce((n, c) => n + c.checks.length + (c.repairs ?? []).reduce((m, r) => m + r.checks.length, 0), 0);
  let done = 0;
  const runOptions = { seed: options.seed, runs: options.runs, counterexampleDir: options.counterexampleDir };
  const entries: ClaimEntry[] = selected.map((claim) => {
    const results: ClaimResult[] = [...(options.formal?.get(claim.id) ?? [])];
    claim.checks.forEach((check, i) => {
      const label = claim.checks.filter((c) => c.reading === check.reading).length > 1 ? `check${i + 1}` : '';
      if (options.unitFilter && !options.unitFilter(unitName(claim.id, check.reading, label))) return;
      options.progress?.(done, total, `${claim.id} (${check.reading})`);
      const run = runProperty(claim.id, check, runOptions, label);
      if (run.counterexample && run.result.counterexample) counterexamples.push({ path: run.result.counterexample, file: run.counterexample });
      results.push(run.result);
      done++;
    });
    results.push(...(options.extra?.get(claim.id) ?? []));
    const repairs = (claim.repairs ?? []).map((repair, r) => ({
      statement: repair.statement,
      results: repair.checks.flatMap((check, i) => {
        const label = `repair${r + 1}${repair.checks.length > 1 ? `-${i + 1}` : ''}`;
        if (options.unitFilter && !options.unitFilter(unitName(claim.id, check.reading, label))) return [];
        options.progress?.(done, total, `${claim.id} repair ${r + 1} (${check.reading})`);
        const run = runProperty(claim.id, check, runOptions, label);
        if (run.counterexample && run.result.counterexample) counterexamples.push({ path: run.result.counterexample, file: run.counterexample });
        done++;
        return [run.result];
      }),
    }));
    return { id: claim.id, statement: claim.statement, latex: claim.latex, paper: claim.paper, uses: claim.uses, hypotheses: claim.hypotheses, results, repairs };
  });
  options.progress?.(total, total, 'done');
  return {
    report: {
      schemaVersion: 1,
      tool: { name: 'jepa-verify', version: TOOL_VERSION },
      seed: options.seed,
      budget: { runsPerClaim: options.runs },
      objects: OBJECTS,
      rules: RULES,
      claims: entries,
    },
    counterexamples,
  };
}
