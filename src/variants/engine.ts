// The objective of eq. (1) in float64 from the codes and logits of every state, so that any head or
// encoder class can be evaluated: the classes compute codes and logits, this module does the rest
// with the tabular engine's own policy evaluation and JEPA error.
import type { Instance } from '../model/types.ts';
import { advantage, evaluatePolicy, logSoftmaxRows, softmaxRowsInto, type PolicyEvaluation } from '../engine/evaluate.ts';
import { jepaErrors, jepaLoss, type Prepared } from '../engine/objective.ts';
import { flatten, type FlatMdp } from '../engine/mdp.ts';
import { worldModelFn, type WorldModelFn } from '../engine/worldModel.ts';
import type { ObjectiveReading } from './types.ts';

export interface Parts {
  S: number;
  A: number;
  d: number;
  mdp: FlatMdp;
  world: WorldModelFn;
  lambda: number;
}

export function partsOf(instance: Instance): Parts {
  const mdp = flatten(instance.mdp);
  const d = instance.encoder[0].length;
  return { S: mdp.S, A: mdp.A, d, mdp, world: worldModelFn(instance.worldModel, d, mdp.A), lambda: instance.lambda };
}

export interface Point {
  codes: Float64Array;
  logits: Float64Array;
  pi: Float64Array;
  logPi: Float64Array;
  evaluation: PolicyEvaluation;
  advantage: Float64Array;
  /** errSq[(s*A + a)*S + s'] = ||W_psi(z_s, a) - z_s'||^2. */
  errSq: Float64Array;
}

const prepared = (parts: Parts, codes: Float64Array): Prepared => ({ ...parts, E: codes, W: new Float64Array(0), b: new Float64Array(0) });

export function evaluatePoint(parts: Parts, codes: Float64Array, logits: Float64Array): Point {
  const { S, A } = parts;
  const pi = softmaxRowsInto(logits, S, A, new Float64Array(S * A));
  const evaluation = evaluatePolicy(parts.mdp, pi);
  return { codes, logits, pi, logPi: logSoftmaxRows(logits, S, A), evaluation, advantage: advantage(evaluation, S, A), errSq: jepaErrors(prepared(parts, codes)) };
}

export interface Terms {
  J_PG: number;
  J_JEPA: number;
}

/** The JEPA data weight of each state and the action distribution under a reading. */
function jepaWeights(parts: Parts, base: Point, x: Point, reading: ObjectiveReading): { weight: Float64Array; pi: Float64Array } {
  if (reading.jepa === 'on-policy') return { weight: x.evaluation.d, pi: x.pi };
  if (reading.jepa === 'fixed-data') return { weight: base.evaluation.d, pi: base.pi };
  return { weight: new Float64Array(parts.S).fill(1), pi: new Float64Array(parts.S * parts.A).fill(1 / parts.A) };
}

/** The weight the reading puts on the steps at `state`: the m of eq. (5). */
export function dataWeight(base: Point, reading: ObjectiveReading, state: number): number {
  return reading.jepa === 'offline-uniform' ? 1 : base.evaluation.d[state];
}

export function objective(parts: Parts, base: Point, x: Point, reading: ObjectiveReading): Terms {
  const { S, A } = parts;
  let J_PG = x.evaluation.J_PG;
  if (reading.pg === 'fixed-data') {
    let total = 0;
    for (let s = 0; s < S; s++) {
      const ds = base.evaluation.d[s];
      if (ds === 0) continue;
      for (let a = 0; a < A; a++) {
        const w = base.pi[s * A + a] * base.advantage[s * A + a];
        if (w !== 0) total += ds * w * x.logPi[s * A + a];
      }
    }
    J_PG = -total;
  }
  const { weight, pi } = jepaWeights(parts, base, x, reading);
  return { J_PG, J_JEPA: jepaLoss(prepared(parts, x.codes), weight, pi, x.errSq) };
}

export interface DeltaTerms {
  deltaJ_PG: number;
  deltaJ_JEPA: number;
  deltaJ: number;
  noise: number;
}

/** J(x) - J(base) under a reading, with the float64 noise rule of src/engine/objective.ts. */
export function deltaTerms(parts: Parts, base: Point, x: Point, reading: ObjectiveReading, at: Terms = objective(parts, base, base, reading)): DeltaTerms {
  const moved = objective(parts, base, x, reading);
  const horizon = Math.max(base.evaluation.horizon, x.evaluation.horizon, 1);
  const scale = Math.abs(at.J_PG) + Math.abs(at.J_JEPA) + Math.abs(moved.J_PG) + Math.abs(moved.J_JEPA);
  return {
    deltaJ_PG: moved.J_PG - at.J_PG,
    deltaJ_JEPA: moved.J_JEPA - at.J_JEPA,
    deltaJ: moved.J_PG + moved.J_JEPA - (at.J_PG + at.J_JEPA),
    noise: 16 * Number.EPSILON * horizon * Math.sqrt(parts.S * parts.A * parts.d) * scale,
  };
}
