// The referee's summary, computed once for every output (HTML, Markdown, terminal, README): one
// finding per flaw of the paper, what holds and what is proved, and the §7 answers.

import type { ClaimEntry, ClaimResult, NecessityRow, ReadingLabel, Verdict } from './schema.ts';
import type { LoadedCounterexample, PreparedClaim, PreparedReport, PreparedResult } from './html/model.ts';
import { replayCommand, reportPath } from './html/model.ts';
import { fmtNum } from './plots/format.ts';
import { casesText } from './labels.ts';
import { pickShown } from './coverage.ts';
import { fixedDataInfima, type IntervalRow } from './infima.ts';
import { abstains, aggregateVerdict, claimReadings, interpretationFailures, isPaperDefinition, readingVerdict, resultsFor } from './html/verdicts.ts';

export interface FindingRepair {
  claim: string;
  /** Index into the claim's repairs. */
  index: number;
  statement: string;
  /** One verdict per reading its checks cover. */
  verdicts: Array<{ reading: ReadingLabel; verdict: Verdict | null }>;
}

export interface Finding {
  /** 1-based, in claim order. */
  n: number;
  /** The producer's cause when results carry one, otherwise the claim ID. */
  cause: string;
  claims: string[];
  papers: string[];
  /** The readings in which each of its claims is refuted under the paper's own definitions. */
  readings: Array<{ claim: string; reading: ReadingLabel }>;
  /** One sentence: why the statement fails, from the smallest counterexample. */
  why: string;
  /** The refuted check with the smallest counterexample (fewest instance entries). */
  smallest: PreparedResult;
  /** Counterexample path relative to the report folder, or null. */
  file: string | null;
  replay: string | null;
  /** How many refuted checks (all readings, interpretations) this finding stands for. */
  checks: number;
  repairs: FindingRepair[];
  /**
   * Readings of the finding the shown counterexample does not fail in, each with a counterexample
   * that does (its file, why, replay command).
   */
  alsoRefutedBy: Array<{ claim: string; reading: ReadingLabel; file: string | null; why: string; replay: string | null }>;
  /** Claims its claims use (the paper's argument) that are themselves refuted. */
  refutedPremises: string[];
}

export interface InterpretationFailure {
  claim: string;
  interpretation: string;
  reading: ReadingLabel;
  why: string;
  file: string | null;
  /** The claim's verdict under the paper's own definitions in that reading. */
  paperVerdict: Verdict | null;
}

export interface HoldingClaim {
  claim: string;
  paper: string;
  verdict: Verdict;
  /** "smt (proved for d <= 4)", "property 1000 cases", ... */
  methods: string[];
}

export type { IntervalRow };

export interface Section7Row {
  claim: string;
  paper: string;
  statement: string;
  verdicts: Array<{ reading: ReadingLabel; verdict: Verdict | null }>;
  intervals: IntervalRow[];
  why: string;
  /** Repaired statements with their verdicts and the intervals their checks established. */
  repairs: Array<{ statement: string; verdicts: Array<{ reading: ReadingLabel; verdict: Verdict | null }>; intervals: IntervalRow[] }>;
}

/** An exact form is shown only while it stays readable; the float interval is always given. */
const EXACT_MAX = 24;

/** "[0.5194853064, 0.51948530641]", with exact ends when short ("[-3/2, -3/2]", "[-inf, -inf]"): both bounds always (§7), the reading when not 'any'. */
export function intervalText(i: IntervalRow): string {
  // a plain rational reads better than its float; an expression ("(a) - (b)") does not. Floats get
  // the digits that tell the two ends apart, so a narrow interval never prints as a point
  let sig = 6;
  while (sig < 17 && i.lower !== i.upper && fmtNum(i.lower, sig) === fmtNum(i.upper, sig)) sig++;
  const end = (x: number, exact?: string) => (exact !== undefined && exact.length <= EXACT_MAX && /^-?(\d+(\/\d+)?|inf)$/.test(exact.trim()) ? exact.trim() : x === -Infinity ? '-inf' : fmtNum(x, sig));
  const lo = end(i.lower, i.exactLower);
  const hi = end(i.upper, i.exactUpper);
  return `${i.reading === 'any' ? '' : `${i.reading}: `}${i.what ? `${i.what} ` : ''}[${lo}, ${hi}]`;
}

/** The intervals the results established, and the fixed-data infima their files state (infima.ts). */
const intervalsOf = (results: PreparedResult[]): IntervalRow[] => results.flatMap((x) => (x.result.interval ? [{ reading: x.result.reading, ...x.result.interval }] : fixedDataInfima(x)));

export interface Findings {
  findings: Finding[];
  interpretationOnly: InterpretationFailure[];
  holding: HoldingClaim[];
  /** Claims neither refuted nor holding: inconclusive, error, no result. */
  /** Claims without a verdict of holds/proved/refuted; `provedBy` names a formal proof beside an inconclusive check. */
  open: Array<{ claim: string; verdict: Verdict | null; why: string; provedBy?: string[] }>;
  section7: Section7Row[];
  necessity: NecessityRow[];
}

/** §7's claims (global minimisers attained, gaps, local minima): answered in their own section. */
export const SECTION7 = /^(G\.|P[12]\.(gap|local)$)/;

/** The first sentence of s, without the trailing numerical audit (float64 margin, noise, digits). */
export function oneSentence(s: string): string {
  let t = s.replace(/\s*\(float64 margin[\s\S]*$/, '').replace(/\bat Infinity digits\b/g, 'exactly').trim();
  const m = /^([\s\S]*?[.;])\s+[A-Z]/.exec(t);
  if (m && m[1].length >= 40) t = m[1].replace(/;$/, '.');
  if (t.length > 320) t = t.slice(0, 317).replace(/\s+\S*$/, '') + ' …';
  return t;
}

function instanceSize(ce: LoadedCounterexample | null): number {
  if (!ce?.data) return Number.POSITIVE_INFINITY;
  // entries, not characters: a 2-state instance beats a 6-state one however its numbers print
  const count = (x: unknown): number => (Array.isArray(x) ? x.reduce((a: number, v) => a + count(v), 0) : typeof x === 'object' && x !== null ? Object.values(x).reduce((a: number, v) => a + count(v), 0) : 1);
  return count(ce.data.instance);
}

/**
 * Why the claim fails, for a reader: the derivation's conclusion when the counterexample has one (decided
 * exactly or at 64 digits at eps -> 0, so it is not a float64 margin at some tiny eps that looks like
 * rounding), else the check's own message, else the result's detail.
 */
export function whyOf(pr: PreparedResult): string {
  const data = pr.counterexample?.data as { message?: string; derivation?: { conclusion?: unknown } } | undefined;
  const conclusion = data?.derivation?.conclusion;
  if (typeof conclusion === 'string' && conclusion.trim() !== '') return oneSentence(conclusion);
  const msg = data?.message;
  return oneSentence(msg && msg.trim() !== '' ? msg : pr.result.detail);
}

function repairsOf(pc: PreparedClaim): FindingRepair[] {
  return pc.repairs.map((rep, index) => {
    const readings = [...new Set(rep.results.map((r) => r.result.reading))];
    const rs = rep.results.map((r) => r.result);
    return { claim: pc.claim.id, index, statement: rep.repair.statement, verdicts: readings.map((reading) => ({ reading, verdict: aggregateVerdict(rs.filter((r) => r.reading === reading)) })) };
  });
}

const methodLabel = (r: ClaimResult): string => {
  if (r.method === 'smt' || r.method === 'symbolic') return `${r.method}${r.scope ? ` (${r.scope})` : ''}`;
  return `${r.method}, ${casesText(r)}`;
};

export function computeFindings(pr: PreparedReport): Findings {
  const groups = new Map<string, Array<{ pc: PreparedClaim; refuted: PreparedResult[]; readings: ReadingLabel[] }>>();
  const interpretationOnly: InterpretationFailure[] = [];
  const holding: HoldingClaim[] = [];
  const open: Findings['open'] = [];
  const section7: Section7Row[] = [];

  for (const pc of pr.claims) {
    const c = pc.claim;
    const readings = claimReadings(c);
    const verdicts = readings.map((reading) => ({ reading, verdict: readingVerdict(c, reading) }));
    for (const r of interpretationFailures(c.results)) {
      const pr0 = pc.results.find((x) => x.result === r)!;
      const reading = r.reading;
      const paperVerdict = aggregateVerdict(resultsFor(c.results, reading));
      // a claim refuted under the paper's own definitions is a finding; its other readings add nothing
      if (paperVerdict === 'refuted') continue;
      interpretationOnly.push({ claim: c.id, interpretation: differingClauses(r, c.results), reading, why: whyOf(pr0), file: r.counterexample ? reportPath(r.counterexample) : null, paperVerdict });
    }
    if (SECTION7.test(c.id)) {
      const first = pc.results.find((x) => x.result.verdict === 'refuted') ?? pc.results[0];
      const repairs = repairsOf(pc).map((r, i) => ({ statement: r.statement, verdicts: r.verdicts, intervals: intervalsOf(pc.repairs[i].results) }));
      section7.push({ claim: c.id, paper: c.paper, statement: c.statement, verdicts, intervals: intervalsOf(pc.results), why: first ? whyOf(first) : '', repairs });
      continue;
    }
    const refutedIn = verdicts.filter((v) => v.verdict === 'refuted').map((v) => v.reading);
    if (refutedIn.length > 0) {
      const refuted = pc.results.filter((x) => x.result.verdict === 'refuted' && isPaperDefinition(x.result));
      const cause = refuted.find((x) => x.result.cause)?.result.cause ?? c.id;
      groups.set(cause, [...(groups.get(cause) ?? []), { pc, refuted, readings: refutedIn }]);
    } else if (verdicts.length > 0 && verdicts.every((v) => v.verdict === 'proved' || v.verdict === 'holds')) {
      const all = verdicts.every((v) => v.verdict === 'proved');
      holding.push({ claim: c.id, paper: c.paper, verdict: all ? 'proved' : 'holds', methods: [...new Set(c.results.filter((r) => isPaperDefinition(r) && !abstains(r)).map(methodLabel))] });
    } else {
      const bad = pc.results.find((x) => x.result.verdict === 'error' || x.result.verdict === 'inconclusive');
      // An inconclusive search says why after 'Inconclusive: ' (too few decided cases, ...); its first sentence is the check's rule.
      const reason = bad?.result.verdict === 'inconclusive' ? /Inconclusive: (.*)$/.exec(bad.result.detail)?.[1] : undefined;
      const provedBy = [...new Set(c.results.filter((r) => r.verdict === 'proved' && isPaperDefinition(r)).map((r) => r.method))];
      open.push({ claim: c.id, verdict: verdicts.find((v) => v.verdict !== 'proved' && v.verdict !== 'holds')?.verdict ?? null, why: reason ?? (bad ? oneSentence(bad.result.detail) : 'no result'), ...(provedBy.length > 0 ? { provedBy } : {}) });
    }
  }

  const findings: Finding[] = [];
  const refutedIds = new Set([...groups.values()].flatMap((ms) => ms.map((m) => m.pc.claim.id)));
  for (const [cause, members] of groups) {
    const all = members.flatMap((m) => m.refuted);
    const readings = members.flatMap((m) => m.readings.map((reading) => ({ claim: m.pc.claim.id, reading })));
    // the smallest is shown; a refuted reading it does not fail in gets the counterexample that does
    const { shown, others } = pickShown(members.flatMap((m) => m.refuted.map((pr) => ({ claim: m.pc.claim.id, pr }))), readings, instanceSize);
    const smallest = shown.pr;
    findings.push({
      n: findings.length + 1,
      cause,
      claims: members.map((m) => m.pc.claim.id),
      papers: [...new Set(members.map((m) => m.pc.claim.paper))],
      readings,
      why: whyOf(smallest),
      smallest,
      file: smallest.result.counterexample ? reportPath(smallest.result.counterexample) : null,
      replay: replayCommand(smallest.result),
      checks: all.length,
      alsoRefutedBy: others.map((o) => ({ claim: o.claim, reading: o.reading, file: o.pr.result.counterexample ? reportPath(o.pr.result.counterexample) : null, why: whyOf(o.pr), replay: replayCommand(o.pr.result) })),
      repairs: members.flatMap((m) => repairsOf(m.pc)),
      refutedPremises: [...new Set(members.flatMap((m) => m.pc.claim.uses))].filter((u) => refutedIds.has(u) && !members.some((m) => m.pc.claim.id === u)),
    });
  }
  return { findings, interpretationOnly, holding, open, section7, necessity: cleanNecessity(pr.report.necessity) };
}

/** The necessity table with the paper's and the free construction side by side, one row per claim and hypothesis. */
export function necessityPivot(rows: NecessityRow[]): Array<{ claim: string; hypothesis: string; paper?: NecessityRow; free?: NecessityRow }> {
  const out: Array<{ claim: string; hypothesis: string; paper?: NecessityRow; free?: NecessityRow }> = [];
  for (const r of rows) {
    let row = out.find((x) => x.claim === r.claim && x.hypothesis === r.hypothesis);
    if (!row) out.push((row = { claim: r.claim, hypothesis: r.hypothesis }));
    row[r.construction === 'free' ? 'free' : 'paper'] = r;
  }
  return out;
}

/** verification.json comes from other code: rows are coerced to the schema's shape, odd ones dropped. */
function cleanNecessity(rows: unknown): NecessityRow[] {
  if (!Array.isArray(rows)) return [];
  return rows
    .filter((x): x is Record<string, unknown> => typeof x === 'object' && x !== null && typeof (x as { claim?: unknown }).claim === 'string')
    .map((x) => ({
      claim: String(x.claim),
      hypothesis: String(x.hypothesis ?? ''),
      construction: x.construction === 'free' ? 'free' : 'paper',
      verdict: x.verdict === 'needed' || x.verdict === 'not needed' ? x.verdict : 'undecided',
      cases: typeof x.cases === 'number' && Number.isFinite(x.cases) ? x.cases : 0,
      ...(typeof x.counterexample === 'string' ? { counterexample: x.counterexample } : {}),
    }));
}

export function claimById(pr: PreparedReport, id: string): ClaimEntry | undefined {
  return pr.claims.find((pc) => pc.claim.id === id)?.claim;
}

/**
 * What an interpretation changes: its clauses ('; '-separated) that no result under the paper's own
 * definitions in the same reading states, so a line cut for width leads with the difference (P2.eq3's
 * interpretation repeats the paper's Assumption 3 reading before its A^{pi_c}). All of it when nothing differs.
 */
export function differingClauses(r: ClaimResult, all: readonly ClaimResult[]): string {
  const text = r.interpretation ?? 'another interpretation';
  const paper = new Set(all.filter((x) => x.reading === r.reading && isPaperDefinition(x)).flatMap((x) => clauses(x.interpretation ?? '')));
  const own = clauses(text);
  const differing = own.filter((clause) => !paper.has(clause));
  return differing.length === 0 || differing.length === own.length ? text : `${differing.join('; ')} (otherwise as the paper's definitions)`;
}

/** '; '-separated clauses at parenthesis depth 0 (a parenthetical keeps its own semicolons). */
function clauses(text: string): string[] {
  const out: string[] = [];
  let depth = 0, start = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '(') depth++;
    else if (ch === ')') depth = Math.max(0, depth - 1);
    else if (ch === ';' && depth === 0 && text[i + 1] === ' ') { out.push(text.slice(start, i)); start = i + 2; }
  }
  out.push(text.slice(start));
  return out;
}
