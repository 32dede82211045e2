// User code (a variant file, its build()) runs on a worker thread under a time limit, so a loop in
// it ends with a one-line message instead of hanging the command. The function named must be an
// export of a module and take and return plain data (structured-clonable).
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import { InputError } from '../model/validate.ts';

const ROLE = 'jepa-verify-sandbox';

interface Task { role: typeof ROLE; module: string; name: string; args: unknown[] }
type Reply = { ok: unknown } | { error: string; input: boolean };

/**
 * A worker thread on a TypeScript module with both of tsx's loaders: a user's file outside any
 * package with "type": "module" is CommonJS to Node, which the ESM loader alone cannot take.
 */
export function startUserWorker(module: URL, data: unknown): Worker {
  const esm = import.meta.resolve('tsx/esm/api');
  const cjs = import.meta.resolve('tsx/cjs/api');
  const boot = `Promise.all([import(${JSON.stringify(esm)}), import(${JSON.stringify(cjs)})]).then(([e, c]) => { e.register(); c.register(); return import(${JSON.stringify(module.href)}); });`;
  return new Worker(boot, { eval: true, workerData: data });
}

export async function runInWorker<T>(module: URL, name: string, args: unknown[], timeoutMs: number, what: string): Promise<T> {
  const task: Task = { role: ROLE, module: module.href, name, args };
  const worker = startUserWorker(new URL(import.meta.url), task);
  try {
    const reply = await new Promise<Reply>((resolve, reject) => {
      let timer: NodeJS.Timeout | undefined;
      let started = false;
      worker.on('message', (m: Reply | { ready: true }) => {
        // The clock starts once the tool's own modules are loaded: the limit is for the user's code.
        if ('ready' in m) {
          started = true;
          timer = setTimeout(() => reject(new InputError(`${what}: did not finish within ${timeoutMs / 1000} s and was stopped (--timeout S raises the limit)`)), timeoutMs);
          worker.postMessage('go');
          return;
        }
        clearTimeout(timer);
        resolve(m);
      });
      // Only user code runs there after 'ready': a crash or an exit (process.exit) then is its doing, so bad input.
      const fault = (message: string) => (started ? new InputError(message) : new Error(message));
      worker.on('error', (e: Error) => { clearTimeout(timer); reject(fault(`${what}: ${e.message.split('\n')[0]}`)); });
      worker.on('exit', (code) => { clearTimeout(timer); reject(fault(`${what}: ended its worker thread (exit code ${code}, e.g. process.exit) without an answer`)); });
    });
    if ('ok' in reply) return reply.ok as T;
    throw reply.input ? new InputError(reply.error) : new Error(reply.error);
  } finally {
    await worker.terminate();
  }
}

async function serve(task: Task): Promise<void> {
  let mod: Record<string, (...a: unknown[]) => unknown>;
  try {
    mod = (await import(task.module)) as Record<string, (...a: unknown[]) => unknown>;
  } catch (error) {
    parentPort!.postMessage({ error: `cannot load ${task.module}: ${(error as Error)?.message?.split('\n')[0]}`, input: false });
    return;
  }
  parentPort!.once('message', async () => {
    try {
      parentPort!.postMessage({ ok: await mod[task.name](...task.args) });
    } catch (error) {
      const e = error as Error;
      parentPort!.postMessage({ error: e?.message?.split('\n')[0] ?? String(error), input: e?.name === 'InputError' });
    }
  });
  parentPort!.postMessage({ ready: true });
}

// Not awaited: the module served may import this one (userClaimsWorker.ts does, through
// userClaims.ts), and would wait forever for an entry module still awaiting it.
if (!isMainThread && (workerData as Task | null)?.role === ROLE) void serve(workerData as Task);
