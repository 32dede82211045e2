// Z3 (wasm) wrapper: one cached init, a fresh solver per query (nlsat is not incremental),
// a solver timeout plus a wall-clock watchdog, and the query kept as SMT-LIB text.
import { init, killThreads, type Context, type Expr } from 'z3-solver';
import type { SmtRecord } from '../report/schema.ts';
import { smtlibText, type SmtQuery } from './smtlib.ts';

type Z3Api = Awaited<ReturnType<typeof init>>;

type Z3 = { api: Z3Api; ctx: Context<'main'> };
let z3: Promise<Z3> | null = null;

function getZ3(): Promise<Z3> {
  // printErr: z3's wasm threads report late messages from workers killThreads ended (`received
  // "cleanupThread" command from terminated worker`), which are noise to a user; the rest is kept.
  const printErr = (...args: unknown[]) => { const text = args.join(' '); if (!/command from terminated worker/.test(text)) process.stderr.write(text + '\n'); };
  const ready = z3 ?? init({ printErr } as Parameters<typeof init>[0]).then((api) => ({ api, ctx: api.Context('main') }));
  z3 = ready;
  return ready;
}

export const DEFAULT_TIMEOUT_MS = 10_000;
/** Extra wall-clock time the watchdog grants beyond the solver's own timeout. */
const WATCHDOG_GRACE_MS = 2_000;
const INTERRUPT_EVERY_MS = 200;
/** How long the watchdog waits for an interrupted check to return before giving up on it. */
const GIVE_UP_MS = 10_000;

export interface SmtOutcome {
  status: SmtRecord['status'];
  seconds: number;
  /** Why the solver gave no answer (timeout, canceled, incomplete theory...). */
  reason?: string;
  /** Model of a sat query: every declared constant as a number (Bool as 0/1). */
  model?: Record<string, number>;
  /** The same model exactly as Z3 prints it (rationals, root-obj algebraic numbers). */
  exactModel?: Record<string, string>;
  record: SmtRecord;
}

export interface CheckOptions {
  /** Z3's own per-query timeout (solver param 'timeout'). */
  timeoutMs?: number;
  /** Wall-clock limit after which the watchdog interrupts Z3; default timeoutMs + 2 s. */
  watchdogMs?: number;
  scope?: string;
}

export async function checkSmt(q: SmtQuery, opts: CheckOptions = {}): Promise<SmtOutcome> {
  const timeoutMs = Math.max(1, Math.round(opts.timeoutMs ?? DEFAULT_TIMEOUT_MS));
  const watchdogMs = opts.watchdogMs ?? timeoutMs + WATCHDOG_GRACE_MS;
  const text = smtlibText(q);
  const { api, ctx } = await getZ3();
  const solver = new ctx.Solver(q.logic);
  solver.set('timeout', timeoutMs);
  const start = performance.now();
  let timer: ReturnType<typeof setTimeout> | undefined;
  let settled = false;
  const watchdog = new Promise<'watchdog'>((resolve) => {
    timer = setTimeout(() => resolve('watchdog'), watchdogMs);
  });
  try {
    // solver_from_string ignores set-logic/check-sat, so the recorded text is exactly what runs.
    solver.fromString(text);
    const check = solver.check().finally(() => (settled = true));
    const result = await Promise.race([check, watchdog]);
    if (result === 'watchdog') {
      // Z3's own timeout did not fire. An interrupt sent before the worker enters check-sat is lost,
      // so repeat it until the check returns: a check left running would block every later query.
      ctx.interrupt();
      const repeat = setInterval(() => ctx.interrupt(), INTERRUPT_EVERY_MS);
      await Promise.race([check.catch(() => undefined), new Promise((r) => setTimeout(r, GIVE_UP_MS).unref())]);
      clearInterval(repeat);
    }
    const seconds = (performance.now() - start) / 1000;
    const out = (status: SmtRecord['status'], extra: Partial<SmtOutcome> = {}): SmtOutcome => ({
      status,
      seconds,
      ...extra,
      record: { query: text, seconds, status, ...(opts.scope ? { scope: opts.scope } : {}) },
    });
    if (result === 'watchdog') return out('timeout', { reason: `wall-clock watchdog after ${watchdogMs} ms` });
    if (result === 'unsat') return out('unsat');
    if (result === 'unknown') {
      const reason = solver.reasonUnknown();
      return out(/timeout|cancel|interrupt/i.test(reason) ? 'timeout' : 'unknown', { reason: `${reason} (limit ${timeoutMs} ms)` });
    }
    const model: Record<string, number> = {};
    const exactModel: Record<string, string> = {};
    const m = solver.model();
    for (const decl of m.decls()) {
      if (decl.arity() !== 0) continue;
      const value = m.get(decl) as Expr<'main'>;
      const name = String(decl.name());
      exactModel[name] = value.sexpr();
      model[name] = ctx.isBool(value)
        ? ctx.isTrue(value) ? 1 : 0
        : Number(api.Z3.get_numeral_decimal_string(ctx.ptr, value.ast, 30).replace('?', ''));
    }
    return out('sat', { model, exactModel });
  } finally {
    clearTimeout(timer);
    if (settled) solver.release(); // a check the watchdog gave up on may still use it
  }
}

/** Ends Z3's worker threads so that the Node process can exit; init() runs again on next use. */
export async function shutdownSmt(): Promise<void> {
  if (!z3) return;
  const pending = z3;
  z3 = null;
  const { api } = await pending;
  await killThreads(api.em);
}
