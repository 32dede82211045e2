// Ledger workers started before the ledger listens (verify starts them before it loads the claims):
// nothing they say early is lost, and a ledger run on them equals one on workers of its own.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadClaims, PROPERTIES_DIR } from '../../src/ledger/claims.ts';
import { runLedger } from '../../src/ledger/run.ts';
import { runLedgerParallel } from '../../src/ledger/parallel.ts';
import { LedgerWorker, startLedgerWorkers } from '../../src/ledger/workerThreads.ts';

const withoutTiming = (x: unknown) => JSON.stringify(x, (k, v) => (k === 'seconds' || k === 'generatedAt' ? undefined : v));

describe('prestarted ledger workers', () => {
  it('keep what their thread said before anyone listened, and hand it over in order on attach', async () => {
    // An empty claims folder: the worker loads nothing and says it is ready at once.
    const w = new LedgerWorker(mkdtempSync(join(tmpdir(), 'jepa-no-claims-')));
    try {
      await new Promise((resolve) => w.worker.once('message', resolve));
      const heard: unknown[] = [];
      w.attach({ message: (m) => heard.push(m), error: (e) => heard.push(e), exit: (code) => heard.push({ exit: code }) });
      // Delivered during attach, before any later event.
      expect(heard).toEqual([{ ready: true }]);
      w.worker.postMessage({ i: 0, name: 'no such unit', options: {} });
      await new Promise((resolve) => w.worker.once('message', resolve));
      expect(heard[1]).toEqual({ i: 0, error: 'no such unit in the worker\'s claims' });
    } finally {
      await w.terminate();
    }
  }, 60_000);

  it('run the ledger as workers of its own do; spares beyond the units are stopped', async () => {
    const claims = await loadClaims();
    const options = { seed: 7, runs: 15, only: ['P1.eq5', 'P1.dV'], counterexampleDir: 'reports/counterexamples' };
    const serial = runLedger(claims, options);
    const prestarted = startLedgerWorkers(3, PROPERTIES_DIR);
    const exits = prestarted.map((w) => new Promise((resolve) => w.worker.once('exit', resolve)));
    const run = await runLedgerParallel(claims, { ...options, workers: 2, prestarted });
    expect(withoutTiming(run)).toBe(withoutTiming(serial));
    // The two it used and the one it did not take have all exited.
    await Promise.all(exits);
  }, 120_000);
});
