// High-precision confirmation (64 significant digits, mathjs BigNumber) of float64 candidates.
import type { Instance, Perturbation, Reading } from '../model/types.ts';
import { preciseDelta } from '../precise/index.ts';
import type { Confirmation } from './framework.ts';
import { fmt } from './framework.ts';

export const DIGITS = 64;

export type DeltaPart = 'deltaJ_PG' | 'deltaJ_JEPA' | 'deltaJ';

/**
 * Delta(eps) - Delta(0) at 64 digits. A numerically computed u satisfies W u = 0 and u^T z_d = 0
 * only to ~1e-16, so the head tweak alone (eps = 0) moves every logit by ~k 1e-16; subtracting
 * Delta(0) removes that eps-independent part, leaving cross terms of relative size ~1e-16.
 */
export function preciseDeltaAt(instance: Instance, p: Perturbation, reading: Reading, part: DeltaPart, eps: number): number {
  // J_PG alone needs no JEPA errors, most of a 64-digit evaluation's cost (the same J_PG digits either way).
  const only = part === 'deltaJ_PG' ? part : undefined;
  const at = preciseDelta(instance, { ...p, eps }, reading, DIGITS, only);
  const zero = preciseDelta(instance, { ...p, eps: 0 }, reading, DIGITS, only);
  return at[part].minus(zero[part]).toNumber();
}

/**
 * A 64-digit slope has settled when its values at eps = 1e-12 (s1) and 1e-16 (s2) differ by at most
 * 1e-3 of the gap its decision rests on (to the prediction, or to the bound it is held against): a
 * larger drift means the first-order term is not what the slopes measure, so they decide nothing.
 */
export function slopeSettled(s1: number, s2: number, gap: number): boolean {
  return Math.abs(s1 - s2) <= 1e-3 * Math.abs(gap);
}

/** Confirm that d/deps Delta at 0 differs from g: slopes at eps = 1e-12 and 1e-16 agree with each other, not with g. */
export function confirmSlope(slopeAt: (eps: number) => number, predicted: number | (() => number)): Confirmation {
  // The prediction is recomputed at 64 digits too: a float64 advantage A = Q - V can carry a large
  // relative error when |A| << |Q|, which would otherwise look like a first-order discrepancy.
  const g = typeof predicted === 'number' ? predicted : predicted();
  const s2 = slopeAt(1e-16);
  const gap = Math.abs(s2 - g);
  const apart = gap > 1e-6 * (Math.abs(g) + Math.abs(s2)) + 1e-30;
  // Agreeing with g at eps = 1e-16 decides the case (the candidate vanishes) whatever the slope at
  // 1e-12 is, so that second 64-digit evaluation is made only when the slopes are apart.
  if (!apart) return { confirmed: false, margin: gap, digits: DIGITS, message: `dDelta/deps = ${fmt(s2)} (at eps = 1e-16) against the predicted ${fmt(g)}` };
  const s1 = slopeAt(1e-12);
  const converged = slopeSettled(s1, s2, gap);
  // Apart from g but not settled between eps = 1e-12 and 1e-16: the 64-digit check cannot decide.
  return { confirmed: converged, unavailable: !converged, margin: gap, digits: DIGITS, message: `dDelta/deps = ${fmt(s2)} (at eps = 1e-16; ${fmt(s1)} at 1e-12) against the predicted ${fmt(g)}` };
}

/** Confirm "value(eps) <= bound(eps)" fails as eps -> 0: violated at both eps = 1e-6 and 1e-9. */
export function confirmBound(valueAt: (eps: number) => number, bound: (eps: number) => number): Confirmation {
  const margins = [1e-6, 1e-9].map((eps) => {
    const b = bound(eps);
    return { eps, margin: valueAt(eps) - b, b };
  });
  const confirmed = margins.every((m) => m.margin > 1e-45 + 1e-12 * Math.abs(m.b));
  return {
    confirmed,
    margin: margins[1].margin,
    digits: DIGITS,
    message: margins.map((m) => `excess ${fmt(m.margin)} at eps = ${m.eps}`).join(', '),
  };
}
