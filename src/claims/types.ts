// The check framework's vocabulary: what a case's outcome is, what a check and a claim provide, and
// what a run returns. Type-only for the framework's own modules (search, verify, assemble,
// runProperty, recheck), so they import it without importing framework.ts, which re-exports them.
import type { Configuration } from './configuration.ts';
import type fc from 'fast-check';
import type { ClaimResult, CounterexampleFile, Derivation, Method, PlotSeries, ReadingLabel, ResultInterval } from '../report/schema.ts';

/** What one case of a check found. A violation is only a candidate until `confirm` agrees at high precision. */
export type Outcome =
  | { kind: 'ok'; figures?: Record<string, number> }
  | { kind: 'skip'; reason: string }
  /**
   * The case meets the hypotheses but the check measures nothing on it (predicted and measured
   * change both zero, no settled slope): like Hypothesis's INVALID, counted with its stop reason and
   * never taken as support for 'holds'.
   */
  | { kind: 'undecided'; reason: string }
  | {
      kind: 'violation';
      /** Amount by which the statement fails at float64 (positive), and the noise it is measured against. */
      margin: number;
      noise: number;
      message: string;
      measured: Record<string, number | null>;
      predicted: Record<string, number | null>;
      construction?: Record<string, unknown>;
      /** Recheck at 64 significant digits; a float64 violation that vanishes there is noise. */
      confirm: () => Confirmation;
      /** The violation is a yes/no fact (margin 0): shrink steps are judged by `confirm` itself. */
      confirmWhileShrinking?: boolean;
      /** A step-by-step derivation of the violation (H7's builders), passed through to the counterexample file. */
      derivation?: Derivation;
    };

export interface Confirmation {
  confirmed: boolean;
  margin: number | null;
  digits: number;
  message: string;
  /**
   * The check has no high-precision form for this candidate (e.g. a variant whose construction has
   * no 64-digit counterpart): the float64 violation can be neither confirmed nor dismissed, so a
   * search that ends with such candidates and no confirmed one is 'inconclusive', never 'holds'.
   */
  unavailable?: boolean;
}

export interface PropertyCheck<T> {
  reading: ReadingLabel;
  method?: Method;
  /** The reading of an ambiguous hypothesis or definition this check is under. */
  interpretation?: string;
  arbitrary: () => fc.Arbitrary<T>;
  run: (c: T) => Outcome;
  corners: (c: T) => string[];
  /** The instance part of the counterexample file (FORMATS.md). */
  instanceOf: (c: T) => unknown;
  /** Series for the report's plots, from one representative case. */
  plots?: (c: T) => PlotSeries[];
  /** What the check measures, in words, for the report. */
  rule: string;
  /**
   * Called after shrinking on a confirmed counterexample, to simplify it further (round entries,
   * drop states). `stillRefutes` re-runs the check and its high-precision confirmation, hypotheses
   * included; `notes` are merged into the counterexample file.
   */
  refine?: (c: T, stillRefutes: (c: T) => boolean) => { value: T; notes: Record<string, unknown> };
  /**
   * The hypotheses a refutation relies on (A > 0, reachability, Assumptions 1 and 3, k > 0, rank and
   * span conditions), decided at 64 digits or exactly. A confirmed violation whose hypotheses fail
   * here is outside them; replay re-decides them too.
   */
  hypotheses?: (c: T) => { holds: boolean; why: string };
  /** True when the check uses the paper's own definitions; false for another interpretation (CLAIMS.md's reading rule). Default true. */
  paperDefinition?: boolean;
  /** What a verdict of this check covers, when less than the claim (e.g. 'proved (step): only the arithmetic of §4.5'). */
  scope?: string;
  /** §7: a certified interval (an infimum, a gap) computed on the reported case: the counterexample, else the first decided case. */
  interval?: (c: T) => ResultInterval | undefined;
  /** A cap on this check's cases (exact or 64-digit work per case), below the run's budget; the result's `cases` says what ran. */
  maxRuns?: number;
  /**
   * The same check under another configuration (src/claims/configuration.ts); absent when the
   * check declares no configuration field: a variant overriding any field cannot run it.
   */
  under?: (cfg: Configuration) => PropertyCheck<T>;
  /** The configuration fields `under` honours (set by `configurable`). */
  supports?: readonly (keyof Configuration)[];
}

export interface Claim {
  id: string;
  statement: string;
  latex?: string;
  paper: string;
  uses: string[];
  hypotheses: string[];
  checks: PropertyCheck<any>[];
  /** Repairs: weaker or corrected statements, each with its own checks. */
  repairs?: { statement: string; checks: PropertyCheck<any>[] }[];
}

export const defineClaim = (claim: Claim): Claim => claim;

export interface RunOptions {
  seed: number;
  runs: number;
  /** Where counterexample files go; null to keep them in memory only. */
  counterexampleDir: string | null;
  writeFile?: (path: string, text: string) => void;
  /** Budget of shrink attempts after a confirmed failure (default 2000). Counted, never timed, so results do not depend on machine load. */
  shrinkAttempts?: number;
  /** Decided cases a 'holds' needs (default MIN_DECIDED = 200); fewer give 'inconclusive'. */
  minDecided?: number;
}

export interface PropertyRun {
  result: ClaimResult;
  counterexample: CounterexampleFile | null;
}
