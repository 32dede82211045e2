// J under a configuration's head and encoder classes (Prop. 1): the readable path. The classes give
// the codes and logits of every state (src/engine/classes.ts, one definition over a field); the
// float64 objective is the engine's own (policy evaluation, surrogate, JEPA loss, noise rule of
// deltaBetween) and the 64-digit one src/precise's preciseObjectiveAt. The paper's classes never
// come here: they keep the incremental kernel (engine/series.ts).
import type { Instance, Perturbation, Reading } from '../model/types.ts';
import { InputError } from '../model/validate.ts';
import { advantage, evaluatePolicy, logSoftmaxRows, softmaxRowsInto } from '../engine/evaluate.ts';
import { deltaBetween, jepaErrors, jepaLoss, prepare, surrogateValue, type BasePoint, type ObjectiveValue } from '../engine/objective.ts';
import { affineOver, classLogits, FLOAT, headFeatures, linearFeaturesSpread, tabularSpread, type HeadField, type TwoLayerParams } from '../engine/classes.ts';
import { bigMdp, bigPredictor, bigWorldModel, preciseContext, preciseObjectiveAt, type Big, type PrecisePoint, type PredictionCache } from '../precise/evaluate.ts';
import { fastExp } from '../precise/fastExp.ts';
import type { Configuration } from './configuration.ts';
import { DIGITS, type DeltaPart } from './confirm.ts';

export type { TwoLayerParams } from '../engine/classes.ts';

/** What a case carries for the classes: W1, b1 under 'two-layer-tanh', features x(s) under 'linear-features'. */
export interface ClassParams {
  twoLayer?: TwoLayerParams;
  features?: number[][];
}

export interface Classes {
  head: TwoLayerParams | null;
  features: number[][] | null;
}

const ctx = preciseContext(DIGITS);
export const BIG: HeadField<Big> = { ...ctx.field, of: ctx.big, tanh: ctx.tanh, exp: fastExp };
export const bigOf = (x: number | string): Big => (typeof x === 'number' ? ctx.big(x) : (ctx.math.bignumber(x) as Big));
export const preciseMath = ctx.math;

function checkVector(v: unknown, field: string, n: number): void {
  if (!Array.isArray(v) || v.length !== n) throw new InputError(`${field}: expected ${n} numbers`);
  v.forEach((x, i) => {
    if (typeof x !== 'number' || !Number.isFinite(x)) throw new InputError(`${field}[${i}]: expected a finite number`);
  });
}

function checkMatrix(m: unknown, field: string, rows: number, cols: number | null): void {
  if (!Array.isArray(m) || m.length !== rows) throw new InputError(`${field}: expected ${rows} rows`);
  const width = cols ?? (Array.isArray(m[0]) ? m[0].length : 0);
  if (width < 1) throw new InputError(`${field}[0]: expected a non-empty row of numbers`);
  m.forEach((r, i) => checkVector(r, `${field}[${i}]`, width));
}

/**
 * The case's class parameters for the configuration, validated: a missing or malformed field is an
 * InputError naming it (a replayed counterexample file is data). S states, codes of length d.
 */
export function classesOf(c: ClassParams, cfg: Configuration, S: number, d: number): Classes {
  let head: TwoLayerParams | null = null;
  let features: number[][] | null = null;
  if (cfg.head === 'two-layer-tanh') {
    const p = c.twoLayer as Partial<TwoLayerParams> | undefined;
    if (typeof p !== 'object' || p === null) throw new InputError('case.twoLayer: missing (the head configuration two-layer-tanh needs { W1, b1 })');
    checkMatrix(p.W1, 'case.twoLayer.W1', d, d);
    checkVector(p.b1, 'case.twoLayer.b1', d);
    head = p as TwoLayerParams;
  }
  if (cfg.encoder === 'linear-features') {
    checkMatrix(c.features, 'case.features', S, null);
    features = c.features!;
    if (features.some((x) => x[0] !== 1)) throw new InputError('case.features: every feature vector starts with the constant feature 1');
  }
  return { head, features };
}

/** The encoder's spread over a field, or null when it cannot move s_Δ's code. */
export function spreadOf<T>(F: HeadField<T>, classes: Classes, state: number, S: number): T[] | null {
  return classes.features ? linearFeaturesSpread(F, classes.features, state) : tabularSpread(F, state, S);
}

/** The base point under the classes (codes unmoved, the head's logits): what the fixed-data reading holds fixed. */
export function classBasePoint(instance: Instance, head: TwoLayerParams | null): BasePoint {
  const prep = prepare(instance);
  const { S, A } = prep;
  const l = new Float64Array(S * A);
  instance.encoder.forEach((z, s) => affineOver(FLOAT, instance.head.W, instance.head.b, headFeatures(FLOAT, head, z)).forEach((x, a) => (l[s * A + a] = x)));
  const pi = softmaxRowsInto(l, S, A, new Float64Array(S * A));
  const evaluation = evaluatePolicy(prep.mdp, pi);
  return { prep, evaluation, advantage: advantage(evaluation, S, A), logPi: logSoftmaxRows(l, S, A), errSq: jepaErrors(prep) };
}

type Point = { eps: number; delta: number; noise: number };
type JepaData = Configuration['jepaData'];

/** J at codes and logits under a reading, J_JEPA over the configured data; fixed parts from `base`. */
function objectiveAt(base: BasePoint, codes: number[][], logits: number[][], reading: Reading, data: JepaData): ObjectiveValue & { horizon: number } {
  const { S, A } = base.prep;
  const prep = { ...base.prep, E: Float64Array.from(codes.flat()) };
  const l = Float64Array.from(logits.flat());
  const errSq = jepaErrors(prep);
  let J_PG: number;
  let horizon = 0;
  let weight = base.evaluation.d;
  let pi = base.evaluation.pi;
  if (reading === 'on-policy') {
    const ev = evaluatePolicy(prep.mdp, softmaxRowsInto(l, S, A, new Float64Array(S * A)));
    J_PG = ev.J_PG;
    horizon = ev.horizon;
    if (data === 'reading') ({ d: weight, pi } = ev);
  } else J_PG = surrogateValue(S, A, base.evaluation.d, base.evaluation.pi, base.advantage, logSoftmaxRows(l, S, A));
  if (data === 'offline-uniform') {
    weight = new Float64Array(S).fill(1);
    pi = new Float64Array(S * A).fill(1 / A);
  }
  const J_JEPA = jepaLoss(prep, weight, pi, errSq);
  return { J_PG, J_JEPA, J: J_PG + J_JEPA, horizon };
}

/** J under the classes for one case and pair (s_Δ, a_Δ). */
export interface ClassModel {
  series(p: Omit<Perturbation, 'eps'>, reading: Reading, part: DeltaPart, eps: readonly number[]): Point[];
  /** [Delta(k, eps) - Delta(k, 0)] of a part at 64 digits (the head tweak's eps-independent effect removed, as preciseDeltaAt does). */
  preciseDelta(q: Omit<Perturbation, 'eps'>, reading: Reading, part: DeltaPart, eps: number): number;
  /** p_aΔ, A(s_Δ, a_Δ), d_pi(s_Δ) at 64 digits under the classes. */
  preciseBase(): { p: Big; advantage: Big; visitation: Big; Q: Big[][] };
}

/** J under the classes in float64 and at 64 digits, for one case, s_Δ = state. */
export function classModel(instance: Instance, classes: Classes, base: BasePoint, state: number, action: number, cfg: Configuration): ClassModel {
  const { S, A } = base.prep;
  const spread64 = spreadOf(FLOAT, classes, state, S);
  if (!spread64) throw new Error('the encoder cannot move the code of s_Δ');
  const codes0 = instance.encoder.map((z) => z.slice());
  const m64 = (p: Omit<Perturbation, 'eps'>) => ({ codes: codes0, W: instance.head.W, b: instance.head.b, head: classes.head, spread: spread64, u: p.u, r: p.r, action: p.action });
  const at = new Map<Reading, ObjectiveValue>();
  const atOf = (reading: Reading) => {
    let v = at.get(reading);
    if (!v) {
      const l0 = codes0.map((z) => affineOver(FLOAT, instance.head.W, instance.head.b, headFeatures(FLOAT, classes.head, z)));
      at.set(reading, (v = objectiveAt(base, codes0, l0, reading, cfg.jepaData)));
    }
    return v;
  };
  let precise: { model: Parameters<typeof preciseObjectiveAt>[1]; cache: PredictionCache; base: PrecisePoint; codes: Big[][]; spread: Big[] } | null = null;
  const prec = () => {
    if (precise) return precise;
    const model = { ...bigMdp(ctx, instance.mdp), lambda: ctx.big(instance.lambda), predict: bigPredictor(ctx, bigWorldModel(ctx, instance.worldModel), A) };
    const codes = instance.encoder.map((z) => z.map(ctx.big));
    const spread = spreadOf(BIG, classes, state, S);
    if (!spread) throw new Error('the encoder cannot move the code of s_Δ at 64 digits');
    const cache: PredictionCache = new WeakMap();
    const W = instance.head.W.map((row) => row.map(ctx.big));
    const b = instance.head.b.map(ctx.big);
    const logits = codes.map((z) => affineOver(BIG, W, b, headFeatures(BIG, classes.head, z)));
    return (precise = { model, cache, base: preciseObjectiveAt(DIGITS, model, codes, logits, cache), codes, spread });
  };
  const preciseJ = (x: PrecisePoint, reading: Reading, part: DeltaPart): Big => {
    const b0 = prec().base;
    let J_PG = x.J_PG;
    if (reading === 'fixed-data') {
      let s = ctx.zero;
      b0.d.forEach((ds, st) => b0.pi[st].forEach((p, a) => (s = s.plus(ds.times(p).times(b0.A[st][a]).times(x.logPi[st][a])))));
      J_PG = s.neg();
    }
    if (part === 'deltaJ_PG') return J_PG;
    const data = cfg.jepaData === 'reading' ? reading : cfg.jepaData === 'replay' ? 'fixed-data' : 'offline-uniform';
    const uniform = ctx.one.div(A);
    let j = ctx.zero;
    for (let s = 0; s < S; s++)
      for (let a = 0; a < A; a++) {
        const w = data === 'on-policy' ? x.d[s].times(x.pi[s][a]) : data === 'fixed-data' ? b0.d[s].times(b0.pi[s][a]) : uniform;
        j = j.plus(w.times(x.err[s][a]));
      }
    const J_JEPA = prec().model.lambda.times(j);
    return part === 'deltaJ_JEPA' ? J_JEPA : J_PG.plus(J_JEPA);
  };
  return {
    series: (p, reading, part, eps) => {
      const a0 = atOf(reading);
      return eps.map((e) => {
        const { codes, logits } = classLogits(FLOAT, m64(p), p.k, e);
        const moved = objectiveAt(base, codes, logits, reading, cfg.jepaData);
        const dl = deltaBetween(base, a0, moved, moved.horizon);
        return { eps: e, delta: dl[part], noise: dl.noise };
      });
    },
    preciseDelta: (q, reading, part, eps) => {
      const x = prec();
      const vec = (exact: string[] | undefined, v: number[]) => (exact ? exact.map(bigOf) : v.map(ctx.big));
      const m = { codes: x.codes, W: instance.head.W.map((row) => row.map(ctx.big)), b: instance.head.b.map(ctx.big), head: classes.head, spread: x.spread, u: vec(q.uExact, q.u), r: vec(q.rExact, q.r), action: q.action };
      const J = (e: Big) => {
        const { codes, logits } = classLogits(BIG, m, ctx.big(q.k), e);
        return preciseJ(preciseObjectiveAt(DIGITS, x.model, codes, logits, x.cache), reading, part);
      };
      return J(ctx.big(eps)).minus(J(ctx.zero)).toNumber();
    },
    preciseBase: () => {
      const b0 = prec().base;
      return { p: b0.pi[state][action], advantage: b0.A[state][action], visitation: b0.d[state], Q: b0.Q };
    },
  };
}
