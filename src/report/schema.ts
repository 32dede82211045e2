// The JSON of reports/verification.json (FORMATS.md, schemaVersion 1). Fields beyond FORMATS.md
// are additions, which FORMATS.md allows; none of its fields is renamed or dropped.

export type Verdict = 'holds' | 'proved' | 'refuted' | 'inconclusive' | 'error';
export type Method = 'property' | 'smt' | 'symbolic' | 'certificate' | 'trained';
export type ReadingLabel = 'on-policy' | 'fixed-data' | 'any';

/** One log-log series behind a first-order check or a bound check, for the report's plots. */
export interface PlotSeries {
  /** 'taylor': |Delta(eps)| and |remainder| against eps; 'bound': actual change against the bound. */
  kind: 'taylor' | 'bound';
  title: string;
  eps: number[];
  /** taylor: the exact |Delta(eps)|; bound: the actual change. null where not finite. */
  actual: (number | null)[];
  /** taylor: |first-order prediction|; bound: the bound's value. */
  predicted: (number | null)[];
  /** taylor only: |Delta - prediction|, whose log-log slope is the Taylor rate. */
  remainder?: (number | null)[];
  /** taylor only: fitted slope of log|remainder| against log eps. */
  rate?: number | null;
}

export interface SmtRecord {
  /** SMT-LIB 2 text of the query, re-runnable in any solver. */
  query: string;
  seconds: number;
  status: 'unsat' | 'sat' | 'unknown' | 'timeout';
  /** Human-readable scope, e.g. "proved for d <= 4". */
  scope?: string;
}

export interface Margins {
  /** Amount by which the statement fails (positive = violated), at float64. */
  float64: number | null;
  /** The same at 64 significant digits (mathjs BigNumber), as a number. */
  highPrecision: number | null;
  digits?: number;
}

export interface ClaimResult {
  reading: ReadingLabel;
  verdict: Verdict;
  method: Method;
  cases: number;
  corners: string[];
  /** How often each corner was reached (corner -> count). */
  cornerCounts?: Record<string, number>;
  counterexample: string | null;
  detail: string;
  /** Hypothesis interpretation the result is under, when the paper's text has more than one reading. */
  interpretation?: string;
  margins?: Margins;
  smt?: SmtRecord[];
  plots?: PlotSeries[];
  seconds?: number;
  replayCommand?: string;
  /** Cases the check settled (refuted or confirmed); with `undecided`, says how much of `cases` counts. */
  decided?: number;
  /** Cases the check could not settle (e.g. no exact u, an unsettled slope). */
  undecided?: number;
  /** Why cases stayed undecided, reason -> count. */
  undecidedReasons?: Record<string, number>;
  /**
   * false = the check is under an interpretation other than the paper's own definitions. A claim is
   * counted refuted in the headline only by results that are not false here; the others are listed
   * as interpretation-only failures.
   */
  paperDefinition?: boolean;
  /** Which construction the check uses when a claim is checked under several ('paper' = the paper's own u, w, k; 'free' = any). */
  construction?: string;
  /** Short name of the flaw a refutation shows; refuted results sharing it form one finding (default: the claim ID). */
  cause?: string;
  /** What a formal result covers, e.g. 'proved (step)', 'proved for d <= 4'. */
  scope?: string;
  /** A range the check established for a quantity (§7 minimisers and gaps). */
  interval?: ResultInterval;
}

export interface ResultInterval {
  lower: number;
  upper: number;
  /** Exact forms (rationals, radicals) when known. */
  exactLower?: string;
  exactUpper?: string;
  /** The dimension or size the interval is for, e.g. 'd = 2'. */
  d?: string;
  /** The certificate file `replay` re-checks the interval from (§7 infima), relative to the report folder. */
  certificate?: string;
}

/** §7: is a hypothesis of a claim needed? One row of verification.json's `necessity`. */
export interface NecessityRow {
  claim: string;
  hypothesis: string;
  /** 'paper': the paper's own construction of u, w, k; 'free': any construction. */
  construction: 'paper' | 'free';
  verdict: 'needed' | 'not needed' | 'undecided';
  cases: number;
  /** Counterexample file when the hypothesis is needed (dropping it breaks the claim). */
  counterexample?: string;
}

export interface Repair {
  statement: string;
  results: ClaimResult[];
}

export interface ClaimEntry {
  id: string;
  statement: string;
  /** LaTeX form of the statement, for the HTML report. */
  latex?: string;
  paper: string;
  uses: string[];
  /** The hypotheses the check assumes, in words, exactly as the paper states them. */
  hypotheses?: string[];
  results: ClaimResult[];
  repairs: Repair[];
}

export interface VerificationReport {
  schemaVersion: 1;
  tool: { name: 'jepa-verify'; version: string };
  seed: number;
  budget: { runsPerClaim: number };
  generatedAt?: string;
  /** The tool's reading of §3 and §4.1 (CLAIMS.md asks that it be stated). */
  objects?: string[];
  /** Tolerance and noise rules the verdicts follow. */
  rules?: string[];
  claims: ClaimEntry[];
  seconds?: number;
  /** §7 necessity table: which hypotheses each claim needs. */
  necessity?: NecessityRow[];
}

/** One step of a counterexample's derivation, for the report (LaTeX through KaTeX). */
export interface DerivationStep {
  symbol: string;
  latex: string;
  value: string;
  /** true = the value is exact (rational / symbolic), false = a float. */
  exact: boolean;
  formula?: string;
}

export interface Derivation {
  steps: DerivationStep[];
  conclusion: string;
}

export interface CounterexampleFile {
  schemaVersion: 1;
  claim: string;
  reading: ReadingLabel;
  replay: { seed: number; path: string };
  instance: unknown;
  construction?: Record<string, unknown>;
  measured: Record<string, number | null>;
  predicted: Record<string, number | null>;
  message: string;
  /** How the measured numbers follow from the instance, step by step. */
  derivation?: Derivation;
  /** Entries that can take other values with the counterexample intact (free) and those that cannot (fixed). */
  explain?: { free: string[]; fixed: string[] };
  /** What was tried below this counterexample's size and failed to refute. */
  minimality?: string[];
  /** Interpretations of the claim this counterexample refutes. */
  interpretations?: string[];
  [extra: string]: unknown;
}
