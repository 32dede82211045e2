// `verify --claims DIR`: a user's own claim files, beside or instead of the paper's. Their checks
// are user code, so each runs on a worker thread under a time limit: a check that loops ends as an
// 'error' result naming the limit, and the other checks still run.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import type { Worker } from 'node:worker_threads';
export type { ClaimOutline } from './claimsWorkers.ts';
import type { Claim, PropertyRun } from '../claims/framework.ts';
import { assembleLedger, ledgerUnits, type LedgerRun, type UnitOptions } from '../ledger/run.ts';
import { checkSourceFile } from './inputFiles.ts';
import { crashText, exitText, keepSpare, LoadWatch, startClaimsWorker, takeSpare, type ClaimOutline, type LoadMessage } from './claimsWorkers.ts';
import { InputError } from '../model/validate.ts';
import type { ReplayLimits, ReplayOutcome } from './replay.ts';

/** The claim files directly in DIR, sorted; what can be judged of the folder without loading any of them. */
export function probeClaimsDir(dir: string, flag = '--claims'): string[] {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new InputError(`${flag} ${dir}: no such folder`);
  const files = readdirSync(dir).filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts') && !f.endsWith('.test.ts')).sort();
  if (files.length === 0) throw new InputError(`${flag} ${dir}: no claim files (*.ts); jepa-verify init ${dir} writes one`);
  return files;
}

/** The claim files of DIR as paths to give a worker (as the user wrote DIR, so messages name them so). */
export function claimFiles(dir: string, flag = '--claims'): string[] {
  const files = probeClaimsDir(dir, flag).map((f) => join(dir, f));
  for (const f of files) checkSourceFile(f);
  return files;
}

/**
 * Every *.ts file directly in DIR must default-export a claim (helpers go in sub-folders). The files
 * are imported on a worker thread, each under timeoutMs, never on this one: this thread gets the
 * claims' outlines only.
 */
export async function loadUserClaims(dir: string, timeoutMs: number, flag = '--claims'): Promise<ClaimOutline[]> {
  const files = claimFiles(dir, flag);
  const outlines: ClaimOutline[] = [];
  // A worker that can run units next (runUserClaims takes it when verify gets that far).
  const worker = startClaimsWorker(dir, files, 'units');
  try {
    await new Promise<void>((resolveAll, rejectAll) => {
      const watch = new LoadWatch(worker, files, timeoutMs, rejectAll);
      worker.on('message', (m: LoadMessage | { ready: true }) => {
        if (watch.message(m)) {
          if ('loaded' in m) outlines[m.loaded] = m.outline;
        } else if ('ready' in m) resolveAll();
      });
      worker.on('error', (error: Error) => { if (!watch.ended(crashText(error))) rejectAll(error); });
      worker.on('exit', (code: number) => { if (!watch.ended(exitText(code))) rejectAll(new Error(`the worker loading ${flag} ${dir} exited (code ${code}) before it had loaded them`)); });
    });
    requireDistinctIds(outlines, files);
  } catch (error) {
    await worker.terminate();
    throw error;
  }
  keepSpare(dir, worker);
  return outlines;
}

function requireDistinctIds(outlines: ClaimOutline[], files: string[]): void {
  const seen = new Map<string, string>();
  for (const [i, c] of outlines.entries()) {
    const other = seen.get(c.id);
    if (other) throw new InputError(`${files[i]}: id: ${JSON.stringify(c.id)} is also the id of ${other}`);
    seen.set(c.id, files[i]);
  }
}

type ReplayReply = { ready: true } | { outcome: ReplayOutcome } | { error: string; input: boolean };

/**
 * replay FILE --claims DIR: one worker loads DIR's files (each under limits.timeoutMs, as
 * loadUserClaims) and then replays FILE against claim `id` (under limits.timeoutMs again); this
 * thread never imports them, and they load once.
 */
export async function replayWithClaims(path: string, id: string, dir: string, limits: Pick<ReplayLimits, 'maxBytes' | 'maxSize' | 'timeoutMs'>): Promise<ReplayOutcome> {
  const files = claimFiles(dir);
  const outlines: ClaimOutline[] = [];
  const worker = startClaimsWorker(dir, files, 'replay');
  const limit = `did not finish within ${limits.timeoutMs / 1000} s and was stopped (--timeout S raises the limit)`;
  try {
    return await new Promise<ReplayOutcome>((resolveAll, rejectAll) => {
      const watch = new LoadWatch(worker, files, limits.timeoutMs, rejectAll);
      let timer: NodeJS.Timeout | undefined;
      worker.on('message', (m: LoadMessage | ReplayReply) => {
        if (watch.message(m)) {
          if ('loaded' in m) outlines[m.loaded] = m.outline;
          return;
        }
        if ('ready' in m) {
          try {
            requireDistinctIds(outlines, files);
          } catch (error) {
            return rejectAll(error);
          }
          if (!outlines.some((c) => c.id === id)) return rejectAll(new InputError(`claim: ${JSON.stringify(id)} is neither a claim of the paper nor of --claims ${dir}`));
          timer = setTimeout(() => rejectAll(new InputError(`claim ${id}: the replay ${limit}`)), limits.timeoutMs);
          return worker.postMessage({ path, limits });
        }
        clearTimeout(timer);
        if ('outcome' in m) resolveAll(m.outcome);
        else rejectAll(m.input ? new InputError(m.error) : new Error(m.error));
      });
      // Past the loading, only the claim's own code runs there: its crash or exit is bad input.
      worker.on('error', (error: Error) => { clearTimeout(timer); if (!watch.ended(crashText(error))) rejectAll(new InputError(`claim ${id}: the replay ${crashText(error)}`)); });
      worker.on('exit', (code: number) => { clearTimeout(timer); if (!watch.ended(exitText(code))) rejectAll(new InputError(`claim ${id}: the replay ${exitText(code)}`)); });
    });
  } finally {
    await worker.terminate();
  }
}

/**
 * The outlines where the ledger expects claims: ledgerUnits and assembleLedger read only ids,
 * statements and each check's reading of them, never a check's functions (which run on workers).
 */
const asClaims = (outlines: ClaimOutline[]): Claim[] => outlines as unknown as Claim[];

type Reply = LoadMessage | { ready: true } | { i: number; run: PropertyRun } | { i: number; error: string };

export interface UserRunOptions extends UnitOptions {
  only?: string[];
  workers: number;
  timeoutMs: number;
  progress?: (done: number, total: number, what: string) => void;
}

/** Each unit on a worker thread (which imports DIR's files itself, each under options.timeoutMs), each under options.timeoutMs. */
export async function runUserClaims(dir: string, outlines: ClaimOutline[], options: UserRunOptions): Promise<LedgerRun> {
  const claims = asClaims(outlines);
  const files = claimFiles(dir);
  const units = ledgerUnits(claims, { only: options.only });
  const unitOptions: UnitOptions = { seed: options.seed, runs: options.runs, counterexampleDir: options.counterexampleDir, shrinkAttempts: options.shrinkAttempts };
  const runs = new Map<string, PropertyRun>();
  const failed = (i: number, detail: string): PropertyRun => ({
    result: { reading: units[i].check.reading, verdict: 'error', method: 'property', cases: 0, corners: [], counterexample: null, detail },
    counterexample: null,
  });
  let next = 0, done = 0;
  const live = new Set<Worker>();
  try {
    await new Promise<void>((resolveAll, rejectAll) => {
      const finish = (i: number, run: PropertyRun) => {
        runs.set(units[i].name, run);
        done++;
        options.progress?.(done, units.length, units[i].what);
        if (done === units.length) resolveAll();
      };
      const start = () => {
        if (next >= units.length) return;
        const adopted = takeSpare(dir);
        const w = adopted ?? startClaimsWorker(dir, files, 'units');
        live.add(w);
        // A file that loads differently this time (it loaded once for loadUserClaims) stops the run as it would have then.
        const watch = new LoadWatch(w, files, options.timeoutMs, rejectAll);
        let current = -1;
        let timer: NodeJS.Timeout | undefined;
        const feed = () => {
          if (next >= units.length) {
            live.delete(w);
            void w.terminate();
            return;
          }
          current = next++;
          w.postMessage({ i: current, name: units[current].name, options: unitOptions });
          timer = setTimeout(() => {
            const i = current;
            current = -1;
            live.delete(w);
            void w.terminate();
            finish(i, failed(i, `the check did not finish within ${options.timeoutMs / 1000} s and was stopped (jepa-verify verify --timeout S raises the limit)`));
            start();
          }, options.timeoutMs);
        };
        // The worker is gone while a check ran: that check is an error, the others go on.
        const lost = (why: string) => {
          clearTimeout(timer);
          live.delete(w);
          if (current >= 0) {
            const i = current;
            current = -1;
            finish(i, failed(i, why));
            start();
          }
        };
        w.on('message', (m: Reply) => {
          if (watch.message(m)) return;
          if ('ready' in m) return feed();
          if (m.i !== current) return;
          clearTimeout(timer);
          current = -1;
          finish(m.i, 'run' in m ? m.run : failed(m.i, `the check threw: ${m.error.split('\n')[0]}`));
          feed();
        });
        w.on('error', (error: Error) => {
          if (watch.ended(crashText(error))) return;
          lost(`the check crashed its worker: ${error.message.split('\n')[0]}`);
        });
        w.on('exit', (code: number) => {
          if (watch.ended(exitText(code))) return;
          lost(`the check ended its worker thread (exit code ${code}, e.g. process.exit)`);
        });
        // The worker loadUserClaims kept has loaded the files and said 'ready' already.
        if (adopted) feed();
      };
      if (units.length === 0) return resolveAll();
      for (let k = 0; k < Math.max(1, Math.min(options.workers, units.length)); k++) start();
    });
  } finally {
    await Promise.all([...live].map((w) => w.terminate()));
  }
  return assembleLedger(claims, { seed: options.seed, runs: options.runs, only: options.only, counterexampleDir: options.counterexampleDir }, runs);
}

const quoted = (p: string) => (/^[\w@%+=:,./-]+$/.test(p) ? p : `'${p.replace(/'/g, `'\\''`)}'`);

/** ` --claims DIR` for a replayCommand run in the report folder outDir: DIR relative to it (the report's paths are). */
export function claimsArgument(outDir: string, claimsDir: string): string {
  const rel = relative(resolve(outDir), resolve(claimsDir)).split(sep).join('/');
  return ` --claims ${quoted(rel === '' ? '.' : rel)}`;
}
