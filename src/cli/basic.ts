// `list`, `claim ID`, `report` and `init`: the commands that run at most one claim or write no checks.
import { accessSync, constants, cpSync, existsSync, readdirSync, readFileSync, statSync, writeFileSync, mkdirSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { InputError } from '../model/validate.ts';
import { CLAIM, INIT, LIST, REPORT } from './commands.ts';
import { parseOrHelp } from './help.ts';
import { suggest } from './options.ts';
import { prepareOutDir, writeAtomically, writeText } from './output.ts';
import { loadClaims, CLAIM_ORDER } from '../ledger/claims.ts';
import { runLedger } from '../ledger/run.ts';
import type { VerificationReport } from '../report/schema.ts';
import { runFormal, stripInternal } from './verify.ts';
import { readJsonInput } from './replay.ts';

export async function listCommand(argv: string[]): Promise<number> {
  if (!parseOrHelp(LIST, argv)) return 0;
  const claims = await loadClaims();
  for (const c of claims) process.stdout.write(`${c.id.padEnd(16)} ${c.paper.padEnd(9)} ${c.statement}\n`);
  const missing = CLAIM_ORDER.filter((id) => !claims.some((c) => c.id === id));
  if (missing.length) process.stdout.write(`\n(no property file yet for: ${missing.join(', ')})\n`);
  return 0;
}

/**
 * `claim ID` replaces its folder's counterexamples/ whole (a rerun leaves no stale file), so it
 * refuses a folder whose counterexamples are evidence of something else: a verify report's
 * (verification.json beside them; its files would vanish under it) or other claims' files.
 */
function refuseOtherEvidence(outDir: string, id: string): void {
  if (existsSync(join(outDir, 'verification.json'))) throw new InputError(`--out ${outDir}: holds a verify report, whose counterexamples/ claim ${id} would replace; give claim ${id} a folder of its own (default reports/claims/${id})`);
  const dir = join(outDir, 'counterexamples');
  // Its own files are ID.READING[.LABEL].json (P1's are not P1.eq5's).
  const own = (f: string) => f.startsWith(`${id}.`) && /^(on-policy|fixed-data|any)(\.|$)/.test(f.slice(id.length + 1));
  // Its §7 certificates sit in counterexamples/certificates/, named ID.READING.K.json.
  const ownFolder = (f: string) => f === 'certificates' && readdirSync(join(dir, f)).every((g) => g.startsWith(`${id}.`) && own(g));
  const others = existsSync(dir) ? readdirSync(dir).filter((f) => !own(f) && !ownFolder(f)) : [];
  if (others.length > 0) throw new InputError(`--out ${outDir}: counterexamples/ holds files of other claims (${others.slice(0, 3).join(', ')}${others.length > 3 ? ', ...' : ''}) that claim ${id} would replace; give it a folder of its own`);
}

/**
 * One claim, printed. Its counterexample files go to reports/claims/ID/counterexamples (or --out),
 * never into reports/counterexamples, whose files the full report refers to.
 */
export async function claimCommand(argv: string[]): Promise<number> {
  const parsed = parseOrHelp(CLAIM, argv);
  if (!parsed) return 0;
  const o = parsed.options;
  const id = parsed.positionals[0];
  const claims = await loadClaims();
  if (!claims.some((c) => c.id === id)) {
    const hint = suggest(id, claims.map((c) => c.id));
    throw new InputError(`ID: unknown claim ID ${JSON.stringify(id)}${hint ? ` (did you mean ${hint}?)` : ''} (see jepa-verify list)`);
  }
  const outDir = o.out ?? join('reports', 'claims', id);
  prepareOutDir(outDir);
  refuseOtherEvidence(outDir, id);
  const progress = claimProgress(id, o.json);
  const formal = o['no-formal'] ? undefined : await progress.phase('formal proof (Z3)', () => runFormal([id]));
  const run = runLedger(claims, { seed: o.seed, runs: o.runs, only: [id], formal, counterexampleDir: 'counterexamples', progress: progress.unit });
  const entry = run.report.claims[0];
  const files = [...run.counterexamples.map(({ path, file }) => ({ name: basename(path), file })), ...entry.results.flatMap((r) => {
    const f = (r as { counterexampleFile?: unknown }).counterexampleFile;
    return f && r.counterexample ? [{ name: basename(r.counterexample), file: f }] : [];
  })];
  const shown = (p: string | null) => (p ? join(outDir, 'counterexamples', basename(p)) : null);
  // As verify's report: §7 certificates become files the result cites, and every path in the JSON is
  // relative to the claim's folder (results and repairs alike; was cwd-relative for results only).
  const report = stripInternal(run.report);
  const certificates = (await import('../minimisers/certificates.ts')).extractCertificates(report, 'counterexamples');
  if (files.length + certificates.length > 0) await writeAtomically(outDir, (staging) => {
    for (const { name, file } of files) writeText(join(staging, 'counterexamples', name), JSON.stringify(file, null, 2) + '\n');
    for (const { path, file } of certificates) writeText(join(staging, path), JSON.stringify(file, null, 2) + '\n');
  }, { replace: ['counterexamples'] });
  if (o.json) process.stdout.write(JSON.stringify(report) + '\n');
  else {
    process.stdout.write(`${id}: ${entry.statement}\n`);
    for (const r of entry.results) process.stdout.write(`  ${r.verdict} (${r.reading}, ${r.method}, ${r.cases} cases) ${r.detail}\n${r.counterexample ? `    counterexample: ${shown(r.counterexample)}\n` : ''}`);
    for (const rep of entry.repairs) for (const r of rep.results) process.stdout.write(`  repair "${rep.statement}": ${r.verdict} (${r.reading}, ${r.cases} cases)\n`);
  }
  return entry.results.some((r) => r.verdict === 'error') ? 1 : 0;
}

/**
 * `claim ID`'s progress on stderr, as verify's (README): a status line on a TTY, a plain line per check
 * as it finishes without one, nothing with --json. runLedger runs the checks on this thread, one after
 * another; stderr writes to a TTY or pipe are synchronous on Linux, so each line shows when it is written.
 */
function claimProgress(id: string, json: boolean) {
  const started = performance.now();
  const tty = process.stderr.isTTY === true;
  const secs = () => ((performance.now() - started) / 1000).toFixed(0);
  let last = '';
  const unit = json ? undefined : (done: number, total: number, what: string) => {
    if (tty) process.stderr.write(what === 'done' && done === total ? '\r\x1b[K' : `\r\x1b[K${id}: check ${done + 1}/${total}: ${what} (${secs()} s)`);
    else if (done > 0) process.stderr.write(`[${done}/${total}] ${last} done at ${secs()} s\n`);
    last = what;
  };
  const phase = async <T>(what: string, f: () => Promise<T>): Promise<T> => {
    if (!json && tty) process.stderr.write(`\r\x1b[K${id}: ${what} (${secs()} s)`);
    const result = await f();
    if (!json && !tty) process.stderr.write(`${what} done at ${secs()} s\n`);
    return result;
  };
  return { unit, phase };
}

export async function reportCommand(argv: string[]): Promise<number> {
  const parsed = parseOrHelp(REPORT, argv);
  if (!parsed) return 0;
  const outDir = parsed.options.out;
  const path = join(outDir, 'verification.json');
  // The folder first (a file given as --out is named as such), then the report, then --readme: all before any write.
  prepareOutDir(outDir);
  if (!existsSync(path)) throw new InputError(`${path}: not found (run jepa-verify verify first)`);
  if (parsed.options.readme !== undefined) await checkReadme(parsed.options.readme);
  // The tool's own output, but still read as an input: a regular file, JSON, within a generous limit.
  const data = readJsonInput(path, 500_000_000) as VerificationReport;
  if (data?.schemaVersion !== 1 || !Array.isArray(data.claims)) throw new InputError(`${path}: schemaVersion 1 with a claims array expected`);
  // The whole file against its schema (a verdict outside the enum was rendered as '❔ maybe').
  const { firstError, loadSchema } = await import('../schema/validate.ts');
  const problem = firstError(data, loadSchema('verification'));
  if (problem) throw new InputError(`${path}: ${problem}`);
  const { buildReports } = await import('../report/build.ts');
  const training = existsSync(join(outDir, 'training.json')) ? JSON.parse(readFileSync(join(outDir, 'training.json'), 'utf8')) : undefined;
  let count = 0;
  await writeAtomically(outDir, async (staging) => {
    // The builder finds counterexample files beside the report it builds.
    if (existsSync(join(outDir, 'counterexamples'))) cpSync(join(outDir, 'counterexamples'), join(staging, 'counterexamples'), { recursive: true });
    const written = await buildReports(data, staging, { trainingJson: training, root: process.cwd() });
    count = written.length;
    if (parsed.options.screenshot) {
      const { screenshotSummary } = await import('../report/html/screenshot.ts');
      await screenshotSummary(join(staging, 'verification.html'), join(staging, 'summary.png'));
      count++;
    }
  }, { replace: ['plots'] });
  process.stdout.write(`wrote ${count} files to ${outDir}/\n`);
  if (parsed.options.readme !== undefined) {
    const { updateReadme } = await import('../report/readme.ts');
    process.stdout.write(`${updateReadme(parsed.options.readme, outDir) ? 'updated' : 'unchanged'}: findings section of ${parsed.options.readme}\n`);
  }
  return 0;
}

/** --readme FILE must take the findings section: a writable regular file with both markers. */
async function checkReadme(file: string): Promise<void> {
  if (!existsSync(file)) throw new InputError(`--readme ${file}: not found`);
  if (!statSync(file).isFile()) throw new InputError(`--readme ${file}: not a regular file`);
  try {
    accessSync(file, constants.R_OK | constants.W_OK);
  } catch {
    throw new InputError(`--readme ${file}: not readable and writable`);
  }
  const { replaceSection } = await import('../report/readme.ts');
  try {
    replaceSection(readFileSync(file, 'utf8'), '');
  } catch (error) {
    // replaceSection names the missing marker ("--readme: marker ... not found"); say which file.
    if (error instanceof InputError) throw new InputError(error.message.replace(/^--readme:/, `--readme ${file}:`));
    throw error;
  }
}

export const STARTER = join(dirname(fileURLToPath(import.meta.url)), 'starter-claim.ts.txt');

/** `init [DIR]`: DIR/example.claim.ts, never over an existing file. */
export async function initCommand(argv: string[]): Promise<number> {
  const parsed = parseOrHelp(INIT, argv);
  if (!parsed) return 0;
  const dir = parsed.positionals[0] ?? 'claims';
  const file = join(dir, 'example.claim.ts');
  if (existsSync(file)) throw new InputError(`${file}: already exists (init never overwrites a file)`);
  if (existsSync(dir) && !statSync(dir).isDirectory()) throw new InputError(`DIR ${dir}: is a file, not a folder`);
  try {
    mkdirSync(dir, { recursive: true });
  } catch (error) {
    throw new InputError(`DIR ${dir}: cannot create the folder (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  writeFileSync(file, readFileSync(STARTER, 'utf8'), { flag: 'wx' });
  process.stdout.write(`wrote ${file}\nrun it: npx jepa-verify verify --claims ${dir} --no-paper   (or in vitest: see jepa-verify/vitest)\n`);
  // Claim files are ES modules: outside a "type": "module" package Node reads them as CommonJS and they fail to load.
  const scope = (await import('./moduleScope.ts')).moduleScopeOf(dir);
  if (scope.type !== 'module') process.stdout.write(`note: ${scope.manifest ? `${scope.manifest} does not say "type": "module"` : `no package.json above ${dir} says "type": "module"`}; claim files load inside a project whose package.json has "type": "module" and that has jepa-verify and fast-check installed\n`);
  return 0;
}
