// Runs experiment specs in-process (jobs = 1) or on worker threads. Node 20 cannot load .ts in a
// worker by itself, so each worker first registers tsx's ESM loader and then imports the worker
// module; this works under the tsx CLI and under vitest alike.

import { Worker } from 'node:worker_threads';
import { type RunSpec, executeRun } from './experiments.ts';
import type { RunRecord } from './records.ts';

export type Progress = (done: number, total: number, spec: RunSpec) => void;

export async function runAll(specs: RunSpec[], jobs: number, onProgress?: Progress): Promise<RunRecord[]> {
  const results: RunRecord[] = new Array(specs.length);
  if (jobs <= 1 || specs.length <= 1) {
    specs.forEach((spec, i) => {
      results[i] = executeRun(spec);
      onProgress?.(i + 1, specs.length, spec);
    });
    return results;
  }
  const api = import.meta.resolve('tsx/esm/api');
  const target = new URL('./run-worker.ts', import.meta.url).href;
  const boot = `import(${JSON.stringify(api)}).then((m) => { m.register(); return import(${JSON.stringify(target)}); });`;
  let next = 0, done = 0;
  const workers: Worker[] = [];
  try {
    await new Promise<void>((resolve, reject) => {
      const feed = (w: Worker) => {
        if (next < specs.length) {
          const i = next++;
          w.postMessage({ i, spec: specs[i] });
        } else if (done === specs.length) resolve();
      };
      for (let k = 0; k < Math.min(jobs, specs.length); k++) {
        const w = new Worker(boot, { eval: true });
        workers.push(w);
        w.on('message', (m: { ready?: boolean; i: number; record?: RunRecord; error?: string }) => {
          // The worker says when its listener is in place; feeding on 'online' could race the import.
          if (m.ready) return feed(w);
          if (m.error !== undefined) return reject(new Error(m.error));
          results[m.i] = m.record!;
          done++;
          onProgress?.(done, specs.length, specs[m.i]);
          feed(w);
        });
        w.on('error', reject);
      }
    });
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
  return results;
}
