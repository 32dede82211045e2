// The model classes a configuration can swap in for Prop. 1 (src/claims/configuration.ts: head,
// encoder): the policy head's features h(z) and Jacobian, the logits through the last layer, and
// the encoder's spread (how far each state's code moves when the construction moves s_Δ's). Each is
// written once over a number field, so the float64 readable path and the 64-digit confirmation
// evaluate the same definition. The paper's classes (linear head, tabular encoder) are the identity
// and e_state; src/construction/twoLayerHead.ts (§6's S6 checks) uses the same two-layer formulas.
import { Matrix, pseudoInverse } from 'ml-matrix';
import type { Field } from '../precise/linalg.ts';

/** A field with what the heads need besides + - * /: the embedding of a double, tanh and exp. */
export interface HeadField<T> extends Field<T> {
  of(x: number): T;
  tanh(x: T): T;
  exp(x: T): T;
}

/** float64 as a Scalar: plain operators, so a formula over FLOAT gives the bits of the same expression written with numbers. */
export const FLOAT: HeadField<number> = {
  zero: 0,
  one: 1,
  add: (a, b) => a + b,
  sub: (a, b) => a - b,
  mul: (a, b) => a * b,
  div: (a, b) => a / b,
  cmpAbs: (a, b) => Math.sign(Math.abs(a) - Math.abs(b)),
  negligible: (p, scale) => Math.abs(p) <= 1e-12 * Math.abs(scale),
  of: (x) => x,
  tanh: Math.tanh,
  exp: Math.exp,
};

/** sum_j x_j y_j, accumulated from zero left to right (src/construction/nullspace.ts's dot over FLOAT). */
export function dotOver<T>(F: Field<T>, x: ArrayLike<T>, y: ArrayLike<T>): T {
  let s = F.zero;
  for (let j = 0; j < x.length; j++) s = F.add(s, F.mul(x[j], y[j]));
  return s;
}

/** b_i + W_i . z for every row i (the order src/construction/twoLayerHead.ts rounds in). */
export function affineOver<T>(F: Field<T>, W: readonly (ArrayLike<T>)[], b: ArrayLike<T>, z: ArrayLike<T>): T[] {
  return W.map((row, i) => F.add(b[i], dotOver(F, row, z)));
}

/** The hidden layer below a two-layer head's last layer: W1 (H x d), b1 (H). */
export interface TwoLayerParams {
  W1: number[][];
  b1: number[];
}

/** Pre-activation W1 z + b1 and hidden vector tanh of it. */
export function tanhLayer<T>(F: HeadField<T>, p: TwoLayerParams, z: ArrayLike<T>): { pre: T[]; h: T[] } {
  const pre = affineOver(F, p.W1.map((row) => row.map(F.of)), p.b1.map(F.of), z);
  return { pre, h: pre.map(F.tanh) };
}

/** The head's features h(z), the last layer's input: z itself for the linear head. */
export function headFeatures<T>(F: HeadField<T>, p: TwoLayerParams | null, z: readonly T[]): T[] {
  return p ? tanhLayer(F, p, z).h : z.slice();
}

/**
 * dh/dz at z: the identity for the linear head, diag(tanh'(pre)) W1 for the two-layer one, with
 * tanh'(x) = 4 / (e^x + e^-x)^2: never 0 at 64 digits (1 - tanh^2 is exactly 0 there once tanh
 * rounds to 1, which would make a saturated unit look dead) and free of cancellation in float64.
 */
export function headJacobian<T>(F: HeadField<T>, p: TwoLayerParams | null, z: readonly T[]): T[][] {
  if (!p) return z.map((_, i) => z.map((__, j) => (i === j ? F.one : F.zero)));
  return tanhLayer(F, p, z).pre.map((x, i) => {
    const cosh2 = F.add(F.exp(x), F.exp(F.sub(F.zero, x)));
    const slope = F.div(F.of(4), F.mul(cosh2, cosh2));
    return p.W1[i].map((w) => F.mul(slope, F.of(w)));
  });
}

/** The smallest ratio tanh'(pre_i) / max_j tanh'(pre_j) at z: how saturated the hidden layer is (1 for the linear head). */
export function saturation<T>(F: HeadField<T>, p: TwoLayerParams | null, z: readonly T[], ratio: (a: T, b: T) => number): number {
  if (!p) return 1;
  const slopes = tanhLayer(F, p, z).pre.map((x) => {
    const cosh2 = F.add(F.exp(x), F.exp(F.sub(F.zero, x)));
    return F.div(F.of(4), F.mul(cosh2, cosh2));
  });
  const top = slopes.reduce((m, s) => (F.cmpAbs(s, m) > 0 ? s : m), F.zero);
  return Math.min(...slopes.map((s) => ratio(s, top)));
}

/**
 * The logits of every state after §4.2's change under the classes: state s's code is z_s + eps
 * c_s u (c the encoder's spread), the last layer is W + k e_action r^T, logits_s = b + W' h(code).
 */
export function classLogits<T>(F: HeadField<T>, m: {
  codes: readonly (readonly T[])[];
  W: readonly (readonly T[])[];
  b: readonly T[];
  head: TwoLayerParams | null;
  spread: readonly T[];
  u: readonly T[];
  r: readonly T[];
  action: number;
}, k: T, eps: T): { codes: T[][]; logits: T[][] } {
  const W = m.W.map((row, a) => (a === m.action ? row.map((w, j) => F.add(w, F.mul(k, m.r[j]))) : row));
  const codes = m.codes.map((z, s) => {
    const c = F.mul(eps, m.spread[s]);
    return F.cmpAbs(c, F.zero) === 0 ? (z as T[]) : z.map((x, j) => F.add(x, F.mul(c, m.u[j])));
  });
  return { codes, logits: codes.map((z) => affineOver(F, W, m.b, headFeatures(F, m.head, z))) };
}

/** The tabular encoder's spread: the construction moves `state`'s code alone. */
export const tabularSpread = <T>(F: Field<T>, state: number, S: number): T[] => Array.from({ length: S }, (_, s) => (s === state ? F.one : F.zero));

/**
 * The linear-features encoder E(s) = Phi x(s): Phi moves by eps u g^T, so state s's code moves by
 * eps (g^T x(s)) u. g is the least-squares choice (pseudo-inverse of the feature matrix applied to
 * e_state) in float64, and the spread g^T x(s) / g^T x(state) is evaluated over F, so s_Δ's own
 * code moves by exactly eps u at any precision. null when x(state) cannot be separated at all.
 */
export function linearFeaturesSpread<T>(F: Field<T> & { of(x: number): T }, features: number[][], state: number): T[] | null {
  const g = pseudoInverse(new Matrix(features)).getColumn(state);
  const self = features[state].reduce((s, v, j) => s + v * g[j], 0);
  if (!(Math.abs(self) > 1e-12)) return null;
  const gb = g.map(F.of);
  const raw = features.map((x) => dotOver(F, x.map(F.of), gb));
  return raw.map((v) => F.div(v, raw[state]));
}
