// The data J_JEPA is an expectation over, as the configuration says. 'reading': the check's own
// reading of eq. (1) (the paper's). 'replay': the unperturbed policy's trajectory distribution (a
// replay buffer) whatever J_PG's reading. 'offline-uniform': an offline dataset weighting every
// state 1 and every action 1/|A|. J_PG always follows the check's reading; the two terms are
// evaluated by the engine (float64) and src/precise (64 digits) and only their weights change here.
import type { Instance, Perturbation, Reading } from '../model/types.ts';
import { jepaErrors, jepaLoss, type BasePoint } from '../engine/objective.ts';
import { bigMdp, bigPredictor, bigWorldModel, preciseContext, preciseObjectiveAt, type Big } from '../precise/evaluate.ts';
import type { Configuration } from './configuration.ts';
import { DIGITS, preciseDeltaAt, type DeltaPart } from './confirm.ts';
import { deltaSeries } from './prop1Checks.ts';
import { EPS_SEQUENCE } from './taylor.ts';

type Point = { eps: number; delta: number; noise: number };

/** Delta of a part of J over the eps sequence, J_JEPA over the configured data. */
export function deltaSeriesUnder(cfg: Configuration, base: BasePoint, p: Omit<Perturbation, 'eps'>, reading: Reading, part: DeltaPart, eps: readonly number[] = EPS_SEQUENCE): Point[] {
  if (cfg.jepaData === 'reading' || part === 'deltaJ_PG') return deltaSeries(base, p, reading, part, eps);
  const jepa = cfg.jepaData === 'replay' ? deltaSeries(base, p, 'fixed-data', 'deltaJ_JEPA', eps) : eps.map((e) => offlineDelta(base, p, e));
  if (part === 'deltaJ_JEPA') return jepa;
  const pg = deltaSeries(base, p, reading, 'deltaJ_PG', eps);
  return jepa.map((j, i) => ({ eps: j.eps, delta: pg[i].delta + j.delta, noise: pg[i].noise + j.noise }));
}

/** The same Delta at 64 digits. */
export function preciseDeltaUnder(cfg: Configuration, instance: Instance, q: Omit<Perturbation, 'eps'>, reading: Reading, part: DeltaPart, eps: number): number {
  if (cfg.jepaData === 'reading' || part === 'deltaJ_PG') return preciseDeltaAt(instance, { ...q, eps }, reading, part, eps);
  const jepa = cfg.jepaData === 'replay' ? preciseDeltaAt(instance, { ...q, eps }, 'fixed-data', 'deltaJ_JEPA', eps) : preciseOfflineDelta(instance, q, eps);
  return part === 'deltaJ_JEPA' ? jepa : jepa + preciseDeltaAt(instance, { ...q, eps }, reading, 'deltaJ_PG', eps);
}

/** The weight the configured data puts on the steps at s_Δ: eq. (5)'s m (null: the check's own, d_pi(s_Δ)). */
export const dataWeightAtState = (cfg: Configuration): number | null => (cfg.jepaData === 'offline-uniform' ? 1 : null);

function offlineDelta(base: BasePoint, p: Omit<Perturbation, 'eps'>, eps: number): Point {
  const prep = base.prep;
  const { S, A, d } = prep;
  const E = Float64Array.from(prep.E);
  for (let j = 0; j < d; j++) E[p.state * d + j] += eps * p.u[j];
  const ones = new Float64Array(S).fill(1);
  const uniform = new Float64Array(S * A).fill(1 / A);
  const before = jepaLoss(prep, ones, uniform, base.errSq);
  const after = jepaLoss(prep, ones, uniform, jepaErrors({ ...prep, E }));
  // The rounding of two sums of S*A*S squared errors (the engine's rule without a policy evaluation).
  return { eps, delta: after - before, noise: 16 * Number.EPSILON * Math.sqrt(S * A * d) * (Math.abs(before) + Math.abs(after)) };
}

function preciseOfflineDelta(instance: Instance, q: Omit<Perturbation, 'eps'>, eps: number): number {
  const ctx = preciseContext(DIGITS);
  const A = instance.head.W.length;
  const model = { ...bigMdp(ctx, instance.mdp), lambda: ctx.big(instance.lambda), predict: bigPredictor(ctx, bigWorldModel(ctx, instance.worldModel), A) };
  const codes = instance.encoder.map((row) => row.map((x) => ctx.big(x)));
  const u = q.uExact ? q.uExact.map(ctx.parse) : q.u.map((x) => ctx.big(x));
  const e = ctx.big(eps);
  const moved = codes.map((row, s) => (s === q.state ? row.map((x, j) => x.plus(e.times(u[j]))) : row));
  const logits = codes.map(() => new Array<Big>(A).fill(ctx.zero));
  const J = (z: Big[][]) => {
    const err = preciseObjectiveAt(DIGITS, model, z, logits, new WeakMap(), undefined, { values: false }).err;
    return model.lambda.times(err.reduce((s, row) => row.reduce((t, x) => t.plus(x), s), ctx.zero)).div(A);
  };
  return J(moved).minus(J(codes)).toNumber();
}
