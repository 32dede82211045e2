// The refine hook (PropertyCheck.refine) for the case types of the paper's claims: reduce the
// shrunk counterexample (reduce/), explain it (explain.ts), look for one below its size
// (minimality evidence), and derive it (src/derivation). Every candidate is judged by the
// framework's `stillRefutes`, so no step can trade a hypothesis for a smaller case.
import fc from 'fast-check';
import type { Reading } from '../model/types.ts';
import type { Derivation } from '../report/schema.ts';
import { sizesOf, type Model } from './reduce/edits.ts';
import { maxDenominator } from './reduce/numbers.ts';
import { getAt, reduceCase, type CaseView } from './reduce/reduce.ts';
import { explainCase } from './explain.ts';
import { memoByContent } from '../engine/contentMemo.ts';
import { conclude, noiseRatio, READING_WORDS, type ClaimKind } from '../derivation/conclude.ts';

/** What the refiner needs to know about a case type beyond its view. */
export interface Adapter<C> {
  /** Names the adapter and its options, so a file's derivation can be recomputed from its case alone (rederive.ts). */
  id?: string;
  view: CaseView<C>;
  /** The derivation and the readings it refutes (null: reading-independent claim); null when there is none. */
  derive?: (c: C) => Derived | null;
  /** derive(c)?.failing without the chain a reader sees (cheaper; the same value): decides robustness. */
  failing?: (c: C) => Reading[] | null;
  /** Random cases of the given sizes, for the search below the counterexample's size. */
  sample?: (sizes: { S: number; A: number; d: number }, n: number, seed: number) => C[];
  /** Proofs for sizes no search needs (e.g. |A| = 1). */
  proofs?: (sizes: { S: number; A: number; d: number }, c: C) => string[];
  /** The eps where the violation is largest against float64 noise (derivation/witness.ts), for the final case only. */
  witness?: (c: C, d: Derived) => unknown[];
  /** Smallest sizes the case type allows. */
  floor: { S: number; A: number; d: number };
}

export interface Derived { derivation: Derivation; failing: Reading[] | null; exact: boolean; compared: { a: number; b: number } | null; interpretations?: string[] }

const MINIMALITY_CASES = 60;

/** `memo: false` judges every candidate afresh (the reference the memo is tested against). */
export function refineWith<C>(start: C, stillRefutes: (c: C) => boolean, ad: Adapter<C>, options: { memo?: boolean } = {}): { value: C; notes: Record<string, unknown> } {
  const model = (c: C) => getAt(c, ad.view.modelPath) as Model;
  const before = { ...sizesOf(model(start)), maxDenominator: maxDenominator(model(start)) };
  const failingOf = (c: C): Reading[] | null => (ad.failing ? ad.failing(c) : ad.derive?.(c)?.failing ?? null);
  // Robust first: a case refuting under both readings keeps doing so through the reduction.
  const robust = safe(() => failingOf(start))?.length === 2;
  // Judged once per content: the passes below rebuild many cases they already judged. The budgets
  // count attempts (reduce.ts, explain.ts), not these calls, so they are spent exactly as before.
  const judge = robust
    ? (c: C) => stillRefutes(c) && (safe(() => failingOf(c))?.length ?? 0) === 2
    : stillRefutes;
  const accept = options.memo === false ? judge : memoByContent(judge);
  let { value, log } = reduceCase(start, ad.view, accept, { budget: 500 });
  // Below the size: random cases one step smaller in each dimension; a hit is reduced in turn.
  const minimality: string[] = [];
  const tried = new Set<string>();
  for (let round = 0; round < 2; round++) {
    const now = sizesOf(model(value));
    let hit: C | null = null;
    for (const sz of smallerSizes(now, ad.floor)) {
      const key = `${sz.S},${sz.A},${sz.d}`;
      if (tried.has(key) || !ad.sample) continue;
      tried.add(key);
      const cases = safe(() => ad.sample!(sz, MINIMALITY_CASES, 12 + round)) ?? [];
      // Judged without the content memo: random cases do not repeat, and their keys (every number's
      // bytes) cost as much as a quick rejection; the judgement is the same pure function either way.
      const found = cases.find((c) => safe(() => judge(c)) === true);
      if (found) { hit = found; break; }
      minimality.push(`none in ${cases.length} random cases with |S| = ${sz.S}, |A| = ${sz.A}${ad.floor.d > 0 ? `, d = ${sz.d}` : ''}`);
    }
    if (!hit) break;
    const again = reduceCase(hit, ad.view, accept, { budget: 300 });
    value = again.value;
    log = { ...again.log, accepted: ['replaced by a smaller random counterexample', ...again.log.accepted], calls: log.calls + again.log.calls };
  }
  const after = { ...sizesOf(model(value)), maxDenominator: maxDenominator(model(value)) };
  // Keep only the searches below the final size (an earlier round may have searched above it).
  const below = minimality.filter((line) => {
    const m = line.match(/\|S\| = (\d+), \|A\| = (\d+)(?:, d = (\d+))?/);
    return !m || (Number(m[1]) <= after.S && Number(m[2]) <= after.A && (m[3] === undefined || Number(m[3]) <= after.d));
  });
  minimality.length = 0;
  minimality.push(...(safe(() => ad.proofs?.(after, value) ?? []) ?? []), ...log.rejectedAtEnd, ...below);
  const explain = explainCase(value, ad.view, accept);
  const derived = safe(() => ad.derive?.(value) ?? null);
  const notes: Record<string, unknown> = {
    explain: { free: explain.free, fixed: explain.fixed },
    minimality,
    reduction: { before, after, steps: log.accepted, calls: log.calls + explain.calls, robust: Boolean(robust) },
  };
  if (derived) {
    notes.derivation = derived.derivation;
    if (ad.id) notes.derivationSource = ad.id;
    const interpretations = derived.interpretations ?? (derived.failing === null ? ['every reading (the claim does not involve the trajectory distribution)'] : derived.failing.map((r) => READING_WORDS[r]));
    // An empty list would claim the case refutes nothing: the derivation's own comparison did not apply.
    if (interpretations.length > 0) notes.interpretations = interpretations;
    const witness = safe(() => ad.witness?.(value, derived) ?? []) ?? [];
    if (witness.length > 0) notes.witness = witness;
    notes.decision = derived.exact
      ? { exact: true, text: 'decided in exact rational arithmetic' }
      : witness.length
        ? { exact: false, noiseRatio: witnessRatio(witness), text: 'decided at 64 digits; noiseRatio is the witness excess over its float64 noise' }
        : { exact: false, noiseRatio: derived.compared && derived.compared.b !== 0 ? noiseRatio(derived.compared) : null, text: 'decided at 64 digits; noiseRatio is |a - b| of the compared coefficients over 64 float64 roundings of |a| + |b|' };
  }
  return { value, notes };
}

export function smallerSizes(s: { S: number; A: number; d: number }, floor: { S: number; A: number; d: number }) {
  const out = [];
  if (s.S - 1 >= floor.S) out.push({ ...s, S: s.S - 1 });
  if (s.A - 1 >= floor.A) out.push({ ...s, A: s.A - 1 });
  if (floor.d > 0 && s.d - 1 >= floor.d) out.push({ ...s, d: s.d - 1 });
  return out;
}

/** The best witness's excess over its float64 noise (the margin at the reported eps). */
function witnessRatio(w: unknown[]): number | null {
  const r = (w as { noiseRatio?: number }[]).map((x) => x.noiseRatio ?? 0);
  return r.length ? Math.max(...r) : null;
}

function safe<T>(f: () => T): T | null {
  try { return f(); } catch { return null; }
}

/** The conclusion helper re-exported for the adapters. */
export function derivedFrom(kind: ClaimKind, built: { derivation: Derivation; facts: Parameters<typeof conclude>[1] }, zeroK?: Parameters<typeof conclude>[1]): Derived {
  const c = conclude(kind, built.facts, zeroK);
  return { derivation: { ...built.derivation, conclusion: c.text }, failing: c.failing, exact: built.facts.exact, compared: c.compared, ...(c.interpretations ? { interpretations: c.interpretations } : {}) };
}

export const sampleOf = <C>(arb: fc.Arbitrary<C>, n: number, seed: number): C[] => fc.sample(arb, { seed, numRuns: n });
