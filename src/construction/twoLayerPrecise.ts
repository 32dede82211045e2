// The two-layer head's objective at high precision (§6): the logits W2 tanh(W1 z + b1) + b2 computed
// in BigNumber, then src/precise's preciseObjectiveAt for eq. (1). A move of twoLayerHead.ts is a
// definite parameter point (codes z + eps u with eps u exact, the head's float64 entries), so its
// Delta J here is that point's, to `digits` digits: what a float64 decrease or increase is confirmed by.
import type { Instance, Reading } from '../model/types.ts';
import { bigMdp, bigPredictor, bigWorldModel, fixedData, preciseContext, preciseObjectiveAt, type PrecisePoint, type PreciseModel } from '../precise/evaluate.ts';
import type { Big } from '../precise/index.ts';
import type { TwoLayerHead, TwoLayerMove } from './twoLayerHead.ts';
import { affineOver, tanhLayer, type HeadField } from '../engine/classes.ts';

/** b2 + W2 tanh(W1 z + b1) for every code: the configuration's two-layer head class (src/engine/classes.ts) at `digits`. */
function bigLogits(digits: number, head: TwoLayerHead, codes: Big[][]): Big[][] {
  const c = preciseContext(digits);
  const F: HeadField<Big> = { ...c.field, of: c.big, tanh: c.tanh, exp: (x) => x.exp() };
  const W2 = head.W2.map((r) => r.map(c.big));
  const b2 = head.b2.map(c.big);
  return codes.map((z) => affineOver(F, W2, b2, tanhLayer(F, head, z).h));
}

/** J of eq. (1) under a reading; fixed data holds the base point's d, pi and A fixed (as twoLayerObjective does). */
function objectiveOf(digits: number, model: PreciseModel, base: PrecisePoint, x: PrecisePoint, reading: Reading): Big {
  const c = preciseContext(digits);
  if (reading === 'on-policy') return x.J_PG.plus(x.J_JEPA);
  const t = fixedData(c, model.lambda, base, x);
  return t.J_PG.plus(t.J_JEPA);
}

function modelOf(digits: number, instance: Instance, head: TwoLayerHead): PreciseModel {
  const c = preciseContext(digits);
  return { ...bigMdp(c, instance.mdp), lambda: c.big(instance.lambda), predict: bigPredictor(c, bigWorldModel(c, instance.worldModel), head.b2.length) };
}

/** pi, V, Q, A, d and J of the configuration with the two-layer head, at `digits` digits (what the hypotheses are decided on). */
export function preciseTwoLayerPoint(instance: Instance, head: TwoLayerHead, digits = 64): PrecisePoint {
  const c = preciseContext(digits);
  const codes = instance.encoder.map((z) => z.map(c.big));
  return preciseObjectiveAt(digits, modelOf(digits, instance, head), codes, bigLogits(digits, head, codes));
}

export interface PreciseTwoLayerDelta {
  /** Delta J at eps and at eps = 0 (the head change alone, e.g. the rounding of an isolating subspace). */
  deltaJ: Big;
  deltaJAtZero: Big;
  digits: number;
  /** J at the base point: the scale the Delta J are differences of (for deciding their signs beyond noise). */
  J0: Big;
}

/** Delta J of `move` at eps (and at 0) for the configuration `instance` with the two-layer head `head`, at `digits` digits. */
export function preciseTwoLayerDelta(instance: Instance, head: TwoLayerHead, move: TwoLayerMove, eps: number, reading: Reading, digits = 64): PreciseTwoLayerDelta {
  const c = preciseContext(digits);
  const model = modelOf(digits, instance, head);
  const codes = instance.encoder.map((z) => z.map(c.big));
  const base = preciseObjectiveAt(digits, model, codes, bigLogits(digits, head, codes));
  const J0 = objectiveOf(digits, model, base, base, reading);
  const at = (e: number): Big => {
    const E = c.big(e);
    const moved = codes.map((z, s) => (s === move.state ? z.map((x, j) => x.plus(E.times(c.big(move.u[j])))) : z));
    const x = preciseObjectiveAt(digits, model, moved, bigLogits(digits, move.head(e), moved), undefined, undefined, { values: reading === 'on-policy' });
    return objectiveOf(digits, model, base, x, reading).minus(J0);
  };
  return { deltaJ: at(eps), deltaJAtZero: at(0), digits, J0 };
}
