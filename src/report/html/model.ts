// What both the HTML and the Markdown report show, computed once: plots rendered to SVG with
// their file names, counterexamples loaded and flattened, the graph, the trainer curves.

import type { ClaimEntry, ClaimResult, CounterexampleFile, Repair, VerificationReport, Verdict } from '../schema.ts';
import { plotSeriesChart } from '../plots/series.ts';
import { renderGraph } from '../plots/graph.ts';
import { finalTable, parseTraining, safeName, trainingPlots, type FinalRow, type TrainingData } from '../plots/training.ts';
import { claimVerdict } from './verdicts.ts';

export interface PreparedPlot {
  /** Relative to the output directory, always with forward slashes: plots/X.svg */
  file: string;
  title: string;
  svg: string;
}

export interface LoadedCounterexample {
  /** The path exactly as the report gives it. */
  path: string;
  data: CounterexampleFile | null;
  error?: string;
}

export interface PreparedResult {
  result: ClaimResult;
  plots: PreparedPlot[];
  counterexample: LoadedCounterexample | null;
}

export interface PreparedRepair {
  repair: Repair;
  results: PreparedResult[];
}

export interface PreparedClaim {
  claim: ClaimEntry;
  verdict: Verdict | null;
  results: PreparedResult[];
  repairs: PreparedRepair[];
  usedBy: string[];
}

export interface PreparedTraining {
  data: TrainingData;
  plots: Array<PreparedPlot & { env: string; metric: string }>;
  table: FinalRow[];
}

export interface PreparedReport {
  report: VerificationReport;
  claims: PreparedClaim[];
  graph: PreparedPlot;
  training: PreparedTraining | null;
}

export type CounterexampleLoader = (path: string) => LoadedCounterexample;

/**
 * The producer is other code; arrays it may leave out are filled in here once, so the renderers
 * can rely on the schema's shape.
 */
export function normalise(report: VerificationReport): VerificationReport {
  const res = (r: ClaimResult): ClaimResult => ({ ...r, corners: r.corners ?? [], counterexample: r.counterexample ?? null, detail: r.detail ?? '' });
  return {
    ...report,
    claims: (report.claims ?? []).map((c) => ({
      ...c,
      uses: c.uses ?? [],
      results: (c.results ?? []).map(res),
      repairs: (c.repairs ?? []).map((rep) => ({ ...rep, results: (rep.results ?? []).map(res) })),
    })),
  };
}

/** `plots: false` skips drawing (the terminal summary needs the findings, not the pictures). */
export function prepare(input: VerificationReport, loadCe: CounterexampleLoader, trainingJson?: unknown, opts: { plots?: boolean } = {}): PreparedReport {
  const draw = opts.plots !== false;
  const report = normalise(input);
  const used = new Set<string>();
  const plotName = (base: string): string => {
    let name = `${base}.svg`;
    for (let i = 2; used.has(name); i++) name = `${base}-${i}.svg`;
    used.add(name);
    return `plots/${name}`;
  };
  // the same series under two results (a trained check seen in both readings, say) is one plot
  const byData = new Map<string, PreparedPlot>();
  const prepResult = (r: ClaimResult, base: string): PreparedResult => ({
    result: r,
    plots: (draw ? r.plots ?? [] : []).map((p, j) => {
      const key = JSON.stringify({ ...p, title: undefined });
      const seen = byData.get(key);
      if (seen) return seen;
      const file = plotName(`${base}.${safeName(r.reading)}.${p.kind}-${j + 1}`);
      const made = { file, title: p.title, svg: plotSeriesChart(p, file.slice('plots/'.length, -'.svg'.length)) };
      byData.set(key, made);
      return made;
    }),
    counterexample: r.counterexample ? loadCe(r.counterexample) : null,
  });

  const usedBy = new Map<string, string[]>();
  for (const c of report.claims) for (const p of c.uses) usedBy.set(p, [...(usedBy.get(p) ?? []), c.id]);

  const claims: PreparedClaim[] = report.claims.map((c) => {
    const base = safeName(c.id);
    return {
      claim: c,
      verdict: claimVerdict(c),
      results: c.results.map((r) => prepResult(r, base)),
      repairs: c.repairs.map((rep, i) => ({ repair: rep, results: rep.results.map((r) => prepResult(r, `${base}.repair-${i + 1}`)) })),
      usedBy: usedBy.get(c.id) ?? [],
    };
  });

  const graph: PreparedPlot = { file: plotName('dependency-graph'), title: 'Claim dependency graph', svg: draw ? renderGraph(report.claims, { linkPrefix: '#claim-' }) : '' };

  let training: PreparedTraining | null = null;
  const data = trainingJson === undefined ? null : parseTraining(trainingJson);
  if (data) {
    const plots = trainingPlots(data).map((p) => ({ file: plotName(p.file.replace(/\.svg$/, '')), title: p.title, svg: p.svg, env: p.env, metric: p.metric }));
    training = { data, plots, table: finalTable(data) };
  }
  return { report, claims, graph, training };
}

// ---- counterexample instances, flattened to printable pieces ----

export type Piece =
  | { kind: 'scalar'; label: string; value: number | null }
  | { kind: 'text'; label: string; value: string }
  | { kind: 'vector'; label: string; value: Array<number | null> }
  | { kind: 'matrix'; label: string; value: Array<Array<number | null>>; note?: string };

const isNum = (x: unknown): x is number | null => x === null || typeof x === 'number';
const isVec = (x: unknown): x is Array<number | null> => Array.isArray(x) && x.length > 0 && x.every(isNum);
const isMat = (x: unknown): x is Array<Array<number | null>> => Array.isArray(x) && x.length > 0 && x.every(isVec);

// FORMATS.md shapes, so a reader knows what rows and columns mean
const HINTS: Record<string, string> = {
  'mdp.P': "rows a, columns s'; a row may sum to less than 1: the missing mass ends the episode",
  'mdp.R': 'rows s, columns a',
  encoder: 'row s = code of state s',
  'head.W': 'rows a, columns = code coordinates',
  'worldModel.M': 'M_a',
};

/**
 * The lists a finding shows under its counterexample, titled, in order: the file's explain.free and
 * explain.fixed entry by entry, what was tried below its size, the interpretations it refutes. The
 * HTML and the Markdown show the same lists.
 */
export function counterexampleLists(d: CounterexampleFile): Array<[string, string[]]> {
  const list = (x: unknown) => (Array.isArray(x) ? x.map(String) : []);
  const lists: Array<[string, string[]]> = [
    [`Free (each moved up and down by a quarter of its size, or halfway to 0 and to 1 if a probability, and both moves kept it a counterexample, which other values need not):`, list(d.explain?.free)],
    ['Fixed (one of those two moves lost the counterexample, or neither gave a valid instance):', list(d.explain?.fixed)],
    ['Tried below this size:', list(d.minimality)],
    ['Refutes the interpretations:', list(d.interpretations)],
  ];
  return lists.filter(([, items]) => items.length > 0);
}

export function flattenInstance(x: unknown, label = ''): Piece[] {
  const out: Piece[] = [];
  const hint = HINTS[label.replace(/\[\d+\]/g, '')];
  if (isNum(x)) out.push({ kind: 'scalar', label, value: x });
  else if (typeof x === 'string' || typeof x === 'boolean') out.push({ kind: 'text', label, value: String(x) });
  else if (isVec(x)) out.push({ kind: 'vector', label, value: x });
  else if (isMat(x)) out.push({ kind: 'matrix', label, value: x, note: hint });
  else if (Array.isArray(x) && x.length > 0 && x.every(isMat)) {
    const idx = label.endsWith('.P') ? 's=' : label.endsWith('.M') ? 'a=' : '';
    x.forEach((m, i) => out.push({ kind: 'matrix', label: `${label}[${idx}${i}]`, value: m, note: hint }));
  } else if (Array.isArray(x)) x.forEach((v, i) => out.push(...flattenInstance(v, `${label}[${i}]`)));
  else if (typeof x === 'object' && x !== null) for (const [k, v] of Object.entries(x)) out.push(...flattenInstance(v, label === '' ? k : `${label}.${k}`));
  else if (x !== undefined) out.push({ kind: 'text', label, value: JSON.stringify(x) });
  return out;
}

export const MATRIX_CAP = 12;

export function capMatrix(m: Array<Array<number | null>>, cap = MATRIX_CAP): { rows: Array<Array<number | null>>; truncated: boolean; rowsCut: boolean; colsCut: boolean } {
  const rowsCut = m.length > cap;
  const colsCut = m.some((r) => r.length > cap);
  return { rows: m.slice(0, cap).map((r) => r.slice(0, cap)), truncated: rowsCut || colsCut, rowsCut, colsCut };
}

/**
 * A counterexample path as seen from the report folder. verify writes counterexamples into
 * <out>/counterexamples/ but records them relative to the working directory it ran in (or to the
 * project root, FORMATS.md's reports/counterexamples/X.json); the report only ever points into
 * its own folder, so links work from any directory and for any --out.
 */
export function reportPath(p: string): string {
  const parts = p.split(/[\\/]+/);
  if (parts.length >= 2 && parts[parts.length - 2] === 'counterexamples') return `counterexamples/${parts[parts.length - 1]}`;
  return p.replace(/\\/g, '/');
}

/** Replay command to run in the report folder. */
export function replayCommand(r: ClaimResult): string | null {
  if (!r.counterexample) return r.replayCommand ?? null;
  const rel = reportPath(r.counterexample);
  if (r.replayCommand && r.replayCommand.includes(r.counterexample)) return r.replayCommand.replace(r.counterexample, rel);
  return `npx jepa-verify replay ${rel}`;
}
