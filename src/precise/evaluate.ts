// The high-precision engine: the exact objective of eq. (1) recomputed in mathjs BigNumber
// (decimal.js) at a chosen number of significant digits. It is deliberately a separate
// algorithm from the float64 engine (its own solver, its own softmax, no shared code) so that
// agreement between the two is evidence, and it is what confirms every reported refutation.
//
// Inputs are read as the exact rationals their doubles denote (exact.ts); a perturbed instance
// is built in BigNumber from those exact values, so E + eps u and W + k e_a r^T are the
// mathematical perturbation rounded at the working precision, not the float64 one.
//
// The engine's parts: context.ts (one precision's arithmetic), instance.ts (an instance and its
// perturbations in BigNumber), objectiveAt.ts (the objective at a point), pointCache.ts (what is kept
// between calls); this file is its public API.

import type { Instance, Perturbation, Reading } from '../model/types.ts';
import { preciseContext, dot, type Big } from './context.ts';
import { checkPerturbation, need } from './instance.ts';
import { getter, hide } from '../engine/getters.ts';
import { baseEntry, basePointOf, fixedAtBase, fixedData, movedPointOf } from './pointCache.ts';

export { preciseContext, type Big, type PreciseContext } from './context.ts';
export { bigMdp, bigWorldModel, bigPredictor, type BigMdp, type BigWorldModel, type Predictor } from './instance.ts';
export { ELIMINATION_MAX_STATES, preciseObjectiveAt, type PreciseModel, type PrecisePoint, type PredictionCache, type SquareCache, type Want } from './objectiveAt.ts';
export { clearPreciseCache, fixedData } from './pointCache.ts';

/** The engine's tanh at a precision (exported for its accuracy test). */
export const preciseTanh = (x: number | string, digits = 64): Big => {
  const c = preciseContext(digits);
  return c.tanh(typeof x === 'number' ? c.big(x) : c.math.bignumber(x));
};

/** Deep conversion of BigNumber-valued results to plain doubles (nearest). */
export function toNumbers<T>(x: T): unknown {
  if (Array.isArray(x)) return x.map((v) => toNumbers(v));
  if (x !== null && typeof x === 'object' && typeof (x as { toNumber?: unknown }).toNumber === 'function') {
    return (x as unknown as Big).toNumber();
  }
  return x;
}

export interface PreciseEvaluation {
  digits: number;
  V: Big[];
  Q: Big[][];
  A: Big[][];
  /** Discounted visitation counts mu^T (I - gamma P_pi)^{-1}, not normalised. */
  d: Big[];
  pi: Big[][];
  J_PG: Big;
  J_JEPA: Big;
}

/**
 * V, Q, A, d_pi, pi and the on-policy J_PG, J_JEPA of an instance, at `digits` significant digits.
 * want.jepa = false leaves out the JEPA errors (J_JEPA is then NaN; every other field the same digits).
 */
export function preciseEvaluate(instance: Instance, digits = 64, want: { jepa?: boolean } = {}): PreciseEvaluation {
  const c = preciseContext(digits);
  const entry = baseEntry(c, instance);
  const e = basePointOf(c, entry, want.jepa ?? true);
  return { digits, V: e.V, Q: e.Q, A: e.A, d: e.d, pi: e.pi, J_PG: e.J_PG, J_JEPA: e.J_JEPA };
}

export interface PreciseDelta {
  reading: Reading;
  digits: number;
  deltaJ_PG: Big;
  deltaJ_JEPA: Big;
  deltaJ: Big;
  /** The two objectives the deltas are differences of, under the same reading. */
  base: { J_PG: Big; J_JEPA: Big };
  perturbed: { J_PG: Big; J_JEPA: Big };
  /**
   * Decimal digits lost to cancellation in deltaJ, log10(max |J| / |deltaJ|): the result carries
   * about digits - cancellationDigits correct digits (Infinity when deltaJ is exactly 0).
   */
  cancellationDigits: number;
  numbers: { deltaJ_PG: number; deltaJ_JEPA: number; deltaJ: number };
}

/**
 * J(perturbed) - J(base) under one reading of eq. (1), both objectives in BigNumber, so the
 * subtraction loses nothing beyond what `cancellationDigits` reports.
 */
export function preciseDelta(instance: Instance, perturbation: Perturbation, reading: Reading, digits = 64, only?: 'deltaJ_PG'): PreciseDelta {
  need(reading === 'on-policy' || reading === 'fixed-data', "reading: must be 'on-policy' or 'fixed-data'");
  const c = preciseContext(digits);
  const entry = baseEntry(c, instance);
  // only = 'deltaJ_PG': the JEPA errors are not computed and every JEPA-dependent field is NaN.
  const jepa = only !== 'deltaJ_PG';
  checkPerturbation(perturbation, entry.bi.nS, entry.bi.nA, entry.bi.d);
  const e0 = basePointOf(c, entry, jepa);
  // The fixed-data reading takes only the moved point's log-policy and JEPA errors.
  const e1 = movedPointOf(c, entry, perturbation, { values: reading === 'on-policy', jepa }, entry.squares !== undefined);
  const base = reading === 'on-policy' ? { J_PG: e0.J_PG, J_JEPA: e0.J_JEPA } : fixedAtBase(c, entry.bi.lambda, e0, jepa);
  const perturbed = reading === 'on-policy' ? { J_PG: e1.J_PG, J_JEPA: e1.J_JEPA } : fixedData(c, entry.bi.lambda, e0, e1, jepa);
  const deltaJ_PG = perturbed.J_PG.minus(base.J_PG);
  const deltaJ_JEPA = perturbed.J_JEPA.minus(base.J_JEPA);
  const deltaJ = perturbed.J_PG.plus(perturbed.J_JEPA).minus(base.J_PG.plus(base.J_JEPA));
  const measured = jepa ? deltaJ : deltaJ_PG;
  // A 64-digit log10 costs as much as the rest of the delta and the confirmations never read it:
  // computed on first read (the same expression, so the same value).
  let cancellation: number | undefined;
  const cancellationDigits = (): number => {
    if (cancellation !== undefined) return cancellation;
    const scale = [base.J_PG, base.J_JEPA, perturbed.J_PG, perturbed.J_JEPA].reduce((m, x) => (x.abs().gt(m) ? x.abs() : m), c.zero);
    return (cancellation = measured.isZero() ? Infinity : Math.max(0, scale.div(measured.abs()).log(10).toNumber()));
  };
  // The lazy field from a shared descriptor, not a literal getter (a hidden class per object, whose
  // closure kept the evaluation alive through scavenges: engine/getters.ts); same keys, same order.
  const r = { reading, digits, deltaJ_PG, deltaJ_JEPA, deltaJ, base, perturbed } as PreciseDelta;
  Object.defineProperty(hide(r, CANCELLATION, cancellationDigits), 'cancellationDigits', CANCELLATION_DIGITS);
  r.numbers = { deltaJ_PG: deltaJ_PG.toNumber(), deltaJ_JEPA: deltaJ_JEPA.toNumber(), deltaJ: deltaJ.toNumber() };
  return r;
}

const CANCELLATION = Symbol('cancellationDigits');
const CANCELLATION_DIGITS = getter(function (this: PreciseDelta) { return (this as unknown as Record<symbol, () => number>)[CANCELLATION](); });

export interface PreciseLocalShift {
  state: number;
  digits: number;
  /** Base and perturbed policies at p.state, and their difference. */
  pi: Big[];
  piPrime: Big[];
  deltaPi: Big[];
  /** Q of the base policy at p.state. */
  Q: Big[];
  /** sum_i (pi'_i - pi_i) Q_i: the one-step (policy-improvement) change of the value at p.state. */
  oneStep: Big;
  /** V'(p.state) - V(p.state), on-policy, every state's policy moving as the perturbation dictates. */
  trueDeltaV: Big;
}

/** The exact local effect at the perturbed state, to compare with eq. (2) and the delta V of §4.3. */
export function preciseLocalShift(instance: Instance, perturbation: Perturbation, digits = 64): PreciseLocalShift {
  const c = preciseContext(digits);
  const entry = baseEntry(c, instance);
  // pi, Q and V need no JEPA errors; the moved point is kept, so Delta(0) is evaluated once per confirmation.
  const e0 = basePointOf(c, entry, false);
  const e1 = movedPointOf(c, entry, perturbation, { values: true, jepa: false }, entry.squares !== undefined);
  const s = perturbation.state;
  const deltaPi = e1.pi[s].map((x, i) => x.minus(e0.pi[s][i]));
  return {
    state: s,
    digits,
    pi: e0.pi[s],
    piPrime: e1.pi[s],
    deltaPi,
    Q: e0.Q[s],
    oneStep: dot(c, deltaPi, e0.Q[s]),
    trueDeltaV: e1.V[s].minus(e0.V[s]),
  };
}
