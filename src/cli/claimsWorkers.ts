// The main thread's side of the claims workers (userClaimsWorker.ts): what they say while they load
// a user's claim files, the watch that times each file's loading, and the one worker verify keeps
// from loading the outlines to run units on (a worker's start-up is about 1.5 CPU s).
import type { Worker } from 'node:worker_threads';
import type { Claim } from '../claims/types.ts';
import { InputError } from '../model/validate.ts';
import { startUserWorker } from './sandbox.ts';

export const USER_CLAIMS_ROLE = 'jepa-verify-user-claims';

/** What the main thread knows of a user's claim: plain data, no user function (userClaimsWorker.ts outlineOf). */
type CheckOutline = { reading: string; rule: string };
export type ClaimOutline = Omit<Claim, 'checks' | 'repairs'> & { checks: CheckOutline[]; repairs?: { statement: string; checks: CheckOutline[] }[] };

/** After loading the files a claims worker serves property units (verify), one replay, or nothing (outlines only). */
export type ClaimsWorkerTask = 'units' | 'replay' | 'none';
export interface UserWorkerData { role: typeof USER_CLAIMS_ROLE; dir: string; files: string[]; serve: ClaimsWorkerTask }

/** What a claims worker says while it loads the files (each announced before its import starts). */
export type LoadMessage = { loading: number } | { loaded: number; outline: ClaimOutline } | { failed: number; message: string };

/** A worker thread that imports DIR's claim files, then serves its task. */
export function startClaimsWorker(dir: string, files: string[], serve: ClaimsWorkerTask): Worker {
  const data: UserWorkerData = { role: USER_CLAIMS_ROLE, dir, files, serve };
  return startUserWorker(new URL('./userClaimsWorker.ts', import.meta.url), data);
}

/**
 * Times each file's loading on a worker (from its announcement, so the tool's own start-up is not
 * counted) and names the file when it loops, fails, or ends its thread (process.exit, an uncaught
 * error) while loading.
 */
export class LoadWatch {
  private current = -1;
  private timer: NodeJS.Timeout | undefined;
  constructor(private readonly worker: Worker, private readonly files: string[], private readonly timeoutMs: number, private readonly fail: (e: InputError) => void) {}

  /** Whether m was about loading (and handled). */
  message(m: object): m is LoadMessage {
    if ('loading' in m && typeof m.loading === 'number') {
      const i = m.loading;
      this.current = i;
      this.timer = setTimeout(() => {
        void this.worker.terminate();
        this.fail(new InputError(`${this.files[i]}: did not finish loading within ${this.timeoutMs / 1000} s and was stopped (--timeout S raises the limit)`));
      }, this.timeoutMs);
      return true;
    }
    if ('loaded' in m || 'failed' in m) {
      clearTimeout(this.timer);
      this.current = -1;
      if ('failed' in m) this.fail(new InputError((m as unknown as { message: string }).message));
      return true;
    }
    return false;
  }

  /** The thread ended or crashed: the file it was loading is named (true), unless it was loading none. */
  ended(how: string): boolean {
    if (this.current < 0) return false;
    clearTimeout(this.timer);
    const file = this.files[this.current];
    this.current = -1;
    this.fail(new InputError(`${file}: ${how} while loading (a claim file's top level may not end the process or leave an error uncaught)`));
    return true;
  }
}

export const exitText = (code: number) => `ended its thread (exit code ${code}, e.g. process.exit)`;
export const crashText = (error: Error) => `crashed its thread (${error.message.split('\n')[0]})`;

/**
 * The worker loadUserClaims loaded DIR's files on, kept idle (unref'd, so it never holds the process)
 * for runUserClaims to run units on instead of starting one more.
 */
let spare: { dir: string; worker: Worker; alive: boolean } | null = null;

export function keepSpare(dir: string, worker: Worker): void {
  void takeSpare(null);
  quiet(worker);
  const kept = { dir, worker, alive: true };
  // An idle worker's late crash must not become an unhandled 'error' on this thread.
  worker.on('error', () => undefined);
  worker.on('exit', () => { kept.alive = false; });
  worker.unref();
  spare = kept;
}

/** The kept worker if it loaded `dir` and is still running (its listeners removed); any other is stopped. */
export function takeSpare(dir: string | null): Worker | null {
  const kept = spare;
  spare = null;
  if (!kept) return null;
  if (kept.dir !== dir || !kept.alive) {
    void kept.worker.terminate();
    return null;
  }
  quiet(kept.worker);
  kept.worker.ref();
  return kept.worker;
}

/** Drops the listeners of its previous user; never removeAllListeners(): Worker wires its message port through newListener. */
function quiet(worker: Worker): void {
  for (const event of ['message', 'error', 'exit']) worker.removeAllListeners(event);
}
