// jepa-verify's command line. Side effects (files, clock, terminal) live here and in output.ts.
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { InputError } from '../model/validate.ts';
import { intFlag, parseArgs, stringFlag } from './args.ts';
import { progressPrinter, wantsProgress, writeAtomically, writeText, exists } from './output.ts';
import { loadClaims, CLAIM_ORDER } from '../ledger/claims.ts';
import { runLedger, unitName } from '../ledger/run.ts';
import type { ClaimResult, VerificationReport } from '../report/schema.ts';
import { replay } from './replay.ts';
import { FORMAL_SCOPE } from '../ledger/statements.ts';

const USAGE = `jepa-verify: machine-checked verdicts for "RL as internal regularization preventing JEPA collapse"

  jepa-verify verify [--seed N] [--runs N] [--json] [--out DIR] [--only ID,ID] [--no-formal] [--no-trained] [--shard i/n] [--workers N]
  jepa-verify list
  jepa-verify claim ID [--seed N] [--runs N] [--json]
  jepa-verify replay FILE
  jepa-verify report [--out DIR]
  jepa-verify train --experiment NAME [--quick] [--seed N] [--out DIR] [--json]
  jepa-verify merge DIR [--out DIR]
  jepa-verify bench [--workload NAME] [--cases N] [--json]
  jepa-verify variant FILE [--runs N] [--seed N] [--out DIR] [--ledger run|file|none] [--json] | variant --all | variant --list

Exit codes: 0 the run completed (whatever the verdicts), 1 a check itself errored, 2 bad input.`;

type Command = (argv: string[]) => Promise<number>;

const commands: Record<string, Command> = {
  verify,
  list,
  claim,
  replay: replayCommand,
  report,
  train: async (argv) => (await import('../trainer/cli.ts')).runTrain(argv),
  merge: async (argv) => (await import('./shards.ts')).mergeCommand(argv),
  bench: async (argv) => (await import('../bench/cli.ts')).runBench(argv),
  variant: async (argv) => (await import('../variants/cli.ts')).runVariant(argv),
};

async function verify(argv: string[]): Promise<number> {
  const args = parseArgs(argv, ['seed', 'runs', 'out', 'only', 'shard', 'workers'], ['json', 'no-formal', 'no-trained']);
  const seed = intFlag(args, 'seed', 42, -(2 ** 31), 2 ** 31 - 1);
  const runs = intFlag(args, 'runs', 1000, 1, 10_000_000);
  const outDir = stringFlag(args, 'out', 'reports');
  const json = args.flags.has('json');
  const workers = intFlag(args, 'workers', availableParallelism(), 1, 256);
  const claims = await loadClaims();
  const only = parseOnly(stringFlag(args, 'only', ''), claims.map((c) => c.id));
  const shard = args.flags.has('shard') ? (await import('./shards.ts')).parseShard(stringFlag(args, 'shard', '')) : null;
  const started = Date.now();
  const progress = progressPrinter(wantsProgress(json));
  const formal = args.flags.has('no-formal') || (shard && shard.index !== 0) ? undefined : await runFormal(only);
  const counterexampleDir = join(relative(process.cwd(), resolve(outDir)) || '.', 'counterexamples');
  const extra = args.flags.has('no-trained') || (shard && shard.index !== 0) ? undefined : await trained(seed, only);
  // Units run on worker threads; each has its own seed, so the report is the same for any --workers.
  const { runLedgerParallel } = await import('../ledger/parallel.ts');
  const run = await runLedgerParallel(claims, {
    seed, runs, only, formal, extra, counterexampleDir, progress, workers,
    unitFilter: shard ? (unit) => shard.owns(unit) : undefined,
  });
  const report: VerificationReport = { ...run.report, generatedAt: new Date(started).toISOString(), seconds: (Date.now() - started) / 1000 };
  await writeAtomically(outDir, async (staging) => {
    for (const { path, file } of run.counterexamples) writeText(join(staging, relative(relative(process.cwd(), resolve(outDir)) || '.', path)), JSON.stringify(file, null, 2) + '\n');
    for (const [, results] of [...(formal ?? []), ...(extra ?? [])]) for (const r of results as (ClaimResult & { counterexampleFile?: unknown })[]) {
      if (r.counterexampleFile && r.counterexample) writeText(join(staging, 'counterexamples', r.counterexample.split('/').pop()!), JSON.stringify(r.counterexampleFile, null, 2) + '\n');
    }
    if (shard) {
      writeText(join(staging, 'shards', `shard-${shard.index}-of-${shard.count}.json`), JSON.stringify((await import('./shards.ts')).shardFile(report, shard, run.counterexamples), null, 2) + '\n');
      return;
    }
    writeText(join(staging, 'verification.json'), JSON.stringify(stripInternal(report), null, 2) + '\n');
    // The report's trainer curves come from training.json: the quick collapse experiment (about 4 s)
    // unless a training.json (e.g. from the full `train` experiment) is already there.
    if (!exists(join(outDir, 'training.json')) && !args.flags.has('no-trained')) await quickTraining(staging, seed);
    await buildHumanReports(report, staging, outDir);
  });
  if (json) process.stdout.write(JSON.stringify(stripInternal(report)) + '\n');
  else printSummary(report, outDir);
  return report.claims.some((c) => c.results.some((r) => r.verdict === 'error')) ? 1 : 0;
}

/** Fields the report writer needs in memory but verification.json does not carry. */
function stripInternal(report: VerificationReport): VerificationReport {
  return { ...report, claims: report.claims.map((c) => ({ ...c, results: c.results.map(({ counterexampleFile: _drop, ...r }: ClaimResult & { counterexampleFile?: unknown }) => r) })) };
}

async function quickTraining(dir: string, seed: number): Promise<void> {
  const { buildTrainingReport } = await import('../trainer/cli.ts');
  const { trainingMarkdown } = await import('../trainer/report.ts');
  const training = await buildTrainingReport({ experiment: 'collapse', quick: true, seed, out: dir, json: false, jobs: 1, stopGradTarget: false });
  writeText(join(dir, 'training.json'), JSON.stringify(training, null, 2) + '\n');
  writeText(join(dir, 'training.md'), trainingMarkdown(training));
}

async function buildHumanReports(report: VerificationReport, staging: string, outDir: string): Promise<void> {
  const { buildReports } = await import('../report/build.ts');
  const trainingPath = [join(staging, 'training.json'), join(outDir, 'training.json')].find((p) => exists(p));
  const training = trainingPath ? JSON.parse(readFileSync(trainingPath, 'utf8')) : undefined;
  await buildReports(stripInternal(report), staging, { trainingJson: training, root: process.cwd() });
}

async function runFormal(only: string[] | undefined) {
  const { runFormalChecks, shutdownSmt } = await import('../smt/index.ts');
  try {
    const results = await runFormalChecks({ only: only && only.length > 0 ? only : undefined });
    for (const [id, list] of results) for (const r of list) r.interpretation ??= FORMAL_SCOPE[id];
    return results;
  } finally {
    await shutdownSmt();
  }
}

/** First-order checks on trained networks (the trainer's quick configurations), method 'trained'. */
async function trained(seed: number, only: string[] | undefined) {
  const wanted = ['P1.eq3', 'P1.eq5', 'P2.eq3', 'P2.jepa'];
  if (only && !only.some((id) => wanted.includes(id))) return undefined;
  const { trainedResults } = await import('../trained/index.ts');
  return trainedResults({ seed, quick: true });
}

function parseOnly(raw: string, known: string[]): string[] | undefined {
  if (!raw) return undefined;
  const ids = raw.split(',').map((s) => s.trim()).filter(Boolean);
  for (const id of ids) if (!known.includes(id)) throw new InputError(`--only: unknown claim ID ${JSON.stringify(id)} (see jepa-verify list)`);
  return ids;
}

function printSummary(report: VerificationReport, outDir: string): void {
  const lines = report.claims.map((c) => {
    const verdicts = c.results.map((r) => `${r.verdict}${r.reading === 'any' ? '' : ` (${r.reading})`} [${r.method}]`).join(', ');
    return `${c.id.padEnd(16)} ${verdicts}`;
  });
  const counts = new Map<string, number>();
  for (const c of report.claims) for (const r of c.results) counts.set(r.verdict, (counts.get(r.verdict) ?? 0) + 1);
  process.stdout.write(`${lines.join('\n')}\n\n${[...counts].map(([v, n]) => `${n} ${v}`).join(', ')} in ${report.seconds?.toFixed(1)} s; reports in ${outDir}/\n`);
}

async function list(argv: string[]): Promise<number> {
  parseArgs(argv, [], []);
  const claims = await loadClaims();
  for (const c of claims) process.stdout.write(`${c.id.padEnd(16)} ${c.paper.padEnd(9)} ${c.statement}\n`);
  const missing = CLAIM_ORDER.filter((id) => !claims.some((c) => c.id === id));
  if (missing.length) process.stdout.write(`\n(no property file yet for: ${missing.join(', ')})\n`);
  return 0;
}

async function claim(argv: string[]): Promise<number> {
  const args = parseArgs(argv, ['seed', 'runs'], ['json', 'no-formal']);
  const id = args.positional[0];
  if (!id) throw new InputError('claim: expects a claim ID (see jepa-verify list)');
  const claims = await loadClaims();
  if (!claims.some((c) => c.id === id) && !CLAIM_ORDER.includes(id)) throw new InputError(`claim: unknown claim ID ${JSON.stringify(id)}`);
  const seed = intFlag(args, 'seed', 42, -(2 ** 31), 2 ** 31 - 1);
  const runs = intFlag(args, 'runs', 1000, 1, 10_000_000);
  const formal = args.flags.has('no-formal') ? undefined : await runFormal([id]);
  const run = runLedger(claims, { seed, runs, only: [id], formal, counterexampleDir: 'reports/counterexamples' });
  for (const { path, file } of run.counterexamples) writeText(path, JSON.stringify(file, null, 2) + '\n');
  const entry = run.report.claims[0] ?? { id, statement: '', results: [...(formal?.get(id) ?? [])], repairs: [] };
  if (args.flags.has('json')) process.stdout.write(JSON.stringify(stripInternal({ ...run.report, claims: [entry as VerificationReport['claims'][0]] })) + '\n');
  else {
    process.stdout.write(`${id}: ${entry.statement}\n`);
    for (const r of entry.results) process.stdout.write(`  ${r.verdict} (${r.reading}, ${r.method}, ${r.cases} cases) ${r.detail}\n${r.counterexample ? `    counterexample: ${r.counterexample}\n` : ''}`);
    for (const rep of entry.repairs) for (const r of rep.results) process.stdout.write(`  repair "${rep.statement}": ${r.verdict} (${r.reading}, ${r.cases} cases)\n`);
  }
  return entry.results.some((r) => r.verdict === 'error') ? 1 : 0;
}

async function replayCommand(argv: string[]): Promise<number> {
  const args = parseArgs(argv, [], ['json']);
  const file = args.positional[0];
  if (!file) throw new InputError('replay: expects a counterexample FILE');
  const outcome = await replay(file);
  if (args.flags.has('json')) process.stdout.write(JSON.stringify(outcome) + '\n');
  else process.stdout.write(outcome.lines.join('\n') + '\n');
  return outcome.refutes ? 0 : 1;
}

async function report(argv: string[]): Promise<number> {
  const args = parseArgs(argv, ['out'], ['screenshot']);
  const outDir = stringFlag(args, 'out', 'reports');
  const path = join(outDir, 'verification.json');
  if (!exists(path)) throw new InputError(`${path}: not found (run jepa-verify verify first)`);
  let data: VerificationReport;
  try {
    data = JSON.parse(readFileSync(path, 'utf8')) as VerificationReport;
  } catch (error) {
    throw new InputError(`${path}: not valid JSON (${(error as Error).message.split('\n')[0]})`);
  }
  if (data.schemaVersion !== 1 || !Array.isArray(data.claims)) throw new InputError(`${path}: schemaVersion 1 with a claims array expected`);
  const { buildReports } = await import('../report/build.ts');
  const training = exists(join(outDir, 'training.json')) ? JSON.parse(readFileSync(join(outDir, 'training.json'), 'utf8')) : undefined;
  const written = await buildReports(data, outDir, { trainingJson: training, root: process.cwd() });
  if (args.flags.has('screenshot')) {
    const { screenshotSummary } = await import('../report/html/screenshot.ts');
    await screenshotSummary(join(outDir, 'verification.html'), join(outDir, 'summary.png'));
    written.push(join(outDir, 'summary.png'));
  }
  process.stdout.write(`wrote ${written.length} files to ${outDir}/\n`);
  return 0;
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(USAGE + '\n');
    return name ? 0 : 2;
  }
  const command = commands[name];
  if (!command) throw new InputError(`${name}: unknown command (see jepa-verify --help)`);
  return command(rest);
}

const isEntry = process.argv[1] && resolve(process.argv[1]) === resolve(new URL(import.meta.url).pathname);
if (isEntry) {
  main(process.argv.slice(2)).then(
    (code) => { process.exitCode = code; },
    (error: unknown) => {
      if (error instanceof InputError) {
        process.stderr.write(`jepa-verify: ${error.message}\n`);
        process.exitCode = 2;
      } else {
        process.stderr.write(`jepa-verify: internal error: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}\n`);
        process.exitCode = 1;
      }
    },
  );
}

export { unitName };
