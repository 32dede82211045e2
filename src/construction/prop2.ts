// §5.3: the subspaces of Proposition 2 (U = ker W ∩ z_d^⊥, span(P), N = span(P)^⊥), the readings
// of Assumption 3, a unit u in U \ span(P), a companion w in N with w^T u != 0 (any the paper
// allows), the compensator v = -u + w, the tweak dW = k e_aΔ (u + v)^T and the predictions of §5.5.
import type { Perturbation } from '../model/types.ts';
import type { BasePoint } from '../engine/objective.ts';
import { arena } from '../engine/arena.ts';
import { advantageInto, evaluatePolicyOnto } from '../engine/evaluate.ts';
import { channelU, maxError, type Prop1Predictions } from './prop1.ts';
import { dot, norm, nullSpace, rankOf } from './nullspace.ts';
import { distinctCodes } from './codes.ts';
import { once } from '../engine/once.ts';
import { getter, hide, ownHidden } from '../engine/getters.ts';

/**
 * Assumption 3 reads "dim S <= d - A - 2", where S and A are also the state and action sets.
 * (i) 'span':   dim span(P) <= d - |A| - 2 (§5.2 defines S := span(P); the proof's reading).
 * (ii) 'states': |S| <= d - |A| - 2 (S the state set, its "dimension" its size).
 * (iii) 'codes': #distinct codes <= d - |A| - 2 (S the set of encoder outputs, as the wording
 *      "the encoder outputs do not exhaust latent space" suggests). The rank of all codes
 *      including s_a's is not a separate reading: E(s_a) = z_d is a column of P, so it is (i).
 * (iv) 'rankW': dim span(P) <= d - rank(W) - 2 (A read as rank(W), all §5.3 uses of |A|).
 * (ii) => (iii) => (i) => (iv): s_a and s_b share a code, dim span <= #distinct codes, rank W <= |A|.
 */
export type A3Reading = 'span' | 'states' | 'codes' | 'rankW';
export const A3_READINGS: readonly A3Reading[] = ['span', 'states', 'codes', 'rankW'];

export const A3_TEXT: Record<A3Reading, string> = {
  span: 'Assumption 3 read as dim span(P) <= d - |A| - 2 (reading (i): S := span(P) as §5.2 defines it; the proof\'s reading; the rank of all codes including s_a is the same number, since E(s_a) = z_d is a column of P)',
  states: 'Assumption 3 read as |S| <= d - |A| - 2 (reading (ii): S the state set, its size; the strictest reading, implies (iii))',
  codes: 'Assumption 3 read as (number of distinct codes) <= d - |A| - 2 (reading (iii): S the set of encoder outputs, its size; implies (i))',
  rankW: 'Assumption 3 read as dim span(P) <= d - rank(W) - 2 (reading (iv): A read as rank(W), the quantity §5.3 bounds by |A|; the weakest reading, implied by (i))',
};

/** Below this distance from span(P) a unit vector counts as inside it (numerically). */
export const OUTSIDE_TOL = 1e-8;

export interface Subspaces {
  d: number;
  A: number;
  S: number;
  rankW: number;
  /** Orthonormal basis of U = ker W ∩ z_d^⊥ (prop1's channelU: the null space of [W; z_d^T]). */
  U: number[][];
  /** dim span(P), P = [z_d, z(s) for s != s_a] (= span of every code, as E(s_a) = z_d). */
  dimS: number;
  /** Orthonormal basis of N = span(P)^⊥. */
  N: number[][];
  distinctCodes: number;
}

export function subspaces(W: number[][], encoder: number[][], sa: number): Subspaces {
  const d = encoder[0].length;
  const zd = encoder[sa];
  const distinct = distinctCodes(encoder);
  // span(P), U and rank(W) on first use: a case that fails Assumption 3 on sizes alone (readings
  // (ii), (iii)) never factors P, one that fails it in (i)-(iii) never factors [W; z_d^T].
  const sp = once(() => nullSpace([zd, ...encoder.filter((_, s) => s !== sa)], d));
  const ch = once(() => channelU(W, zd));
  // Getters from shared descriptors, not a literal's (engine/getters.ts); the same keys in the same order.
  const sub = hide({ d, A: W.length, S: encoder.length }, SUB, { sp, ch } satisfies SubState) as Subspaces;
  Object.defineProperties(sub, SPAN_GETTERS);
  sub.distinctCodes = distinct;
  Object.defineProperties(sub, CHANNEL_GETTERS);
  return sub;
}
const SUB = Symbol('subspaces');
type SubState = { sp: () => { rank: number; basis: number[][] }; ch: () => { rankW: number; basis: number[][] }; chosen?: ChosenMemo };
const subState = (o: Subspaces): SubState => (o as unknown as Record<symbol, SubState>)[SUB];
const SPAN_GETTERS: PropertyDescriptorMap = {
  dimS: getter(function (this: Subspaces) { return subState(this).sp().rank; }),
  N: getter(function (this: Subspaces) { return subState(this).sp().basis; }),
};
const CHANNEL_GETTERS: PropertyDescriptorMap = {
  rankW: getter(function (this: Subspaces) { return subState(this).ch().rankW; }),
  U: getter(function (this: Subspaces) { return subState(this).ch().basis; }),
};

export function assumption3(sub: Subspaces, reading: A3Reading): { holds: boolean; lhs: number; rhs: number } {
  // sub.dimS only under readings (i) and (iv), sub.rankW only under (iv): each is an SVD of its own, computed on first read.
  const { d, A, S } = sub;
  const [lhs, rhs] =
    reading === 'span' ? [sub.dimS, d - A - 2]
    : reading === 'states' ? [S, d - A - 2]
    : reading === 'codes' ? [sub.distinctCodes, d - A - 2]
    : [sub.dimS, d - sub.rankW - 2];
  return { holds: lhs <= rhs, lhs, rhs };
}

/** Orthogonal projection of x onto N (N orthonormal). */
export function projectN(N: number[][], x: number[]): number[] {
  const out = new Array<number>(x.length).fill(0);
  // Plain loops (no callback per vector): the same sums in the same order.
  for (let i = 0; i < N.length; i++) {
    const n = N[i];
    const c = dot(n, x);
    for (let j = 0; j < n.length; j++) out[j] += c * n[j];
  }
  return out;
}

/** sum_i weights_i basis_i. */
export const combine = (basis: number[][], weights: number[]): number[] => {
  const out = new Array<number>(basis[0]?.length ?? 0).fill(0);
  for (let i = 0; i < basis.length; i++) {
    const b = basis[i];
    const w = weights[i] ?? 0;
    for (let j = 0; j < b.length; j++) out[j] += w * b[j];
  }
  return out;
};

const unit = (x: number[]): number[] => {
  const n = norm(x);
  return x.map((v) => v / n);
};

export interface UPick {
  /** Weights of a combination of the basis of U (cycled). */
  weights: number[];
  /** null: the combination itself; t > 0: u = (part in U ∩ span(P)) + t (part outside), nearly inside span(P). */
  tilt: number | null;
}

export interface ChosenU {
  u: number[];
  /** |proj_N u| = dist(u, span(P)). */
  distance: number;
  /** dim(U ∩ span(P)). */
  dimUinS: number;
  how: 'combination' | 'tilted' | 'basis fallback';
}

/**
 * A unit u in U \ span(P): the picked combination of U's basis, rejected when it lies in span(P)
 * (distance <= OUTSIDE_TOL), then the basis vector farthest from span(P). null when U ⊆ span(P).
 */
export function chooseU(sub: Subspaces, pick: UPick): ChosenU | null {
  // A check's run and corners ask for the same case's u: remembered per subspaces object and pick
  // content (the weights and tilt, compared with Object.is, so a pick changed in place is recomputed).
  // Kept on the subspaces object when subspaces() made it (a WeakMap entry per case burdens every
  // scavenge), in a WeakMap for any other.
  const own = ownHidden<SubState>(sub, SUB);
  const hit = own ? own.chosen : chosenMemo.get(sub);
  if (hit && Object.is(hit.tilt, pick.tilt) && hit.weights.length === pick.weights.length && hit.weights.every((w, i) => Object.is(w, pick.weights[i]))) return hit.chosen;
  const chosen = chooseUOnce(sub, pick);
  const memo = { weights: pick.weights.slice(), tilt: pick.tilt, chosen };
  if (own) own.chosen = memo;
  else chosenMemo.set(sub, memo);
  return chosen;
}
type ChosenMemo = { weights: number[]; tilt: number | null; chosen: ChosenU | null };
const chosenMemo = new WeakMap<Subspaces, ChosenMemo>();

function chooseUOnce(sub: Subspaces, pick: UPick): ChosenU | null {
  const { U, N } = sub;
  if (U.length === 0) return null;
  const m = U.length;
  // U ∩ span(P): coefficients c with N^T (U c) = 0.
  // N^T U only when U ∩ span(P) is asked for (a tilt, or the corners' dim(U ∩ span(P))).
  const NtUOf = once(() => N.map((n) => U.map((b) => dot(n, b))));
  const insideOf = once(() => N.length === 0 ? Array.from({ length: m }, (_, i) => Array.from({ length: m }, (_, j) => (i === j ? 1 : 0))) : nullSpace(NtUOf(), m).basis);
  // dim(U ∩ span(P)) = m - rank(N^T U): the null space's size, without its vectors unless a tilt built them.
  const dimInside = once(() => (N.length === 0 ? m : m - rankOf(NtUOf(), m)));
  const weights = U.map((_, i) => pick.weights.length > 0 ? pick.weights[i % pick.weights.length] : i === 0 ? 1 : 0);
  let c = weights;
  let how: ChosenU['how'] = 'combination';
  const inside = pick.tilt !== null ? insideOf() : [];
  if (pick.tilt !== null && inside.length > 0 && inside.length < m) {
    // Split the picked coefficients into their U ∩ span(P) part and the rest, and tilt toward the inside.
    const inPart = combine(inside, inside.map((b) => dot(b, weights)));
    const outPart = weights.map((w, i) => w - inPart[i]);
    const inNorm = norm(inPart);
    const outNorm = norm(outPart);
    if (inNorm > 1e-6 && outNorm > 1e-6) {
      c = inPart.map((x, i) => x / inNorm + (pick.tilt as number) * (outPart[i] / outNorm));
      how = 'tilted';
    }
  }
  const combined = combine(U, c);
  if (norm(combined) > 1e-8) {
    const u = unit(combined);
    const dist = distanceToSpan(N, u);
    if (dist > OUTSIDE_TOL) return chosenU(u, dist, dimInside, how);
  }
  let best = -1;
  let bestDist = OUTSIDE_TOL;
  U.forEach((b, i) => {
    const dist = distanceToSpan(N, b);
    if (dist > bestDist) { best = i; bestDist = dist; }
  });
  if (best < 0) return null;
  return chosenU(U[best].slice(), bestDist, dimInside, 'basis fallback');
}

/** { u, distance, get dimUinS(), how } with the getter from a shared descriptor (engine/getters.ts). */
function chosenU(u: number[], distance: number, dimInside: () => number, how: ChosenU['how']): ChosenU {
  const out = hide({ u, distance }, CHOSEN, dimInside) as ChosenU;
  Object.defineProperty(out, 'dimUinS', CHOSEN_DIM);
  out.how = how;
  return out;
}
const CHOSEN = Symbol('chosenU');
const CHOSEN_DIM = getter(function (this: ChosenU) { return (this as unknown as Record<symbol, () => number>)[CHOSEN](); });

/** dist(x, span(P)) = |proj_N x|. */
const distanceToSpan = (N: number[][], x: number[]): number => norm(projectN(N, x));

export interface WPick {
  sign: 1 | -1;
  scale: number;
  /** Weight of the unit projection of u onto N. */
  alpha: number;
  /** Weights of the orthonormal basis of N (cycled); empty: w is along the projection of u only. */
  beta: number[];
}

/** Relative size below which w^T u counts as 0 (the paper requires w^T u != 0). */
export const WTU_TOL = 1e-9;

/**
 * Any w in N with w^T u != 0: sign * scale * (alpha proj_N(u)/|proj_N(u)| + sum_i beta_i n_i). Its
 * sign relative to u is not steered. When the combination has w^T u = 0 (relative 1e-9) it falls
 * back to sign * scale * proj_N(u)/|proj_N(u)|.
 */
export function chooseW(sub: Subspaces, u: number[], pick: WPick): { w: number[]; fallback: boolean } {
  const N = sub.N;
  const p = unit(projectN(N, u));
  const beta = pick.beta.length > 0 ? N.map((_, i) => pick.beta[i % pick.beta.length]) : [];
  const raw = p.map((x, j) => pick.alpha * x + beta.reduce((s, b, i) => s + b * N[i][j], 0));
  const n = norm(raw);
  if (n > 1e-12) {
    const w = raw.map((x) => (pick.sign * pick.scale * x) / n);
    if (Math.abs(dot(w, u)) > WTU_TOL * norm(w)) return { w, fallback: false };
  }
  return { w: p.map((x) => pick.sign * pick.scale * x), fallback: true };
}

/** v = -u + w and the tweak direction r = u + v (= w up to rounding). */
export function compensator(u: number[], w: number[], vOf: (u: number[], w: number[]) => number[] = paperV): { v: number[]; r: number[] } {
  const v = vOf(u, w);
  return { v, r: u.map((x, j) => x + v[j]) };
}
export const paperV = (u: number[], w: number[]): number[] => u.map((x, j) => -x + w[j]);

/** The perturbation of §5.2-5.3: E(s_a) += eps u, dW = k e_aΔ (u + v)^T (FORMATS.md: r = u + v = w). */
export const prop2Perturbation = (state: number, action: number, u: number[], r: number[], k: number, eps: number): Perturbation => ({ state, action, u, r, k, eps });

/** §5.5: k1' = d_pi(s_a) p_aΔ A^{pi_c}(s_a, a_Δ) w^T u (= P1's k1 at (s_a, a_Δ) times w^T u). */
export const k1Prime = (pred: Prop1Predictions, wTu: number): number => pred.k1 * wTu;

/** §5.5: the bound 2C/k1' on k (k > it). null when k1' = 0 (no k, or 0/0). */
export const prop2KBound = (k1p: number, C: number): number | null => (k1p === 0 ? null : (2 * C) / k1p);

/**
 * Repair of eq. (5) for Prop. 2: the moved code z_d + eps u is also the target E(s_{t+1}) of every
 * transition into s_a. With weights w(s,a,s') = d(s) pi(a|s) P(s'|s,a) held fixed, each error
 * changes by at most (L [s = s_a] + [s' = s_a]) eps, so
 *   Delta J_JEPA <= 2 lambda E_max (L m + m_in) eps + lambda (L^2 m + m_in + 2 L m_self) eps^2,
 * m = d(s_a), m_in = sum_{s,a} d(s) pi(a|s) P(s_a|s,a) (discounted arrivals at s_a),
 * m_self = d(s_a) sum_a pi(a|s_a) P(s_a|s_a,a).
 */
export interface TargetAwareConstants { m: number; mIn: number; mSelf: number; L: number; Emax: number; C: number; Cprime: number }

export function targetAwareConstants(base: BasePoint, state: number, L: number, lambda: number): TargetAwareConstants {
  const { S, A, mdp } = base.prep;
  const { d, pi } = base.evaluation;
  let mIn = 0;
  let mSelf = 0;
  for (let s = 0; s < S; s++)
    for (let a = 0; a < A; a++) {
      const x = d[s] * pi[s * A + a] * mdp.P[(s * A + a) * S + state];
      mIn += x;
      if (s === state) mSelf += x;
    }
  const m = d[state];
  const Emax = maxError(base);
  return { m, mIn, mSelf, L, Emax, C: 2 * lambda * Emax * (L * m + mIn), Cprime: lambda * (L * L * m + mIn + 2 * L * mSelf) };
}

/**
 * J_JEPA on-policy is the discounted cost of the policy with cost c(s,a) = lambda sum_s' P(s'|s,a) err(s,a,s'),
 * so its advantage Ã_c(s,a) prices the JEPA side of a logit change: dJ_JEPA/dl(s,a) = d(s) pi(a|s) Ã_c(s,a).
 */
export function jepaCostAdvantage(base: BasePoint): Float64Array {
  const { S, A, mdp, lambda } = base.prep;
  // evaluatePolicy and advantage into views of one buffer (one backing store, the same numbers).
  const [cost, V, Q, d, adv] = arena([S * A, S, S * A, S, S * A]);
  for (let s = 0; s < S; s++)
    for (let a = 0; a < A; a++) {
      let e = 0;
      for (let t = 0; t < S; t++) e += mdp.P[(s * A + a) * S + t] * base.errSq[(s * A + a) * S + t];
      cost[s * A + a] = lambda * e;
    }
  return advantageInto(evaluatePolicyOnto({ ...mdp, R: cost }, base.evaluation.pi, V, Q, d), S, A, adv);
}
