// `jepa-verify variant FILE | --all | --list`: run assumption variants and write reports/variants/.
import { readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { InputError } from '../model/validate.ts';
import { VARIANT } from './commands.ts';
import { parseOrHelp } from './help.ts';
import { prepareOutDir, writeAtomically, writeText, type OutputKind } from './output.ts';
import { checkSourceFile } from './replay.ts';
import { readJsonInput } from './inputFiles.ts';
import { PACKAGE_ROOT } from '../packageRoot.ts';
import type { loadAndRunVariant } from './variantTask.ts';
import { loadVariant, replayVariantArgument, shippedVariantFiles } from '../variants/loader.ts';
import { collectIndex, renderIndex, renderVariantMarkdown, SENTENCE_END } from '../variants/report.ts';
import { runVariant as run, type VariantRunOptions } from '../variants/run.ts';

/** The first line of every index.md this command writes. */
const INDEX_TITLE = renderIndex([]).split('\n')[0] + '\n';

/** A variants folder holds its index.md and NAME.json variant reports (kind "variant"). */
const VARIANT_OUTPUT: OutputKind = {
  isOwn: (entry, dir) => {
    if (entry !== 'index.md' && !entry.endsWith('.json')) return false;
    try {
      const path = join(dir, entry);
      // A large file of someone else's is not a variant report; no need to read it.
      if (!statSync(path).isFile() || statSync(path).size > 50_000_000) return false;
      const text = readFileSync(path, 'utf8');
      return entry === 'index.md' ? text.startsWith(INDEX_TITLE) : (JSON.parse(text) as { kind?: unknown })?.kind === 'variant';
    } catch {
      return false;
    }
  },
  what: 'variant report (no index.md of assumption variants, no NAME.json variant report)',
};

export async function runVariant(argv: string[]): Promise<number> {
  const parsed = parseOrHelp(VARIANT, argv);
  if (!parsed) return 0;
  const o = parsed.options;
  const outDir = o.out;
  if (o.list) {
    // --list runs nothing: a FILE, --all or a run option beside it would be silently ignored.
    const other = parsed.positionals.length ? JSON.stringify(parsed.positionals[0]) : [...parsed.given].filter((g) => g !== 'list' && g !== 'json').map((g) => `--${g}`)[0];
    if (other !== undefined) throw new InputError(`--list: lists the shipped variants and runs nothing; it takes only --json (got ${other})`);
    return list(o.json);
  }
  const { seed, runs } = o;
  const ledger = ledgerOption(o.ledger, o['ledger-file'], parsed.given.has('ledger'));
  const files = o.all ? shippedVariantFiles() : parsed.positionals;
  if (files.length === 0) throw new InputError('FILE: missing (variant FILE, --all or --list)');
  if (o.all && parsed.positionals.length) throw new InputError(`${JSON.stringify(parsed.positionals[0])}: unexpected argument (--all runs every shipped variant)`);
  prepareOutDir(outDir, '--out', VARIANT_OUTPUT);
  // A FILE given on the command line is user code: loaded and run on a worker thread under --timeout.
  // Every file is loaded (validated) before any report is written.
  const loaded: { name: string; file: string; run: () => Promise<Awaited<ReturnType<typeof run>>> }[] = [];
  for (const f of files) {
    if (o.all) {
      const variant = await loadVariant(relative(process.cwd(), f));
      loaded.push({ name: variant.spec.name, file: variant.file, run: () => run(variant.spec, { seed, runs, file: variant.file, replayVariant: replayVariantArgument(variant, outDir), ledger, progress: progressFor(variant.spec.name, o.json) }) });
    } else {
      checkSourceFile(f);
      const { runInWorker } = await import('./sandbox.ts');
      const result = await runInWorker<Awaited<ReturnType<typeof loadAndRunVariant>>>(new URL('./variantTask.ts', import.meta.url), 'loadAndRunVariant', [f, { seed, runs, outDir, ledger }], o.timeout * 1000, `variant ${f}`);
      loaded.push({ name: result.name, file: f, run: async () => result });
    }
  }
  // Every variant runs before anything is written, then the reports are swapped in whole
  // (writeAtomically, as verify's report): an interrupt during the runs leaves the folder as it was,
  // one during the write leaves the old folder or the new one, never some variants without an index.
  const results: { name: string; result: Awaited<ReturnType<typeof run>> }[] = [];
  const started = performance.now();
  for (const [i, variant] of loaded.entries()) {
    results.push({ name: variant.name, result: await variant.run() });
    if (process.stderr.isTTY && !o.json) process.stderr.write('\r\x1b[K');
    // Without a TTY, a plain line per variant as it finishes (README: a line per phase), none with --json.
    else if (!o.json) process.stderr.write(`[${i + 1}/${loaded.length}] ${variant.name} done at ${((performance.now() - started) / 1000).toFixed(0)} s\n`);
  }
  // Computed before the write starts, so an interrupt during the write has nothing slow to wait for.
  const known = await shipped();
  await writeAtomically(outDir, async (staging) => {
    for (const { name, result } of results) {
      // Counterexample paths are relative to the report folder (runVariant).
      for (const { path, file } of result.counterexamples) writeText(join(staging, path), JSON.stringify(file, null, 2) + '\n');
      writeText(join(staging, `${name}.json`), JSON.stringify(result.report, null, 2) + '\n');
      writeText(join(staging, `${name}.md`), renderVariantMarkdown(result.report));
    }
    // The index lists this run's reports and those the folder already holds (carried over unchanged).
    writeText(join(staging, 'index.md'), renderIndex(collectIndex([staging, outDir], known)));
  }, { replace: ['index.md', ...results.flatMap(({ name }) => [name, `${name}.json`, `${name}.md`])] });
  // Printed once the reports are in place, so every path named here exists.
  let errored = false;
  for (const { name, result } of results) {
    if (result.report.claims.some((c) => [...c.paperResults, ...c.variantResults].some((r) => r.verdict === 'error'))) errored = true;
    if (o.json) process.stdout.write(JSON.stringify(result.report) + '\n');
    else {
      process.stdout.write(`${name} (${result.report.seconds?.toFixed(1)} s): ${result.report.outcome}\n`);
      for (const c of result.report.claims) process.stdout.write(`  ${c.id.padEnd(16)} ${c.change}\n`);
      process.stdout.write(`  report: ${join(outDir, `${name}.md`)}\n`);
    }
  }
  return errored ? 1 : 0;
}

/** jepa-verify's own report, the ledger `--ledger file` reads by default. */
export const PACKAGE_LEDGER = join(PACKAGE_ROOT, 'reports', 'verification.json');

/**
 * `--ledger file` reads the package's own reports/verification.json, never the working directory's:
 * the report of a variant must not change with the folder it is run from (README), and the ledger is
 * the paper's verdicts as this copy of jepa-verify computed them. Another report (your own verify
 * run) is named with --ledger-file PATH, read and checked here, so a wrong path is exit 2 before
 * anything runs, never a silent 'not run'.
 */
function ledgerOption(mode: string, file: string | undefined, modeGiven: boolean): VariantRunOptions['ledger'] {
  if (file !== undefined) {
    if (modeGiven && mode !== 'file') throw new InputError(`--ledger-file ${file}: only with --ledger file (--ledger ${mode} reads no file)`);
    let data: unknown;
    try {
      data = readJsonInput(file, 500_000_000);
    } catch (error) {
      throw error instanceof InputError ? new InputError(`--ledger-file ${error.message}`) : error;
    }
    if (!Array.isArray((data as { claims?: unknown } | null)?.claims)) throw new InputError(`--ledger-file ${file}: not a verification.json (no claims array, as verify writes)`);
    return { mode: 'file', path: resolve(file), label: file };
  }
  if (mode === 'run') return { mode: 'run' };
  if (mode === 'none') return { mode: 'none' };
  return { mode: 'file', path: PACKAGE_LEDGER, label: "jepa-verify's reports/verification.json" };
}

async function shipped() {
  const out = [];
  for (const f of shippedVariantFiles()) {
    const v = await loadVariant(relative(process.cwd(), f));
    out.push({ name: v.spec.name, file: v.file, description: v.spec.description, claims: v.spec.claims });
  }
  return out;
}

async function list(json: boolean): Promise<number> {
  const variants = await shipped();
  if (json) process.stdout.write(JSON.stringify(variants) + '\n');
  else for (const v of variants) process.stdout.write(`${v.name.padEnd(24)} ${v.file}\n  ${v.description.split(SENTENCE_END)[0]}\n  claims: ${v.claims.join(', ')}\n`);
  return 0;
}

function progressFor(name: string, json: boolean) {
  return process.stderr.isTTY && !json ? (what: string) => process.stderr.write(`\r\x1b[K${name}: ${what}`) : undefined;
}
