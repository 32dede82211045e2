// §6 ("deeper heads"): a two-layer policy head l(z) = W2 tanh(W1 z + b1) + b2, the objective with it
// (only the logits differ from the linear head: policy evaluation, the fixed-data surrogate and the
// JEPA loss are the engine's), and parameter changes that isolate s_a the way §5.3 does for one layer.
import type { Instance, Reading } from '../model/types.ts';
import { advantage, evaluatePolicy, logSoftmaxRows, softmaxRowsInto, type PolicyEvaluation } from '../engine/evaluate.ts';
import { jepaErrors, jepaLoss, prepare, surrogateValue, type ObjectiveValue, type Prepared } from '../engine/objective.ts';
import { norm, nullSpace } from './nullspace.ts';
import { affineOver, FLOAT, tanhLayer } from '../engine/classes.ts';

/** W1: H x d, b1: H, W2: |A| x H, b2: |A|. */
export interface TwoLayerHead {
  W1: number[][];
  b1: number[];
  W2: number[][];
  b2: number[];
}

export const hiddenSize = (head: TwoLayerHead): number => head.b1.length;

/** Pre-activation and hidden vector of one code: the configuration's two-layer head class (src/engine/classes.ts) in float64. */
export function hidden(head: TwoLayerHead, z: ArrayLike<number>): { pre: number[]; h: number[] } {
  return tanhLayer(FLOAT, head, z);
}

/** logits[s*A + a] for the codes E (flat S*d): b2 + W2 h, the classes' last layer. */
export function twoLayerLogits(head: TwoLayerHead, E: Float64Array, S: number, d: number): Float64Array {
  const A = head.b2.length;
  const out = new Float64Array(S * A);
  for (let s = 0; s < S; s++) {
    const { h } = hidden(head, E.subarray(s * d, s * d + d));
    affineOver(FLOAT, head.W2, head.b2, h).forEach((x, a) => (out[s * A + a] = x));
  }
  return out;
}

/** The base point of a configuration with a two-layer head: what the fixed-data reading holds fixed. */
export interface TwoLayerPoint {
  prep: Prepared;
  head: TwoLayerHead;
  logits: Float64Array;
  evaluation: PolicyEvaluation;
  advantage: Float64Array;
  errSq: Float64Array;
}

/** prepare() supplies the MDP, codes, world model and lambda; its linear head is not used. */
export function twoLayerPoint(instance: Instance, head: TwoLayerHead): TwoLayerPoint {
  const prep = prepare(instance);
  const logits = twoLayerLogits(head, prep.E, prep.S, prep.d);
  const pi = softmaxRowsInto(logits, prep.S, prep.A, new Float64Array(prep.S * prep.A));
  const evaluation = evaluatePolicy(prep.mdp, pi);
  return { prep, head, logits, evaluation, advantage: advantage(evaluation, prep.S, prep.A), errSq: jepaErrors(prep) };
}

/** J with the head and codes E under a reading (fixed data: the base point's d, pi, A). */
export function twoLayerObjective(base: TwoLayerPoint, head: TwoLayerHead, E: Float64Array, reading: Reading): ObjectiveValue & { horizon: number } {
  const prep = { ...base.prep, E };
  const { S, A, d } = prep;
  const logits = twoLayerLogits(head, E, S, d);
  const errSq = jepaErrors(prep);
  if (reading === 'on-policy') {
    const pi = softmaxRowsInto(logits, S, A, new Float64Array(S * A));
    const ev = evaluatePolicy(prep.mdp, pi);
    const J_JEPA = jepaLoss(prep, ev.d, pi, errSq);
    return { J_PG: ev.J_PG, J_JEPA, J: ev.J_PG + J_JEPA, horizon: ev.horizon };
  }
  const { d: weight, pi } = base.evaluation;
  const J_PG = surrogateValue(S, A, weight, pi, base.advantage, logSoftmaxRows(logits, S, A));
  const J_JEPA = jepaLoss(prep, weight, pi, errSq);
  return { J_PG, J_JEPA, J: J_PG + J_JEPA, horizon: base.evaluation.horizon };
}

export function baseTwoLayerObjective(base: TwoLayerPoint, reading: Reading): ObjectiveValue {
  return twoLayerObjective(base, base.head, base.prep.E, reading);
}

/**
 * A parameter change of the configuration: the code of `state` moves by eps u, and the head
 * becomes head(eps) (a change that may be discontinuous at eps = 0, e.g. re-purposing a unit,
 * as long as it leaves J unchanged there).
 */
export interface TwoLayerMove {
  name: string;
  state: number;
  u: number[];
  head: (eps: number) => TwoLayerHead;
  /** Scale of the logit step per unit eps, so eps can be kept in the first-order regime. */
  stepScale: number;
}

export interface TwoLayerDelta { deltaJ: number; noise: number }

/** Delta J of a move at eps; noise as objective.ts's delta() states it (rounding of both J's, times the horizon). */
export function twoLayerDelta(base: TwoLayerPoint, move: TwoLayerMove, eps: number, reading: Reading, at = baseTwoLayerObjective(base, reading)): TwoLayerDelta {
  const E = base.prep.E.slice();
  const { d } = base.prep;
  for (let j = 0; j < d; j++) E[move.state * d + j] += eps * move.u[j];
  const moved = twoLayerObjective(base, move.head(eps), E, reading);
  const horizon = Math.max(base.evaluation.horizon, moved.horizon, 1);
  const scale = Math.abs(at.J_PG) + Math.abs(at.J_JEPA) + Math.abs(moved.J_PG) + Math.abs(moved.J_JEPA);
  const n = base.prep.S * base.prep.A * Math.max(d, hiddenSize(base.head));
  return { deltaJ: moved.J - at.J, noise: 16 * Number.EPSILON * horizon * Math.sqrt(n) * scale };
}

const addOuter = (M: number[][], row: number[] | null, rowIndex: number | null, col: number[], k: number): number[][] =>
  M.map((r, i) => r.map((x, j) => x + k * (row ? row[i] : i === rowIndex ? 1 : 0) * col[j]));

/**
 * The first-order effect of s_a's logits on J: g[a] = dJ/dl(s_a, a) = d_pi(s_a) pi(a|s_a) (Ã_c - A)(s_a, a)
 * on-policy (Ã_c the advantage of the JEPA cost, which the policy also moves), -d pi A with fixed data.
 */
export function logitGradient(base: TwoLayerPoint, state: number, reading: Reading): number[] {
  const { S, A, mdp, lambda } = base.prep;
  const { d, pi } = base.evaluation;
  let cost: Float64Array | null = null;
  if (reading === 'on-policy') {
    const c = new Float64Array(S * A);
    for (let s = 0; s < S; s++)
      for (let a = 0; a < A; a++) {
        let e = 0;
        for (let t = 0; t < S; t++) e += mdp.P[(s * A + a) * S + t] * base.errSq[(s * A + a) * S + t];
        c[s * A + a] = lambda * e;
      }
    cost = advantage(evaluatePolicy({ ...mdp, R: c }, pi), S, A);
  }
  return Array.from({ length: A }, (_, a) => d[state] * pi[state * A + a] * ((cost ? cost[state * A + a] : 0) - base.advantage[state * A + a]));
}

export interface IsolatingSetup {
  state: number;
  /** Codes of every state but `state` (its own code z_d is among them, via s_b). */
  others: number[][];
  zd: number[];
  /** Orthonormal basis of span(P)^⊥. */
  N: number[][];
  /** tanh' at s_a's pre-activation. */
  slope: number[];
  /** Hidden vectors of the other states. */
  hiddenOthers: number[][];
  /** dJ/dl(s_a, .), and the target logit direction -g/|g| (or e_aΔ). */
  g: number[];
}

export function isolatingSetup(base: TwoLayerPoint, instance: Instance, state: number, reading: Reading): IsolatingSetup {
  const zd = instance.encoder[state];
  const others = instance.encoder.filter((_, s) => s !== state);
  const d = zd.length;
  const N = nullSpace([zd, ...others], d).basis;
  const { pre } = hidden(base.head, zd);
  const slope = pre.map((x) => 1 - Math.tanh(x) ** 2);
  return { state, others, zd, N, slope, hiddenOthers: others.map((z) => hidden(base.head, z).h), g: logitGradient(base, state, reading) };
}

/** A unit u ⊥ z_d outside span(P) (the first basis vector of span(P)^⊥ works: it is ⊥ z_d and not in span(P)). */
const channel = (iso: IsolatingSetup): number[] | null => iso.N[0] ?? null;

/**
 * L1, the first layer: dW1 = k K w^T with w ∈ span(P)^⊥ (so no other state's pre-activation moves),
 * K = diag(tanh') W2^T c, c the target logit direction: s_a's logits move by k eps (w^T u) W2 diag(tanh')^2 W2^T c.
 */
export function firstLayerMove(base: TwoLayerPoint, iso: IsolatingSetup, c: number[], k: number): TwoLayerMove | null {
  const u = channel(iso);
  if (!u) return null;
  const H = hiddenSize(base.head);
  const K = Array.from({ length: H }, (_, i) => iso.slope[i] * base.head.W2.reduce((s, row, a) => s + row[i] * c[a], 0));
  const kn = norm(K);
  if (!(kn > 0)) return null;
  const Kunit = K.map((x) => x / kn);
  const w = u; // u ∈ span(P)^⊥ itself, w^T u = 1
  const head = base.head;
  return { name: 'first layer', state: iso.state, u, head: () => ({ ...head, W1: addOuter(head.W1, Kunit, null, w, k) }), stepScale: k * Math.max(1, ...head.W2.map(norm)) };
}

/**
 * L2, the last layer (the paper's rank-1 tweak moved up one layer): dW2 = k c g_h^T with g_h ⊥ the
 * hidden vector of every other state (so their logits stay), and s_a's hidden vector pushed along
 * g_h by the code move through the first layer: u ∝ W1^T diag(tanh') g_h (u need not avoid span(P)).
 */
export function lastLayerMove(base: TwoLayerPoint, iso: IsolatingSetup, c: number[], k: number): TwoLayerMove | null {
  const H = hiddenSize(base.head);
  const slack = nullSpace(iso.hiddenOthers, H).basis;
  for (const gh of slack) {
    const x = base.head.W1[0] ? Array.from({ length: iso.zd.length }, (_, j) => base.head.W1.reduce((s, row, i) => s + row[j] * iso.slope[i] * gh[i], 0)) : [];
    const n = norm(x);
    if (!(n > 1e-8)) continue;
    const u = x.map((v) => v / n);
    const head = base.head;
    return { name: 'last layer', state: iso.state, u, head: () => ({ ...head, W2: addOuter(head.W2, c, null, gh, k) }), stepScale: k * n };
  }
  return null;
}

/**
 * L3, a unit the policy ignores (column of W2 proportional to 1, adding the same amount to every
 * logit): re-purpose it with b1_j = 0, W1_j = alpha w^T (zero on every other state, J unchanged) and
 * give it the column k c, which now reaches s_a only.
 */
export function deadUnitMove(base: TwoLayerPoint, iso: IsolatingSetup, c: number[], k: number): TwoLayerMove | null {
  const u = channel(iso);
  if (!u) return null;
  const { W2 } = base.head;
  const A = W2.length;
  const H = hiddenSize(base.head);
  for (let j = 0; j < H; j++) {
    const col = W2.map((r) => r[j]);
    const spread = Math.max(...col) - Math.min(...col);
    if (spread > 1e-12 * Math.max(1, ...col.map(Math.abs))) continue;
    const head = base.head;
    return {
      name: 'dead unit',
      state: iso.state,
      u,
      // Re-purposed at every eps, eps = 0 included, so the search measures that this step alone leaves J unchanged.
      head: () => ({
        W1: head.W1.map((r, i) => (i === j ? u.slice() : r)),
        b1: head.b1.map((b, i) => (i === j ? 0 : b)),
        W2: head.W2.map((r, a) => r.map((x, i) => (i === j ? x + k * c[a] : x))),
        b2: head.b2,
      }),
      stepScale: k * Math.max(1, ...Array.from({ length: A }, (_, a) => Math.abs(c[a]))),
    };
  }
  return null;
}

export type MoveSearch = { kind: 'decrease' | 'increase' | 'undecided'; eps: number; deltaJ: number; noise: number };

/**
 * Delta J of a move at eps = 1e-2..1e-10 divided by max(1, stepScale) (first-order regime):
 * 'decrease' at the first eps with Delta J < -(10x noise + |Delta J at eps = 0|), the eps = 0 value
 * carrying the rounding of the numerical subspaces and of any re-purposing; 'increase' when Delta J
 * exceeds that even at the smallest eps; otherwise 'undecided'.
 */
export function searchMove(base: TwoLayerPoint, move: TwoLayerMove, reading: Reading, epsList: readonly number[]): MoveSearch {
  const at = baseTwoLayerObjective(base, reading);
  const unit = 1 / Math.max(1, move.stepScale);
  const zero = Math.abs(twoLayerDelta(base, move, 0, reading, at).deltaJ);
  let last: MoveSearch | null = null;
  for (const eps0 of epsList) {
    const eps = eps0 * unit;
    const dl = twoLayerDelta(base, move, eps, reading, at);
    const noise = 10 * dl.noise + zero;
    if (dl.deltaJ < -noise) return { kind: 'decrease', eps, deltaJ: dl.deltaJ, noise };
    last = { kind: dl.deltaJ > noise ? 'increase' : 'undecided', eps, deltaJ: dl.deltaJ, noise };
  }
  return last!;
}
