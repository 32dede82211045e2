// `jepa-verify verify`: every input is checked and the output folder probed before any work; the
// report is staged and swapped in whole (output.ts). Paths inside verification.json are relative to
// the report folder, so the same run gives the same file from any working directory.
import { readdirSync, readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { basename, join } from 'node:path';
import { InputError } from '../model/validate.ts';
import { VERIFY } from './commands.ts';
import { parseOrHelp } from './help.ts';
import { suggest, type OptionValues } from './options.ts';
import type { Shard } from './shards.ts';
import { exists, prepareOutDir, writeAtomically, writeText } from './output.ts';
import { verifyProgress } from './verifyProgress.ts';
import { loadClaims, PROPERTIES_DIR } from '../ledger/claims.ts';
import { startLedgerWorkers, type LedgerWorker } from '../ledger/workerThreads.ts';
import type { Claim } from '../claims/framework.ts';
import type { ClaimResult, VerificationReport } from '../report/schema.ts';
import { FORMAL_SCOPE } from '../ledger/statements.ts';
import type { LedgerRun } from '../ledger/run.ts';

/** Report-relative folder of counterexample files. */
const CE_DIR = 'counterexamples';

export async function verifyCommand(argv: string[]): Promise<number> {
  const parsed = parseOrHelp(VERIFY, argv);
  if (!parsed) return 0;
  const o = parsed.options;
  if (o['no-paper'] && !o.claims) throw new InputError('--no-paper: needs --claims DIR (the claims to run instead of the paper\'s)');
  if (o.shard !== undefined && o.claims !== undefined) throw new InputError('--shard: cannot be combined with --claims');
  const shard = o.shard !== undefined ? (await import('./shards.ts')).parseShard(o.shard) : null;
  // A whole-paper run's ledger workers start now and load the claims while this thread does (issue 17),
  // once the inputs a probe can judge without loading any claim are known good: bad input exits at once.
  const workers = o.workers ?? availableParallelism();
  const wholePaper = !o['no-paper'] && o.only === undefined;
  if (wholePaper) {
    prepareOutDir(o.out ?? 'reports');
    if (o.claims) (await import('./userClaims.ts')).probeClaimsDir(o.claims);
  }
  const prestarted = wholePaper && workers > 1 ? startLedgerWorkers(workers, PROPERTIES_DIR) : [];
  try {
    return await verifyWith(o, shard, prestarted, workers);
  } finally {
    // Those the ledger took it has stopped; these are stopped again (harmless), those it did not take for the first time.
    await Promise.all(prestarted.map((w) => w.terminate()));
  }
}

async function verifyWith(o: OptionValues<typeof VERIFY>, shard: Shard | null, prestarted: LedgerWorker[], workers: number): Promise<number> {
  const paperClaims = o['no-paper'] ? [] : await loadClaims();
  const { loadUserClaims, runUserClaims, claimsArgument } = await import('./userClaims.ts');
  const userClaims = o.claims ? await loadUserClaims(o.claims, o.timeout * 1000) : [];
  for (const c of userClaims) if (paperClaims.some((p) => p.id === c.id)) throw new InputError(`--claims ${o.claims}: claim id ${JSON.stringify(c.id)} is also a claim of the paper; choose another id`);
  const only = parseOnly(o.only, [...paperClaims, ...userClaims].map((c) => c.id));
  const partial = only !== undefined || o['no-paper'];
  const outDir = o.out ?? (partial ? join('reports', 'partial') : 'reports');
  prepareOutDir(outDir);
  // reports/partial is the scratch folder of partial runs (--only, --no-paper): one may replace another there.
  const scratch = o.out === undefined && partial;
  const ids = [...paperClaims, ...userClaims].filter((c) => !only || only.includes(c.id)).map((c) => c.id);
  if (!shard && !scratch) refuseClobber(outDir, ids, partial, o.force);
  // Not silently (N9 N13): the scratch folder's previous report of other claims is about to go.
  const replaced = scratch && !shard ? claimsLost(outDir, ids) : [];
  if (replaced.length && !o.json) process.stderr.write(`${outDir}: replacing the previous partial report (${listIds(replaced)} not in this run); ${outDir} is the scratch folder of partial runs: give --out DIR to keep a report\n`);

  const seed = o.seed, runs = o.runs;
  const paperOnly = only?.filter((id) => paperClaims.some((c) => c.id === id));
  const runPaper = paperClaims.length > 0 && (!only || paperOnly!.length > 0);
  const lead = !shard || shard.index === 0;
  const started = Date.now();
  const display = await verifyProgress(o.json, paperClaims, paperOnly, shard ? (unit) => shard.owns(unit) : undefined);
  const progress = display.ledger;
  // Started, not awaited: the solver (async, on this thread), the trained checks and the §7 necessity
  // table (queued on the ledger's workers, SideJobs) run alongside the property units, so no core
  // waits for them (issue 17).
  const { SideJobs } = await import('../ledger/parallel.ts');
  const sideJobs = new SideJobs();
  const formal = runPaper && !o['no-formal'] && lead ? runFormal(paperOnly) : undefined;
  formal?.catch(() => undefined);
  display.alongside('formal', formal);
  const extra = runPaper && !o['no-trained'] && lead ? trained(sideJobs, seed, paperOnly) : undefined;
  extra?.catch(() => undefined);
  display.alongside('trained', extra);
  const necessityJob = runPaper && lead ? sideJobs.add<ReturnType<typeof import('../minimisers/ablate.ts').verifyNecessity>>(new URL('../minimisers/ablate.ts', import.meta.url), 'verifyNecessity', [seed, paperOnly, CE_DIR]) : undefined;
  display.alongside('certificate', necessityJob);
  // A fresh report folder gets a quick training report; queued now, it no longer runs alone at the end.
  // The lead shard computes it for merge, which writes it where a single run would.
  const trainingJob = runPaper && lead && !o['no-trained'] && !exists(join(outDir, 'training.json')) ? sideJobs.add<Awaited<ReturnType<typeof quickTraining>>>(new URL(import.meta.url), 'quickTraining', [seed]) : undefined;
  let run: LedgerRun = { report: emptyReport(seed, runs), counterexamples: [] };
  if (runPaper) {
    const { runLedgerParallel } = await import('../ledger/parallel.ts');
    run = await display.during('property', () => runLedgerParallel(paperClaims, {
      seed, runs, only: paperOnly, formal, extra, counterexampleDir: CE_DIR, progress, workers, sideJobs, prestarted,
      unitFilter: shard ? (unit) => shard.owns(unit) : undefined,
    }));
  }
  if (userClaims.length > 0 && (!only || only.some((id) => userClaims.some((c) => c.id === id)))) {
    const user = await runUserClaims(o.claims!, userClaims, { seed, runs, only: only?.filter((id) => userClaims.some((c) => c.id === id)), counterexampleDir: CE_DIR, workers, timeoutMs: o.timeout * 1000, progress });
    run = { report: { ...run.report, claims: [...run.report.claims, ...user.report.claims] }, counterexamples: [...run.counterexamples, ...user.counterexamples] };
  }
  // §7 necessity table (src/minimisers/ablate.ts): the selected claims among the seven it covers.
  const necessity = necessityJob ? await display.during('property', () => necessityJob) : undefined;
  // A user claim's replayCommand names its claims folder (replay --claims DIR), relative to the report folder.
  const claimsArg = (id: string) => (userClaims.some((c) => c.id === id) ? claimsArgument(outDir, o.claims!) : '');
  const report: VerificationReport = relativePaths({ ...run.report, ...(necessity && necessity.rows.length > 0 ? { necessity: necessity.rows } : {}), generatedAt: new Date(started).toISOString(), seconds: (Date.now() - started) / 1000 }, claimsArg);
  // §7 interval certificates ride inline on the results; they become files the report cites. A shard
  // keeps them inline: merge names them by their place in the merged report, as this run would.
  const certificates = shard ? [] : (await import('../minimisers/certificates.ts')).extractCertificates(report, CE_DIR);
  // Computed before the write starts, so an interrupt during the write has nothing slow to wait for.
  display.phase('report');
  const training = trainingJob ? await trainingJob : undefined;
  let written = 0;
  await writeAtomically(outDir, async (staging) => {
    for (const { path, file } of run.counterexamples) writeText(join(staging, CE_DIR, basename(path)), JSON.stringify(file, null, 2) + '\n');
    for (const { path, file } of [...(necessity?.files ?? []), ...certificates]) writeText(join(staging, path), JSON.stringify(file, null, 2) + '\n');
    for (const c of report.claims) for (const r of c.results as (ClaimResult & { counterexampleFile?: unknown })[]) {
      if (r.counterexampleFile && r.counterexample) writeText(join(staging, r.counterexample), JSON.stringify(r.counterexampleFile, null, 2) + '\n');
    }
    if (shard) {
      const { shardFile } = await import('./shards.ts');
      writeText(join(staging, 'shards', `shard-${shard.index}-of-${shard.count}.json`), JSON.stringify(shardFile(report, shard, run.counterexamples, necessity?.files, training), null, 2) + '\n');
      written = exists(join(staging, CE_DIR)) ? readdirSync(join(staging, CE_DIR), { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).length : 0;
      return;
    }
    writeText(join(staging, 'verification.json'), JSON.stringify(stripInternal(report), null, 2) + '\n');
    if (training) {
      writeText(join(staging, 'training.json'), JSON.stringify(training.json, null, 2) + '\n');
      writeText(join(staging, 'training.md'), training.markdown);
    }
    const { buildReports } = await import('../report/build.ts');
    const trainingPath = [join(staging, 'training.json'), join(outDir, 'training.json')].find((p) => exists(p));
    await buildReports(stripInternal(report), staging, { trainingJson: trainingPath ? JSON.parse(readFileSync(trainingPath, 'utf8')) : undefined, root: staging });
  }, { replace: shard ? [] : [CE_DIR, 'plots'] });
  display.end();
  if (o.json) process.stdout.write(JSON.stringify(stripInternal(report)) + '\n');
  else if (shard) printSummary(report, outDir, shard, written);
  else {
    const { replayHere, npxFindsJepaVerify } = await import('./replayHere.ts');
    const cwd = process.cwd();
    const npxFinds = npxFindsJepaVerify(cwd);
    const replayLine = (command: string) => replayHere(command, outDir, cwd, npxFinds);
    process.stdout.write((await import('../report/terminal.ts')).terminalSummary(report, outDir, { columns: process.stdout.columns, colour: Boolean(process.stdout.isTTY) && !process.env.NO_COLOR, replayLine }));
  }
  return report.claims.some((c) => c.results.some((r) => r.verdict === 'error')) ? 1 : 0;
}

function emptyReport(seed: number, runs: number): VerificationReport {
  return { schemaVersion: 1, tool: { name: 'jepa-verify', version: '0.1.0' }, seed, budget: { runsPerClaim: runs }, claims: [] };
}

/**
 * A run that is partial (--only, --no-paper) never replaces a report holding claims it does not
 * run, unless --force: `verify --only X` must not turn a full report into a one-claim report.
 */
function refuseClobber(outDir: string, ids: string[], partial: boolean, force: boolean): void {
  if (!partial || force) return;
  const lost = claimsLost(outDir, ids);
  if (lost.length) throw new InputError(`--out ${outDir}: holds a report of ${plural(claimsIn(outDir).length, 'claim')} (${listIds(lost)} not in this run); give another --out, or --force to replace it`);
}

/** The claim IDs of the report in outDir ([] when there is none or it is not a readable report: nothing of value to protect beyond what the swap keeps). */
function claimsIn(outDir: string): string[] {
  const path = join(outDir, 'verification.json');
  if (!exists(path)) return [];
  try {
    return (JSON.parse(readFileSync(path, 'utf8')) as VerificationReport).claims.map((c) => c.id);
  } catch {
    return [];
  }
}

const claimsLost = (outDir: string, ids: string[]) => claimsIn(outDir).filter((id) => !ids.includes(id));
const listIds = (ids: string[]) => `${ids.slice(0, 3).join(', ')}${ids.length > 3 ? ', ...' : ''}`;
const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** Counterexample paths relative to the report folder, whatever wrote them; extra(claim id) is appended to a replayCommand. */
function relativePaths(report: VerificationReport, extra: (id: string) => string = () => ''): VerificationReport {
  const fix = (r: ClaimResult, id: string): ClaimResult => r.counterexample
    ? { ...r, counterexample: `${CE_DIR}/${basename(r.counterexample)}`, ...(r.replayCommand !== undefined || r.verdict === 'refuted' ? { replayCommand: `npx jepa-verify replay ${CE_DIR}/${basename(r.counterexample)}${extra(id)}` } : {}) }
    : r;
  return { ...report, claims: report.claims.map((c) => ({ ...c, results: c.results.map((r) => fix(r, c.id)), repairs: c.repairs.map((rep) => ({ ...rep, results: rep.results.map((r) => fix(r, c.id)) })) })) };
}

/** Fields the report writer needs in memory but verification.json does not carry. */
export function stripInternal(report: VerificationReport): VerificationReport {
  const strip = ({ counterexampleFile: _drop, ...r }: ClaimResult & { counterexampleFile?: unknown }) => r;
  return { ...report, claims: report.claims.map((c) => ({ ...c, results: c.results.map(strip), repairs: c.repairs.map((rep) => ({ ...rep, results: rep.results.map(strip) })) })) };
}

/** training.json and training.md of the quick collapse experiment (a side job of verify, hence exported). */
export async function quickTraining(seed: number) {
  const { buildTrainingReport } = await import('./train.ts');
  const { trainingMarkdown } = await import('../trainer/report.ts');
  const json = await buildTrainingReport({ experiment: 'collapse', quick: true, seed, out: '', json: false, jobs: 1, stopGradTarget: false });
  return { json, markdown: trainingMarkdown(json) };
}

export async function runFormal(only: string[] | undefined) {
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
async function trained(jobs: import('../ledger/parallel.ts').SideJobs, seed: number, only: string[] | undefined) {
  const wanted = ['P1.eq3', 'P1.eq5', 'P2.eq3', 'P2.jepa'];
  if (only && !only.some((id) => wanted.includes(id))) return undefined;
  return jobs.add<Map<string, ClaimResult[]>>(new URL('../trainedChecks/index.ts', import.meta.url), 'trainedResults', [{ seed, quick: true }]);
}

export function parseOnly(raw: string | undefined, known: string[]): string[] | undefined {
  if (raw === undefined) return undefined;
  const ids = raw.split(',').map((s) => s.trim()).filter(Boolean);
  if (ids.length === 0) throw new InputError('--only: expects claim IDs separated by commas');
  for (const id of ids) if (!known.includes(id)) {
    const hint = suggest(id, known);
    throw new InputError(`--only: unknown claim ID ${JSON.stringify(id)}${hint ? ` (did you mean ${hint}?)` : ''} (see jepa-verify list)`);
  }
  return ids;
}

function printSummary(report: VerificationReport, outDir: string, shard: Shard, files: number): void {
  const lines = report.claims.map((c) => {
    const verdicts = c.results.map((r) => `${r.verdict}${r.reading === 'any' ? '' : ` (${r.reading})`} [${r.method}]`).join(', ');
    return `${c.id.padEnd(16)} ${verdicts}`;
  });
  const counts = new Map<string, number>();
  for (const c of report.claims) for (const r of c.results) counts.set(r.verdict, (counts.get(r.verdict) ?? 0) + 1);
  const wrote = `${outDir}/shards/shard-${shard.index}-of-${shard.count}.json${files > 0 ? ` and ${files} file${files > 1 ? 's' : ''} under ${outDir}/${CE_DIR}/` : ''}`;
  process.stdout.write(`${lines.join('\n')}\n\n${[...counts].map(([v, n]) => `${n} ${v}`).join(', ')} in ${report.seconds?.toFixed(1)} s; shard ${shard.index}/${shard.count} wrote ${wrote}; ${shard.count > 1 ? `once shards 0/${shard.count} to ${shard.count - 1}/${shard.count} have all written there, ` : ''}jepa-verify merge ${outDir} builds the report\n`);
}

export type { Claim };
