// Words every output (Markdown, HTML, terminal, README block) uses for a reading and for what a
// result's count counts, so they cannot drift apart. Presentation only: verification.json is unchanged.

import type { ClaimResult } from './schema.ts';
import { fmtNum } from './plots/format.ts';
import { CLAIM_ORDER } from '../ledger/claims.ts';

/** 'any' is the reading of claims that do not involve J: it does not depend on the reading at all. */
export function readingLabel(r: string): string {
  return r === 'any' ? 'any reading' : r;
}

/**
 * Where a report's replay command runs. It is report-relative (the same bytes for any --out), and npx
 * finds jepa-verify only inside a project that has it; from anywhere else it would ask the npm registry.
 */
export const REPLAY_WHERE = 'run it in the report folder inside a project that has jepa-verify; elsewhere add --prefix <path to jepa-verify> after npx';
/** The same for Markdown: option and placeholder as code, so GitHub shows `<path ...>` instead of taking it for a tag. */
export const REPLAY_WHERE_MD = 'run it in the report folder inside a project that has jepa-verify; elsewhere add `--prefix <path to jepa-verify>` after `npx`';

/** Under a derivation table with 64-digit rows: what '64 digits' means for the value shown. */
export const DIGITS_NOTE = "64 digits: computed with 64 significant digits and shown to 16; 'exact': a rational, computed exactly.";

const plural = (n: number, one: string, many: string) => `${fmtNum(n)} ${n === 1 ? one : many}`;

/** Configurations meeting every hypothesis: a trained result's `decided`, else from its detail ("3 trained configuration(s) used (1 meeting every hypothesis)"). */
function trainedInHypotheses(r: ClaimResult): number | null {
  if (typeof r.decided === 'number') return r.decided;
  const m = /trained configuration\(s\) used \((\d+) meeting every hypothesis\)/.exec(r.detail ?? '');
  return m ? Number(m[1]) : null;
}

/**
 * What the result's count counts. A search's cases include undecided ones, which never support
 * `holds`: its headline is the decided count, with the undecided beside it. A trained result counts
 * trained network configurations, a formal one SMT queries or symbolic entries.
 */
export function casesText(r: ClaimResult): string {
  if (r.method === 'trained') {
    const inH = trainedInHypotheses(r);
    return `${plural(r.cases, 'trained network', 'trained networks')}${inH !== null && inH !== r.cases ? ` (${fmtNum(inH)} meeting every hypothesis)` : ''}`;
  }
  if (typeof r.decided === 'number') {
    const und = typeof r.undecided === 'number' && r.undecided > 0 ? ` (${fmtNum(r.undecided)} undecided)` : '';
    return `${fmtNum(r.decided)} decided${und}`;
  }
  if (r.method === 'smt') return plural(r.cases, 'SMT query', 'SMT queries');
  if (r.method === 'symbolic') return plural(r.cases, 'symbolic entry', 'symbolic entries');
  return plural(r.cases, 'case', 'cases');
}

/**
 * A trained result is not a property search: its count is of trained configurations, each checked
 * exactly at k = 1 and the §4.5 / §5.5 k over eps = 1e-1..1e-7 (on-policy also against sampled
 * rollouts). Each one meeting every hypothesis is a decided case, and the 200-decided-case rule for
 * `holds` applies (CLAIMS.md); inconclusive, it decides nothing beside other checks. Null for other methods.
 */
export function trainedNote(r: ClaimResult): string | null {
  if (r.method !== 'trained') return null;
  const inH = trainedInHypotheses(r);
  const n = plural(r.cases, 'trained network configuration', 'trained network configurations');
  const meeting = inH !== null ? `, ${inH === r.cases ? 'all' : fmtNum(inH)} meeting every hypothesis` : '';
  return `Not a property search: ${r.verdict} on ${n}${meeting}, each checked exactly at k = 1 and at the §4.5 / §5.5 k over eps = 1e-1..1e-7${r.reading === 'on-policy' ? ' and against sampled rollouts' : ''}. Each configuration meeting every hypothesis is one decided case; 'holds' needs 200 (fewer is inconclusive), and an inconclusive trained check neither supports nor undermines the claim's verdict.`;
}

/**
 * What the findings are: refutations of the paper's claims under its own definitions, or of the
 * user's claims (verify --claims), which the paper's definitions have nothing to do with. `claims`
 * are the report's claim IDs, `findings` the claims of each finding.
 */
export function refutedHeadline(claims: string[], findings: Array<{ claims: string[] }>): string {
  const isPaper = (id: string) => CLAIM_ORDER.includes(id);
  const paperN = findings.filter((x) => x.claims.some(isPaper)).length;
  const userN = findings.length - paperN;
  const s = (k: number) => (k === 1 ? '' : 's');
  const paper = paperN === 0 ? "No claim refuted under the paper's own definitions" : `${paperN} finding${s(paperN)}: claims refuted under the paper's own definitions`;
  const user = userN === 0 ? 'none of your claims (--claims) refuted' : `${userN} finding${s(userN)}: your claims (--claims) refuted`;
  if (!hasUserClaims(claims)) return paper;
  if (!claims.some(isPaper)) return user[0].toUpperCase() + user.slice(1);
  return `${paper}; ${user}`;
}

/** Whether a report holds claims of the user's (verify --claims) besides or instead of the paper's. */
export const hasUserClaims = (claims: string[]): boolean => claims.some((id) => !CLAIM_ORDER.includes(id));
