// `verify()` as a function (exported by the public API): the ledger on the paper's claims, on a
// user's own claim objects, or both, in this process, returning the report without writing files.
// The command line adds what a function should not do by itself: files, worker threads, signals.
// Its options are checked as the command line checks its flags (same ranges, from the same option
// table): bad input is an InputError naming the option, before anything runs.
import type { Claim } from './claims/framework.ts';
import { VERIFY } from './cli/commands.ts';
import { DEFAULT_RUNS } from './ledger/budget.ts';
import { loadClaims } from './ledger/claims.ts';
import { runLedger, type LedgerRun } from './ledger/run.ts';
import { InputError } from './model/validate.ts';

export interface VerifyOptions {
  /**
   * Claims of your own (defineClaim objects), checked beside or instead of the paper's. Each is
   * validated as `verify --claims` validates a claim file's default export. An empty array counts
   * as none given: the paper's claims run unless `paper: false`.
   */
  claims?: Claim[];
  /** Include the paper's claims (default true when no claims are given, else false; false needs claims of your own). */
  paper?: boolean;
  /** Only these claim IDs (a non-empty array; omit it for every claim). */
  only?: string[];
  /** Default 42, as the CLI's; an integer in the CLI's --seed range [0, 2147483647]. */
  seed?: number;
  /** Decided cases per check (undecided ones do not count); default DEFAULT_RUNS, as the CLI's; an integer in [1, 10000000]. */
  runs?: number;
  /** Also run the paper's SMT and symbolic proofs (default false: they need Z3's wasm threads). */
  formal?: boolean;
}

const KNOWN = ['claims', 'paper', 'only', 'seed', 'runs', 'formal'] as const;
const show = (v: unknown) => (typeof v === 'string' ? JSON.stringify(v) : typeof v === 'number' || typeof v === 'boolean' || v === null ? String(v) : Array.isArray(v) ? 'an array' : typeof v);

function integerIn(name: 'seed' | 'runs', value: unknown): void {
  const { min, max } = VERIFY.options[name];
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) throw new InputError(`${name}: expected an integer in [${min}, ${max}], got ${show(value)}`);
}

/** The options as the CLI would take them, or an InputError naming the first bad one. */
async function checkOptions(options: unknown): Promise<VerifyOptions> {
  if (options === undefined) return {};
  if (typeof options !== 'object' || options === null || Array.isArray(options)) throw new InputError(`options: expected an object, got ${show(options)}`);
  const o = options as Record<string, unknown>;
  for (const key of Object.keys(o)) if (!(KNOWN as readonly string[]).includes(key)) throw new InputError(`${key}: not an option of verify() (options: ${KNOWN.join(', ')})`);
  if (o.runs !== undefined) integerIn('runs', o.runs);
  if (o.seed !== undefined) integerIn('seed', o.seed);
  for (const key of ['paper', 'formal'] as const) if (o[key] !== undefined && typeof o[key] !== 'boolean') throw new InputError(`${key}: expected true or false, got ${show(o[key])}`);
  if (o.only !== undefined && (!Array.isArray(o.only) || o.only.length === 0 || o.only.some((id) => typeof id !== 'string' || id === '')))
    throw new InputError(`only: expected a non-empty array of claim IDs (strings), got ${Array.isArray(o.only) ? JSON.stringify(o.only).slice(0, 60) : show(o.only)}`);
  if (o.claims !== undefined) {
    if (!Array.isArray(o.claims)) throw new InputError(`claims: expected an array of claims (defineClaim objects), got ${show(o.claims)}`);
    if (o.claims.length > 0) {
      // The check `verify --claims` makes of a claim file's default export (loaded only when there are
      // claims to check: it lives beside the worker that imports claim files).
      const { validateClaim } = await import('./cli/userClaimsWorker.ts');
      o.claims.forEach((c, i) => validateClaim(c, `claims[${i}]`));
      const ids = new Set<string>();
      for (const c of o.claims as Claim[]) {
        if (ids.has(c.id)) throw new InputError(`claims: id ${JSON.stringify(c.id)} appears twice`);
        ids.add(c.id);
      }
    }
  }
  if (o.paper === false && !(Array.isArray(o.claims) && o.claims.length > 0)) throw new InputError("paper: false needs claims of your own (the claims to run instead of the paper's)");
  return o as VerifyOptions;
}

/** Runs the checks; counterexample paths in the report are relative ('counterexamples/<name>.json'). */
export async function verify(input: VerifyOptions = {}): Promise<LedgerRun> {
  const options = await checkOptions(input);
  const own = options.claims ?? [];
  const paper = (options.paper ?? own.length === 0) ? await loadClaims() : [];
  for (const c of own) if (paper.some((p) => p.id === c.id)) throw new InputError(`claims: id ${JSON.stringify(c.id)} is also a claim of the paper`);
  const all = [...paper, ...own];
  for (const id of options.only ?? []) if (!all.some((c) => c.id === id)) throw new InputError(`only: unknown claim ID ${JSON.stringify(id)}`);
  let formal;
  if (options.formal && paper.length > 0) {
    const { runFormal } = await import('./cli/verify.ts');
    formal = await runFormal(options.only);
  }
  return runLedger(all, { seed: options.seed ?? 42, runs: options.runs ?? DEFAULT_RUNS, only: options.only, formal, counterexampleDir: 'counterexamples' });
}
