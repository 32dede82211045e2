// How an undecided claim is named in every output: a claim that a formal method proved while its
// numerical search is inconclusive (too few decided cases) says both, the proof first, so no output
// shows only "inconclusive" for a proved claim (N9's N7).

import type { Verdict } from './schema.ts';

/** Who did the proof, for a reader: 'smt' is a Z3 query. */
const proverName = (m: string) => (m === 'smt' ? 'smt (Z3)' : m);

/** "proved by smt (Z3); a numerical check is inconclusive", or null when nothing proved it. */
export function provedBesideText(o: { verdict: Verdict | null; provedBy?: string[] }): string | null {
  if (!o.provedBy || o.provedBy.length === 0) return null;
  return `proved by ${o.provedBy.map(proverName).join(', ')}; a numerical check is ${o.verdict ?? 'without result'}`;
}
