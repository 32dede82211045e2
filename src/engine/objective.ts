// The objective of eq. (1) on a tabular instance: J = J_PG + J_JEPA under both readings (CLAIMS.md).
import type { Instance, Perturbation, Reading } from '../model/types.ts';
import { advantageInto, evaluatePolicy, evaluatePolicyOnto, logSoftmaxRows, logSoftmaxRowsInto, softmaxRowsInto, type PolicyEvaluation } from './evaluate.ts';
import { flatten, type FlatMdp } from './mdp.ts';
import { worldModelFn, type WorldModelFn } from './worldModel.ts';
import { once } from './once.ts';
import { arena } from './arena.ts';
import { hide, ownHidden } from './getters.ts';

/** An instance in flat arrays, with its perturbation (if any) already applied. */
export interface Prepared {
  S: number;
  A: number;
  d: number;
  mdp: FlatMdp;
  E: Float64Array; // S*d codes
  W: Float64Array; // A*d head
  b: Float64Array;
  world: WorldModelFn;
  lambda: number;
}

export function prepare(instance: Instance): Prepared {
  return completePrepared(instance, preparePolicy(instance));
}

/** What the policy alone reads of an instance (Prepared without the world model and lambda). */
type PolicyPrepared = Pick<Prepared, 'S' | 'A' | 'd' | 'mdp' | 'E' | 'W' | 'b'>;

function preparePolicy(instance: Instance): PolicyPrepared {
  const mdp = flatten(instance.mdp);
  const { S, A } = mdp;
  const d = instance.encoder[0].length;
  const [E, W, b] = arena([countOf(instance.encoder), countOf(instance.head.W), instance.head.b.length]);
  copyRows(instance.encoder, E);
  copyRows(instance.head.W, W);
  for (let i = 0; i < b.length; i++) b[i] = instance.head.b[i];
  return { S, A, d, mdp, E, W, b };
}

const countOf = (rows: number[][]): number => {
  let n = 0;
  for (const r of rows) n += r.length;
  return n;
};

/** rows.flat() into out (the same entries in the same order). */
function copyRows(rows: number[][], out: Float64Array): void {
  let i = 0;
  for (const r of rows) for (let j = 0; j < r.length; j++) out[i++] = r[j];
}

// The same fields in prepare()'s order, so a Prepared built in two stages has the same shape.
const completePrepared = (instance: Instance, p: PolicyPrepared): Prepared => ({
  S: p.S, A: p.A, d: p.d, mdp: p.mdp, E: p.E, W: p.W, b: p.b,
  world: worldModelFn(instance.worldModel, p.d, p.A),
  lambda: instance.lambda,
});

/**
 * rep[s]: the first state whose code is the same as s's, coordinate by coordinate under Object.is
 * (-0 and 0 apart: they may round differently downstream). Logits, predictions and JEPA errors are
 * deterministic functions of the codes, so states of one class have them bit for bit equal (the
 * base point here and perturbation.ts's evaluator both compute each class once); in a collapsed
 * instance, the case of Props. 1 and 2, most states share a code.
 */
export function codeClasses(E: Float64Array, S: number, d: number, rep: Int32Array = new Int32Array(S)): Int32Array {
  for (let s = 0; s < S; s++) {
    rep[s] = s;
    for (let r = 0; r < s; r++) {
      if (rep[r] !== r) continue;
      let same = true;
      for (let j = 0; j < d && same; j++) same = Object.is(E[r * d + j], E[s * d + j]);
      if (same) { rep[s] = r; break; }
    }
  }
  return rep;
}

/** The code of p.state moves by eps u; the head becomes W + k e_action r^T (FORMATS.md, construction). */
export function perturb(base: Prepared, p: Perturbation): Prepared {
  const E = base.E.slice();
  const W = base.W.slice();
  const { d } = base;
  for (let j = 0; j < d; j++) {
    E[p.state * d + j] += p.eps * p.u[j];
    W[p.action * d + j] += p.k * p.r[j];
  }
  return { ...base, E, W };
}

export function logits(prep: Prepared, rep: Int32Array = codeClasses(prep.E, prep.S, prep.d)): Float64Array {
  return logitsInto(prep, rep, new Float64Array(prep.S * prep.A));
}

/** logits() into a caller's array (every entry written). */
function logitsInto(prep: Pick<Prepared, 'S' | 'A' | 'd' | 'E' | 'W' | 'b'>, rep: Int32Array, out: Float64Array): Float64Array {
  const { S, A, d, E, W, b } = prep;
  for (let s = 0; s < S; s++)
    for (let a = 0; a < A; a++) {
      if (rep[s] !== s) { out[s * A + a] = out[rep[s] * A + a]; continue; }
      let x = b[a];
      for (let j = 0; j < d; j++) x += W[a * d + j] * E[s * d + j];
      out[s * A + a] = x;
    }
  return out;
}

/** errSq[(s*A + a)*S + s'] = ||W_psi(E(s), a) - E(s')||^2, the JEPA error of one transition. */
export function jepaErrors(prep: Prepared, rep: Int32Array = codeClasses(prep.E, prep.S, prep.d), predictions?: Float64Array): Float64Array {
  return jepaErrorsInto(prep, rep, new Float64Array(prep.S * prep.A * prep.S), predictions);
}

/** jepaErrors() into a caller's array (every entry written). */
function jepaErrorsInto(prep: Prepared, rep: Int32Array, out: Float64Array, predictions?: Float64Array): Float64Array {
  const { S, A, d, E, world } = prep;
  // With `predictions` every row is a view of it (world() only writes its output): no scratch row.
  let prediction: Float64Array = predictions ?? new Float64Array(d);
  for (let s = 0; s < S; s++) {
    if (rep[s] !== s) {
      out.copyWithin(s * A * S, rep[s] * A * S, (rep[s] + 1) * A * S);
      predictions?.copyWithin(s * A * d, rep[s] * A * d, (rep[s] + 1) * A * d);
      continue;
    }
    const z = E.subarray(s * d, s * d + d);
    for (let a = 0; a < A; a++) {
      // With `predictions` the row is written in place (world() only writes its output).
      if (predictions) prediction = predictions.subarray((s * A + a) * d, (s * A + a + 1) * d);
      world(z, a, prediction);
      for (let t = 0; t < S; t++) {
        if (rep[t] !== t) { out[(s * A + a) * S + t] = out[(s * A + a) * S + rep[t]]; continue; }
        let e = 0;
        for (let j = 0; j < d; j++) {
          const diff = prediction[j] - E[t * d + j];
          e += diff * diff;
        }
        out[(s * A + a) * S + t] = e;
      }
    }
  }
  return out;
}

/** lambda * sum_s weight(s) sum_a pi(a|s) sum_s' P(s'|s,a) errSq(s,a,s'). */
export function jepaLoss(prep: Prepared, weight: Float64Array, pi: Float64Array, errSq: Float64Array): number {
  const { S, A, mdp, lambda } = prep;
  let total = 0;
  for (let s = 0; s < S; s++) {
    if (weight[s] === 0) continue;
    for (let a = 0; a < A; a++) {
      const base = (s * A + a) * S;
      let e = 0;
      for (let t = 0; t < S; t++) e += mdp.P[base + t] * errSq[base + t];
      total += weight[s] * pi[s * A + a] * e;
    }
  }
  return lambda * total;
}

/** What the fixed-data reading holds fixed: the unperturbed policy's trajectory distribution and advantages. */
export interface BasePoint {
  prep: Prepared;
  evaluation: PolicyEvaluation;
  advantage: Float64Array;
  logPi: Float64Array;
  errSq: Float64Array;
}

export function basePoint(prep: Prepared): BasePoint {
  return completeBase(prep, policyStage(prep));
}

/** The policy side of a base point: logits, pi, its evaluation (throws SingularSystemError as evaluatePolicy does) and A. */
interface PolicyStage { rep: Int32Array; logits: Float64Array; evaluation: PolicyEvaluation; advantage: Float64Array }

// The same functions as logits, softmax, evaluatePolicy, advantage, logSoftmaxRows and jepaErrors,
// writing into views of one arena per stage instead of a buffer each.
function policyStage(prep: PolicyPrepared): PolicyStage {
  const { S, A } = prep;
  const rep = codeClasses(prep.E, S, prep.d);
  const [l, pi, V, Q, d, adv] = arena([S * A, S * A, S, S * A, S, S * A]);
  logitsInto(prep, rep, l);
  softmaxRowsInto(l, S, A, pi);
  const evaluation = evaluatePolicyOnto(prep.mdp, pi, V, Q, d);
  return { rep, logits: l, evaluation, advantage: advantageInto(evaluation, S, A, adv) };
}

function completeBase(prep: Prepared, stage: PolicyStage): BasePoint {
  const { S, A } = prep;
  const [predictions, logPi, errSq] = arena([S * A * prep.d, S * A, S * A * S]);
  const base: BasePoint = { prep, evaluation: stage.evaluation, advantage: stage.advantage, logPi: logSoftmaxRowsInto(stage.logits, S, A, logPi), errSq: jepaErrorsInto(prep, stage.rep, errSq, predictions) };
  return hide(base, PARTS, { logits: stage.logits, predictions });
}

/**
 * basePoint(prepare(instance)) in two stages: the policy's evaluation and advantages now (what
 * Assumption 1 reads; it throws where basePoint would), the world model and JEPA errors on the first
 * call of base(). The same functions on the same inputs, so base() is bit for bit basePoint(prepare(instance)):
 * a case that fails on the advantages never builds the world model.
 */
export function stagedBasePoint(instance: Instance): { evaluation: PolicyEvaluation; advantage: Float64Array; base: () => BasePoint } {
  const policy = preparePolicy(instance);
  const stage = policyStage(policy);
  return { evaluation: stage.evaluation, advantage: stage.advantage, base: once(() => completeBase(completePrepared(instance, policy), stage)) };
}

/**
 * What basePoint() computed on the way and BasePoint does not hold: the logits and the world
 * model's predictions (predictions[(s*A + a)*d + i]). Only for base points basePoint() built (others,
 * e.g. a class model's, have no entry), so the incremental kernel can load those without
 * recomputing the policy, its evaluation and the JEPA errors. Kept on the object under a symbol, not
 * enumerable, so its keys (and anything keyed on its fields, JSON, isDeepStrictEqual) are unchanged;
 * a copy of a base point has none. Not in a WeakMap: an entry per case burdened every scavenge.
 */
export const basePointParts = (base: BasePoint): { logits: Float64Array; predictions: Float64Array } | undefined => ownHidden(base, PARTS);
const PARTS = Symbol('basePointParts');

export interface ObjectiveValue {
  J_PG: number;
  J_JEPA: number;
  J: number;
}

/** J at the base point under a reading. Fixed-data J_PG is the eq. (1) surrogate -E[log pi(a|s) A(s,a)]. */
export function baseObjective(base: BasePoint, reading: Reading): ObjectiveValue {
  const { prep, evaluation } = base;
  const J_JEPA = jepaLoss(prep, evaluation.d, evaluation.pi, base.errSq);
  const J_PG = reading === 'on-policy' ? evaluation.J_PG : surrogate(base, base.logPi);
  return { J_PG, J_JEPA, J: J_PG + J_JEPA };
}

function surrogate(base: BasePoint, logPi: Float64Array): number {
  return surrogateValue(base.prep.S, base.prep.A, base.evaluation.d, base.evaluation.pi, base.advantage, logPi);
}

/** -sum_s d(s) sum_a pi(a|s) A(s,a) logPi(a|s): the fixed-data J_PG with data (d, pi, A) held fixed. */
export function surrogateValue(S: number, A: number, d: Float64Array, pi: Float64Array, advantage: Float64Array, logPi: Float64Array): number {
  let total = 0;
  for (let s = 0; s < S; s++) {
    if (d[s] === 0) continue;
    for (let a = 0; a < A; a++) {
      const w = pi[s * A + a] * advantage[s * A + a];
      if (w !== 0) total += d[s] * w * logPi[s * A + a];
    }
  }
  return -total;
}

/** J after the perturbation p, under a reading; the fixed-data reading takes its data from `base`. */
export function perturbedObjective(base: BasePoint, p: Perturbation, reading: Reading): ObjectiveValue & { evaluation?: PolicyEvaluation } {
  const moved = perturb(base.prep, p);
  const l = logits(moved);
  const errSq = jepaErrors(moved);
  if (reading === 'on-policy') {
    const pi = softmaxRowsInto(l, moved.S, moved.A, new Float64Array(moved.S * moved.A));
    const evaluation = evaluatePolicy(moved.mdp, pi);
    const J_JEPA = jepaLoss(moved, evaluation.d, pi, errSq);
    return { J_PG: evaluation.J_PG, J_JEPA, J: evaluation.J_PG + J_JEPA, evaluation };
  }
  const J_PG = surrogate(base, logSoftmaxRows(l, moved.S, moved.A));
  const J_JEPA = jepaLoss(moved, base.evaluation.d, base.evaluation.pi, errSq);
  return { J_PG, J_JEPA, J: J_PG + J_JEPA };
}

export interface Delta {
  deltaJ_PG: number;
  deltaJ_JEPA: number;
  deltaJ: number;
  /** Absolute float64 noise scale of the deltas: rounding in both J's, amplified by the solve's horizon. */
  noise: number;
}

const EPS64 = Number.EPSILON;

export function delta(base: BasePoint, p: Perturbation, reading: Reading, at: ObjectiveValue = baseObjective(base, reading)): Delta {
  const moved = perturbedObjective(base, p, reading);
  return deltaBetween(base, at, moved, moved.evaluation?.horizon ?? 0);
}

/**
 * The change from `at` to `moved` with its float64 noise: rounding grows with the number of terms
 * (S A d), the value's scale and the horizon of the solves. The incremental kernel (series.ts) calls
 * this too, so both paths give the same bits.
 */
export function deltaBetween(base: BasePoint, at: ObjectiveValue, moved: ObjectiveValue, movedHorizon: number): Delta {
  const horizon = Math.max(base.evaluation.horizon, movedHorizon, 1);
  const scale = Math.abs(at.J_PG) + Math.abs(at.J_JEPA) + Math.abs(moved.J_PG) + Math.abs(moved.J_JEPA);
  const n = base.prep.S * base.prep.A * base.prep.d;
  return {
    deltaJ_PG: moved.J_PG - at.J_PG,
    deltaJ_JEPA: moved.J_JEPA - at.J_JEPA,
    deltaJ: moved.J - at.J,
    noise: 16 * EPS64 * horizon * Math.sqrt(n) * scale,
  };
}
