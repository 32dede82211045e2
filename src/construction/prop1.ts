// §4: the private channel for s_Δ, the head tweak dW = k e_aΔ u^T, and the predictions k1, C, C'.
import type { Instance, Perturbation, WorldModel } from '../model/types.ts';
import { basePoint, prepare, type BasePoint } from '../engine/objective.ts';
import { lipschitz } from '../engine/worldModel.ts';
import { once } from '../engine/once.ts';
import { getter, hide, ownHidden } from '../engine/getters.ts';
import { dot, matVec, norm, nullSpace, rankOf } from './nullspace.ts';

export interface ChannelU {
  /** A unit u with W u = 0 and u^T z_d = 0 (§4.2), or null when ker W ∩ z_d^⊥ is {0}. */
  u: number[] | null;
  rankW: number;
  /** dim(ker W ∩ z_d^⊥), the nullity of [W; z_d^T]. */
  dimIntersection: number;
  /** All of ker W ∩ z_d^⊥, for searches that range over every u the paper allows. */
  basis: number[][];
}

/** §4.2: u spans ker W ∩ z_d^⊥ = ker [W; z_d^T]. `pick` chooses a unit vector in that space. */
export function channelU(W: number[][], zd: number[], pick?: number[]): ChannelU {
  const d = zd.length;
  // rank(W) on first read: a Prop. 1 setup and Prop. 2 under readings (i)-(iii) never read it, and
  // it is an SVD of its own.
  const space = nullSpace([...W, zd], d);
  const basis = space.basis;
  let u: number[] | null = null;
  if (basis.length > 0) {
    const weights = pick && pick.length > 0 ? basis.map((_, i) => pick[i % pick.length]) : basis.map((_, i) => (i === 0 ? 1 : 0));
    const combined = new Array<number>(d).fill(0);
    for (let i = 0; i < basis.length; i++) for (let j = 0; j < basis[i].length; j++) combined[j] += weights[i] * basis[i][j];
    const n = norm(combined);
    u = n > 1e-8 ? combined.map((x) => x / n) : basis[0];
  }
  // A getter from a shared descriptor, not a literal's (engine/getters.ts).
  const out = hide({ u }, CHANNEL, { W, d, rankW: undefined }) as ChannelU;
  Object.defineProperty(out, 'rankW', CHANNEL_RANKW);
  out.dimIntersection = basis.length;
  out.basis = basis;
  return out;
}
const CHANNEL = Symbol('channelU');
const CHANNEL_RANKW = getter(function (this: ChannelU) {
  const s = (this as unknown as Record<symbol, { W: number[][]; d: number; rankW: number | undefined }>)[CHANNEL];
  return (s.rankW ??= rankOf(s.W, s.d));
});

export interface Prop1Predictions {
  state: number; // s_Δ
  action: number; // a_Δ
  p: number; // p_aΔ = pi_c(a_Δ)
  advantage: number; // A^{pi_c}(s_Δ, a_Δ)
  visitation: number; // d_pi(s_Δ)
  k1: number; // eq. (3)
  L: number;
  Lexact: boolean;
  /** Expectation form of "the number of steps whose state is s_Δ": m = d_pi(s_Δ). */
  m: number;
  Emax: number;
  C: number; // eq. (5), lambda-weighted: C = 2 lambda m L E_max
  Cprime: number; // eq. (5): C' = lambda m L^2
}

/** E_max := max e over the transitions the objective weighs (P(s'|s,a) > 0), e = ||W_psi(E(s),a) - E(s')||. */
export function maxError(base: BasePoint): number {
  const { S, A, mdp } = base.prep;
  let m = 0;
  for (let i = 0; i < S * A * S; i++) if (mdp.P[i] > 0) m = Math.max(m, base.errSq[i]);
  return Math.sqrt(m);
}

export function prop1Predictions(instance: Instance, base: BasePoint, state: number, action: number): Prop1Predictions {
  const { A } = base.prep;
  const ev = base.evaluation;
  const p = ev.pi[state * A + action];
  const adv = base.advantage[state * A + action];
  const visitation = ev.d[state];
  const m = visitation;
  const lambda = instance.lambda;
  // L (an SVD per action or layer), E_max and eq. (5)'s constants on first read: k1 needs none of
  // them, and a case skipped or undecided before its corners often reads none. The same operations
  // on the same numbers whenever read; the fields keep their order (spread and JSON see the same).
  // Getters from shared descriptors, not a literal's (engine/getters.ts: the case dies young).
  const lipOf = once(() => lipschitz(instance.worldModel, base.prep.d));
  const emaxOf = once(() => maxError(base));
  const eq5Of = once(() => eq5Constants(lambda, m, lipOf().L, emaxOf()));
  const lazy: PredictionState = { lipOf, emaxOf, eq5Of, lambda, model: instance.worldModel, d: base.prep.d };
  const pred = hide({ state, action, p, advantage: adv, visitation, k1: visitation * p * adv }, PRED, lazy) as Prop1Predictions;
  Object.defineProperty(pred, 'L', PRED_L);
  Object.defineProperty(pred, 'Lexact', PRED_LEXACT);
  pred.m = m;
  Object.defineProperty(pred, 'Emax', PRED_EMAX);
  Object.defineProperty(pred, 'C', PRED_C);
  Object.defineProperty(pred, 'Cprime', PRED_CPRIME);
  return pred;
}

// What prop1Predictions' lazy fields are computed from, and what their C is made of (eq5CIsZero):
// attached to the predictions it built (not to a copy with another L or m, which spread makes).
interface PredictionState {
  lipOf: () => { L: number; exact: boolean };
  emaxOf: () => number;
  eq5Of: () => { C: number; Cprime: number };
  lambda: number;
  model: WorldModel;
  d: number;
}
const PRED = Symbol('prop1Predictions');
const predState = (o: Prop1Predictions): PredictionState => (o as unknown as Record<symbol, PredictionState>)[PRED];
const PRED_L = getter(function (this: Prop1Predictions) { return predState(this).lipOf().L; });
const PRED_LEXACT = getter(function (this: Prop1Predictions) { return predState(this).lipOf().exact; });
const PRED_EMAX = getter(function (this: Prop1Predictions) { return predState(this).emaxOf(); });
const PRED_C = getter(function (this: Prop1Predictions) { return predState(this).eq5Of().C; });
const PRED_CPRIME = getter(function (this: Prop1Predictions) { return predState(this).eq5Of().Cprime; });

/**
 * pred.C === 0, without L where the other factors decide it: C = ((2 lambda m) L) E_max in float64,
 * and L (an SVD per action or layer) lies between half the product over layers of the largest
 * |entry| (sigma_max >= max |entry|; the SVD's relative error is ~1e-15) and a finite bound. So with
 * finite factors: L = 0 exactly when some layer (every M_a) is all zeros, and then C is computed
 * with L = 0; otherwise C = 0 exactly when 2 lambda m = 0 or E_max = 0, as long as the product is
 * far from underflow. Anything else (non-finite values, tiny products, a copy of pred) reads pred.C.
 */
export function eq5CIsZero(pred: Prop1Predictions): boolean {
  const made = ownHidden<PredictionState>(pred, PRED);
  if (!made) return pred.C === 0;
  const x = 2 * made.lambda * pred.m;
  const Emax = pred.Emax;
  const bounds = lipschitzBounds(made.model, made.d);
  if (!bounds || !Number.isFinite(x) || !Number.isFinite(Emax) || !(Math.abs(x) * bounds.upper < 1e300)) return pred.C === 0;
  // L = +0 exactly: the SVD of an all-zero matrix gives 0, and L is 0 * (1 + slack) or a max/product with it.
  if (bounds.zero) return x * 0 * Emax === 0;
  // L finite and > 0, x L finite: a zero factor gives C = 0; positive factors far above underflow do not.
  if (x === 0 || Emax === 0) return true;
  if (x > 0 && x * (bounds.lower / 2) * Emax > 1e-280) return false;
  return pred.C === 0;
}

/**
 * Bounds on L from the world model's entries: zero when L is exactly 0 (every M_a, or some MLP layer,
 * all zeros), else lower <= L (sigma_max >= max |entry|, up to the SVD's ~1e-15 relative error, which
 * lower / 2 absorbs) and L <= upper (sigma_max <= rows * cols * max |entry|). null when an entry is not
 * finite or a max |entry| is outside [1e-100, 1e100] (or 0).
 */
function lipschitzBounds(model: WorldModel, d: number): { zero: boolean; lower: number; upper: number } | null {
  const mats = model.kind === 'affine' ? model.M : model.layers.map((l, i) => (i === 0 ? l.W.map((row) => row.slice(0, d)) : l.W));
  const maxAbs: number[] = [];
  const size: number[] = [];
  for (const M of mats) {
    let m = 0;
    let n = 0;
    for (const row of M) for (const v of row) {
      if (!Number.isFinite(v)) return null;
      m = Math.max(m, Math.abs(v));
      n++;
    }
    if (m !== 0 && (m < 1e-100 || m > 1e100)) return null;
    maxAbs.push(m);
    size.push(n);
  }
  if (model.kind === 'affine') {
    // L = max_a sigma_max(M_a) (1 + slack).
    const lower = Math.max(0, ...maxAbs);
    return { zero: lower === 0, lower, upper: Math.max(0, ...maxAbs.map((m, i) => m * size[i])) * 2 };
  }
  // L = prod over layers of sigma_max (1 + slack).
  if (maxAbs.length > 20) return null;
  const zero = maxAbs.some((m) => m === 0);
  const lower = maxAbs.reduce((p, m) => p * m, 1);
  const upper = maxAbs.reduce((p, m, i) => p * m * size[i] * 2, 1);
  return zero || lower > 0 ? { zero, lower, upper } : null;
}

/** Eq. (5)'s constants, written once: C = 2 lambda m L E_max, C' = lambda m L^2 (m = d_pi(s_Δ) in expectation). */
export const eq5Constants = (lambda: number, m: number, L: number, Emax: number): { C: number; Cprime: number } => ({ C: 2 * lambda * m * L * Emax, Cprime: lambda * m * L * L });

/** Eq. (5)'s bound C eps + C' eps^2 from its ingredients. */
export const eq5Bound = (lambda: number, m: number, L: number, Emax: number) => (eps: number): number => {
  const { C, Cprime } = eq5Constants(lambda, m, L, Emax);
  return C * eps + Cprime * eps * eps;
};

/** The perturbation of §4.2: E(s_Δ) += eps u and dW = k e_aΔ u^T (r = u). */
export const prop1Perturbation = (state: number, action: number, u: number[], k: number, eps: number, uExact?: string[] | null): Perturbation =>
  uExact ? { state, action, u, r: u, k, eps, uExact, rExact: uExact } : { state, action, u, r: u, k, eps };

/** §4.5: any k > 2C / k1 (infinite when k1 <= 0: no k qualifies). */
export const prop1MinimumK = (pred: Prop1Predictions): number => (pred.k1 > 0 ? (2 * pred.C) / pred.k1 : Infinity);

/** Residuals of a numerically computed u, which bound the float64 noise of the logit identities. */
export function uResiduals(W: number[][], zd: number[], u: number[]) {
  return { Wu: norm(matVec(W, u)), uz: Math.abs(dot(u, zd)), unit: Math.abs(dot(u, u) - 1) };
}

export { basePoint, prepare };
