import type { ClaimEntry, ClaimResult, ReadingLabel, Verdict } from '../schema.ts';

export const VERDICTS: readonly Verdict[] = ['proved', 'holds', 'inconclusive', 'error', 'refuted'];
export const READINGS: readonly ReadingLabel[] = ['on-policy', 'fixed-data', 'any'];

export interface BadgeStyle {
  bg: string;
  fg: string;
  /** Plain-text marker for places without colour (Markdown, screen readers). */
  symbol: string;
}

// Greens for the two positive verdicts (darker = stronger evidence), red for a refutation,
// amber for "could not tell", grey-purple for a tool failure; all pass WCAG AA with white or
// black text as chosen.
const STYLES: Record<Verdict, BadgeStyle> = {
  proved: { bg: '#116329', fg: '#ffffff', symbol: '✅' },
  holds: { bg: '#2da44e', fg: '#ffffff', symbol: '☑️' },
  refuted: { bg: '#cf222e', fg: '#ffffff', symbol: '❌' },
  inconclusive: { bg: '#d4a72c', fg: '#1f2328', symbol: '⚠️' },
  error: { bg: '#6e40c9', fg: '#ffffff', symbol: '🛑' },
};

const UNKNOWN: BadgeStyle = { bg: '#8c959f', fg: '#ffffff', symbol: '❔' };

export function badgeStyle(v: Verdict | string): BadgeStyle {
  return (STYLES as Record<string, BadgeStyle>)[v] ?? UNKNOWN;
}

// A refutation is the most informative thing a node can say about the paper, then a tool
// error (nothing was established), then a non-answer; "proved" only if every reading is.
const SEVERITY: Record<Verdict, number> = { proved: 0, holds: 1, inconclusive: 2, error: 3, refuted: 4 };

export function worstVerdict(vs: readonly Verdict[]): Verdict | null {
  let worst: Verdict | null = null;
  for (const v of vs) if (worst === null || (SEVERITY[v] ?? 3) > (SEVERITY[worst] ?? 3)) worst = v;
  return worst;
}

/** The rule that turns several checks into one verdict, stated in the report as is. */
export const AGGREGATION_RULE =
  "One verdict per claim and reading: refuted if any check under the paper's own definitions is refuted; otherwise error if any check errored, inconclusive if any was inconclusive; otherwise proved if a formal check proved it (the others holding), else holds. Checks of reading 'any' (any reading: the claim does not involve J) count for every reading. Checks under an interpretation other than the paper's own definitions never decide the verdict; their failures are listed separately. An inconclusive check on trained networks (e.g. too few configurations meet the hypotheses for 'holds') decides nothing beside other checks: it neither supports the verdict nor makes it inconclusive (a refutation on a trained network does count).";

/** A result is under the paper's own definitions unless its producer says otherwise. */
export const isPaperDefinition = (r: ClaimResult): boolean => r.paperDefinition !== false;

/**
 * A trained-network check that could not tell (method 'trained', inconclusive): beside other checks it
 * decides nothing, neither support (CLAIMS.md: too few decided cases is not 'holds') nor doubt.
 */
export const abstains = (r: ClaimResult): boolean => r.method === 'trained' && r.verdict === 'inconclusive';

/** The checks that decide a verdict: the abstaining ones drop out when any other check is there. */
export const deciding = (results: readonly ClaimResult[]): readonly ClaimResult[] => (results.some((r) => !abstains(r)) ? results.filter((r) => !abstains(r)) : results);

/** Aggregate verdict of some checks by AGGREGATION_RULE (null when there are none). */
export function aggregateVerdict(results: readonly ClaimResult[]): Verdict | null {
  const paper = deciding(results.filter(isPaperDefinition));
  const vs = paper.map((r) => r.verdict);
  if (vs.length === 0) return null;
  for (const v of ['refuted', 'error', 'inconclusive'] as const) if (vs.includes(v)) return v;
  return vs.includes('proved') ? 'proved' : 'holds';
}

/** The readings a claim has verdicts in: 'any' alone when no check names a reading. */
export function claimReadings(c: ClaimEntry): ReadingLabel[] {
  const specific = READINGS.filter((rd) => rd !== 'any' && c.results.some((r) => r.reading === rd));
  return specific.length > 0 ? specific : c.results.length > 0 ? ['any'] : [];
}

/** The checks that bear on one reading: its own and those of reading 'any'. */
export function resultsFor(results: readonly ClaimResult[], reading: ReadingLabel): ClaimResult[] {
  return results.filter((r) => reading === 'any' || r.reading === reading || r.reading === 'any');
}

export function readingVerdict(c: ClaimEntry, reading: ReadingLabel): Verdict | null {
  return aggregateVerdict(resultsFor(c.results, reading));
}

/** Interpretation-only failures: refuted checks under an interpretation other than the paper's definitions. */
export function interpretationFailures(results: readonly ClaimResult[]): ClaimResult[] {
  return results.filter((r) => !isPaperDefinition(r) && r.verdict === 'refuted');
}

/** The claim's verdict over every reading (the claim graph's colour). */
export function claimVerdict(c: ClaimEntry): Verdict | null {
  const per = claimReadings(c).map((rd) => readingVerdict(c, rd)).filter((v): v is Verdict => v !== null);
  if (per.length === 0) return null;
  // proved only if every reading is; otherwise the worst reading
  return per.every((v) => v === 'proved') ? 'proved' : worstVerdict(per.map((v) => (v === 'proved' ? 'holds' : v)));
}
