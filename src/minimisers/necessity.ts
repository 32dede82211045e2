// §7 hypothesis necessity: drop one hypothesis of a claim at a time (keeping the others, and the
// repair that makes the claim hold where the claim itself is refuted), generate cases where exactly
// that hypothesis fails, and evaluate the claim's conclusion with the paper's construction and
// without one. 'needed': a case whose conclusion fails (certified; written as a replayable file);
// 'not needed': every decided case keeps the conclusion; 'undecided': too few decided cases.
import fc from 'fast-check';
import type { NecessityRow } from '../report/schema.ts';
import type { Construction } from './local.ts';
import type { Explained } from './conclusions.ts';

export interface HypothesisDef<C> {
  name: string;
  holds: (c: C) => boolean;
  /** The deciding figure on a case, with its precision (hypothesisFigures.ts), for replay's reader. */
  why?: (c: C) => string;
}

export interface ClaimSpec<C> {
  claim: string;
  arbitrary: () => fc.Arbitrary<C>;
  hypotheses: HypothesisDef<C>[];
  /** The conclusion on a case: its verdict, and the figure that decided it for replay's reader (conclusions.ts's *Explained). */
  explain: (c: C, construction: Construction) => Explained;
  instanceOf: (c: C) => unknown;
  /** Hypotheses that cannot be dropped inside the checked classes, with the reason (rows 'undecided', 0 cases). */
  undroppable?: Record<string, string>;
  /** What the rows are relative to (e.g. 'with the repair that holds'). */
  note?: string;
}

export interface NecessityOptions {
  seed: number;
  /** Most cases whose conclusion is evaluated per row (a rare counterexample needs the whole pool). */
  cases: number;
  /** Cases drawn from the generator per hypothesis. */
  draws: number;
  /** Write a counterexample file (returns its path) when a hypothesis is needed. */
  write?: (name: string, file: NecessityCounterexample) => string;
  only?: string;
}

export interface NecessityCounterexample {
  schemaVersion: 1;
  kind: 'necessity-counterexample';
  claim: string;
  hypothesis: string;
  construction: Construction;
  case: unknown;
  instance: unknown;
  message: string;
}

/** Decided cases a 'not needed' needs. */
export const MIN_DECIDED = 20;

export function ablateClaim<C>(spec: ClaimSpec<C>, options: NecessityOptions): NecessityRow[] {
  const rows: NecessityRow[] = [];
  for (const h of spec.hypotheses) {
    if (options.only && h.name !== options.only) continue;
    if (spec.undroppable?.[h.name]) {
      for (const construction of ['paper', 'free'] as const) rows.push({ claim: spec.claim, hypothesis: h.name, construction, verdict: 'undecided', cases: 0 });
      continue;
    }
    const others = spec.hypotheses.filter((o) => o !== h);
    const sample = fc.sample(spec.arbitrary(), { seed: options.seed ^ hash(spec.claim + h.name), numRuns: options.draws });
    const pool = sample.filter((c) => !h.holds(c) && others.every((o) => o.holds(c)));
    for (const construction of ['paper', 'free'] as const) {
      let decided = 0;
      let row: NecessityRow | null = null;
      for (const c of pool) {
        if (decided >= options.cases) break;
        const v = spec.explain(c, construction).verdict;
        if (v === 'undecided') continue;
        decided++;
        if (v === 'fails') {
          const file: NecessityCounterexample = {
            schemaVersion: 1, kind: 'necessity-counterexample', claim: spec.claim, hypothesis: h.name, construction, case: c, instance: spec.instanceOf(c),
            message: `${spec.claim} without "${h.name}" (${construction} construction): the conclusion fails on this case while every other hypothesis holds`,
          };
          const path = options.write?.(`${spec.claim}.drop-${slug(h.name)}.${construction}`, file);
          row = { claim: spec.claim, hypothesis: h.name, construction, verdict: 'needed', cases: decided, ...(path ? { counterexample: path } : {}) };
          break;
        }
      }
      rows.push(row ?? { claim: spec.claim, hypothesis: h.name, construction, verdict: decided >= MIN_DECIDED ? 'not needed' : 'undecided', cases: decided });
    }
  }
  return rows;
}

/**
 * Replay a necessity counterexample: the dropped hypothesis fails, the others hold, the conclusion
 * fails. Said as a theorist reads it: which hypothesis fails and by which figure, what the others
 * rest on, and which conclusion fails and why, each with its precision (the instance is printed by
 * cli/replay.ts, as for any counterexample).
 */
export function replayNecessity<C>(spec: ClaimSpec<C>, file: NecessityCounterexample): { refutes: boolean; lines: string[] } {
  const c = file.case as C;
  const h = spec.hypotheses.find((x) => x.name === file.hypothesis);
  if (!h) return { refutes: false, lines: [`unknown hypothesis ${file.hypothesis}`] };
  const figure = (x: HypothesisDef<C>) => (x.why ? `: ${x.why(c)}` : '');
  const dropped = !h.holds(c);
  const others = spec.hypotheses.filter((o) => o !== h).map((o) => ({ name: o.name, holds: o.holds(c), why: figure(o) }));
  const explained = spec.explain(c, file.construction);
  const v = explained.verdict;
  const refutes = dropped && others.every((o) => o.holds) && v === 'fails';
  const construction = file.construction === 'paper' ? "with the paper's construction" : 'construction-free (any direction)';
  const failing = others.filter((o) => !o.holds);
  return {
    refutes,
    lines: [
      `${spec.claim} without ${h.name}, ${construction}${spec.note ? ` (${spec.note})` : ''}`,
      dropped ? `${h.name} fails on this case${figure(h)}` : `${h.name} holds on this case${figure(h)}, so the file does not drop it`,
      ...(others.length === 0 ? [] : failing.length === 0 ? [`the other hypotheses hold: ${others.map((o) => `${o.name}${o.why}`).join('; ')}`] : [`not every other hypothesis holds: ${failing.map((o) => `${o.name} fails${o.why}`).join('; ')}`]),
      `the conclusion ${v === 'fails' ? 'fails' : v === 'holds' ? 'holds' : 'is undecided'} on this case: ${explained.why}`,
      `verdict: ${refutes ? `${h.name} is needed: without it the conclusion fails while every other hypothesis holds` : 'not reproduced'}`,
    ],
  };
}

const slug = (s: string) => s.replace(/[^A-Za-z0-9]+/g, '-').replace(/^-|-$/g, '');
function hash(s: string): number {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return h | 0;
}
