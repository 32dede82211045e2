// Sharded verification: `verify --shard i/n` runs a stable, hash-based share of the (claim x check)
// units and writes shards/shard-i-of-n.json; `merge DIR` puts n such files back together into the
// reports a single run writes. A unit belongs to shard hash(unit name) mod n, so the split depends
// on nothing but the names (not on the machine, the order or the other units), and each unit's
// search is seeded by (seed, claim, label) alone, so a unit finds the same thing in any shard.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { InputError } from '../model/validate.ts';
import { MERGE } from './commands.ts';
import { readJsonInput } from './replay.ts';
import { parseOrHelp } from './help.ts';
import { prepareOutDir, writeAtomically, writeText } from './output.ts';
import { loadClaims } from '../ledger/claims.ts';
import { ledgerUnits, type LedgerUnit } from '../ledger/run.ts';
import type { ClaimEntry, ClaimResult, CounterexampleFile, VerificationReport } from '../report/schema.ts';
import { extractCertificates } from '../minimisers/certificates.ts';

export interface Shard {
  index: number;
  count: number;
  /** Whether this shard runs the unit (named as ledger/run.ts unitName names it). */
  owns(unit: string): boolean;
}

/** FNV-1a, 32 bits: stable across platforms and Node versions, unlike anything built in. */
export function unitHash(name: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < name.length; i++) h = Math.imul(h ^ name.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

export function shardOf(index: number, count: number): Shard {
  return { index, count, owns: (unit) => unitHash(unit) % count === index };
}

/** "i/n" with 0 <= i < n. */
export function parseShard(text: string): Shard {
  const m = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(text);
  const index = m ? Number(m[1]) : NaN, count = m ? Number(m[2]) : NaN;
  if (!m || !(count >= 1 && count <= 10_000) || !(index < count)) throw new InputError(`--shard: expected i/n with 0 <= i < n <= 10000, got ${JSON.stringify(text)}`);
  return shardOf(index, count);
}

export const SHARD_KIND = 'jepa-verify-shard';
/**
 * 2: the lead shard carries the §7 necessity rows and files, and every shard leaves its certificates
 * inline (version 1 had named them by shard-local index, so merged names collided).
 */
export const SHARD_SCHEMA_VERSION = 2;
/** A shard carries its counterexample files; far above any real one, far below a memory problem. */
const SHARD_MAX_BYTES = 500_000_000;

/** Methods of the results the caller adds before the units (ledger/run.ts LedgerOptions.formal). */
const FORMAL_METHODS: string[] = ['smt', 'symbolic'];

/** shards/shard-i-of-n.json. */
export interface ShardFile {
  schemaVersion: typeof SHARD_SCHEMA_VERSION;
  kind: typeof SHARD_KIND;
  shard: { index: number; count: number };
  tool: VerificationReport['tool'];
  seed: number;
  budget: VerificationReport['budget'];
  /** The claims the run selected (--only), in report order. */
  claims: string[];
  /**
   * The shard's report: formal results, trained results and the necessity rows (shard 0 only) and the
   * results of the units it owns. §7 intervals keep their certificate inline (`certificateFile`):
   * merge writes the files, named by their place in the merged report as a single run names them.
   */
  report: VerificationReport;
  /** Property counterexample files by the path the results give, when the caller passed them. */
  counterexamples?: { path: string; file: CounterexampleFile }[];
  /** Other files the report cites, by report-relative path: shard 0's §7 necessity counterexamples. */
  files?: { path: string; file: unknown }[];
  /** Shard 0's quick training report (verify's, for a folder without training.json; merge writes it likewise). */
  training?: { json: unknown; markdown: string };
}

export function shardFile(report: VerificationReport, shard: Pick<Shard, 'index' | 'count'>, counterexamples?: { path: string; file: CounterexampleFile }[], files?: { path: string; file: unknown }[], training?: ShardFile['training']): ShardFile {
  return {
    schemaVersion: SHARD_SCHEMA_VERSION,
    kind: SHARD_KIND,
    shard: { index: shard.index, count: shard.count },
    tool: report.tool,
    seed: report.seed,
    budget: report.budget,
    claims: report.claims.map((c) => c.id),
    report,
    ...(counterexamples ? { counterexamples } : {}),
    ...(files && files.length > 0 ? { files } : {}),
    ...(training ? { training } : {}),
  };
}

type Result = ClaimResult & { counterexampleFile?: CounterexampleFile };

export interface Merged {
  report: VerificationReport;
  /** Files for outDir/counterexamples/, by file name. */
  files: Map<string, CounterexampleFile>;
  /** Files in sub-folders of counterexamples/ (necessity/, certificates/), by report-relative path. */
  cited: { path: string; file: unknown }[];
  training?: ShardFile['training'];
}

/** Reads DIR/shards/*.json (or DIR/*.json when DIR has no shards/ folder). */
export function readShards(dir: string): { path: string; file: ShardFile }[] {
  if (!existsSync(dir)) throw new InputError(`merge: ${dir}: no such directory`);
  const folder = existsSync(join(dir, 'shards')) ? join(dir, 'shards') : dir;
  const names = readdirSync(folder).filter((f) => /^shard-\d+-of-\d+\.json$/.test(f)).sort();
  if (names.length === 0) throw new InputError(`merge: ${folder}: no shard-i-of-n.json files (run jepa-verify verify --shard i/n --out ${dir} first)`);
  return names.map((name) => {
    const path = join(folder, name);
    let file: ShardFile;
    try {
      file = readJsonInput(path, SHARD_MAX_BYTES) as ShardFile;
    } catch (error) {
      throw new InputError(`merge: ${(error as Error).message.split('\n')[0]}`);
    }
    if (file?.kind !== SHARD_KIND) throw new InputError(`merge: ${path}: not a jepa-verify shard file`);
    if (file.schemaVersion !== SHARD_SCHEMA_VERSION) throw new InputError(`merge: ${path}: shard file schemaVersion ${JSON.stringify(file.schemaVersion)} is from another jepa-verify version (this one reads ${SHARD_SCHEMA_VERSION}); run verify --shard again with this version`);
    if (!file.report || !Array.isArray(file.report.claims) || !file.shard) throw new InputError(`merge: ${path}: not a jepa-verify shard file (no report)`);
    return { path, file };
  });
}

/**
 * One report from the shards: per claim, shard 0's formal results, every unit's result from the
 * shard that owns it, and shard 0's extra (trained) results, in the order a single run lists them;
 * shard 0's necessity rows and files; the §7 certificates extracted from the merged report, so they
 * are named as a single run names them. `units` are the ledger's units for the shards' claims;
 * `locate` finds a counterexample file a result names (null when missing).
 */
export function mergeShards(shards: { path: string; file: ShardFile }[], units: LedgerUnit[], counterexampleDir: string, locate: (path: string) => CounterexampleFile | null): Merged {
  const first = shards[0].file;
  const count = first.shard.count;
  const same = (what: string, get: (f: ShardFile) => unknown) => {
    for (const { path, file } of shards)
      if (JSON.stringify(get(file)) !== JSON.stringify(get(first))) throw new InputError(`merge: ${path}: ${what} ${JSON.stringify(get(file))} differs from ${shards[0].path}'s ${JSON.stringify(get(first))}`);
  };
  same('tool version', (f) => f.tool?.version);
  same('seed', (f) => f.seed);
  same('runs', (f) => f.budget?.runsPerClaim);
  same('shard count', (f) => f.shard.count);
  same('claim list', (f) => f.claims);
  const byIndex = new Map<number, ShardFile>();
  for (const { path, file } of shards) {
    if (byIndex.has(file.shard.index)) throw new InputError(`merge: ${path}: shard ${file.shard.index}/${count} appears twice`);
    byIndex.set(file.shard.index, file);
  }
  const missing = Array.from({ length: count }, (_, i) => i).filter((i) => !byIndex.has(i));
  if (missing.length) throw new InputError(`merge: shard${missing.length > 1 ? 's' : ''} ${missing.map((i) => `${i}/${count}`).join(', ')} missing`);

  // A claim's results in a shard's report are [formal..., units..., extra...] (ledger/run.ts), the
  // formal (smt, symbolic) and extra (trained) ones in shard 0 only. The unit block is matched to
  // the units the shard owns, in unit order.
  const unitResults = new Map<string, { result: Result; from: ShardFile }>();
  const formal = new Map<string, Result[]>();
  const extra = new Map<string, Result[]>();
  for (const [index, file] of byIndex) {
    const shard = shardOf(index, count);
    for (const entry of file.report.claims) {
      const owned = (repair: number) => units.filter((u) => u.claimId === entry.id && u.repair === repair && shard.owns(u.name));
      const main = owned(-1);
      const results = entry.results as Result[];
      let lead = 0;
      while (lead < results.length && FORMAL_METHODS.includes(results[lead].method)) lead++;
      const tail = results.length - lead - main.length;
      const changed = () => new InputError(`merge: shard ${index}/${count}: ${entry.id}'s results do not match the ${main.length} units this tool's claims give the shard (the claims changed since the shards ran?)`);
      if (tail < 0 || results.slice(results.length - tail).some((r) => r.method !== 'trained')) throw changed();
      if (index !== 0 && lead + tail > 0) throw new InputError(`merge: shard ${index}/${count}: ${entry.id} has formal or trained results, which only shard 0 runs`);
      if (index === 0) {
        formal.set(entry.id, results.slice(0, lead));
        extra.set(entry.id, results.slice(results.length - tail));
      }
      main.forEach((u, i) => unitResults.set(u.name, { result: results[lead + i], from: file }));
      entry.repairs.forEach((rep, r) => {
        const mine = owned(r);
        if (rep.results.length !== mine.length) throw new InputError(`merge: shard ${index}/${count}: ${entry.id} repair ${r + 1} has ${rep.results.length} results for ${mine.length} units`);
        mine.forEach((u, i) => unitResults.set(u.name, { result: rep.results[i] as Result, from: file }));
      });
    }
  }
  for (const [index, file] of byIndex) {
    if (index !== 0 && (file.report.necessity !== undefined || file.files !== undefined || file.training !== undefined)) throw new InputError(`merge: shard ${index}/${count}: has necessity rows, files or a training report, which only shard 0 runs`);
    if (file.training !== undefined && !(typeof file.training?.markdown === 'string' && typeof file.training.json === 'object' && file.training.json !== null)) throw new InputError(`merge: shard ${index}/${count}: training: expected { json, markdown }`);
    // A shard file is data: the files it carries go inside the report's counterexample folder only.
    const stray = (file.files ?? []).find((f) => typeof f?.path !== 'string' || !f.path.startsWith(`${counterexampleDir}/`) || f.path.split('/').some((part) => part === '..' || part === '.' || part === ''));
    if (stray) throw new InputError(`merge: shard ${index}/${count}: files[].path ${JSON.stringify(stray.path)} is not a file under ${counterexampleDir}/`);
  }
  const absent = units.filter((u) => !unitResults.has(u.name));
  if (absent.length) throw new InputError(`merge: no shard has unit ${absent[0].name}${absent.length > 1 ? ` (and ${absent.length - 1} more)` : ''}`);

  const files = new Map<string, CounterexampleFile>();
  const keep = (result: Result, from: ShardFile | null): Result => {
    if (!result.counterexample) return result;
    const name = basename(result.counterexample);
    const embedded = result.counterexampleFile ?? from?.counterexamples?.find((c) => c.path === result.counterexample)?.file ?? locate(result.counterexample);
    if (!embedded) throw new InputError(`merge: counterexample file ${result.counterexample} not found (looked in the shards and beside them)`);
    files.set(name, embedded);
    if (from === null) return result; // formal and trained results keep their paths, as in a single run
    const path = `${counterexampleDir}/${name}`;
    return { ...result, counterexample: path, ...(result.replayCommand ? { replayCommand: `npx jepa-verify replay ${path}` } : {}) };
  };
  const claims: ClaimEntry[] = byIndex.get(0)!.report.claims.map((entry) => {
    const unitsOf = (repair: number) => units.filter((u) => u.claimId === entry.id && u.repair === repair).map((u) => unitResults.get(u.name)!);
    return {
      ...entry,
      results: [...(formal.get(entry.id) ?? []).map((r) => keep(r, null)), ...unitsOf(-1).map(({ result, from }) => keep(result, from)), ...(extra.get(entry.id) ?? []).map((r) => keep(r, null))],
      repairs: entry.repairs.map((rep, r) => ({ ...rep, results: unitsOf(r).map(({ result, from }) => keep(result, from)) })),
    };
  });
  const started = shards.map((s) => s.file.report.generatedAt).filter((g): g is string => typeof g === 'string').sort()[0];
  const seconds = Math.max(...shards.map((s) => s.file.report.seconds ?? 0));
  // claims stays where shard 0 (and a single run) has it among the keys: verification.json reads the same.
  const { generatedAt: _g, seconds: _s, ...rest } = byIndex.get(0)!.report;
  const report: VerificationReport = { ...rest, claims, ...(started ? { generatedAt: started } : {}), seconds };
  const certificates = extractCertificates(report, counterexampleDir);
  return { report, files, cited: [...(byIndex.get(0)!.files ?? []), ...certificates], training: byIndex.get(0)!.training };
}

/** Fields the report writer needs in memory but verification.json does not carry. */
const stripInternal = (report: VerificationReport): VerificationReport => ({
  ...report,
  claims: report.claims.map((c) => ({
    ...c,
    results: c.results.map(({ counterexampleFile: _drop, ...r }: Result) => r),
    repairs: c.repairs.map((rep) => ({ ...rep, results: rep.results.map(({ counterexampleFile: _drop, ...r }: Result) => r) })),
  })),
});

/** `jepa-verify merge DIR [--out DIR] [--json]`. */
export async function mergeCommand(argv: string[]): Promise<number> {
  const parsed = parseOrHelp(MERGE, argv);
  if (!parsed) return 0;
  const dir = parsed.positionals[0];
  const outDir = parsed.options.out ?? dir;
  // The shards first (a folder without any is the likelier mistake), then the output folder, named
  // as the user gave it: --out, or DIR itself when the report goes there.
  const shards = readShards(dir);
  prepareOutDir(outDir, parsed.options.out !== undefined ? '--out' : 'DIR');
  const claims = await loadClaims();
  const ids = shards[0].file.claims;
  const unknown = ids.filter((id) => !claims.some((c) => c.id === id));
  if (unknown.length) throw new InputError(`merge: the shards have claim ${unknown[0]}, which this tool does not`);
  const units = ledgerUnits(claims, { only: ids });
  const counterexampleDir = 'counterexamples';
  const locate = (path: string): CounterexampleFile | null => {
    for (const candidate of [join(dir, 'counterexamples', basename(path)), path]) {
      if (!existsSync(candidate)) continue;
      try {
        return JSON.parse(readFileSync(candidate, 'utf8')) as CounterexampleFile;
      } catch {
        throw new InputError(`merge: ${candidate}: not valid JSON`);
      }
    }
    return null;
  };
  const { report, files, cited, training: computed } = mergeShards(shards, units, counterexampleDir, locate);
  const clean = stripInternal(report);
  await writeAtomically(outDir, async (staging) => {
    for (const [name, file] of files) writeText(join(staging, 'counterexamples', name), JSON.stringify(file, null, 2) + '\n');
    for (const { path, file } of cited) writeText(join(staging, path), JSON.stringify(file, null, 2) + '\n');
    writeText(join(staging, 'verification.json'), JSON.stringify(clean, null, 2) + '\n');
    const { buildReports } = await import('../report/build.ts');
    // As verify: a folder without training.json gets the quick one (computed by shard 0); one with it keeps it.
    const trainingPath = join(outDir, 'training.json');
    if (computed && !existsSync(trainingPath)) {
      writeText(join(staging, 'training.json'), JSON.stringify(computed.json, null, 2) + '\n');
      writeText(join(staging, 'training.md'), computed.markdown);
    }
    const training = existsSync(trainingPath) ? JSON.parse(readFileSync(trainingPath, 'utf8')) : computed?.json;
    await buildReports(clean, staging, { trainingJson: training, root: staging });
  }, { replace: ['counterexamples', 'plots'] });
  if (parsed.options.json) process.stdout.write(JSON.stringify(clean) + '\n');
  else {
    const counts = new Map<string, number>();
    for (const c of report.claims) for (const r of c.results) counts.set(r.verdict, (counts.get(r.verdict) ?? 0) + 1);
    process.stdout.write(`merged ${shards.length} shard${shards.length > 1 ? 's' : ''} (${units.length} units): ${[...counts].map(([v, n]) => `${n} ${v}`).join(', ')}; reports in ${outDir}/\n`);
  }
  return report.claims.some((c) => c.results.some((r) => r.verdict === 'error')) ? 1 : 0;
}
