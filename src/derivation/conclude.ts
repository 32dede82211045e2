// What a derivation concludes for each kind of claim, from the exact (or 64-digit) facts alone,
// and under which readings the counterexample refutes the claim at first order.
import { READINGS, type Reading } from '../model/types.ts';
import type { Fraction } from 'mathjs';
import { rationalFacts, type PerturbationFacts } from './perturbation.ts';
import { showFraction } from '../precise/dual.ts';
import { NOISE_ZERO } from './exactValues.ts';

export type ClaimKind = 'eq5' | 'combine' | 'someK' | 'eq3' | 'k1' | 'jepa-bound' | 'generic';

export const READING_WORDS: Record<Reading, string> = {
  'on-policy': 'on-policy reading (the trajectory distribution of eq. (1) moves with the parameters)',
  'fixed-data': 'fixed-data reading (rollouts of the unperturbed policy held fixed; J_PG is the eq. (1) surrogate)',
};

const g = (x: number) => (Number.isInteger(x) ? String(x) : Math.abs(x) >= 1e-3 && Math.abs(x) < 1e4 ? x.toPrecision(6) : x.toExponential(5));

/** An exact rational longer than this prints as its decimal (a reader compares 4/9, not 6512990478116683776/8111899439615447279). */
const FRACTION_MAX = 15;
/** A number as a reader gets it: the exact fraction when the derivation has it and it is short, else 6 digits. */
const num = (x: number, r?: Fraction) => {
  if (r === undefined) return g(x);
  const t = showFraction(r);
  return t.length <= FRACTION_MAX ? t : g(x);
};

export interface Conclusion {
  text: string;
  /** Readings under which the facts refute the claim; null when the claim does not depend on the reading. */
  failing: Reading[] | null;
  /** The compared quantities (a fails against b), for the noise ratio. */
  compared: { a: number; b: number } | null;
  /** Finer than the readings, when the claim has further interpretations. */
  interpretations?: string[];
}

/** `zeroK` holds the facts at k = 0 for 'someK' (slope(k) = a + b k). */
export function conclude(kind: ClaimKind, f: PerturbationFacts, zeroK?: PerturbationFacts): Conclusion {
  const how = f.exact ? 'exact, in rational arithmetic' : 'at 64 digits';
  // the exact rationals behind f's numbers (a derivation built for a reader in the exact field), else none
  const q = rationalFacts(f);
  const qz = zeroK ? rationalFacts(zeroK) : q;
  // a 64-digit residue of an exact 0 (1e-65) reads as 0, as in the derivation's rows
  const n = (x: number, r?: Fraction) => (!f.exact && x !== 0 && Math.abs(x) < NOISE_ZERO ? '0' : num(x, r));
  const per = (pick: (r: Reading) => boolean) => READINGS.filter(pick);
  switch (kind) {
    case 'eq5': {
      const failing = per((r) => f.signs[r].JEPAminusC > 0);
      const parts = READINGS.map((r) => f.signs[r].JEPAorder === 1
        ? `${r}: dDelta J_JEPA/deps = ${n(f.slopes[r].JEPA, q?.slopes[r].JEPA)} ${f.signs[r].JEPAminusC > 0 ? '>' : '<'} C = ${n(f.C, q?.C)}`
        : `${r}: dDelta J_JEPA/deps = C = ${n(f.C, q?.C)}, and (1/2) d2Delta J_JEPA/deps2 = ${n(f.slopes[r].d2JEPA / 2, q?.slopes[r].d2JEPA.div(2))} ${f.signs[r].JEPAminusC > 0 ? '>' : f.signs[r].JEPAminusC < 0 ? '<' : '='} C' = ${n(f.Cprime, q?.Cprime)}`);
      const r0 = failing[0] ?? 'on-policy';
      const cmp = f.signs[r0].JEPAorder === 1 ? { a: f.slopes[r0].JEPA, b: f.C } : { a: f.slopes[r0].d2JEPA / 2, b: f.Cprime };
      return { text: `${parts.join('; ')} (${how}). Delta J_JEPA - (C eps + C' eps^2) = (slope - C) eps + (f''/2 - C') eps^2 + O(eps^3), so where the first non-zero of these is positive, Delta J_JEPA exceeds the bound for every small eps > 0: eq. (5) fails.`, failing, compared: cmp };
    }
    case 'combine': {
      // Prop. 2's gain is k1' = d_pi(s_a) p A (w^T u) (its facts carry k1 = d_pi p A, r^T u = w^T u, and
      // k1Const, which only a move of s_a has); Prop. 1's r = u is a unit.
      const prop2 = f.k1Const !== undefined;
      const name = prop2 ? "k1'" : 'k1';
      const gain = prop2 ? f.k1 * f.rTu : f.k1;
      const qGain = q ? (prop2 ? q.k1.mul(q.rTu) : q.k1) : undefined;
      const failing = per((r) => f.signs[r].J > 0);
      const verdict = (r: Reading) => (failing.includes(r) ? ' > 0: fails' : ': does not fail on this case');
      const parts = READINGS.map((r) => (f.signs[r].Jorder === 1 ? `${r}: dDelta J/deps = ${n(f.slopes[r].J, q?.slopes[r].J)}${verdict(r)}` : `${r}: dDelta J/deps = 0, d2Delta J/deps2 = ${n(f.slopes[r].d2J, q?.slopes[r].d2J)}${verdict(r)}`));
      return { text: `with k = ${n(f.k, q?.k)} (${name} = ${n(gain, qGain)}, C = ${n(f.C, q?.C)}, 2C/${name} = ${gain > 0 ? n(2 * f.C / gain, q && qGain ? q.C.mul(2).div(qGain) : undefined) : 'n/a'}): ${parts.join('; ')} (${how}). A positive slope (or a zero slope with a positive second derivative) means Delta J > 0 for every small eps > 0: the ${prop2 ? '§5.5' : '§4.5'} conclusion fails.`, failing, compared: { a: f.slopes[failing[0] ?? 'on-policy'].J, b: 0 } };
    }
    case 'someK': {
      const z = zeroK ?? f;
      const failing = per((r) => z.signs[r].J > 0 && f.slopes[r].J - z.slopes[r].J > 0);
      const parts = READINGS.map((r) => `${r}: a = ${n(z.slopes[r].J, qz?.slopes[r].J)}, b = ${n(f.slopes[r].J - z.slopes[r].J, q && qz ? q.slopes[r].J.sub(qz.slopes[r].J) : undefined)}`);
      return { text: `dDelta J/deps = a + b k (the slope is affine in k): ${parts.join('; ')} (${how}). With a > 0 and b > 0 no k > 0 gives Delta J < 0 for small eps.`, failing, compared: { a: z.slopes[failing[0] ?? 'on-policy'].J, b: 0 } };
    }
    case 'eq3': {
      const failing = per((r) => f.signs[r].PGminusPred !== 0);
      const pred = -f.k1 * f.rTu * f.k;
      const qPred = q ? q.k1.mul(q.rTu).mul(q.k).neg() : undefined;
      const parts = READINGS.map((r) => `${r}: dDelta J_PG/deps = ${n(f.slopes[r].PG, q?.slopes[r].PG)} ${f.signs[r].PGminusPred !== 0 ? '!=' : '='} -k1 (r^T u) k = ${n(pred, qPred)}`);
      if (f.k1Const !== undefined && f.constSigns) {
        // Prop. 2: also the reading where A^{pi_c} is the constant policy's advantage (properties/P2.eq3.ts).
        const cpred = -f.k1Const * f.rTu * f.k;
        const cfail = per((r) => f.constSigns![r] !== 0);
        const qc = q?.k1Const ? q.k1Const.mul(q.rTu).mul(q.k).neg() : undefined;
        parts.push(...READINGS.map((r) => `${r}, A^{pi_c} of the constant policy: ${n(f.slopes[r].PG, q?.slopes[r].PG)} ${f.constSigns![r] !== 0 ? '!=' : '='} ${n(cpred, qc)}`));
        const interpretations = [...failing.map((r) => `${r} reading, A^{pi_c} of the head's policy`), ...cfail.map((r) => `${r} reading, A^{pi_c} of the constant policy pi(.|z_d) played at every state`)];
        const r0 = cfail[0];
        return { text: `${parts.join('; ')} (${how}).`, failing: [...new Set([...failing, ...cfail])], compared: failing.length ? { a: f.slopes[failing[0]].PG, b: pred } : r0 ? { a: f.slopes[r0].PG, b: cpred } : null, interpretations };
      }
      return { text: `${parts.join('; ')} (${how}).`, failing, compared: failing.length ? { a: f.slopes[failing[0]].PG, b: pred } : null };
    }
    case 'k1': {
      const value = f.k1 * f.rTu;
      const refutes = f.k1Sign * f.rTuSign <= 0;
      // Prop. 2's head row is r = w (r^T u = w^T u); Prop. 1's is r = u, a unit, so r^T u = 1 and k1 is the paper's k1.
      const text = f.rTu !== 1 ? `k1' = d_pi(s_a) p A (w^T u) = ${n(f.k1, q?.k1)} x ${n(f.rTu, q?.rTu)} = ${n(value, q?.k1.mul(q.rTu))}` : `k1 = d_pi(s) p A = ${n(f.k1, q?.k1)}`;
      return { text: `${text} (${how}): ${refutes ? 'not > 0' : '> 0'}.`, failing: refutes ? null : [], compared: null };
    }
    case 'jepa-bound':
    case 'generic':
    default:
      return { text: `slopes at eps = 0 (${how}): ${READINGS.map((r) => `${r}: PG ${n(f.slopes[r].PG, q?.slopes[r].PG)}, JEPA ${n(f.slopes[r].JEPA, q?.slopes[r].JEPA)}, J ${n(f.slopes[r].J, q?.slopes[r].J)}`).join('; ')}; k1 = ${n(f.k1, q?.k1)}, C = ${n(f.C, q?.C)}.`, failing: null, compared: null };
  }
}

/** How far the deciding comparison is from float64 noise (|a - b| against 2^-52 (|a| + |b|) x 64 roundings). */
export function noiseRatio(c: { a: number; b: number }): number {
  const noise = 64 * Number.EPSILON * (Math.abs(c.a) + Math.abs(c.b));
  return noise === 0 ? Number.POSITIVE_INFINITY : Math.abs(c.a - c.b) / noise;
}
