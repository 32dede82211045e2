// Writes verification.html, verification.md and plots/*.svg for one VerificationReport.

import { existsSync, readFileSync } from 'node:fs';
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { isAbsolute, join, resolve } from 'node:path';
import type { CounterexampleFile, VerificationReport } from './schema.ts';
import { prepare, reportPath, type LoadedCounterexample } from './html/model.ts';
import { renderHtml } from './html/render.ts';
import { renderMarkdown } from './markdown.ts';

export interface BuildOptions {
  /** Contents of training.json; when absent, outDir/training.json is read if it exists. */
  trainingJson?: unknown;
  /** Ignored (counterexamples are read from outDir only); kept so older callers still type-check. */
  root?: string;
}

/**
 * Where a counterexample path points: always inside the folder being written (outDir), never the
 * project's reports/ or the folder a previous run left behind, so a report shows only its own run's
 * counterexamples (see reportPath). Absolute paths outside a counterexamples/ folder are kept.
 */
export function counterexampleCandidates(p: string, outDir: string): string[] {
  const rel = reportPath(p);
  if (rel.startsWith('counterexamples/') || !isAbsolute(p)) return [resolve(outDir, rel)];
  return [p];
}

export function loadCounterexample(p: string, outDir: string): LoadedCounterexample {
  const tried = counterexampleCandidates(p, outDir);
  const file = tried.find((f) => existsSync(f));
  if (!file) return { path: reportPath(p), data: null, error: 'file not found' };
  try {
    const data = JSON.parse(readFileSync(file, 'utf8')) as unknown;
    if (typeof data !== 'object' || data === null || Array.isArray(data)) return { path: reportPath(p), data: null, error: 'not a JSON object' };
    return { path: reportPath(p), data: data as CounterexampleFile };
  } catch (e) {
    return { path: reportPath(p), data: null, error: `invalid JSON (${(e as Error).message})` };
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
  // verify builds from its in-memory report, `jepa-verify report` from verification.json: a JSON
  // round trip makes them the same input (Infinity -> null, undefined fields dropped), byte for byte
  report = JSON.parse(JSON.stringify(report)) as VerificationReport;
  const trainingJson = opts.trainingJson !== undefined ? opts.trainingJson : await readTraining(outDir);
  const cache = new Map<string, LoadedCounterexample>();
  const load = (p: string) => {
    let hit = cache.get(p);
    if (!hit) cache.set(p, (hit = loadCounterexample(p, outDir)));
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
