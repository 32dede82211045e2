// Starting the ledger's worker threads. Kept apart from parallel.ts, which imports every claim:
// `verify` starts its workers from here before it loads the claims itself, so the workers' own
// loading (tsx, the module graph: about a second each) overlaps the main thread's.
import { Worker } from 'node:worker_threads';

export const LEDGER_ROLE = 'jepa-verify-ledger';
/** A worker thread running one exported function (runOnWorker). */
export const JOB_ROLE = 'jepa-verify-job';
/** The ledger workers' entry point (it serves units when started with role LEDGER_ROLE). */
const LEDGER_ENTRY = new URL('./parallel.ts', import.meta.url);

/**
 * Starts a worker thread on a TypeScript module. Node 20 cannot load .ts in a worker by itself, so
 * the worker first registers tsx's ESM loader and then imports the module (the trainer's pool.ts
 * does the same); this works under the tsx CLI and under vitest alike.
 */
export function startTsWorker(module: URL, data?: unknown): Worker {
  const api = import.meta.resolve('tsx/esm/api');
  const boot = `Promise.all(${JSON.stringify(preloads())}.map((p) => import(p))).then(() => import(${JSON.stringify(api)})).then((m) => { m.register(); return import(${JSON.stringify(module.href)}); });`;
  return new Worker(boot, { eval: true, workerData: data, resourceLimits: { maxYoungGenerationSizeMb: YOUNG_GENERATION_MB } });
}

/**
 * Packages of many files that every worker imports, loaded before tsx's hooks are registered: with
 * the hooks each file costs a round trip to their thread (~0.5 CPU s per worker for these two); the
 * TypeScript modules' later imports resolve to the same URLs and find them in the module map, so
 * the same code runs. A package that does not resolve is left to the ordinary route.
 */
function preloads(): string[] {
  return ['mathjs', 'fast-check'].flatMap((p) => {
    try {
      return [import.meta.resolve(p)];
    } catch {
      return [];
    }
  });
}

/**
 * A property unit allocates short-lived objects fast (fast-check values, 64-digit numbers); with V8's
 * default young generation many survive a scavenge or two and are copied before they die, a third of
 * a unit's time in P2.eq3. A 192 MB young generation (64 MB semi-spaces) measured about 5% less CPU
 * per unit; it changes no value, only when garbage is collected.
 */
const YOUNG_GENERATION_MB = 192;

type Event = { kind: 'message'; value: unknown } | { kind: 'error'; value: Error } | { kind: 'exit'; value: number };
export interface LedgerWorkerEvents { message(m: unknown): void; error(e: Error): void; exit(code: number): void }

/**
 * A ledger worker that may be started before anyone listens to it: what it says (its 'ready', a
 * failure to load the claims, an exit) is kept until attach() and then handed over in order, so
 * nothing it said before the ledger was ready to listen is lost.
 */
export class LedgerWorker {
  readonly worker: Worker;
  private readonly early: Event[] = [];
  private listener: LedgerWorkerEvents | null = null;

  constructor(propertiesDir: string) {
    this.worker = startTsWorker(LEDGER_ENTRY, { role: LEDGER_ROLE, propertiesDir });
    this.worker.on('message', (value: unknown) => this.deliver({ kind: 'message', value }));
    this.worker.on('error', (value: Error) => this.deliver({ kind: 'error', value }));
    this.worker.on('exit', (value: number) => this.deliver({ kind: 'exit', value }));
  }

  attach(listener: LedgerWorkerEvents): void {
    this.listener = listener;
    for (const event of this.early.splice(0)) this.deliver(event);
  }

  terminate(): Promise<number> {
    return this.worker.terminate();
  }

  private deliver(event: Event): void {
    const l = this.listener;
    if (!l) return void this.early.push(event);
    if (event.kind === 'message') l.message(event.value);
    else if (event.kind === 'error') l.error(event.value);
    else l.exit(event.value);
  }
}

/** `count` ledger workers loading the claims of `propertiesDir`, started now for a ledger run to come. */
export function startLedgerWorkers(count: number, propertiesDir: string): LedgerWorker[] {
  return Array.from({ length: count }, () => new LedgerWorker(propertiesDir));
}
