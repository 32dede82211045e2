// `jepa-verify bench [--workload NAME[,NAME]] [--cases N] [--seed N] [--workers N] [--json]`:
// one JSON line per workload on stdout; without --json, a readable line per workload on stderr.
import { InputError } from '../model/validate.ts';
import { BENCH } from './commands.ts';
import { parseOrHelp } from './help.ts';
import { suggest } from './options.ts';
import { defaultWorkers } from '../ledger/parallel.ts';
import { prop1ParallelWorkload, prop1Workload, SCALE_SIZE, scaleWorkload, trainWorkload, trainerStepsWorkload, verifyWorkload, type BenchRecord } from '../bench/workloads.ts';

export const WORKLOADS = ['prop1-reference', 'prop1', 'prop1-parallel', 'scale', 'verify', 'train', 'trainer-steps'] as const;
type Workload = (typeof WORKLOADS)[number];

/** Cases per workload when --cases is not given (train: updates; verify: --cases is its --runs, else its default budget). */
const DEFAULT_CASES: Record<Workload, number> = { 'prop1-reference': 2000, prop1: 20_000, 'prop1-parallel': 40_000, scale: 1, verify: 0, train: 300, 'trainer-steps': 20_000 };

/**
 * scale's size is the workload (one case of 500 states, about half a second): --cases, meant for
 * the small workloads, would multiply it into minutes (2000 cases: about 15 minutes), so it keeps its one case.
 */
const FIXED_CASES: ReadonlySet<Workload> = new Set(['scale']);

export async function runBench(argv: string[]): Promise<number> {
  const parsed = parseOrHelp(BENCH, argv);
  if (!parsed) return 0;
  const o = parsed.options;
  const names = (o.workload ?? WORKLOADS.join(',')).split(',').map((s) => s.trim()).filter(Boolean);
  for (const n of names) if (!(WORKLOADS as readonly string[]).includes(n)) {
    const hint = suggest(n, WORKLOADS);
    throw new InputError(`--workload: unknown workload ${JSON.stringify(n)} (one of ${WORKLOADS.join(', ')})${hint ? ` (did you mean ${hint}?)` : ''}`);
  }
  const cases = o.cases ?? null;
  const seed = o.seed;
  const workers = o.workers ?? defaultWorkers();
  const json = o.json;
  const n = (w: Workload) => (FIXED_CASES.has(w) ? DEFAULT_CASES[w] : cases ?? DEFAULT_CASES[w]);
  const chosen = WORKLOADS.filter((w) => names.includes(w));
  const tty = Boolean(process.stderr.isTTY);
  // One line per workload as it starts (a status line on a TTY): some take minutes. Nothing with --json.
  const say = (text: string) => { if (!json) process.stderr.write(tty ? `\r\x1b[K${text}` : `${text}\n`); };
  if (cases !== null && chosen.some((w) => FIXED_CASES.has(w))) say(`note: scale runs its one ${SCALE_SIZE.S}-state case whatever --cases (--cases ${cases} applies to the other workloads)${tty ? '\n' : ''}`);

  let serial: BenchRecord | undefined;
  for (const [i, name] of chosen.entries()) {
    say(`[${i + 1}/${chosen.length}] ${name} (${name === 'verify' ? `a verify run${cases !== null ? ` with --runs ${cases}` : ''}` : name === 'trainer-steps' ? `${n(name)} steps per environment` : `${n(name)} ${name === 'train' ? 'update' : 'case'}${n(name) === 1 ? '' : 's'}`}) ...`);
    let record: BenchRecord;
    switch (name) {
      case 'prop1-reference': record = prop1Workload(n(name), seed, true); break;
      case 'prop1': record = serial = prop1Workload(n(name), seed); break;
      // The speed-up is against a serial run of the same cases, measured here unless prop1 just ran them.
      case 'prop1-parallel': record = await prop1ParallelWorkload(n(name), seed, workers, serial?.cases === n(name) ? serial : undefined); break;
      case 'scale': record = scaleWorkload(n(name), seed); break;
      // --cases N: the budget of the verify run (--runs N, decided cases per check); its default otherwise.
      case 'verify': record = await verifyWorkload(cases !== null ? ['--runs', String(cases)] : []); break;
      case 'train': record = await trainWorkload(n(name), seed); break;
      case 'trainer-steps': record = await trainerStepsWorkload(n(name), seed); break;
    }
    process.stdout.write(JSON.stringify(record) + '\n');
    if (!json) process.stderr.write(`${tty ? '\r\x1b[K' : ''}${describe(record, cases !== null && !FIXED_CASES.has(name) && name !== 'verify' && cases < DEFAULT_CASES[name] ? DEFAULT_CASES[name] : undefined)}\n`);
  }
  return 0;
}

/** `smallerThan`: the workload's default size when --cases ran fewer, whose timing the target is not meant for (N9 N15). */
function describe(r: BenchRecord, smallerThan?: number): string {
  const judged = smallerThan === undefined ? (r.met ? 'met' : 'NOT met') : `${r.met ? 'met' : 'not met'} at this size; the target is for the default ${smallerThan}`;
  const target = typeof r.target === 'string' ? ` (target ${r.target}: ${judged})` : '';
  const rate = r.workload === 'train' ? `${r.updatesPerSecond} updates/s` : r.workload === 'scale' || r.workload === 'verify' ? `${r.seconds} s` : `${r.casesPerSecond} cases/s`;
  const extra = r.workload === 'prop1-parallel' ? `, ${r.speedUp}x on ${r.threads} threads`
    : r.workload === 'verify' ? ` (budget ${r.budget ?? '?'} decided per check; CPU ${r.cpuSeconds ?? '?'} s, ideal ${r.idealSeconds ?? '?'} s on ${r.cpus} free cores), ${r.decided} decided: ${r.decidedPerSecondPerCore} decided/s per core (${r.decidedPerCpuSecond ?? '?'} per CPU second; the prop1 kernel ${r.kernelCasesPerCpuSecond ?? '?'} cases per CPU second), load ${r.loadAverageBefore ?? '?'} before, ${r.loadAverage} after`
    : '';
  const unit = r.workload === 'train' ? 'update' : r.workload === 'trainer-steps' ? 'step' : 'case';
  return `${r.workload.padEnd(16)} ${rate}${extra} over ${r.cases} ${unit}${r.cases === 1 ? '' : 's'}${r.workload === 'trainer-steps' ? ' (all environments)' : ''}${target}`;
}
