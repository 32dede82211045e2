// The option table of every command. Parsing, validation and --help are generated from these
// (options.ts); each command's code reads its values from the parsed table, nowhere else.
import { DEFAULT_RUNS } from '../ledger/budget.ts';
import { seedOption, type CommandSpec } from './options.ts';

const json = { kind: 'flag', description: 'print JSON on stdout instead of text' } as const;
const runs = (fallback: number) => ({ kind: 'int', argument: 'N', default: fallback, min: 1, max: 10_000_000, description: 'decided cases per check (undecided ones do not count)' }) as const;
const workers = { kind: 'int', argument: 'N', min: 1, max: 256, description: 'worker threads (default: the number of cores)' } as const;
const timeout = (what: string) => ({ kind: 'int', argument: 'S', default: 120, min: 1, max: 86_400, description: `time limit in seconds for ${what} (user code, run on a worker thread)` }) as const;
const maxBytes = { kind: 'int', argument: 'N', default: 5_000_000, min: 1, max: 2 ** 31 - 1, description: 'largest input file read, in bytes' } as const;
const maxSize = { kind: 'int', argument: 'N', default: 64, min: 1, max: 100_000, description: 'largest number of states, actions or code dimensions in an input instance' } as const;

export const EXIT_CODES = `exit codes: 0 the run completed (whatever the verdicts), 1 a check itself errored, 2 bad input
(nothing written), 3 internal error, 130/143 interrupted (SIGINT/SIGTERM; the old report is kept).`;

export const VERIFY = {
  name: 'verify',
  summary: 'Runs every claim (SMT and symbolic proofs, property search, certificates, trained networks) and writes the reports.',
  positionals: [],
  options: {
    seed: seedOption(42),
    runs: runs(DEFAULT_RUNS),
    out: { kind: 'string', argument: 'DIR', description: 'report folder (default reports; reports/partial for --only and --no-paper)' },
    only: { kind: 'string', argument: 'ID,ID', description: 'run only these claims' },
    claims: { kind: 'string', argument: 'DIR', description: "also run the claim files (*.ts exporting defineClaim) in DIR" },
    'no-paper': { kind: 'flag', description: "with --claims: run only DIR's claims, not the paper's" },
    'no-formal': { kind: 'flag', description: 'skip the SMT and symbolic proofs' },
    'no-trained': { kind: 'flag', description: 'skip the trained-network checks and the quick trainer run' },
    shard: { kind: 'string', argument: 'i/n', description: 'run shard i of n, 0-based (--shard 0/2 and --shard 1/2 make a whole run), into DIR/shards/ and DIR/counterexamples/; then merge DIR builds the report' },
    workers,
    timeout: timeout('each check of a --claims file'),
    force: { kind: 'flag', description: 'let a partial run (--only, --no-paper) replace a report of other claims' },
    json,
  },
  notes: `A partial run (--only, --no-paper) writes to reports/partial unless --out is given, and never replaces a
report that holds other claims unless --force is given.

${EXIT_CODES}`,
} as const satisfies CommandSpec;

export const LIST = {
  name: 'list',
  summary: 'Lists the claim IDs with their place in the paper.',
  positionals: [],
  options: {},
} as const satisfies CommandSpec;

export const CLAIM = {
  name: 'claim',
  summary: "Runs one claim and prints its results. Counterexample files go to reports/claims/ID/counterexamples (or DIR/counterexamples with --out DIR), never over the full report's.",
  positionals: [{ name: 'ID', description: 'a claim ID (see jepa-verify list)', required: true }],
  options: {
    seed: seedOption(42),
    runs: runs(DEFAULT_RUNS),
    out: { kind: 'string', argument: 'DIR', description: 'folder whose counterexamples/ receives the files (default reports/claims/ID); refused if it holds a verify report or other claims\' files' },
    'no-formal': { kind: 'flag', description: 'skip the SMT and symbolic proofs' },
    json,
  },
} as const satisfies CommandSpec;

export const REPLAY = {
  name: 'replay',
  summary: 'Re-checks a counterexample file, rebuilding every query and construction from the claim itself (the file is data only).',
  positionals: [{ name: 'FILE', description: 'a counterexample file (reports/counterexamples/*.json)', required: true }],
  options: {
    variant: { kind: 'string', argument: 'FILE', description: 'the variant file a variant counterexample names, when it is not under properties/variants/' },
    claims: { kind: 'string', argument: 'DIR', description: "the folder of your claim files (verify --claims DIR), for a counterexample of your own claim" },
    'max-bytes': maxBytes,
    'max-size': maxSize,
    timeout: timeout('loading and re-running user code (a variant, the --claims files)'),
    json,
  },
  notes: `exit codes: 0 the file still refutes the claim, 1 it no longer refutes it, 2 bad input (one line
naming the field), 3 internal error.`,
} as const satisfies CommandSpec;

export const REPORT = {
  name: 'report',
  summary: 'Rebuilds the HTML and Markdown reports from verification.json without re-running checks.',
  positionals: [],
  options: {
    out: { kind: 'string', argument: 'DIR', default: 'reports', description: 'report folder' },
    screenshot: { kind: 'flag', description: 'also write summary.png (needs chromium)' },
    readme: { kind: 'string', argument: 'FILE', description: 'also rewrite the findings section of FILE (e.g. README.md) between <!-- findings:start --> and <!-- findings:end -->' },
  },
} as const satisfies CommandSpec;

export const MERGE = {
  name: 'merge',
  summary: 'Merges shard files (verify --shard i/n) into one report.',
  positionals: [{ name: 'DIR', description: 'folder holding shards/shard-i-of-n.json', required: true }],
  options: {
    out: { kind: 'string', argument: 'DIR', description: 'report folder (default DIR)' },
    json,
  },
} as const satisfies CommandSpec;

export const INIT = {
  name: 'init',
  summary: 'Writes a starter claim file (DIR/example.claim.ts) to run with verify --claims DIR or with vitest.',
  positionals: [{ name: 'DIR', description: 'folder for the claim file (default claims)' }],
  options: {},
} as const satisfies CommandSpec;

export const TRAIN = {
  name: 'train',
  summary: "The tiny-network trainer of §3 (eq. 1): writes DIR/training.json and training.md.",
  positionals: [],
  options: {
    experiment: { kind: 'string', argument: 'NAME', description: 'experiment to run (required)' },
    quick: { kind: 'flag', description: 'a short configuration (seconds)' },
    seed: seedOption(1),
    out: { kind: 'string', argument: 'DIR', default: 'reports', description: 'output folder' },
    jobs: { kind: 'int', argument: 'N', min: 1, max: 256, description: 'worker threads (default 1 with --quick, else 2)' },
    'stop-grad-target': { kind: 'flag', description: 'stop the gradient through the JEPA target' },
    force: { kind: 'flag', description: 'replace a training.json of a different experiment, or a full run by a --quick one' },
    json,
  },
} as const satisfies CommandSpec;

export const BENCH = {
  name: 'bench',
  summary: 'Benchmarks: one JSON line per workload on stdout.',
  positionals: [],
  options: {
    workload: { kind: 'string', argument: 'NAME,NAME', description: 'workloads to run (default all)' },
    cases: { kind: 'int', argument: 'N', min: 1, max: 100_000_000, description: 'cases per workload (default: per workload); scale always runs its one 500-state case, verify takes N as its --runs' },
    seed: seedOption(1),
    workers,
    json,
  },
} as const satisfies CommandSpec;

export const VARIANT = {
  name: 'variant',
  summary: 'Re-checks claims under an assumption variant and writes reports/variants/.',
  positionals: [{ name: 'FILE', description: 'a variant file (export default defineVariant({...}))' }],
  options: {
    all: { kind: 'flag', description: 'every shipped variant (properties/variants/)' },
    list: { kind: 'flag', description: 'list the shipped variants and run nothing (with --json: a JSON array of {name, file, description, claims})' },
    runs: runs(300),
    seed: seedOption(42),
    out: { kind: 'string', argument: 'DIR', default: 'reports/variants', description: 'output folder' },
    ledger: { kind: 'string', argument: 'MODE', default: 'file', choices: ['run', 'file', 'none'], description: "the paper's verdicts shown beside, for reference: file reads jepa-verify's own reports/verification.json (the package's, whatever the working directory; 'not run' when it has none) or --ledger-file PATH, run re-runs the ledger's checks here at --seed/--runs, none leaves them out" },
    'ledger-file': { kind: 'string', argument: 'PATH', description: 'with --ledger file: the verification.json to read instead (e.g. your own verify run), named in the report as given' },
    timeout: { kind: 'int', argument: 'S', default: 1800, min: 1, max: 86_400, description: 'time limit in seconds for loading and running a variant FILE (user code, run on a worker thread)' },
    json,
  },
} as const satisfies CommandSpec;

/** ablate's table lives in ablate.ts (its ranges come from the minimisers, loaded only when it runs); its summary is here for the top-level --help. */
export const ABLATE_SUMMARY = "Drops each hypothesis of a §7 claim in turn: needed / not needed, with the paper's construction and without one.";

export const COMMANDS: readonly CommandSpec[] = [VERIFY, LIST, CLAIM, REPLAY, REPORT, TRAIN, MERGE, BENCH, VARIANT, INIT];
