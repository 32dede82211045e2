// Which readings a finding's counterexample refutes, so each refuted reading of a finding is shown
// failing on some counterexample (N9's N5: finding 7 showed P2.combine's on-policy file, whose own
// derivation says "fixed-data: ... does not fail on this case", under "refuted (on-policy, fixed-data)").

import type { ReadingLabel } from './schema.ts';
import type { LoadedCounterexample, PreparedResult } from './html/model.ts';

const READINGS: ReadingLabel[] = ['on-policy', 'fixed-data'];

/**
 * The readings a refuted result's counterexample fails in: its file's `interpretations` (the
 * derivation's own decision, "on-policy reading (...)", "on-policy and fixed-data: ...", "every
 * reading ..."), else the result's reading. 'any' stands for every reading.
 */
export function readingsRefuted(pr: PreparedResult): ReadingLabel[] {
  const list = (pr.counterexample?.data as { interpretations?: unknown } | undefined)?.interpretations;
  if (Array.isArray(list) && list.length > 0) {
    const out = new Set<ReadingLabel>();
    for (const item of list) {
      const s = String(item);
      if (/^every reading/.test(s)) return ['any', ...READINGS];
      // the words before the explanation name the readings: "on-policy reading (...)", "on-policy and fixed-data: ..."
      const head = s.split(/[:(]/)[0];
      for (const r of READINGS) if (head.includes(r)) out.add(r);
    }
    if (out.size > 0) return [...out];
  }
  return pr.result.reading === 'any' ? ['any', ...READINGS] : [pr.result.reading];
}

export const covers = (pr: PreparedResult, reading: ReadingLabel): boolean => readingsRefuted(pr).includes(reading);

export interface Candidate { claim: string; pr: PreparedResult }

/**
 * The counterexample a finding shows: the smallest instance (the first of equal ones, as the checks are
 * ordered); and for each of the finding's (claim, reading) pairs it does not fail in, the smallest
 * counterexample of that claim that does. Coverage does not pick the shown one: P2.combine's smallest
 * (on-policy, k1' > 0) shows a failure the k1-pos flaw does not explain, while the one failing in
 * both readings has w^T u = -1, P2.k1-pos's flaw again.
 */
export function pickShown(
  all: Candidate[],
  pairs: Array<{ claim: string; reading: ReadingLabel }>,
  size: (ce: LoadedCounterexample | null) => number,
): { shown: Candidate; others: Array<{ claim: string; reading: ReadingLabel; pr: PreparedResult }> } {
  const left = (c: Candidate) => pairs.filter((p) => !(p.claim === c.claim && covers(c.pr, p.reading)));
  // the first of equal ones: a later candidate replaces the kept one only when strictly smaller
  const smallest = (cs: Candidate[]) => cs.reduce((a, b) => (size(b.pr.counterexample) < size(a.pr.counterexample) ? b : a));
  const shown = smallest(all);
  const others: Array<{ claim: string; reading: ReadingLabel; pr: PreparedResult }> = [];
  for (const p of left(shown)) {
    const cands = all.filter((c) => c.claim === p.claim && covers(c.pr, p.reading));
    if (cands.length === 0) continue;
    const best = smallest(cands);
    others.push({ claim: p.claim, reading: p.reading, pr: best.pr });
  }
  return { shown, others };
}

/** "fixed-data reading" (with the claim when a finding has several): the head of an also-refuted line. */
export const alsoHead = (o: { claim: string; reading: ReadingLabel }, claims: string[]): string => `${claims.length > 1 ? `${o.claim}, ` : ''}${o.reading === 'any' ? 'any reading' : `${o.reading} reading`}`;
