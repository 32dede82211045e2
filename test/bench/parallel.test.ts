// The ledger on worker threads gives the report a single thread gives, whatever the worker count.
import { describe, expect, it } from 'vitest';
import { loadClaims } from '../../src/ledger/claims.ts';
import { ledgerUnits, runLedger } from '../../src/ledger/run.ts';
import { runLedgerParallel, SideJobs } from '../../src/ledger/parallel.ts';

const withoutTiming = (x: unknown) => JSON.stringify(x, (k, v) => (k === 'seconds' || k === 'generatedAt' ? undefined : v));

describe('runLedgerParallel', () => {
  // Claims with refutations (counterexample files, shrinking), repairs with several checks, and
  // plain holds; their shrinks end on the step budget, well inside the wall-clock one.
  const only = ['P1.eq3', 'P1.eq5', 'P1.dV', 'S6.deeper-heads'];
  const options = { seed: 7, runs: 15, only, counterexampleDir: 'reports/counterexamples' };

  it('equals runLedger for 2 and 3 workers, counterexample files included, with the formal results first', async () => {
    const claims = await loadClaims();
    expect(ledgerUnits(claims, { only }).length).toBeGreaterThan(3);
    const formal = new Map([['P1.dV', [{ reading: 'any' as const, verdict: 'proved' as const, method: 'smt' as const, cases: 1, corners: [], counterexample: null, detail: 'planted' }]]]);
    const serial = runLedger(claims, { ...options, formal });
    expect(serial.counterexamples.length).toBeGreaterThan(0);
    expect(serial.report.claims.find((c) => c.id === 'P1.dV')!.results[0].detail).toBe('planted');
    // The formal results may still be on their way (a promise) while the units run.
    const two = await runLedgerParallel(claims, { ...options, workers: 2, formal: Promise.resolve(formal) });
    expect(withoutTiming(two)).toBe(withoutTiming(serial));
    const three = await runLedgerParallel(claims, { ...options, workers: 3, formal });
    expect(withoutTiming(three)).toBe(withoutTiming(serial));
  }, 120_000);

  it('runs only the units the filter accepts', async () => {
    const claims = await loadClaims();
    const keep = (u: string) => u.startsWith('P1.eq5|');
    const run = await runLedgerParallel(claims, { ...options, workers: 2, unitFilter: keep });
    for (const c of run.report.claims) {
      const n = c.results.length + c.repairs.reduce((m, r) => m + r.results.length, 0);
      // P1.eq5: its two readings and its two repairs (fixed data, on-policy).
      expect([c.id, n]).toEqual([c.id, c.id === 'P1.eq5' ? 4 : 0]);
    }
  }, 60_000);

  it('runs side jobs on the ledger workers (or on threads of their own with one worker), each failure its own', async () => {
    const claims = await loadClaims();
    const module = new URL('../fixtures/side-jobs/jobs.ts', import.meta.url);
    const keep = (u: string) => u.startsWith('P1.eq5|');
    for (const workers of [2, 1]) {
      const jobs = new SideJobs();
      const square = jobs.add<{ square: number; onWorker: boolean }>(module, 'describeSquare', [7]);
      const failed = jobs.add(module, 'fail', ['planted failure']);
      const run = await runLedgerParallel(claims, { ...options, workers, unitFilter: keep, sideJobs: jobs });
      // The units are unaffected by the jobs and their failure.
      expect(run.report.claims.find((c) => c.id === 'P1.eq5')!.results.map((r) => r.verdict)).toEqual(['refuted', 'refuted']);
      expect(await square).toEqual({ square: 49, onWorker: true });
      await expect(failed).rejects.toThrow('fail: planted failure');
      expect(jobs.pending).toEqual([]);
    }
  }, 60_000);
});
