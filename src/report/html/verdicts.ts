import type { ClaimEntry, ReadingLabel, Verdict } from '../schema.ts';

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

export function claimVerdict(c: ClaimEntry): Verdict | null {
  return worstVerdict(c.results.map((r) => r.verdict));
}
