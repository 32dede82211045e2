// `jepa-verify bench`: one JSON line per workload, and the fast, reference and parallel prop1 runs
// agree bit for bit (same digest over the same cases).
import { describe, expect, it, vi } from 'vitest';
import { runBench } from '../../src/cli/bench.ts';
import { InputError } from '../../src/model/validate.ts';

async function bench(argv: string[]): Promise<Record<string, any>[]> {
  let out = '';
  const o = vi.spyOn(process.stdout, 'write').mockImplementation((s) => ((out += String(s)), true));
  try {
    expect(await runBench(argv)).toBe(0);
  } finally {
    o.mockRestore();
  }
  const lines = out.trim().split('\n');
  return lines.map((l) => JSON.parse(l));
}

describe('bench', () => {
  it('prints one JSON line per workload with the common fields; reference, fast and parallel prop1 agree', async () => {
    const records = await bench(['--workload', 'prop1-reference,prop1,prop1-parallel,train', '--cases', '120', '--workers', '2', '--json']);
    expect(records.map((r) => r.workload)).toEqual(['prop1-reference', 'prop1', 'prop1-parallel', 'train']);
    for (const r of records) {
      expect(typeof r.cases).toBe('number');
      expect(r.cases).toBe(120);
      expect(r.seconds).toBeGreaterThan(0);
      expect(r.casesPerSecond).toBeGreaterThan(0);
    }
    const [reference, fast, parallel, train] = records;
    expect(fast.digest).toMatch(/^[0-9a-f]{8}$/);
    expect(reference.digest).toBe(fast.digest);
    expect(parallel.digest).toBe(fast.digest);
    expect(parallel.sameAsSerial).toBe(true);
    expect(parallel.threads).toBe(2);
    expect(typeof parallel.speedUp).toBe('number');
    expect(fast.evaluationsPerCase).toBe(9);
    expect(fast.size).toEqual({ S: 8, A: 3, d: 12 });
    expect(typeof fast.met).toBe('boolean');
    expect(train.updatesPerSecond).toBeGreaterThan(0);
  }, 60_000);

  it('scale: one case at |S| = 500, |A| = 8, d = 256 with its phases', async () => {
    const [scale] = await bench(['--workload', 'scale', '--cases', '1', '--json']);
    expect(scale.workload).toBe('scale');
    expect(scale.size).toEqual({ S: 500, A: 8, d: 256 });
    expect(Object.keys(scale.phaseSecondsPerCase).sort()).toEqual(['base', 'draw', 'lipschitz', 'moves', 'nullSpace']);
    expect(scale.minK1).toBeGreaterThan(0);
  }, 60_000);

  it('bad input is an InputError naming the flag', async () => {
    await expect(runBench(['--workload', 'nope'])).rejects.toThrow(InputError);
    await expect(runBench(['--workload', 'nope'])).rejects.toThrow(/--workload/);
    await expect(runBench(['--cases', '0'])).rejects.toThrow(/--cases/);
    await expect(runBench(['--workers', 'two'])).rejects.toThrow(/--workers/);
  });
});
