// Plain data for the objects of §3 and §4.1, in the shapes FORMATS.md fixes.
// Every array is number[] (not typed arrays) so that an instance is JSON as it stands.

/** A finite MDP. P[s][a][s'] may be sub-stochastic: the missing mass ends the episode. */
export interface Mdp {
  P: number[][][];
  R: number[][];
  mu: number[];
  gamma: number;
}

/** Policy head of §4.1: logits l(z) = W z + b, pi(a|z) = softmax(l(z)). W is |A| x d. */
export interface Head {
  W: number[][];
  b: number[];
}

/** Per-action affine world model W_psi(z, a) = M[a] z + c[a]. */
export interface AffineWorldModel {
  kind: 'affine';
  M: number[][][];
  c: number[][];
}

/** Tiny MLP world model on [z; onehot(a)]; tanh between layers, the last layer linear. */
export interface MlpWorldModel {
  kind: 'mlp';
  activation: 'tanh';
  layers: { W: number[][]; b: number[] }[];
}

export type WorldModel = AffineWorldModel | MlpWorldModel;

/** Everything eq. (1) needs: the environment and the parameters (phi, theta, psi) and lambda. */
export interface Instance {
  mdp: Mdp;
  /** encoder[s] = E_phi(s), the code table (tabular encoder), |S| x d. */
  encoder: number[][];
  head: Head;
  worldModel: WorldModel;
  lambda: number;
}

/** The two readings of the expectation in eq. (1) (CLAIMS.md). */
export type Reading = 'on-policy' | 'fixed-data';
export const READINGS: readonly Reading[] = ['on-policy', 'fixed-data'];

/**
 * The change a claim is about (FORMATS.md): the code of `state` moves to encoder[state] + eps u,
 * the head becomes W + k e_action r^T (r = u for Prop. 1, r = u + v = w for Prop. 2).
 */
export interface Perturbation {
  state: number;
  action: number;
  u: number[];
  r: number[];
  k: number;
  eps: number;
  /** Optional 64-digit decimal forms of u and r for the high-precision engine (see src/claims/exactChannel.ts). */
  uExact?: string[];
  rExact?: string[];
}

export const sizes = (instance: Instance) => ({
  states: instance.mdp.P.length,
  actions: instance.head.W.length,
  d: instance.encoder[0]?.length ?? 0,
});
