// The sign of a 64-digit value that is a difference of larger quantities (A = Q - V, Delta J = J' - J).
// A 64-digit solve leaves residues of about 1e-64 times those quantities where the exact value is 0
// (two identical actions, |A| = 1), so zero margin would read an exact tie as "> 0". A value is given
// a sign only beyond NOISE_64 times its scale; inside that band it is not decided either way, and a
// hypothesis resting on it is not met (the case is refused, never admitted).
import type { Big } from './context.ts';

/**
 * The fraction of its scale below which a 64-digit value is rounding residue: 24 digits above the
 * working precision, the margin the 64-digit decisions already use (minimisers' configAssumption1,
 * derivation/perturbation.ts's signs, the confirmations' "1e-40 of the scale").
 */
export const NOISE_64 = 1e-40;

export type Sign64 = { sign: 1 | -1; text: string } | { sign: null; text: string };

/** max(1, |x| over xs): the scale of a value computed as a difference of the xs. */
export function scaleOf(xs: Iterable<Big>): number {
  let m = 1;
  for (const x of xs) m = Math.max(m, Math.abs(x.toNumber()));
  return m;
}

const show = (x: Big): string => x.toSignificantDigits(6).toString();

/**
 * The sign of a 64-digit `x` whose scale is `scale` (the largest magnitude it is a difference of,
 * at least 1): decided only when |x| > NOISE_64 * scale. `name` is how the text calls x.
 */
export function sign64(name: string, x: Big, scale = 1): Sign64 {
  const margin = NOISE_64 * Math.max(1, scale);
  if (x.abs().gt(margin)) return x.gt(0) ? { sign: 1, text: `${name} = ${show(x)} > 0 at 64 digits` } : { sign: -1, text: `${name} = ${show(x)} < 0 at 64 digits` };
  return { sign: null, text: `${name} = ${show(x)} is within 64-digit noise of 0 (|${name}| <= ${margin.toPrecision(3)} = 1e-40 of its scale): not decided` };
}

/** x > 0 as a hypothesis: met only when decided positive; the text says why not otherwise. */
export function positive64(name: string, x: Big, scale = 1): { holds: boolean; why: string } {
  const s = sign64(name, x, scale);
  return { holds: s.sign === 1, why: s.text };
}
