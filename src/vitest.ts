// `jepa-verify/vitest`: a claim as ordinary vitest tests, one per check, on @fast-check/vitest.
//
//   import { claimTest } from 'jepa-verify/vitest';
//   import claim from './claims/my.claim.ts';
//   claimTest(claim, { runs: 200, seed: 42 });
//
// A test fails exactly when the CLI's verdict for that check is 'refuted': a float64 violation
// that its confirm() upholds at high precision and whose hypotheses (when the check decides them)
// hold. Cases are seeded as the ledger seeds them (subSeed(seed, claim ID, label)), so the same
// seed explores the same cases. The 'holds'/'inconclusive' distinction (how many cases were
// decided) is the CLI's; here a check that is not refuted passes.
import { describe } from 'vitest';
import { test } from '@fast-check/vitest';
import { atPrecision, fmt, subSeed, type Claim, type PropertyCheck } from './claims/framework.ts';

export interface ClaimTestOptions {
  /** Generated cases per check (the CLI's --runs; default 100). */
  runs?: number;
  /** The CLI's --seed (default 42). */
  seed?: number;
  /** Per-test time limit in milliseconds (vitest's timeout; default 120000). */
  timeout?: number;
}

/** The label the ledger gives the i-th check (ledger/run.ts ledgerUnits), which seeds its cases. */
function labelOf(checks: PropertyCheck<unknown>[], i: number): string {
  return checks.filter((c) => c.reading === checks[i].reading).length > 1 ? `check${i + 1}` : '';
}

/** Why a case refutes the check, or null when it does not. */
export function refutation(check: PropertyCheck<unknown>, value: unknown): string | null {
  const outcome = check.run(value);
  if (outcome.kind !== 'violation') return null;
  const confirmation = outcome.confirm();
  if (!confirmation.confirmed) return null;
  const hypotheses = check.hypotheses?.(value);
  if (hypotheses && !hypotheses.holds) return null;
  return `${outcome.message} (float64 margin ${fmt(outcome.margin)} against noise ${fmt(outcome.noise)}; ${atPrecision(confirmation.digits)}: ${confirmation.message})`;
}

export function claimTest(claim: Claim, options: ClaimTestOptions = {}): void {
  const runs = options.runs ?? 100;
  const seed = options.seed ?? 42;
  const checks = claim.checks as PropertyCheck<unknown>[];
  describe(`${claim.id}: ${claim.statement}`, () => {
    checks.forEach((check, i) => {
      const label = labelOf(checks, i);
      test.prop([check.arbitrary()], { numRuns: runs, seed: subSeed(seed, claim.id, label), includeErrorInReport: true })(
        `${check.reading}${label ? ` (${label})` : ''}`,
        (value) => {
          const why = refutation(check, value);
          if (why !== null) throw new Error(`${claim.id} refuted (${check.reading}): ${why}`);
        },
        options.timeout ?? 120_000,
      );
    });
  });
}
