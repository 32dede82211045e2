// The prop1 workload: one case = §4's construction on a random collapsed instance, then J exactly
// at the base point and at four eps under both readings, and the eq. (3) and eq. (5) margins.
// `prop1Reference` goes through the tool's readable API (what the property checks call);
// `Prop1Kernel` is the same arithmetic on reused flat buffers, and must give the same numbers.
import { READINGS, type Reading } from '../model/types.ts';
import { baseObjective, basePoint, perturbedObjective, prepare } from '../engine/objective.ts';
import { channelU, prop1Perturbation, prop1Predictions } from '../construction/prop1.ts';
import type { FlatInstance } from './instance.ts';
import { toInstance } from './instance.ts';

export const EPSILONS = [1e-2, 1e-3, 1e-4, 1e-5] as const;
/** The head tweak's free k > 0 (§4.2). */
export const K = 1;

export interface Prop1Figures {
  /** u of §4.2 (W u = 0, u^T z_d = 0, |u| = 1). */
  u: Float64Array;
  state: number;
  action: number;
  k1: number;
  L: number;
  Emax: number;
  C: number;
  Cprime: number;
  /** J at the base point: [on-policy, fixed-data]. */
  J0: Float64Array;
  /** Index e * 2 + r for eps EPSILONS[e] under reading READINGS[r]. */
  deltaPG: Float64Array;
  deltaJEPA: Float64Array;
  /** (Delta J_PG + k1 k eps) / eps^2: stays bounded as eps -> 0 iff eq. (3)'s O(eps^2) holds. */
  eq3: Float64Array;
  /** C eps + C' eps^2 - Delta J_JEPA: eq. (5) holds where this is >= 0. */
  eq5: Float64Array;
}

export const emptyFigures = (d: number): Prop1Figures => ({
  u: new Float64Array(d), state: -1, action: -1, k1: NaN, L: NaN, Emax: NaN, C: NaN, Cprime: NaN,
  J0: new Float64Array(2), deltaPG: new Float64Array(8), deltaJEPA: new Float64Array(8), eq3: new Float64Array(8), eq5: new Float64Array(8),
});

/** The pair maximising k1 = d_pi(s) p_a A(s, a); ties go to the first in (s, a) order. */
export function bestPair(d: ArrayLike<number>, pi: ArrayLike<number>, adv: ArrayLike<number>, S: number, A: number): [number, number] {
  let best = -Infinity, state = 0, action = 0;
  for (let s = 0; s < S; s++)
    for (let a = 0; a < A; a++) {
      const k1 = d[s] * pi[s * A + a] * adv[s * A + a];
      if (k1 > best) { best = k1; state = s; action = a; }
    }
  return [state, action];
}

export function prop1Reference(f: FlatInstance): Prop1Figures {
  const instance = toInstance(f);
  const out = emptyFigures(f.d);
  const channel = channelU(instance.head.W, instance.encoder[0]);
  if (!channel.u) throw new Error('ker W ∩ z_d^⊥ = {0}: the bench needs d >= |A| + 2');
  out.u.set(channel.u);
  const base = basePoint(prepare(instance));
  const at = READINGS.map((r) => baseObjective(base, r));
  at.forEach((v, r) => (out.J0[r] = v.J));
  const [state, action] = bestPair(base.evaluation.d, base.evaluation.pi, base.advantage, f.S, f.A);
  const pred = prop1Predictions(instance, base, state, action);
  Object.assign(out, { state, action, k1: pred.k1, L: pred.L, Emax: pred.Emax, C: pred.C, Cprime: pred.Cprime });
  EPSILONS.forEach((eps, e) => {
    const p = prop1Perturbation(state, action, channel.u!, K, eps);
    READINGS.forEach((reading: Reading, r) => {
      const moved = perturbedObjective(base, p, reading);
      const i = e * 2 + r;
      out.deltaPG[i] = moved.J_PG - at[r].J_PG;
      out.deltaJEPA[i] = moved.J_JEPA - at[r].J_JEPA;
      out.eq3[i] = (out.deltaPG[i] + pred.k1 * K * eps) / (eps * eps);
      out.eq5[i] = pred.C * eps + pred.Cprime * eps * eps - out.deltaJEPA[i];
    });
  });
  return out;
}
