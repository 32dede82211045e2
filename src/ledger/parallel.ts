// The ledger's property units on worker threads. Each unit's search is seeded by subSeed(seed,
// claim, label) alone and shares nothing with the others, so a unit finds the same thing on any
// thread and in any order; results are put back in the fixed unit order, which makes the report
// the same whatever the number of workers. Checks are objects with functions, which cannot cross
// a thread boundary, so each worker loads the claims itself and is sent unit names.
//
// This module is also the workers' entry point: imported on a worker thread started by
// startTsWorker with role LEDGER_ROLE, it serves units instead of exporting them.
import { availableParallelism } from 'node:os';
import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import type { Claim, PropertyRun } from '../claims/framework.ts';
import type { ClaimResult, VerificationReport } from '../report/schema.ts';
import { PROPERTIES_DIR, loadClaims } from './claims.ts';
import { ESTIMATED_COSTS } from './unitCosts.ts';
import { JOB_ROLE, LEDGER_ROLE, LedgerWorker, startTsWorker } from './workerThreads.ts';
import { answerUnit, assembleLedger, ledgerUnits, runLedger, type LedgerOptions, type LedgerRun, type UnitOptions, type UnitRequest } from './run.ts';

export { JOB_ROLE, LEDGER_ROLE, startTsWorker } from './workerThreads.ts';

export interface ParallelOptions extends Omit<LedgerOptions, 'formal' | 'extra'> {
  /** Worker threads; 1 runs in this thread (runLedger). Default os.availableParallelism(). */
  workers?: number;
  /** Formal results, or their promise: the property units start while the solver is still working. */
  formal?: Map<string, ClaimResult[]> | Promise<Map<string, ClaimResult[]> | undefined>;
  /** Extra results (e.g. the trained-network checks), or their promise, computed alongside the units (runOnWorker). */
  extra?: Map<string, ClaimResult[]> | Promise<Map<string, ClaimResult[]> | undefined>;
  /** Where the workers load the claims from (the claims passed in must have come from there). */
  propertiesDir?: string;
  /**
   * Expected seconds per unit name (e.g. unitCosts of the last report): units go out longest first,
   * so no long unit starts last while the other workers sit idle. Unknown units go first. Only the
   * wall time depends on it, never a result.
   */
  costs?: Map<string, number>;
  /** Functions to run on the ledger's workers between units (SideJobs), instead of on threads of their own. */
  sideJobs?: SideJobs;
  /** Workers started earlier (startLedgerWorkers) on the same propertiesDir; those not needed are stopped. */
  prestarted?: LedgerWorker[];
}

/**
 * CPU-bound side work (the trained-network checks, the §7 necessity table) queued on the ledger's
 * workers beside the units. A thread of its own costs about 1.8 CPU s before it does anything (tsx's
 * loader and the module graph, loaded again); a ledger worker has most of the modules already. Each
 * job is a pure function of its arguments, so where and when it runs changes no value. Jobs that
 * reach no pool (one worker, a single unit) run on threads of their own as before (runOnWorker).
 */
export class SideJobs {
  readonly pending: { module: string; fn: string; args: unknown[]; resolve: (v: unknown) => void; reject: (e: Error) => void }[] = [];

  /**
   * module[fn](...args). Jobs go out before the units, in the order added: they cost a few seconds
   * whatever the budget, and a job started last would leave the other workers idle at the end.
   */
  add<T>(module: URL, fn: string, args: unknown[]): Promise<T> {
    let resolve!: (v: unknown) => void, reject!: (e: Error) => void;
    const done = new Promise<T>((res, rej) => { resolve = res as (v: unknown) => void; reject = rej; });
    done.catch(() => undefined);
    this.pending.push({ module: module.href, fn, args, resolve, reject });
    return done;
  }

  /** Takes the jobs not yet handed out. */
  take(): SideJobs['pending'] {
    return this.pending.splice(0);
  }

  /** Runs the jobs not yet handed out on threads of their own. */
  runAlone(): void {
    for (const j of this.take()) runOnWorker(new URL(j.module), j.fn, j.args).then(j.resolve, j.reject);
  }
}

export const defaultWorkers = (): number => availableParallelism();

/** runLedger with the units spread over worker threads; the same LedgerRun for any number of workers. */
export async function runLedgerParallel(claims: Claim[], options: ParallelOptions): Promise<LedgerRun> {
  const workers = Math.max(1, Math.floor(options.workers ?? defaultWorkers()));
  const units = ledgerUnits(claims, options);
  if (workers === 1 || units.length <= 1) {
    for (const w of options.prestarted ?? []) void w.terminate();
    options.sideJobs?.runAlone();
    const formal = await options.formal;
    const extra = await options.extra;
    return runLedger(claims, { ...options, formal, extra });
  }
  const costs: ReadonlyMap<string, number> = options.costs ?? ESTIMATED_COSTS;
  const cost = (name: string) => costs.get(name) ?? Infinity;
  const order = units.map((_, i) => i).sort((a, b) => cost(units[b].name) - cost(units[a].name) || a - b);
  const jobs = options.sideJobs?.take() ?? [];
  const runs = await runUnitsOnWorkers(units.map((u) => u.name), { seed: options.seed, runs: options.runs, counterexampleDir: options.counterexampleDir, shrinkAttempts: options.shrinkAttempts }, Math.min(workers, units.length), options.propertiesDir ?? PROPERTIES_DIR, (done, what) => options.progress?.(done, units.length, what), order, jobs, options.prestarted);
  options.progress?.(units.length, units.length, 'done');
  const formal = await options.formal;
  const extra = await options.extra;
  return assembleLedger(claims, { ...options, formal, extra }, new Map(units.map((u, i) => [u.name, runs[i]])));
}

/**
 * module[fn](...args) on a thread of its own, its (structured-cloneable) value returned: CPU-bound
 * side work (the trained-network checks, the §7 necessity table) then runs while the property units
 * do, instead of holding the main thread before or after them. The promise is marked handled at
 * once, so a failure surfaces where it is awaited, not as an unhandled rejection meanwhile.
 */
export function runOnWorker<T>(module: URL, fn: string, args: unknown[]): Promise<T> {
  const job = startTsWorker(new URL(import.meta.url), { role: JOB_ROLE, module: module.href, fn, args });
  const done = new Promise<T>((resolve, reject) => {
    job.once('message', (m: { value?: T; error?: string }) => (m.error !== undefined ? reject(new Error(`${fn}: ${m.error}`)) : resolve(m.value as T)));
    job.once('error', reject);
    job.once('exit', (code) => reject(new Error(`${fn}: its worker exited (code ${code}) without a result`)));
  }).finally(() => job.terminate());
  done.catch(() => undefined);
  return done;
}

/** What a worker reports of a thrown value. */
const errorText = (error: unknown): string => (error instanceof Error ? error.message : String(error));

async function runJob(module: string, fn: string, args: unknown[]): Promise<unknown> {
  const m = (await import(module)) as Record<string, (...a: unknown[]) => unknown>;
  return await m[fn](...args);
}

/** A side job on a ledger worker (SideJobs): its value or its error, never an unhandled rejection. */
async function serveSideJob(port: NonNullable<typeof parentPort>, m: { job: number; module: string; fn: string; args: unknown[] }): Promise<void> {
  try {
    port.postMessage({ job: m.job, value: await runJob(m.module, m.fn, m.args) });
  } catch (error) {
    port.postMessage({ job: m.job, error: errorText(error) });
  }
}

async function serveJob(): Promise<void> {
  const { module, fn, args } = workerData as { module: string; fn: string; args: unknown[] };
  try {
    parentPort!.postMessage({ value: await runJob(module, fn, args) });
  } catch (error) {
    parentPort!.postMessage({ error: errorText(error) });
  }
}

/**
 * Seconds per unit in a previous report (verification.json) of these claims: each claim's results
 * other than formal and trained ones are its units' in unit order. Claims whose result counts no
 * longer match their units are left out.
 */
export function unitCosts(report: VerificationReport, claims: Claim[]): Map<string, number> {
  const costs = new Map<string, number>();
  const units = ledgerUnits(claims);
  for (const entry of report.claims ?? []) {
    const match = (results: ClaimResult[], repair: number) => {
      const mine = units.filter((u) => u.claimId === entry.id && u.repair === repair);
      if (results.length !== mine.length) return;
      mine.forEach((u, i) => { if (typeof results[i].seconds === 'number') costs.set(u.name, results[i].seconds!); });
    };
    match(entry.results.filter((r) => !['smt', 'symbolic', 'trained'].includes(r.method)), -1);
    entry.repairs.forEach((rep, r) => match(rep.results, r));
  }
  return costs;
}

type Reply = { ready: true } | { i: number; run: PropertyRun } | { i: number; error: string } | { job: number; value: unknown } | { job: number; error: string } | { fatal: string };

/**
 * Runs the named units on `count` workers, handing the next unit to whichever worker is free. Each
 * worker holds up to PREFETCH units, so it starts its next one at once even when this thread is
 * busy elsewhere (the SMT solver, the trained checks) when a unit ends. `order` is the dispatch
 * order (indices into names); results are returned in names' order whatever it is.
 */
export async function runUnitsOnWorkers(names: string[], options: UnitOptions, count: number, propertiesDir: string, progress?: (done: number, what: string) => void, order?: number[], jobs: SideJobs['pending'] = [], prestarted: LedgerWorker[] = []): Promise<PropertyRun[]> {
  // Side jobs first (SideJobs.add), then the units in dispatch order.
  const queue: ({ unit: number } | { job: number })[] = [...jobs.map((_, job) => ({ job })), ...(order ?? names.map((_, i) => i)).map((unit) => ({ unit }))];
  const results: PropertyRun[] = new Array(names.length);
  // Workers started earlier are used first; the rest are started now, and any left over stopped.
  const pool: LedgerWorker[] = prestarted.slice(0, count);
  for (const spare of prestarted.slice(count)) void spare.terminate();
  const total = names.length + jobs.length;
  let next = 0, done = 0;
  try {
    await new Promise<void>((resolve, reject) => {
      const feed = (w: LedgerWorker) => {
        if (next < queue.length) {
          const q = queue[next++];
          if ('unit' in q) w.worker.postMessage({ i: q.unit, name: names[q.unit], options });
          else w.worker.postMessage({ job: q.job, module: jobs[q.job].module, fn: jobs[q.job].fn, args: jobs[q.job].args });
        } else if (done === total) resolve();
      };
      while (pool.length < count) pool.push(new LedgerWorker(propertiesDir));
      for (const w of pool) {
        w.attach({
          message: (message: unknown) => {
            const m = message as Reply;
            // The worker says when its claims are loaded; feeding on 'online' could race the import.
            if ('ready' in m) {
              for (let j = 0; j < PREFETCH; j++) feed(w);
              return;
            }
            if ('fatal' in m) return reject(new Error(m.fatal));
            if ('job' in m) {
              // A side job's failure is its own promise's, as on a thread of its own; the units go on.
              const j = jobs[m.job];
              if ('error' in m) j.reject(new Error(`${j.fn}: ${m.error}`));
              else j.resolve(m.value);
              done++;
              feed(w);
              return;
            }
            if ('error' in m) return reject(new Error(`${names[m.i]}: ${m.error}`));
            results[m.i] = m.run;
            done++;
            progress?.(done, names[m.i]);
            feed(w);
          },
          error: reject,
          exit: (code) => { if (done < total) reject(new Error(`a ledger worker exited (code ${code}) with units left`)); },
        });
      }
    });
  } finally {
    await Promise.all(pool.map((w) => w.terminate()));
    // Jobs a failed pool never finished fail with it rather than leave their awaiters waiting.
    for (const j of jobs) j.reject(new Error(`${j.fn}: the ledger's workers stopped before it finished`));
  }
  return results;
}

/** Units queued on each worker at once (see runUnitsOnWorkers). */
const PREFETCH = 2;

async function serve(): Promise<void> {
  const port = parentPort!;
  try {
    const claims = await loadClaims((workerData as { propertiesDir: string }).propertiesDir);
    const units = new Map(ledgerUnits(claims).map((u) => [u.name, u]));
    port.on('message', (m: UnitRequest | { job: number; module: string; fn: string; args: unknown[] }) => {
      if ('job' in m) return void serveSideJob(port, m);
      answerUnit(port, units, m);
    });
    port.postMessage({ ready: true });
  } catch (error) {
    port.postMessage({ fatal: `a ledger worker could not load the claims: ${errorText(error)}` });
  }
}

if (!isMainThread && (workerData as { role?: string } | null)?.role === LEDGER_ROLE) await serve();
if (!isMainThread && (workerData as { role?: string } | null)?.role === JOB_ROLE) await serveJob();
