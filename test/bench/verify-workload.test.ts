// `bench --workload verify` on a small run: the record's decided count is the report's, its budget
// is the --runs it was given, and CPU time is read from the child (not timed, so nothing here asserts speed).
import { describe, expect, it } from 'vitest';
import { verifyWorkload } from '../../src/bench/workloads.ts';

describe('verify workload', () => {
  it('counts the decided cases of the run it spawned and records its budget', async () => {
    const r = await verifyWorkload(['--only', 'P1.rank,P1.dim', '--no-formal', '--no-trained', '--runs', '30'], 0);
    expect(r.exitCode).toBe(0);
    expect(r.budget).toBe(30);
    // P1.rank and P1.dim decide every case they run: two property checks of 30 decided each.
    expect(r.decided).toBe(60);
    expect(r.undecided).toBe(0);
    // Fewer than the 200 decided cases a 'holds' needs.
    expect(r.verdicts).toEqual({ inconclusive: 2 });
    expect(r.kernelCasesPerCpuSecond).toBeNull();
    // The time breakdown names each result's method and verdict: here two inconclusive property checks.
    expect(Object.keys(r.secondsBy as Record<string, number>)).toEqual(['property inconclusive']);
    expect(typeof r.cpuSeconds === 'number' && r.cpuSeconds > 0).toBe(true);
  }, 120_000);
});
