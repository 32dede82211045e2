// `verify()` as a function (exported by the public API): the ledger on the paper's claims, on a
// user's own claim objects, or both, in this process, returning the report without writing files.
// The command line adds what a function should not do by itself: files, worker threads, signals.
import type { Claim } from './claims/framework.ts';
import { DEFAULT_RUNS } from './ledger/budget.ts';
import { loadClaims } from './ledger/claims.ts';
import { runLedger, type LedgerRun } from './ledger/run.ts';
import { InputError } from './model/validate.ts';

export interface VerifyOptions {
  /** Claims of your own (defineClaim objects), checked beside or instead of the paper's. */
  claims?: Claim[];
  /** Include the paper's claims (default true when no claims are given, else false). */
  paper?: boolean;
  /** Only these claim IDs. */
  only?: string[];
  /** Default 42, as the CLI's. */
  seed?: number;
  /** Decided cases per check (undecided ones do not count); default DEFAULT_RUNS, as the CLI's. */
  runs?: number;
  /** Also run the paper's SMT and symbolic proofs (default false: they need Z3's wasm threads). */
  formal?: boolean;
}

/** Runs the checks; counterexample paths in the report are relative ('counterexamples/<name>.json'). */
export async function verify(options: VerifyOptions = {}): Promise<LedgerRun> {
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
