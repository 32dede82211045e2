// `jepa-verify train --experiment NAME [--quick] [--seed N] [--out DIR] [--json] [--jobs N] [--stop-grad-target]`
// Writes DIR/training.json (and DIR/training.md); prints the Kenneweg comparison, or the JSON with --json.

import { mkdirSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { COLLAPSE_CONVENTIONS } from './metrics.ts';
import { EXPERIMENTS, experimentSpecs } from './experiments.ts';
import { runAll } from './pool.ts';
import type { TrainingReport } from './records.ts';
import { kennewegComparison, kennewegSentence, trainingMarkdown } from './report.ts';

export const TRAIN_USAGE =
  'usage: jepa-verify train --experiment NAME [--quick] [--seed N] [--out DIR] [--json] [--jobs N] [--stop-grad-target]\n' +
  `experiments: ${Object.keys(EXPERIMENTS).join(', ')}`;

export interface TrainArgs {
  experiment: string;
  quick: boolean;
  seed: number;
  out: string;
  json: boolean;
  jobs: number | null;
  stopGradTarget: boolean;
}

export class UsageError extends Error {}

export function parseTrainArgs(argv: string[]): TrainArgs | 'help' {
  const args: TrainArgs = { experiment: '', quick: false, seed: 1, out: 'reports', json: false, jobs: null, stopGradTarget: false };
  // The dispatcher may or may not strip the subcommand name.
  const a = argv[0] === 'train' ? argv.slice(1) : argv;
  const value = (i: number, flag: string) => {
    const v = a[i + 1];
    if (v === undefined || v.startsWith('--')) throw new UsageError(`${flag} needs a value`);
    return v;
  };
  const int = (v: string, flag: string, min: number) => {
    if (!/^\d+$/.test(v) || Number(v) < min || !Number.isSafeInteger(Number(v))) throw new UsageError(`${flag} must be an integer >= ${min}, got '${v}'`);
    return Number(v);
  };
  for (let i = 0; i < a.length; i++) {
    const f = a[i];
    const eq = f.indexOf('=');
    if (f.startsWith('--') && eq > 0) {
      // --seed=3 style: split and reprocess.
      a.splice(i, 1, f.slice(0, eq), f.slice(eq + 1));
      i--;
      continue;
    }
    switch (f) {
      case '--help': case '-h': return 'help';
      case '--experiment': args.experiment = value(i, f); i++; break;
      case '--quick': args.quick = true; break;
      case '--seed': args.seed = int(value(i, f), f, 0); i++; break;
      case '--out': args.out = value(i, f); i++; break;
      case '--json': args.json = true; break;
      case '--jobs': args.jobs = int(value(i, f), f, 1); i++; break;
      case '--stop-grad-target': args.stopGradTarget = true; break;
      default: throw new UsageError(f.startsWith('-') ? `unknown option ${f}` : `unexpected argument '${f}'`);
    }
  }
  if (args.experiment === '') throw new UsageError('--experiment is required');
  if (!(args.experiment in EXPERIMENTS)) throw new UsageError(`unknown experiment '${args.experiment}' (known: ${Object.keys(EXPERIMENTS).join(', ')})`);
  return args;
}

export async function buildTrainingReport(args: TrainArgs, onProgress?: Parameters<typeof runAll>[2]): Promise<TrainingReport> {
  const specs = experimentSpecs(args.experiment, args.quick, args.seed, args.stopGradTarget);
  // Quick runs are short enough that starting worker threads would cost more than it saves.
  const jobs = args.jobs ?? (args.quick ? 1 : Math.min(2, availableParallelism()));
  const runs = await runAll(specs, jobs, onProgress);
  return { schemaVersion: 1, experiment: args.experiment, quick: args.quick, baseSeed: args.seed, conventions: COLLAPSE_CONVENTIONS, runs };
}

export async function runTrain(argv: string[]): Promise<number> {
  let args: TrainArgs;
  try {
    const parsed = parseTrainArgs(argv);
    if (parsed === 'help') {
      process.stdout.write(TRAIN_USAGE + '\n');
      return 0;
    }
    args = parsed;
  } catch (e) {
    if (e instanceof UsageError) {
      process.stderr.write(`jepa-verify train: ${e.message}\n`);
      return 2;
    }
    throw e;
  }
  const tty = process.stderr.isTTY === true && !args.json;
  const t0 = performance.now();
  const progress = tty
    ? (done: number, total: number, s: { env: string; mode: string; rlIntoEncoder: boolean; lambda: number; seed: number }) =>
        process.stderr.write(
          `\r\x1b[K[${done}/${total}] ${s.env} ${s.mode} RL->E=${s.rlIntoEncoder ? 'yes' : 'no'} lambda=${s.lambda} seed=${s.seed} (${((performance.now() - t0) / 1000).toFixed(0)} s)`,
        )
    : undefined;
  let report: TrainingReport;
  try {
    report = await buildTrainingReport(args, progress);
  } catch (e) {
    if (tty) process.stderr.write('\n');
    process.stderr.write(`jepa-verify train: ${e instanceof Error ? e.message : String(e)}\n`);
    return 1;
  }
  if (tty) process.stderr.write('\n');
  const json = JSON.stringify(report, null, 2) + '\n';
  try {
    mkdirSync(args.out, { recursive: true });
    writeFileSync(join(args.out, 'training.json'), json);
    writeFileSync(join(args.out, 'training.md'), trainingMarkdown(report));
  } catch (e) {
    process.stderr.write(`jepa-verify train: cannot write to ${args.out}: ${e instanceof Error ? e.message : String(e)}\n`);
    return 1;
  }
  if (args.json) process.stdout.write(json);
  else {
    const seconds = (performance.now() - t0) / 1000;
    const lines = [
      `Kenneweg et al. (2025) comparison, experiment '${args.experiment}'${args.quick ? ' (quick)' : ''}, ${report.runs.length} runs in ${seconds.toFixed(1)} s:`,
      ...kennewegComparison(report).map((r) => `  ${kennewegSentence(r)}`),
      `wrote ${join(args.out, 'training.json')} and ${join(args.out, 'training.md')}`,
    ];
    process.stdout.write(lines.join('\n') + '\n');
  }
  return 0;
}
