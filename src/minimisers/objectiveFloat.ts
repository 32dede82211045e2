// float64 J_fd(x; base) through the engine (the fixed-data value away from the base, which the
// autodiff objective, evaluated at its own base, does not give).
import { advantage, evaluatePolicy, logSoftmaxRows, softmaxRowsInto, type PolicyEvaluation } from '../engine/evaluate.ts';
import { jepaErrors, jepaLoss, logits, prepare, surrogateValue } from '../engine/objective.ts';
import type { Mdp } from '../model/types.ts';
import { toInstance, unpack, type Layout } from './config.ts';

export interface FloatPoint { evaluation: PolicyEvaluation; advantage: Float64Array }

const prep = (mdp: Mdp, L: Layout, x: number[], lambda = 0) => prepare(toInstance(mdp, lambda, unpack(L, x)));

export function pointOf(mdp: Mdp, L: Layout, x: number[]): FloatPoint {
  const p = prep(mdp, L, x);
  const pi = softmaxRowsInto(logits(p), p.S, p.A, new Float64Array(p.S * p.A));
  const evaluation = evaluatePolicy(p.mdp, pi);
  return { evaluation, advantage: advantage(evaluation, p.S, p.A) };
}

export function fixedDataAt(mdp: Mdp, lambda: number, L: Layout, x: number[], base: FloatPoint): number {
  const p = prep(mdp, L, x, lambda);
  const logPi = logSoftmaxRows(logits(p), p.S, p.A);
  const pg = surrogateValue(p.S, p.A, base.evaluation.d, base.evaluation.pi, base.advantage, logPi);
  return pg + jepaLoss(p, base.evaluation.d, base.evaluation.pi, jepaErrors(p));
}
