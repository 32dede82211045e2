// The configuration's Prop. 1 overrides that change the case, not the check: an L one can measure
// (an estimate from sample pairs) instead of the certified one, and a generator that makes half the
// affine world models exact at z_d (W(z_d, a) = z_d, e = 0), where eqs. (4)-(5) rest on L alone.
import fc from 'fast-check';
import type { Instance } from '../model/types.ts';
import { worldModelFn } from '../engine/worldModel.ts';
import { vector } from '../search/arbitraries/scalar.ts';

/** The estimate's sample: LIPSCHITZ_PAIRS pairs z = z_d + LIPSCHITZ_SCALE g, g in [-1, 1]^d. */
export const LIPSCHITZ_PAIRS = 16;
export const LIPSCHITZ_SCALE = 1;

export type LipschitzPairs = [number[], number[]][];

export const lipschitzPairsArbitrary = (d: number): fc.Arbitrary<LipschitzPairs> =>
  fc.array(fc.tuple(vector(d, 1), vector(d, 1)), { minLength: LIPSCHITZ_PAIRS, maxLength: LIPSCHITZ_PAIRS });

/** Why the pairs cannot be used (a hand-edited counterexample file), or null. */
export function lipschitzPairsProblem(pairs: unknown, d: number): string | null {
  if (!Array.isArray(pairs) || pairs.length === 0) return 'case.lipschitzPairs: expected an array of [z1, z2] pairs (the estimated-L configuration draws them)';
  const bad = pairs.findIndex((p) => !Array.isArray(p) || p.length !== 2 || p.some((z) => !Array.isArray(z) || z.length !== d || z.some((x) => typeof x !== 'number' || !Number.isFinite(x))));
  return bad >= 0 ? `case.lipschitzPairs[${bad}]: expected two vectors of ${d} finite numbers` : null;
}

/** max over the pairs and actions of ||W(z1,a) - W(z2,a)|| / ||z1 - z2||: never above the true constant. */
export function estimateL(instance: Instance, pairs: LipschitzPairs): number {
  const zd = instance.encoder[0];
  const d = zd.length;
  const A = instance.head.W.length;
  const f = worldModelFn(instance.worldModel, d, A);
  let best = 0;
  const o1 = new Float64Array(d);
  const o2 = new Float64Array(d);
  for (const [g1, g2] of pairs) {
    const z1 = Float64Array.from(zd, (x, j) => x + LIPSCHITZ_SCALE * g1[j]);
    const z2 = Float64Array.from(zd, (x, j) => x + LIPSCHITZ_SCALE * g2[j]);
    const dz = Math.hypot(...z1.map((x, j) => x - z2[j]));
    if (dz === 0) continue;
    for (let a = 0; a < A; a++) {
      f(z1, a, o1);
      f(z2, a, o2);
      best = Math.max(best, Math.hypot(...o1.map((x, j) => x - o2[j])) / dz);
    }
  }
  return best;
}

/** The affine world model moved so that W(z_d, a) = z_d for every a (c_a = z_d - M_a z_d); an MLP is left as it is. */
export function worldModelExactAtZd(instance: Instance): Instance {
  const wm = instance.worldModel;
  if (wm.kind !== 'affine') return instance;
  const zd = instance.encoder[0];
  const c = wm.M.map((M) => zd.map((z, i) => z - M[i].reduce((s, m, j) => s + m * zd[j], 0)));
  return { ...instance, worldModel: { ...wm, c } };
}
