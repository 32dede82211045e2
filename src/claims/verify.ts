// One case of a check, judged: run it in float64, and for a violation confirm it at high precision
// and re-decide the hypotheses it relies on at 64 digits or exactly. Every exception is caught
// here, so a failing check becomes an 'error' result for its own unit and never escapes a run.
import { SingularSystemError } from '../engine/evaluate.ts';
import type { Confirmation, Outcome, PropertyCheck } from './types.ts';

export type Violation = Extract<Outcome, { kind: 'violation' }>;

export type Evaluated = Outcome | { kind: 'crash'; error: unknown };

/** check.run with exceptions caught: a near-singular evaluation is outside the hypotheses, anything else a crash. */
export function evaluateCase<T>(check: PropertyCheck<T>, value: T): Evaluated {
  try {
    return check.run(value);
  } catch (error) {
    if (error instanceof SingularSystemError) return { kind: 'skip', reason: 'near-singular evaluation' };
    return { kind: 'crash', error };
  }
}

export type Verified =
  | { status: 'confirmed'; confirmation: Confirmation; hypotheses: string | null }
  /** The float64 violation is gone at high precision: the case is decided, and not a violation. */
  | { status: 'vanished'; confirmation: Confirmation }
  /** No high-precision form: the case is undecided. */
  | { status: 'unavailable'; confirmation: Confirmation }
  /** A hypothesis the violation relies on fails when decided at 64 digits or exactly. */
  | { status: 'outside'; reason: string }
  | { status: 'error'; error: unknown };

/** Confirm a float64 violation and re-decide the check's hypotheses exactly; never throws. */
export function verifyViolation<T>(check: PropertyCheck<T>, value: T, outcome: Violation): Verified {
  let confirmation: Confirmation;
  try {
    confirmation = outcome.confirm();
  } catch (error) {
    return { status: 'error', error };
  }
  if (!confirmation.confirmed) return { status: confirmation.unavailable ? 'unavailable' : 'vanished', confirmation };
  if (!check.hypotheses) return { status: 'confirmed', confirmation, hypotheses: null };
  try {
    const h = check.hypotheses(value);
    if (!h.holds) return { status: 'outside', reason: `a hypothesis fails at high precision: ${h.why}` };
    return { status: 'confirmed', confirmation, hypotheses: h.why };
  } catch (error) {
    return { status: 'error', error };
  }
}

export type Judged = { evaluated: Evaluated; verified: Verified | null };

/** Run and, for a violation, verify: the whole judgement of one case. */
export function judgeCase<T>(check: PropertyCheck<T>, value: T): Judged {
  const evaluated = evaluateCase(check, value);
  return { evaluated, verified: evaluated.kind === 'violation' ? verifyViolation(check, value, evaluated) : null };
}

/** The case still refutes the check: a violation, confirmed at high precision, hypotheses included (refiners' oracle). */
export const stillRefutes = <T>(check: PropertyCheck<T>) => (value: T): boolean => judgeCase(check, value).verified?.status === 'confirmed';

