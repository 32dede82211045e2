// §4: the private channel for s_Δ, the head tweak dW = k e_aΔ u^T, and the predictions k1, C, C'.
import type { Instance, Perturbation } from '../model/types.ts';
import { basePoint, prepare, type BasePoint } from '../engine/objective.ts';
import { lipschitz } from '../engine/worldModel.ts';
import { once } from '../engine/once.ts';
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
  let rankW: number | undefined;
  const space = nullSpace([...W, zd], d);
  const basis = space.basis;
  let u: number[] | null = null;
  if (basis.length > 0) {
    const weights = pick && pick.length > 0 ? basis.map((_, i) => pick[i % pick.length]) : basis.map((_, i) => (i === 0 ? 1 : 0));
    const combined = new Array<number>(d).fill(0);
    basis.forEach((v, i) => v.forEach((x, j) => (combined[j] += weights[i] * x)));
    const n = norm(combined);
    u = n > 1e-8 ? combined.map((x) => x / n) : basis[0];
  }
  return { u, get rankW() { return (rankW ??= rankOf(W, d)); }, dimIntersection: basis.length, basis };
}

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
  const lipOf = once(() => lipschitz(instance.worldModel, base.prep.d));
  const emaxOf = once(() => maxError(base));
  const eq5Of = once(() => eq5Constants(lambda, m, lipOf().L, emaxOf()));
  return {
    state, action, p, advantage: adv, visitation,
    k1: visitation * p * adv,
    get L() { return lipOf().L; },
    get Lexact() { return lipOf().exact; },
    m,
    get Emax() { return emaxOf(); },
    get C() { return eq5Of().C; },
    get Cprime() { return eq5Of().Cprime; },
  };
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
