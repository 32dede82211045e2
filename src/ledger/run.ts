// Runs every claim's checks (formal, property, certificate) and assembles verification.json.
import type { Claim, PropertyCheck, PropertyRun } from '../claims/framework.ts';
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
  /**
   * Wall-time budget of each shrink (framework.ts's default when absent). A wall-clock budget makes
   * a shrink that hits it depend on machine load; Infinity leaves only the step budget.
   */
  /** Budget of shrink attempts (see RunOptions). */
  shrinkAttempts?: number;
  /** Run only the units this predicate accepts (sharding); the rest are left out of the report. */
  unitFilter?: (unit: string) => boolean;
}

export interface LedgerRun {
  report: VerificationReport;
  counterexamples: { path: string; file: CounterexampleFile }[];
}

/** A unit of work: one check of one claim (or of one of its repairs). */
export const unitName = (claimId: string, reading: string, label: string) => `${claimId}|${reading}|${label}`;

export interface LedgerUnit {
  /** unitName(claimId, reading, label): what shards and worker threads refer to a unit by. */
  name: string;
  claimId: string;
  check: PropertyCheck<any>;
  label: string;
  /** Index of the repair it checks, or -1 for one of the claim's own checks. */
  repair: number;
  /** What progress lines say while it runs. */
  what: string;
}

export const selectedClaims = (claims: Claim[], only?: string[]): Claim[] =>
  only && only.length > 0 ? claims.filter((c) => only.includes(c.id)) : claims;

/** Every unit of the selected claims in report order (the order results appear in), filtered. */
export function ledgerUnits(claims: Claim[], options: Pick<LedgerOptions, 'only' | 'unitFilter'> = {}): LedgerUnit[] {
  const units: LedgerUnit[] = [];
  for (const claim of selectedClaims(claims, options.only)) {
    claim.checks.forEach((check, i) => {
      const label = claim.checks.filter((c) => c.reading === check.reading).length > 1 ? `check${i + 1}` : '';
      units.push({ name: unitName(claim.id, check.reading, label), claimId: claim.id, check, label, repair: -1, what: `${claim.id} (${check.reading})` });
    });
    (claim.repairs ?? []).forEach((repair, r) =>
      repair.checks.forEach((check, i) => {
        const label = `repair${r + 1}${repair.checks.length > 1 ? `-${i + 1}` : ''}`;
        units.push({ name: unitName(claim.id, check.reading, label), claimId: claim.id, check, label, repair: r, what: `${claim.id} repair ${r + 1} (${check.reading})` });
      }),
    );
  }
  return options.unitFilter ? units.filter((u) => options.unitFilter!(u.name)) : units;
}

/** One unit's search. Its seed depends on (seed, claim, label) only, so units may run in any order or thread. */
export const runUnit = (unit: LedgerUnit, options: UnitOptions): PropertyRun =>
  runProperty(unit.claimId, unit.check, { seed: options.seed, runs: options.runs, counterexampleDir: options.counterexampleDir, shrinkAttempts: options.shrinkAttempts }, unit.label);

/** What a unit's run depends on besides the unit itself. */
export type UnitOptions = Pick<LedgerOptions, 'seed' | 'runs' | 'counterexampleDir' | 'shrinkAttempts'>;

/** A unit request a worker thread receives, and where it answers ({ i, run } or { i, error }). */
export interface UnitRequest { i: number; name: string; options: UnitOptions }
interface AnswerPort { postMessage(message: unknown): void }
const errorText = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/** Runs one requested unit and posts its run, or why there is none: the ledger's and the --claims workers answer alike. */
export function answerUnit(port: AnswerPort, units: ReadonlyMap<string, LedgerUnit>, m: UnitRequest): void {
  const unit = units.get(m.name);
  if (!unit) return port.postMessage({ i: m.i, error: "no such unit in the worker's claims" });
  let run: PropertyRun;
  try {
    run = runUnit(unit, m.options);
  } catch (error) {
    return port.postMessage({ i: m.i, error: errorText(error) });
  }
  try {
    port.postMessage({ i: m.i, run });
  } catch (error) {
    port.postMessage({ i: m.i, error: `its result cannot be sent between threads (${errorText(error)})` });
  }
}

export function runLedger(claims: Claim[], options: LedgerOptions): LedgerRun {
  const units = ledgerUnits(claims, options);
  const runs = new Map<string, PropertyRun>();
  units.forEach((unit, done) => {
    options.progress?.(done, units.length, unit.what);
    runs.set(unit.name, runUnit(unit, options));
  });
  options.progress?.(units.length, units.length, 'done');
  return assembleLedger(claims, options, runs);
}

/**
 * The report from the units' runs (by unit name): formal results first, then each claim's checks
 * in order, then extras, then repairs. Units with no run (filtered out) are left out.
 */
export function assembleLedger(claims: Claim[], options: Omit<LedgerOptions, 'progress' | 'unitFilter'>, runs: Map<string, PropertyRun>): LedgerRun {
  const counterexamples: LedgerRun['counterexamples'] = [];
  const units = ledgerUnits(claims, { only: options.only });
  const take = (claimId: string, repair: number): ClaimResult[] =>
    units.filter((u) => u.claimId === claimId && u.repair === repair).flatMap((u) => {
      const run = runs.get(u.name);
      if (!run) return [];
      if (run.counterexample && run.result.counterexample) counterexamples.push({ path: run.result.counterexample, file: run.counterexample });
      return [run.result];
    });
  const entries: ClaimEntry[] = selectedClaims(claims, options.only).map((claim) => {
    const results: ClaimResult[] = [...(options.formal?.get(claim.id) ?? []), ...take(claim.id, -1), ...(options.extra?.get(claim.id) ?? [])];
    const repairs = (claim.repairs ?? []).map((repair, r) => ({ statement: repair.statement, results: take(claim.id, r) }));
    return { id: claim.id, statement: claim.statement, latex: claim.latex, paper: claim.paper, uses: claim.uses, hypotheses: claim.hypotheses, results, repairs };
  });
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
