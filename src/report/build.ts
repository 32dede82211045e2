// Writes verification.html, verification.md and plots/*.svg for one VerificationReport.

import { existsSync, readFileSync } from 'node:fs';
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CounterexampleFile, VerificationReport } from './schema.ts';
import { prepare, type LoadedCounterexample } from './html/model.ts';
import { renderHtml } from './html/render.ts';
import { renderMarkdown } from './markdown.ts';

export interface BuildOptions {
  /** Contents of training.json; when absent, outDir/training.json is read if it exists. */
  trainingJson?: unknown;
  /** Directory that report-relative paths like reports/counterexamples/X.json start from (default: cwd). */
  root?: string;
}

const PACKAGE_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/**
 * Where a counterexample path may point. FORMATS.md writes them relative to the project root
 * (reports/counterexamples/X.json) but a report may also be built into another directory, with
 * paths relative to it; the output directory is tried first so that a build elsewhere never
 * picks up a stale file from the project's own reports/.
 */
export function counterexampleCandidates(p: string, outDir: string, root: string): string[] {
  if (isAbsolute(p)) return [p];
  const out = [resolve(outDir, p)];
  const m = /^(?:\.\/)?reports[\\/](.+)$/.exec(p);
  if (m) out.push(resolve(outDir, m[1]));
  out.push(resolve(outDir, '..', p), resolve(root, p), resolve(PACKAGE_ROOT, p));
  return [...new Set(out)];
}

export function loadCounterexample(p: string, outDir: string, root: string): LoadedCounterexample {
  const tried = counterexampleCandidates(p, outDir, root);
  const file = tried.find((f) => existsSync(f));
  if (!file) return { path: p, data: null, error: 'file not found' };
  try {
    const data = JSON.parse(readFileSync(file, 'utf8')) as unknown;
    if (typeof data !== 'object' || data === null || Array.isArray(data)) return { path: p, data: null, error: 'not a JSON object' };
    return { path: p, data: data as CounterexampleFile };
  } catch (e) {
    return { path: p, data: null, error: `invalid JSON (${(e as Error).message})` };
  }
}

async function readTraining(outDir: string): Promise<unknown> {
  const f = join(outDir, 'training.json');
  if (!existsSync(f)) return undefined;
  try {
    return JSON.parse(await readFile(f, 'utf8')) as unknown;
  } catch {
    // a half-written or broken training.json must not take the verification report down with it
    return undefined;
  }
}

export async function buildReports(report: VerificationReport, outDir: string, opts: BuildOptions = {}): Promise<string[]> {
  const root = opts.root ?? process.cwd();
  const trainingJson = opts.trainingJson !== undefined ? opts.trainingJson : await readTraining(outDir);
  const cache = new Map<string, LoadedCounterexample>();
  const load = (p: string) => {
    let hit = cache.get(p);
    if (!hit) cache.set(p, (hit = loadCounterexample(p, outDir, root)));
    return hit;
  };
  const prepared = prepare(report, load, trainingJson);

  const plotsDir = join(outDir, 'plots');
  await mkdir(plotsDir, { recursive: true });
  const svgs = new Map<string, string>();
  const add = (file: string, svg: string) => svgs.set(file, svg);
  add(prepared.graph.file, prepared.graph.svg);
  for (const pc of prepared.claims) {
    for (const r of pc.results) for (const p of r.plots) add(p.file, p.svg);
    for (const rep of pc.repairs) for (const r of rep.results) for (const p of r.plots) add(p.file, p.svg);
  }
  for (const p of prepared.training?.plots ?? []) add(p.file, p.svg);

  // plots of an earlier build that this report no longer has would otherwise linger as if current
  const keep = new Set([...svgs.keys()].map((f) => f.slice('plots/'.length)));
  for (const f of await readdir(plotsDir)) if (f.endsWith('.svg') && !keep.has(f)) await rm(join(plotsDir, f));

  const written: string[] = [];
  const htmlPath = join(outDir, 'verification.html');
  await writeFile(htmlPath, renderHtml(prepared));
  written.push(htmlPath);
  const mdPath = join(outDir, 'verification.md');
  await writeFile(mdPath, renderMarkdown(prepared));
  written.push(mdPath);
  for (const [file, svg] of svgs) {
    const p = join(outDir, ...file.split('/'));
    await writeFile(p, svg);
    written.push(p);
  }
  return written;
}
