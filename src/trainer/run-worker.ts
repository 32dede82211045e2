// Worker-thread side of pool.ts: one spec in, one RunRecord out.

import { parentPort } from 'node:worker_threads';
import { type RunSpec, executeRun } from './experiments.ts';

parentPort!.on('message', (m: { i: number; spec: RunSpec }) => {
  try {
    parentPort!.postMessage({ i: m.i, record: executeRun(m.spec) });
  } catch (e) {
    parentPort!.postMessage({ i: m.i, error: e instanceof Error ? e.message : String(e) });
  }
});
parentPort!.postMessage({ ready: true, i: -1 });
