// `jepa-verify replay FILE`: the file is data only. It is size-checked, schema-checked and its
// instance size-limited before anything runs; no code it names is imported unless it is a shipped
// variant or the user passed it with --variant (or, for the user's own claim, its folder with --claims); an SMT refutation is re-derived from the claim's own
// queries (a recorded smtQuery is never run). Exit 0 still refutes, 1 no longer refutes, 2 bad
// input, 3 internal error.
import { existsSync, realpathSync } from 'node:fs';
import { readJsonInput } from './inputFiles.ts';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import type { Claim } from '../claims/framework.ts';
import { fmt } from '../claims/framework.ts';
import { loadClaims } from '../ledger/claims.ts';
import { instanceLines, requireFileOfCase } from './replayAgreement.ts';
import { InputError } from '../model/validate.ts';
import { firstError, loadSchema } from '../schema/validate.ts';
import { findCheck } from '../claims/recheck.ts';
import { requireCaseFits, sampleCases, unfitCase } from './replayCase.ts';
import { REPLAY } from './commands.ts';
import { parseOrHelp } from './help.ts';
import { formatDerivation } from '../derivation/format.ts';
import { rederive } from '../claims/rederive.ts';
import { PACKAGE_ROOT } from '../packageRoot.ts';

export interface ReplayOutcome {
  claim: string;
  reading: string;
  refutes: boolean;
  lines: string[];
}

export interface ReplayLimits {
  maxBytes: number;
  maxSize: number;
  timeoutMs: number;
  /** A variant file the user named on the command line (allowed besides properties/variants/). */
  variant?: string;
  /** The user's claims folder (--claims DIR), for a counterexample of a claim that is not the paper's. */
  claims?: string;
}

export const DEFAULT_LIMITS: ReplayLimits = { maxBytes: 5_000_000, maxSize: 64, timeoutMs: 120_000 };

const READINGS = ['on-policy', 'fixed-data', 'any'];

// The input checks every file gets live in inputFiles.ts (userClaims.ts needs them without this module).
export { checkSourceFile, readJsonInput } from './inputFiles.ts';

/** Any array in the instance, case or construction longer than maxSize (states, actions, dimensions). */
export function checkSizes(value: unknown, field: string, maxSize: number): void {
  // The path is a stack joined only for the error: a 1,000-state file has millions of entries, and
  // a string per entry was most of the replay's memory.
  const path: (string | number)[] = [];
  const name = () => field + path.map((k) => (typeof k === 'number' ? `[${k}]` : `.${k}`)).join('');
  const walk = (v: unknown): void => {
    if (path.length > 32) throw new InputError(`${name()}: nested more than 32 levels deep`);
    if (Array.isArray(v)) {
      if (v.length > maxSize) throw new InputError(`${name()}: ${v.length} entries exceed the limit of ${maxSize} states, actions or dimensions (--max-size N raises it)`);
      for (let i = 0; i < v.length; i++) {
        // A number needs no walk, unless it sits one level too deep itself.
        if ((typeof v[i] !== 'object' || v[i] === null) && path.length < 32) continue;
        path.push(i);
        walk(v[i]);
        path.pop();
      }
    } else if (typeof v === 'object' && v !== null) {
      for (const [k, x] of Object.entries(v)) {
        path.push(k);
        walk(x);
        path.pop();
      }
    }
  };
  walk(value);
}

export function readCounterexample(path: string, limits: ReplayLimits = DEFAULT_LIMITS): Record<string, unknown> {
  return counterexampleFrom(readJsonInput(path, limits.maxBytes), path, limits);
}

/** The checks of readCounterexample on an already parsed file (a large file is parsed once). */
function counterexampleFrom(data: unknown, path: string, limits: ReplayLimits): Record<string, unknown> {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) throw new InputError(`${path}: expected a JSON object`);
  const problem = firstError(data, loadSchema('counterexample'));
  if (problem) throw new InputError(problem);
  const file = data as Record<string, unknown>;
  for (const key of ['instance', 'case', 'construction'] as const) if (key in file) checkSizes(file[key], key, limits.maxSize);
  if (typeof file.variant !== 'string' && !READINGS.includes(file.reading as string)) throw new InputError(`reading: expected on-policy, fixed-data or any, got ${JSON.stringify(file.reading)}`);
  return file;
}

// The check a label names: the same lookup the framework's own re-check uses.
export { findCheck };

/**
 * The variant file a variant counterexample may load: one under properties/variants/ (by the path
 * the file gives, relative to the package first, as variant reports record a shipped variant, so a
 * file written by another checkout replays from anywhere, or else to the working directory), or
 * exactly the --variant file.
 */
export async function allowedVariant(named: string, given: string | undefined): Promise<string> {
  const { VARIANTS_DIR } = await import('../variants/loader.ts');
  const shipped = realpathSync(VARIANTS_DIR);
  const root = PACKAGE_ROOT;
  const candidates = isAbsolute(named) ? [named] : [join(root, named), resolve(named)];
  const found = candidates.find((c) => existsSync(c));
  if (given !== undefined) {
    if (!existsSync(given)) throw new InputError(`--variant ${given}: no such file`);
    return resolve(given);
  }
  if (!found) throw new InputError(`variant: ${named} not found under properties/variants/ (pass the variant file with --variant FILE)`);
  const real = realpathSync(found);
  const inside = relative(shipped, real);
  if (inside.startsWith('..') || isAbsolute(inside) || inside.includes(sep) || !real.endsWith('.ts'))
    throw new InputError(`variant: ${named} is not a shipped variant (properties/variants/); replay runs no code a file names: pass the variant file yourself with --variant FILE`);
  return real;
}

export async function replay(path: string, claims?: Claim[], limits: ReplayLimits = DEFAULT_LIMITS): Promise<ReplayOutcome> {
  // The input checks every file gets (a regular file within --max-bytes, JSON) come first: a FIFO
  // must be refused before anything opens it.
  const data = readJsonInput(path, limits.maxBytes);
  // --variant FILE is for a variant counterexample; beside any other file it would be silently ignored.
  if (limits.variant !== undefined && typeof (data as { variant?: unknown } | null)?.variant !== 'string')
    throw new InputError(`--variant ${limits.variant}: ${path} is not a variant counterexample (it names no variant), so it takes no --variant`);
  // §7 infimum certificates and necessity counterexamples have their own replay and schemas
  // (src/minimisers/replay.ts); both carry a `kind`.
  if (typeof (data as { kind?: unknown } | null)?.kind === 'string') {
    const minimisers = await import('../minimisers/replay.ts');
    if (minimisers.minimiserFileKind(data)) {
      // The instance arrays are size-limited as a counterexample's are (a certificate's leaves are its cover, not instance arrays).
      const file = data as Record<string, unknown>;
      for (const key of ['mdp', 'case', 'instance'] as const) if (key in file) checkSizes(file[key], key, limits.maxSize);
      const r = minimisers.replayMinimiserFile(data);
      // A necessity counterexample shows its instance as a claim counterexample does, before the verdict.
      if (minimisers.minimiserFileKind(data) === 'necessity-counterexample') r.lines.splice(r.lines.length - 1, 0, ...instanceLines(file.instance));
      return r;
    }
  }
  const file = counterexampleFrom(data, path, limits);
  if (typeof file.variant === 'string') {
    const variantFile = await allowedVariant(file.variant, limits.variant);
    const { runInWorker } = await import('./sandbox.ts');
    return runInWorker<ReplayOutcome>(new URL('../variants/replay.ts', import.meta.url), 'replayVariant', [resolve(path), variantFile], limits.timeoutMs, `variant ${file.variant}`);
  }
  const id = file.claim as string;
  const reading = file.reading as string;
  const all = claims ?? (await loadClaims());
  const claim = all.find((c) => c.id === id);
  if (!claim && claims === undefined && limits.claims !== undefined) return replayOwnClaim(path, id, limits.claims, limits);
  if (file.replay && (file.replay as { path?: unknown }).path === 'smt' || typeof file.smtQuery === 'string') return replaySmt(id, file, claim !== undefined);
  if (!claim) throw new InputError(`claim: unknown claim ID ${JSON.stringify(id)}${claims === undefined ? ' (not a claim of the paper; a counterexample of your own claim replays with --claims DIR, the folder of its claim file)' : ''}`);
  if (!('case' in file)) throw new InputError('case: missing (the file must carry the generated case)');
  const label = typeof file.repairLabel === 'string' ? file.repairLabel : undefined;
  const check = findCheck(claim, reading, label);
  if (!check) throw new InputError(`reading: claim ${id} has no check for reading ${reading}${label ? ` (${label})` : ''}`);
  const value = file.case as Record<string, unknown>;
  // The paper's cases are objects; a user's claim may generate numbers or arrays (its own cases say which).
  requireCaseFits(value, sampleCases(check));
  // §7's `extra` sets the code dimension (d = 1 + extra, or |A| + 3 + extra): held to --max-size as the file's arrays are.
  if (typeof value?.extra === 'number' && value.extra >= limits.maxSize) throw new InputError(`case.extra: ${value.extra} makes the code dimension exceed the limit of ${limits.maxSize} states, actions or dimensions (--max-size N raises it)`);
  // The file is data: a case the check cannot take (a mistyped field no validator covers) is bad
  // input, not a crash of the tool; a JavaScript error's own text ("Cannot read properties of
  // undefined") is replaced by the field the check was reading, when that can be found.
  const guarded = <T>(what: string, f: (c: unknown) => T): T => {
    try {
      return f(value);
    } catch (error) {
      if (error instanceof InputError) throw error;
      throw unfitCase(id, value, f, error, { what, writer: 'verify', otherwise: (error instanceof Error ? error.message : String(error)).split('\n')[0] });
    }
  };
  const outcome = guarded('run', (c) => check.run(c));
  requireFileOfCase(file, guarded('instance', (c) => check.instanceOf(c)), outcome);
  const lines = [`claim ${id} (${reading}${label ? `, ${label}` : ''})`];
  if (outcome.kind !== 'violation') {
    const why = outcome.kind === 'skip' || outcome.kind === 'undecided' ? `the case is ${outcome.kind === 'skip' ? 'outside the hypotheses' : 'undecided'}: ${outcome.reason}` : 'float64 finds no violation';
    lines.push(`verdict: not refuted (${why})`);
    return { claim: id, reading, refutes: false, lines };
  }
  const confirmation = guarded('confirm', (c) => {
    // On a failure the watched copy (missingFieldRead) runs the check again to reach the same point.
    const again = c === value ? outcome : check.run(c);
    return again.kind === 'violation' ? again.confirm() : outcome.confirm();
  });
  lines.push(`float64: ${outcome.message}; margin ${fmt(outcome.margin)} against noise ${fmt(outcome.noise)}`);
  lines.push(`${Number.isFinite(confirmation.digits) ? `${confirmation.digits} digits` : 'exact'}: ${confirmation.message}; margin ${fmt(confirmation.margin)}`);
  const hypotheses = confirmation.confirmed && check.hypotheses ? guarded('hypotheses', (c) => check.hypotheses!(c)) : undefined;
  if (hypotheses && !hypotheses.holds) {
    lines.push(`verdict: not refuted (the case fails a hypothesis when decided exactly: ${hypotheses.why})`);
    return { claim: id, reading, refutes: false, lines };
  }
  if (hypotheses) lines.push(`hypotheses, decided exactly or at 64 digits: ${hypotheses.why}`);
  if (confirmation.confirmed) lines.push(...derivationLines(file));
  lines.push(`verdict: ${confirmation.confirmed ? 'refuted' : 'not refuted (the float64 violation vanishes at high precision)'}`);
  return { claim: id, reading, refutes: confirmation.confirmed, lines };
}

/**
 * A counterexample of the user's own claim (replay FILE --claims DIR): DIR's files are loaded as
 * verify --claims loads them (on a worker, each file under --timeout), and the replay runs on that
 * worker under --timeout; this thread never imports them.
 */
async function replayOwnClaim(path: string, id: string, dir: string, limits: ReplayLimits): Promise<ReplayOutcome> {
  const { replayWithClaims } = await import('./userClaims.ts');
  return replayWithClaims(path, id, dir, { maxBytes: limits.maxBytes, maxSize: limits.maxSize, timeoutMs: limits.timeoutMs });
}

async function replaySmt(id: string, file: Record<string, unknown>, known: boolean): Promise<ReplayOutcome> {
  const { rerunSmtClaim, shutdownSmt } = await import('../smt/replay.ts');
  try {
    const rerun = await rerunSmtClaim(id);
    if (!rerun) throw new InputError(`claim: ${JSON.stringify(id)} ${known ? 'has no SMT proof' : 'is not a claim of this tool'}, so an SMT counterexample for it cannot be rebuilt`);
    const lines = [`claim ${id} (any, SMT): the claim's own queries re-run in a fresh solver`];
    if (typeof file.smtQuery === 'string' && !rerun.queries.includes(file.smtQuery)) lines.push("note: the file's smtQuery is not a query this claim builds; it was not run");
    lines.push(`Z3: ${rerun.verdict}: ${rerun.detail.split('. ')[0]}`);
    const refutes = rerun.verdict === 'refuted';
    lines.push(`verdict: ${refutes ? 'refuted (a model of the negation exists)' : 'not refuted'}`);
    return { claim: id, reading: 'any', refutes, lines };
  } finally {
    await shutdownSmt();
  }
}

export async function replayCommand(argv: string[]): Promise<number> {
  const parsed = parseOrHelp(REPLAY, argv);
  if (!parsed) return 0;
  const o = parsed.options;
  const limits: ReplayLimits = { maxBytes: o['max-bytes'], maxSize: o['max-size'], timeoutMs: o.timeout * 1000, variant: o.variant, claims: o.claims };
  const outcome = await replay(parsed.positionals[0], undefined, limits);
  if (o.json) process.stdout.write(JSON.stringify(outcome) + '\n');
  else process.stdout.write(outcome.lines.join('\n') + '\n');
  return outcome.refutes ? 0 : 1;
}

/**
 * The derivation recomputed from the file's case alone (never copied from the file), printed for the
 * reader to follow by hand; whether it agrees with the derivation stored in the file is said too.
 */
function derivationLines(file: Record<string, unknown>): string[] {
  const states = caseStates(file.case);
  if (states > DERIVATION_MAX_STATES) return [`derivation: not recomputed (${states} states; the chain printed for a reader by hand is rebuilt up to ${DERIVATION_MAX_STATES} states, and the verdict does not use it)`];
  let derivation: ReturnType<typeof rederive> = null;
  try {
    derivation = rederive(file);
  } catch {
    return ['derivation: could not be recomputed from the case'];
  }
  // No derivation for this claim (a claim of your own, say): the instance is still shown (N9 N15).
  if (!derivation) return instanceLines(file.instance);
  const text = formatDerivation({ derivation });
  const stored = JSON.stringify(file.derivation ?? null) === JSON.stringify(derivation);
  return [...instanceLines(file.instance), ...text.split('\n'), `  (recomputed from the case; ${stored ? 'identical to' : 'differs from'} the derivation stored in the file)`];
}

/**
 * The derivation solves I - gamma P densely in exact rationals (or at 64 digits) and prints V, Q, A,
 * d_pi and every e^2(s, a, s') for a reader: at 1,000 states that is minutes of fraction arithmetic
 * and millions of printed entries. The refutation itself (float64 run, 64-digit confirmation,
 * hypotheses) does not depend on it, so large cases skip it and say so.
 */
export const DERIVATION_MAX_STATES = 64;

/** The number of states of a case's MDP (Prop. 1: case.instance, Prop. 2: case.partial.instance, certificates: case.mdp); 0 if none. */
function caseStates(value: unknown): number {
  const c = value as { instance?: { mdp?: { P?: unknown[] } }; partial?: { instance?: { mdp?: { P?: unknown[] } } }; mdp?: { P?: unknown[] } } | null;
  const P = c?.instance?.mdp?.P ?? c?.partial?.instance?.mdp?.P ?? c?.mdp?.P;
  return Array.isArray(P) ? P.length : 0;
}
