// The objective of eq. (1) at 64 digits for ANY head or encoder class: the classes compute the
// codes and the logits of every state, and src/precise's preciseObjectiveAt evaluates eq. (1) from
// them (the paper's linear head is its own caller of the same entry), so this is the confirmation
// engine of every variant. A separate implementation from the float64 one (src/variants/engine.ts);
// for the paper's classes, test/variants/engine.test.ts checks it against src/precise's preciseDelta.
import type { Instance, WorldModel } from '../model/types.ts';
import {
  bigMdp, bigPredictor, bigWorldModel, preciseContext, preciseObjectiveAt,
  type BigMdp, type PrecisePoint as EnginePoint, type PredictionCache as EngineCache,
} from '../precise/evaluate.ts';
import { bigNorm, projectOut, rowSpaceBasis } from '../precise/rowSpace.ts';
import type { Big, ObjectiveReading, Precise } from './types.ts';

export const DIGITS = 64;

// The 64-digit context of src/precise: the same mathjs instance, so the same BigNumber class.
const ctx = preciseContext(DIGITS);
const { math, zero, one, big } = ctx;

const dot = (x: readonly Big[], y: readonly Big[]): Big => x.reduce((s, v, i) => s.plus(v.times(y[i])), zero);

export const P: Precise = {
  digits: DIGITS,
  big,
  zero,
  one,
  tanh: (x) => math.tanh(x) as Big,
  sqrt: (x) => math.sqrt(x) as Big,
  vec: (x) => x.map(big),
  mat: (x) => x.map((r) => r.map(big)),
  dot,
  matVec: (M, x) => M.map((row) => dot(row, x)),
  projectToKernel(rows, v) {
    // Rows dependent up to rounding at 64 digits are dropped from the basis.
    const w = projectOut(math, rowSpaceBasis(math, rows, 1e-50), v);
    const size = bigNorm(math, w);
    const before = bigNorm(math, v);
    // A float64 vector that was meant to lie in the kernel keeps ~all of its length.
    if (size.lte(before.times(1e-6)) || size.isZero()) return null;
    return w.map((x) => x.div(size));
  },
};

export interface PreciseParts extends BigMdp {
  S: number;
  A: number;
  d: number;
  lambda: Big;
  predict: (z: Big[], a: number) => Big[];
}

export function preciseParts(instance: Instance): PreciseParts {
  const { mdp } = instance;
  const S = mdp.P.length;
  const A = mdp.P[0].length;
  const d = instance.encoder[0].length;
  return { S, A, d, ...bigMdp(ctx, mdp), lambda: big(instance.lambda), predict: precisePredictor(instance.worldModel, A) };
}

/** W_psi at 64 digits; the MLP's hidden layers use decimal.js's tanh (P.tanh). */
export const precisePredictor = (model: WorldModel, A: number): ((z: Big[], a: number) => Big[]) => bigPredictor(ctx, bigWorldModel(ctx, model), A, P.tanh);

/** The evaluation of src/precise at the codes and logits the classes compute (its on-policy J_JEPA unused here). */
export type PrecisePoint = EnginePoint;

/** Predictions keyed by the code row: unchanged rows are not recomputed (tanh at 64 digits is slow). */
export type PredictionCache = EngineCache;

export function precisePoint(parts: PreciseParts, codes: Big[][], logits: Big[][], cache: PredictionCache = new WeakMap()): PrecisePoint {
  return preciseObjectiveAt(DIGITS, parts, codes, logits, cache);
}

/** The two terms of eq. (1) at x under a reading; the fixed parts come from `base`. */
export function preciseObjective(parts: PreciseParts, base: PrecisePoint, x: PrecisePoint, reading: ObjectiveReading): { J_PG: Big; J_JEPA: Big } {
  let J_PG = x.J_PG;
  if (reading.pg === 'fixed-data') {
    let s = zero;
    base.d.forEach((ds, st) => base.pi[st].forEach((p, a) => (s = s.plus(ds.times(p).times(base.A[st][a]).times(x.logPi[st][a])))));
    J_PG = s.neg();
  }
  let j = zero;
  const uniform = one.div(parts.A);
  for (let s = 0; s < parts.S; s++)
    for (let a = 0; a < parts.A; a++) {
      const w = reading.jepa === 'on-policy' ? x.d[s].times(x.pi[s][a]) : reading.jepa === 'fixed-data' ? base.d[s].times(base.pi[s][a]) : uniform;
      j = j.plus(w.times(x.err[s][a]));
    }
  return { J_PG, J_JEPA: parts.lambda.times(j) };
}

