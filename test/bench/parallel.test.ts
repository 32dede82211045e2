// The ledger on worker threads gives the report a single thread gives, whatever the worker count.
import { describe, expect, it } from 'vitest';
import { loadClaims } from '../../src/ledger/claims.ts';
import { ledgerUnits, runLedger } from '../../src/ledger/run.ts';
import { runLedgerParallel } from '../../src/ledger/parallel.ts';

const withoutTiming = (x: unknown) => JSON.stringify(x, (k, v) => (k === 'seconds' || k === 'generatedAt' ? undefined : v));

describe('runLedgerParallel', () => {
  // Claims with refutations (counterexample files, shrinking), repairs with several checks, and
  // plain holds; their shrinks end on the step budget, well inside the wall-clock one.
  const only = ['P1.eq3', 'P1.eq5', 'P1.dV', 'S6.deeper-heads'];
  const options = { seed: 7, runs: 25, only, counterexampleDir: 'reports/counterexamples' };

  it('equals runLedger for 2 and 3 workers, counterexample files included, and keeps the formal results first', async () => {
    const claims = await loadClaims();
    expect(ledgerUnits(claims, { only }).length).toBeGreaterThan(3);
    const serial = runLedger(claims, options);
    expect(serial.counterexamples.length).toBeGreaterThan(0);
    const formal = new Map([['P1.dV', [{ reading: 'any' as const, verdict: 'proved' as const, method: 'smt' as const, cases: 1, corners: [], counterexample: null, detail: 'planted' }]]]);
    for (const workers of [2, 3]) {
      const parallel = await runLedgerParallel(claims, { ...options, workers });
      expect(withoutTiming(parallel)).toBe(withoutTiming(serial));
      const withFormal = await runLedgerParallel(claims, { ...options, workers, formal: Promise.resolve(formal) });
      expect(withoutTiming(withFormal)).toBe(withoutTiming(runLedger(claims, { ...options, formal })));
    }
  }, 120_000);

  it('runs only the units the filter accepts', async () => {
    const claims = await loadClaims();
    const keep = (u: string) => u.startsWith('P1.eq5|');
    const run = await runLedgerParallel(claims, { ...options, workers: 2, unitFilter: keep });
    for (const c of run.report.claims) {
      const n = c.results.length + c.repairs.reduce((m, r) => m + r.results.length, 0);
      expect([c.id, n]).toEqual([c.id, c.id === 'P1.eq5' ? 2 : 0]);
    }
  }, 60_000);
});
