// The bench's fixed, seeded workloads. Each returns one flat record; cli.ts prints it as a JSON line.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Worker } from 'node:worker_threads';
import { startTsWorker } from '../ledger/parallel.ts';
import { drawInstance } from './instance.ts';
import { EPSILONS, Prop1Kernel, emptyPhases, mergeSummaries, runCases, type Prop1Summary } from './prop1.ts';
import type { Prop1Job } from './worker.ts';

export interface BenchRecord {
  workload: string;
  cases: number;
  seconds: number;
  casesPerSecond: number;
  [more: string]: unknown;
}

/** The prop1 instance size (the brief's |S| = 8, |A| = 3, d = 12). */
export const PROP1_SIZE = { S: 8, A: 3, d: 12 } as const;
export const SCALE_SIZE = { S: 500, A: 8, d: 256 } as const;
/** Exact evaluations of J per prop1 case: the base point, then 4 eps x 2 readings. */
const EVALUATIONS_PER_CASE = 1 + 2 * EPSILONS.length;
/** Cases run before timing, so the timed part measures optimised code rather than V8's tiers. */
export const WARMUP_CASES = 2000;
const SCALE_WARMUP = 300;

export const TARGETS = {
  prop1: { casesPerSecond: 9000 },
  'prop1-parallel': { speedUp: 1.8 },
  scale: { seconds: 1.5 },
  verify: { seconds: 90, decidedPerSecondPerCore: 5000 },
} as const;

const round = (x: number, digits = 4) => Number(x.toPrecision(digits));
const hex = (x: number) => x.toString(16).padStart(8, '0');
const machine = () => ({ cpus: availableParallelism(), loadAverage: round(loadavg()[0], 3), node: process.version });

function summaryFields(sum: Prop1Summary) {
  return { digest: hex(sum.digest), eq5Violations: sum.eq5Violations, eq3MaxRemainder: round(sum.eq3MaxRemainder, 6), minK1: round(sum.minK1, 6) };
}

/**
 * Wall seconds, and the process's CPU seconds: on a machine shared with other jobs the wall time of
 * a single-threaded workload stretches with the load while its CPU time barely moves.
 */
function timed<T>(f: () => T): { value: T; seconds: number; cpuSeconds: number } {
  const cpu = process.cpuUsage();
  const started = performance.now();
  const value = f();
  const seconds = (performance.now() - started) / 1000;
  const used = process.cpuUsage(cpu);
  return { value, seconds, cpuSeconds: (used.user + used.system) / 1e6 };
}

/** prop1 on this thread: the fast kernels, or (reference) the tool's readable API on the same cases. */
export function prop1Workload(cases: number, seed: number, reference = false, warmup = reference ? 200 : WARMUP_CASES): BenchRecord {
  const { S, A, d } = PROP1_SIZE;
  runCases(seed + 1, 0, warmup, S, A, d, reference);
  const { value: sum, seconds, cpuSeconds } = timed(() => runCases(seed, 0, cases, S, A, d, reference));
  const cps = cases / seconds;
  return {
    workload: reference ? 'prop1-reference' : 'prop1',
    cases, seconds: round(seconds), casesPerSecond: Math.round(cps), cpuSeconds: round(cpuSeconds), casesPerCpuSecond: Math.round(cases / cpuSeconds),
    microsecondsPerCase: round(1e6 / cps), evaluationsPerCase: EVALUATIONS_PER_CASE, evaluationsPerSecond: Math.round(cps * EVALUATIONS_PER_CASE),
    size: PROP1_SIZE, warmupCases: warmup, threads: 1,
    ...summaryFields(sum),
    ...(reference ? {} : { target: `>= ${TARGETS.prop1.casesPerSecond} cases/s`, met: cps >= TARGETS.prop1.casesPerSecond }),
    ...machine(),
  };
}

/**
 * prop1 split over worker threads in contiguous ranges. The cases are the same as prop1's (case i
 * depends on (seed, i) only) and the summary is order-independent, so the digest must equal the
 * serial one. Workers are started and warmed up before the clock starts; startupSeconds says
 * what that cost.
 */
export async function prop1ParallelWorkload(cases: number, seed: number, workers: number, serial?: BenchRecord): Promise<BenchRecord> {
  const { S, A, d } = PROP1_SIZE;
  const baseline = serial ?? prop1Workload(cases, seed);
  const pool: Worker[] = [];
  try {
    const startup = performance.now();
    for (let k = 0; k < workers; k++) pool.push(startTsWorker(new URL('./worker.ts', import.meta.url)));
    const ask = (w: Worker, job: Prop1Job | null) =>
      new Promise<Prop1Summary | null>((resolve, reject) => {
        const onMessage = (m: { ready?: true; summary?: Prop1Summary; error?: string }) => {
          if (m.ready && job !== null) return;
          w.off('message', onMessage);
          w.off('error', reject);
          if (m.error !== undefined) reject(new Error(m.error));
          else resolve(m.summary ?? null);
        };
        w.on('message', onMessage);
        w.on('error', reject);
        if (job) w.postMessage(job);
      });
    await Promise.all(pool.map((w) => ask(w, null)));
    await Promise.all(pool.map((w) => ask(w, { kind: 'warmup', seed: seed + 1, from: 0, to: WARMUP_CASES, S, A, d })));
    const startupSeconds = (performance.now() - startup) / 1000;
    const started = performance.now();
    const chunk = Math.ceil(cases / workers);
    const parts = await Promise.all(pool.map((w, k) => ask(w, { kind: 'run', seed, from: Math.min(cases, k * chunk), to: Math.min(cases, (k + 1) * chunk), S, A, d })));
    const seconds = (performance.now() - started) / 1000;
    const sum = mergeSummaries(parts.map((p) => p!));
    const cps = cases / seconds;
    const speedUp = cps / baseline.casesPerSecond;
    const fields = summaryFields(sum);
    return {
      workload: 'prop1-parallel',
      cases, seconds: round(seconds), casesPerSecond: Math.round(cps), microsecondsPerCase: round(1e6 / cps),
      threads: workers, serialCasesPerSecond: baseline.casesPerSecond, speedUp: round(speedUp, 3),
      startupSeconds: round(startupSeconds), speedUpWithStartup: round(cases / (seconds + startupSeconds) / baseline.casesPerSecond, 3),
      ...fields,
      sameAsSerial: baseline.cases === cases && baseline.digest === fields.digest,
      target: `>= ${TARGETS['prop1-parallel'].speedUp}x prop1`, met: speedUp >= TARGETS['prop1-parallel'].speedUp,
      ...machine(),
    };
  } finally {
    await Promise.all(pool.map((w) => w.terminate()));
  }
}

/** prop1 at |S| = 500, |A| = 8, d = 256, with the time of each phase. */
export function scaleWorkload(cases: number, seed: number): BenchRecord {
  const { S, A, d } = SCALE_SIZE;
  const phases = emptyPhases();
  let drawMs = 0;
  // Small cases first, so the one big case runs optimised code (its loops would otherwise start in
  // V8's interpreter and wait for on-stack replacement).
  runCases(seed + 1, 0, SCALE_WARMUP, PROP1_SIZE.S, PROP1_SIZE.A, PROP1_SIZE.d);
  const kernel = new Prop1Kernel(S, A, d);
  let minK1 = Infinity;
  const { seconds, cpuSeconds } = timed(() => {
    for (let i = 0; i < cases; i++) {
      const t = performance.now();
      const f = drawInstance(seed, i, S, A, d);
      drawMs += performance.now() - t;
      minK1 = Math.min(minK1, kernel.run(f, phases).k1);
    }
  });
  const perCase = seconds / cases;
  const ms = (x: number) => round(x / 1000 / cases, 3);
  return {
    workload: 'scale',
    cases, seconds: round(seconds), casesPerSecond: round(cases / seconds, 3), secondsPerCase: round(perCase), cpuSeconds: round(cpuSeconds),
    size: SCALE_SIZE, warmupCases: SCALE_WARMUP, warmupSize: PROP1_SIZE,
    phaseSecondsPerCase: { draw: ms(drawMs), nullSpace: ms(phases.nullSpace), base: ms(phases.base), lipschitz: ms(phases.lipschitz), moves: ms(phases.moves) },
    minK1: round(minK1, 6),
    target: `< ${TARGETS.scale.seconds} s per case`, met: perCase < TARGETS.scale.seconds,
    ...machine(),
  };
}

const PROJECT_ROOT = fileURLToPath(new URL('../..', import.meta.url));

/**
 * CPU seconds used by this process's finished, waited-for children (Linux /proc; null elsewhere):
 * the verify child's threads all count, so its CPU time is what a run costs whatever the load.
 */
function childCpuSeconds(): number | null {
  try {
    const fields = readFileSync('/proc/self/stat', 'utf8').replace(/^.*\) /s, '').split(' ');
    // After "(comm) ": state is field 3, so cutime (16) and cstime (17) are at 13 and 14; ticks of 1/100 s.
    return (Number(fields[13]) + Number(fields[14])) / 100;
  } catch {
    return null;
  }
}

/**
 * The default `jepa-verify verify` in a fresh process writing into a temporary --out: wall and CPU
 * time, and decided cases (the ones a verdict rests on) per second per core, beside the prop1
 * kernel's cases per second on one core measured in the same run, so the two compare under one load.
 */
export async function verifyWorkload(extraArgs: string[] = [], kernelCases = 5000, seed = 42): Promise<BenchRecord> {
  const kernel = kernelCases > 0 ? prop1Workload(kernelCases, seed, false, 1000) : null;
  const out = mkdtempSync(join(tmpdir(), 'jepa-bench-verify-'));
  try {
    const main = fileURLToPath(new URL('../cli/main.ts', import.meta.url));
    const cpuBefore = childCpuSeconds();
    const loadAverageBefore = round(loadavg()[0], 3);
    const started = performance.now();
    const { code, stdout, stderr } = await new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve, reject) => {
      const child = spawn(process.execPath, ['--import', 'tsx', main, 'verify', '--out', join(out, 'reports'), '--json', ...extraArgs], { cwd: PROJECT_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = '', stderr = '';
      child.stdout.on('data', (b: Buffer) => (stdout += b));
      child.stderr.on('data', (b: Buffer) => (stderr += b));
      child.on('error', reject);
      child.on('close', (code) => resolve({ code, stdout, stderr }));
    });
    const seconds = (performance.now() - started) / 1000;
    const cpuAfter = childCpuSeconds();
    const cpuSeconds = cpuBefore === null || cpuAfter === null ? null : cpuAfter - cpuBefore;
    let cases = 0, units = 0, decided = 0, undecided = 0;
    const verdicts: Record<string, number> = {};
    // Where the time went: each result's own seconds (a unit's wall time on its thread), summed by method and verdict.
    const secondsBy: Record<string, number> = {};
    let reported: number | undefined;
    let budget: number | null = null;
    try {
      type Result = { verdict: string; cases: number; method?: string; decided?: number; undecided?: number; seconds?: number };
      const report = JSON.parse(stdout) as { seconds?: number; budget?: { runsPerClaim?: number }; claims: { results: Result[]; repairs: { results: Result[] }[] }[] };
      reported = report.seconds;
      budget = report.budget?.runsPerClaim ?? null;
      for (const c of report.claims)
        for (const r of [...c.results, ...c.repairs.flatMap((rep) => rep.results)]) {
          cases += r.cases;
          decided += r.decided ?? 0;
          undecided += r.undecided ?? 0;
          units++;
          verdicts[r.verdict] = (verdicts[r.verdict] ?? 0) + 1;
          const kind = `${r.method ?? 'property'} ${r.verdict}`;
          secondsBy[kind] = (secondsBy[kind] ?? 0) + (r.seconds ?? 0);
        }
    } catch {
      throw new Error(`verify did not print a report (exit ${code}): ${stderr.split('\n').find((l) => l.trim() && !l.startsWith('npm warn')) ?? ''}`);
    }
    const cores = availableParallelism();
    const perCore = decided / (seconds * cores);
    const perCpuSecond = cpuSeconds ? decided / cpuSeconds : null;
    const t = TARGETS.verify;
    return {
      workload: 'verify',
      cases, seconds: round(seconds), casesPerSecond: Math.round(cases / seconds),
      decided, undecided,
      // Wall-clock per core (what the target names; it falls with the machine's load), and per CPU second (the run's own cost).
      decidedPerSecondPerCore: Math.round(perCore),
      cpuSeconds: cpuSeconds === null ? null : round(cpuSeconds), decidedPerCpuSecond: perCpuSecond === null ? null : Math.round(perCpuSecond),
      // What the run would take with every core to itself: CPU time spread over the cores.
      idealSeconds: cpuSeconds === null ? null : round(cpuSeconds / cores),
      kernelCasesPerSecond: kernel?.casesPerSecond ?? null, kernelCasesPerCpuSecond: kernel?.casesPerCpuSecond ?? null,
      decidedToKernel: kernel && perCpuSecond !== null ? round(perCpuSecond / (kernel.casesPerCpuSecond as number), 3) : null,
      reportedSeconds: reported === undefined ? null : round(reported), results: units, verdicts, secondsBy: Object.fromEntries(Object.entries(secondsBy).map(([k, v]) => [k, round(v)])), exitCode: code,
      args: extraArgs, budget, loadAverageBefore,
      target: `< ${t.seconds} s and >= ${t.decidedPerSecondPerCore} decided cases/s per core`, met: seconds < t.seconds && perCore >= t.decidedPerSecondPerCore,
      ...machine(),
    };
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

/** Updates per second of the exact-gradient trainer (mode (a)) on deterministic FrozenLake 4x4, encoder 16 -> 32 -> 8. */
export async function trainWorkload(updates: number, seed: number): Promise<BenchRecord> {
  const { trainExact } = await import('../trainer/exact.ts');
  const { frozenLake } = await import('../envs/tabular.ts');
  const env = frozenLake(false);
  const cfg = { lambda: 1, rlIntoEncoder: true, stopGradTarget: false, reading: 'on-policy' as const, steps: updates, lr: 0.01, logEvery: updates, d: 8, hidden: 32 };
  trainExact(env, { ...cfg, steps: Math.min(20, updates), logEvery: Math.min(20, updates) }, seed + 1);
  const { value, seconds, cpuSeconds } = timed(() => trainExact(env, cfg, seed));
  const ups = updates / seconds;
  return {
    workload: 'train',
    cases: updates, seconds: round(seconds), casesPerSecond: round(ups), updatesPerSecond: round(ups), cpuSeconds: round(cpuSeconds), updatesPerCpuSecond: round(updates / cpuSeconds),
    env: 'frozenlake (4x4, deterministic)', encoder: '16 -> 32 -> 8', worldModelHidden: 32, reading: cfg.reading, finalReturn: value.record.final.return,
    ...machine(),
  };
}

/**
 * Environment steps per second of the kenneweg trainer (A2C + JEPA with an EMA target, the
 * heaviest configuration) on each pixel environment: rollouts, updates and the periodic code
 * metrics together, as a run spends them. `steps` environment steps per environment.
 */
export async function trainerStepsWorkload(steps: number, seed: number): Promise<BenchRecord> {
  const { KENNEWEG_BUDGET, trainKenneweg } = await import('../trainer/kenneweg.ts');
  const perEnv: Record<string, { stepsPerSecond: number; stepsPerCpuSecond: number; seconds: number; updates: number }> = {};
  let total = 0, totalSeconds = 0;
  for (const env of ['catch', 'cartpole-pixels'] as const) {
    const budget = { ...KENNEWEG_BUDGET[env].full, steps, evalEpisodes: 1 };
    const spec = { env, config: 'jepa+rl' as const, ema: true, seed, quick: false };
    trainKenneweg(spec, seed + 1, { ...budget, steps: Math.min(steps, 2000) });
    const { value, seconds, cpuSeconds } = timed(() => trainKenneweg(spec, seed, budget));
    perEnv[env] = { stepsPerSecond: round(value.steps / seconds), stepsPerCpuSecond: round(value.steps / cpuSeconds), seconds: round(seconds), updates: value.updates ?? 0 };
    total += value.steps;
    totalSeconds += seconds;
  }
  return {
    workload: 'trainer-steps', cases: total, seconds: round(totalSeconds), casesPerSecond: round(total / totalSeconds),
    config: 'JEPA + RL, EMA target (A2C)', perEnv, ...machine(),
  };
}
