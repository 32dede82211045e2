// `jepa-verify train --experiment NAME [--quick] [--seed N] [--out DIR] [--json] [--jobs N] [--stop-grad-target]`
// Writes DIR/training.json (and DIR/training.md); prints the Kenneweg comparison, or the JSON with --json.

import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { TRAIN } from './commands.ts';
import { HELP, helpText, parseCommand, suggest } from './options.ts';
import { prepareOutDir, REPORT_OUTPUT } from './output.ts';
import { InputError } from '../model/validate.ts';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { COLLAPSE_CONVENTIONS } from '../trainer/metrics.ts';
import { EXPERIMENTS, experimentSpecs } from '../trainer/experiments.ts';
import { runAll } from '../trainer/pool.ts';
import type { TrainingReport } from '../trainer/records.ts';
import { kennewegComparison, kennewegSentence, trainingMarkdown } from '../trainer/report.ts';

// The argument table is TRAIN in src/cli/commands.ts (one declarative table per command).
export const TRAIN_USAGE = `${helpText(TRAIN)}\nexperiments: ${Object.keys(EXPERIMENTS).join(', ')}`;

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

function parseTrain(argv: string[]): { args: TrainArgs; force: boolean } | 'help' {
  // The dispatcher may or may not strip the subcommand name.
  const a = argv[0] === 'train' ? argv.slice(1) : argv;
  let parsed;
  try {
    parsed = parseCommand(TRAIN, a);
  } catch (e) {
    if (e instanceof InputError) throw new UsageError(e.message);
    throw e;
  }
  if (parsed === HELP) return 'help';
  const o = parsed.options;
  if (o.experiment === undefined) throw new UsageError('--experiment: required (see jepa-verify train --help)');
  if (!(o.experiment in EXPERIMENTS)) {
    const hint = suggest(o.experiment, Object.keys(EXPERIMENTS));
    throw new UsageError(`--experiment: unknown experiment '${o.experiment}' (known: ${Object.keys(EXPERIMENTS).join(', ')})${hint ? ` (did you mean ${hint}?)` : ''}`);
  }
  return { args: { experiment: o.experiment, quick: o.quick, seed: o.seed, out: o.out, json: o.json, jobs: o.jobs ?? null, stopGradTarget: o['stop-grad-target'] }, force: o.force };
}

export function parseTrainArgs(argv: string[]): TrainArgs | 'help' {
  const parsed = parseTrain(argv);
  return parsed === 'help' ? 'help' : parsed.args;
}

/**
 * A training.json of another run is kept unless --force: a --quick run never replaces a full one,
 * and no run replaces one of a different experiment. A full run may replace a quick one (what
 * `verify` writes when there is none).
 */
function refuseClobber(args: TrainArgs, force: boolean): void {
  const path = join(args.out, 'training.json');
  if (force || !existsSync(path)) return;
  let old: Partial<TrainingReport>;
  try {
    old = JSON.parse(readFileSync(path, 'utf8')) as Partial<TrainingReport>;
  } catch {
    return;
  }
  if (old.experiment !== undefined && old.experiment !== args.experiment) throw new UsageError(`--out ${args.out}: holds training.json of experiment '${old.experiment}'; give another --out, or --force to replace it`);
  if (old.quick === false && args.quick) throw new UsageError(`--out ${args.out}: holds a full training.json (seed ${old.baseSeed}); a --quick run does not replace it: give another --out, or --force`);
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
    const parsed = parseTrain(argv);
    if (parsed === 'help') {
      process.stdout.write(TRAIN_USAGE + '\n');
      return 0;
    }
    args = parsed.args;
    // Before any training: the folder must take the files, and must not hold another run's.
    try {
      // A report folder takes training.json beside the report (verify writes one there too).
      prepareOutDir(args.out, '--out', { ...REPORT_OUTPUT, what: 'training.json nor other report file' });
    } catch (e) {
      throw e instanceof InputError ? new UsageError(e.message) : e;
    }
    refuseClobber(args, parsed.force);
  } catch (e) {
    if (e instanceof UsageError) {
      process.stderr.write(`jepa-verify train: ${e.message}\n`);
      return 2;
    }
    throw e;
  }
  const tty = process.stderr.isTTY === true && !args.json;
  const t0 = performance.now();
  const line = (done: number, total: number, s: { env: string; mode: string; rlIntoEncoder: boolean; lambda: number; seed: number }) =>
    `[${done}/${total}] ${s.env} ${s.mode} RL->E=${s.rlIntoEncoder ? 'yes' : 'no'} lambda=${s.lambda} seed=${s.seed} (${((performance.now() - t0) / 1000).toFixed(0)} s)`;
  // Without a TTY, a plain line at every tenth of the runs (README: a line per phase), none with --json.
  let shown = 0;
  const progress = tty
    ? (done: number, total: number, s: Parameters<typeof line>[2]) => process.stderr.write(`\r\x1b[K${line(done, total, s)}`)
    : args.json
      ? undefined
      : (done: number, total: number, s: Parameters<typeof line>[2]) => {
          const tenth = Math.floor((10 * done) / total);
          if (tenth > shown || done === total) {
            shown = tenth;
            process.stderr.write(`${line(done, total, s)}\n`);
          }
        };
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
    // Each file written beside and renamed into place: never a half-written training.json.
    for (const [name, text] of [['training.json', json], ['training.md', trainingMarkdown(report)]]) {
      writeFileSync(join(args.out, `.${name}.tmp-${process.pid}`), text);
      renameSync(join(args.out, `.${name}.tmp-${process.pid}`), join(args.out, name));
    }
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
