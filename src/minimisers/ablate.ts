// `jepa-verify ablate ID` and the necessity table of `verify` (§7): see necessity.ts and specs.ts.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { InputError } from '../model/validate.ts';
import type { NecessityRow } from '../report/schema.ts';
import { ablateClaim, replayNecessity, type NecessityCounterexample } from './necessity.ts';
import { NECESSITY_SPECS } from './specs.ts';
import { checkNecessityFile, guardedConclusion } from './replayChecks.ts';

export const NECESSITY_CLAIMS = NECESSITY_SPECS.map((s) => s.claim);

/** The budget of verify's necessity table, and so ablate's default: the same seed gives the same rows. */
export const NECESSITY_BUDGET = { cases: 40, draws: 400 } as const;

export interface AblateOptions {
  seed?: number;
  /** Decided cases per row (default NECESSITY_BUDGET.cases). */
  cases?: number;
  /** Cases drawn per dropped hypothesis (default NECESSITY_BUDGET.draws). */
  draws?: number;
  /** Directory for the counterexample files of needed hypotheses (none written when absent). */
  outDir?: string;
  /** Or a writer of those files (returns the path the row cites). */
  write?: (name: string, file: NecessityCounterexample) => string;
  /** Only this hypothesis (by name). */
  hypothesis?: string;
}

/** One claim's rows: each hypothesis dropped in turn, paper's construction and construction-free. */
export function ablate(id: string, options: AblateOptions = {}): NecessityRow[] {
  const spec = NECESSITY_SPECS.find((s) => s.claim === id);
  if (!spec) throw new InputError(`claim: ablate takes one of ${NECESSITY_CLAIMS.join(', ')}, got ${JSON.stringify(id)}`);
  const names = spec.hypotheses.map((h) => h.name);
  if (options.hypothesis !== undefined && !names.includes(options.hypothesis)) throw new InputError(`--hypothesis: ${id} has no hypothesis ${JSON.stringify(options.hypothesis)}; its hypotheses are ${names.map((n) => JSON.stringify(n)).join(', ')}`);
  const write = options.write ?? (options.outDir
    ? (name: string, file: NecessityCounterexample) => {
      mkdirSync(options.outDir!, { recursive: true });
      const path = join(options.outDir!, `${name}.json`);
      writeFileSync(path, JSON.stringify(file, null, 2) + '\n');
      return path;
    }
    : undefined);
  return ablateClaim(spec, { seed: options.seed ?? 42, cases: options.cases ?? NECESSITY_BUDGET.cases, draws: options.draws ?? NECESSITY_BUDGET.draws, write, only: options.hypothesis });
}

/** The compact table for verify: the selected claims (all when `only` is absent), a small budget; files kept in memory. */
export function verifyNecessity(seed: number, only?: string[], dir = 'counterexamples'): { rows: NecessityRow[]; files: { path: string; file: NecessityCounterexample }[] } {
  const files: { path: string; file: NecessityCounterexample }[] = [];
  const write = (name: string, file: NecessityCounterexample) => {
    const path = `${dir}/necessity/${name}.json`;
    files.push({ path, file });
    return path;
  };
  const ids = NECESSITY_CLAIMS.filter((id) => !only || only.includes(id));
  const rows = ids.flatMap((id) => ablate(id, { seed, ...NECESSITY_BUDGET, write }));
  return { rows, files };
}

/** Re-check a necessity counterexample file. */
export function replayNecessityFile(file: NecessityCounterexample): { refutes: boolean; lines: string[] } {
  const spec = NECESSITY_SPECS.find((s) => s.claim === file.claim);
  if (!spec) throw new InputError(`claim: unknown necessity claim ${JSON.stringify(file.claim)}`);
  if (file.construction !== 'paper' && file.construction !== 'free') throw new InputError('construction: expected paper or free');
  checkNecessityFile(spec, file);
  return guardedConclusion(spec, file, () => replayNecessity(spec, file));
}

/** Markdown table of rows (what `ablate` prints and verify can embed). */
export function necessityMarkdown(rows: NecessityRow[]): string {
  const out = ['| claim | hypothesis dropped | construction | verdict | cases | counterexample |', '|---|---|---|---|---|---|'];
  for (const r of rows) out.push(`| ${r.claim} | ${r.hypothesis} | ${r.construction} | ${r.verdict} | ${r.cases} | ${r.counterexample ?? ''} |`);
  return out.join('\n');
}
