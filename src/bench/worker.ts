// Worker-thread side of the prop1-parallel workload: a range of cases in, their summary out.
import { parentPort } from 'node:worker_threads';
import { runCases } from './prop1.ts';

export interface Prop1Job {
  /** 'warmup' runs cases that are not reported, so the timed run gets optimised code. */
  kind: 'warmup' | 'run';
  seed: number;
  from: number;
  to: number;
  S: number;
  A: number;
  d: number;
}

parentPort!.on('message', (job: Prop1Job) => {
  try {
    const summary = runCases(job.seed, job.from, job.to, job.S, job.A, job.d);
    parentPort!.postMessage({ summary });
  } catch (error) {
    parentPort!.postMessage({ error: error instanceof Error ? error.message : String(error) });
  }
});
parentPort!.postMessage({ ready: true });
