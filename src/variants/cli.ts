// `jepa-verify variant FILE | --all | --list`: run assumption variants and write reports/variants/.
import { rmSync } from 'node:fs';
import { join, relative } from 'node:path';
import { InputError } from '../model/validate.ts';
import { intFlag, parseArgs, stringFlag } from '../cli/args.ts';
import { writeText } from '../cli/output.ts';
import { loadVariant, shippedVariantFiles } from './loader.ts';
import { collectIndex, renderIndex, renderVariantMarkdown, SENTENCE_END } from './report.ts';
import { runVariant as run, type VariantRunOptions } from './run.ts';

export async function runVariant(argv: string[]): Promise<number> {
  const args = parseArgs(argv, ['runs', 'seed', 'out', 'ledger'], ['list', 'all', 'json']);
  const outDir = stringFlag(args, 'out', join('reports', 'variants'));
  if (args.flags.has('list')) return list();
  const seed = intFlag(args, 'seed', 42, -(2 ** 31), 2 ** 31 - 1);
  const runs = intFlag(args, 'runs', 300, 1, 10_000_000);
  const ledgerFlag = stringFlag(args, 'ledger', 'file');
  if (!['run', 'file', 'none'].includes(ledgerFlag)) throw new InputError(`--ledger: expected run, file or none, got ${JSON.stringify(ledgerFlag)}`);
  const ledger: VariantRunOptions['ledger'] = ledgerFlag === 'run' ? { mode: 'run' } : ledgerFlag === 'file' ? { mode: 'file', path: join('reports', 'verification.json') } : { mode: 'none' };
  const files = args.flags.has('all') ? shippedVariantFiles() : args.positional;
  if (files.length === 0) throw new InputError('variant: expects a variant FILE (or --all, --list)');
  if (!args.flags.has('all') && files.length > 1) throw new InputError('variant: expects one FILE (use --all for every shipped variant)');
  // Load every file first, so a bad one fails before any report is written.
  const loaded = [];
  for (const f of files) loaded.push(await loadVariant(args.flags.has('all') ? relative(process.cwd(), f) : f));
  let errored = false;
  for (const variant of loaded) {
    const progress = process.stderr.isTTY && !args.flags.has('json') ? (what: string) => process.stderr.write(`\r\x1b[K${variant.spec.name}: ${what}`) : undefined;
    const result = await run(variant.spec, { seed, runs, outDir, file: variant.file, ledger, progress });
    if (progress) process.stderr.write('\r\x1b[K');
    rmSync(join(outDir, variant.spec.name), { recursive: true, force: true });
    for (const { path, file } of result.counterexamples) writeText(path, JSON.stringify(file, null, 2) + '\n');
    writeText(join(outDir, `${variant.spec.name}.json`), JSON.stringify(result.report, null, 2) + '\n');
    writeText(join(outDir, `${variant.spec.name}.md`), renderVariantMarkdown(result.report, outDir));
    if (result.report.claims.some((c) => [...c.paperResults, ...c.variantResults].some((r) => r.verdict === 'error'))) errored = true;
    if (args.flags.has('json')) process.stdout.write(JSON.stringify(result.report) + '\n');
    else {
      process.stdout.write(`${variant.spec.name} (${result.report.seconds?.toFixed(1)} s): ${result.report.outcome}\n`);
      for (const c of result.report.claims) process.stdout.write(`  ${c.id.padEnd(16)} ${c.change}\n`);
      process.stdout.write(`  report: ${join(outDir, `${variant.spec.name}.md`)}\n`);
    }
  }
  await writeIndex(outDir);
  return errored ? 1 : 0;
}

async function shipped() {
  const out = [];
  for (const f of shippedVariantFiles()) {
    const v = await loadVariant(relative(process.cwd(), f));
    out.push({ name: v.spec.name, file: v.file, description: v.spec.description, claims: v.spec.claims });
  }
  return out;
}

async function list(): Promise<number> {
  for (const v of await shipped()) process.stdout.write(`${v.name.padEnd(24)} ${v.file}\n  ${v.description.split(SENTENCE_END)[0]}\n  claims: ${v.claims.join(', ')}\n`);
  return 0;
}

export async function writeIndex(outDir: string): Promise<void> {
  writeText(join(outDir, 'index.md'), renderIndex(collectIndex(outDir, await shipped())));
}
