// The vocabulary of an assumption variant: what a file under properties/variants/ may override.
// Every override has a paper default (src/variants/paper.ts); a variant states only what differs.
import type fc from 'fast-check';
import type { BigNumber } from 'mathjs';
import type { Instance, WorldModel } from '../model/types.ts';
import type { Configuration } from '../claims/configuration.ts';

export type Big = BigNumber;

/** Which proposition's argument is varied: the paper's construction and hypotheses differ between them. */
export type Family = 'P1' | 'P2';

export const P1_CLAIMS = ['P1.u-exists', 'P1.logits-fixed', 'P1.logit-gain', 'P1.k1-pos', 'P1.eq3', 'P1.eq4', 'P1.eq5', 'P1.combine'] as const;
export const P2_CLAIMS = ['P2.u-exists', 'P2.logits-fixed', 'P2.logit-gain', 'P2.k1-pos', 'P2.eq3', 'P2.jepa', 'P2.combine'] as const;
/** The claims a variant can re-check: the steps of §4-§5 that a change of hypothesis, model class, construction or reading can break. */
export type VariantClaimId = (typeof P1_CLAIMS)[number] | (typeof P2_CLAIMS)[number];
export const VARIANT_CLAIMS: readonly VariantClaimId[] = [...P1_CLAIMS, ...P2_CLAIMS];

export const familyOf = (id: VariantClaimId): Family => (id.startsWith('P1') ? 'P1' : 'P2');

/**
 * One generated case. `instance` is the paper's tabular instance: for Prop. 1 every code equals
 * z_d; for Prop. 2 the states in `collapsed` share z_d. `instance.head` is always the LAST linear
 * layer (W, b): a deeper head keeps its lower layers in `head`, a non-tabular encoder its
 * parameters in `encoder`, an estimated Lipschitz constant its sample in `lipschitz`.
 */
export interface VariantCase {
  instance: Instance;
  /** Prop. 2: the two distinct states that share z_d. */
  collapsed?: [number, number];
  /** Index into the (s, a) pairs with positive advantage, as in the ledger's cases. */
  pair: number;
  /** Weights choosing u inside the construction's space when it has more than one dimension. */
  uPick: number[];
  /** Prop. 2: weights choosing w in span(P)^⊥, and the sign the paper leaves free. */
  wPick?: { weights: number[]; sign: 1 | -1 };
  /** k > 0 free; kScale multiplies the threshold 2C/k1 where a claim needs k above it. */
  k: number;
  kScale: number;
  head?: unknown;
  encoder?: unknown;
  lipschitz?: unknown;
}

/** What hypotheses and constructions may read off a case (computed once per case, lazily). */
export interface CaseInfo {
  readonly family: Family;
  readonly S: number;
  readonly A: number;
  readonly d: number;
  /** The collapsed code (of s_Δ, or of s_a for Prop. 2). */
  readonly zd: number[];
  /** The state whose code the construction moves: every state shares z_d for Prop. 1 (0 is used for the subspaces), s_a for Prop. 2. */
  readonly movedState: number;
  /** The last linear layer's weight, |A| x d. */
  readonly W: number[][];
  /** The input of the last layer at each state's code: h(z_s) (= z_s for the paper's linear head). */
  readonly features: number[][];
  /** dh/dz at z_d (the identity for the linear head). */
  readonly jacobian: number[][];
  readonly rankW: number;
  /** U = {u : W J u = 0, h_d^T J u = 0}: ker W ∩ z_d^⊥ for the linear head. Orthonormal basis. */
  readonly U: number[][];
  /** span(P), P = the last-layer inputs of every state except the moved one (Prop. 2's S): its dimension and an orthonormal basis of its complement N. */
  readonly dimSpanP: number;
  readonly N: number[][];
  /** The largest distance of a unit vector of U from span(P) (0 when U ⊆ span(P)). */
  readonly uOutsideSpanP: number;
  /** A^{pi}(s, a) of the head's current policy, flat s*A + a. */
  readonly advantage: Float64Array;
  /** Assumption 1 of the family, decided in float64 (ties within 1e-9 count as failing). */
  readonly assumption1: boolean;
}

export interface Hypothesis {
  /** Short identifier, used by `remove` / `replace` and in skip reasons. */
  name: string;
  /** The hypothesis in words, for the report. */
  statement: string;
  holds: (c: VariantCase, info: CaseInfo) => boolean;
  /**
   * The same decision in exact (rational or 64-digit) arithmetic, used when a counterexample is
   * confirmed; without it the confirmation says the hypothesis was decided in float64 only.
   */
  exact?: (c: VariantCase, info: CaseInfo) => boolean;
  /** The claims it is a hypothesis of (default: every claim of the variant). */
  claims?: readonly VariantClaimId[];
}

/** 64-digit arithmetic handed to the precise parts of model classes and constructions. */
export interface Precise {
  digits: number;
  big(x: number): Big;
  zero: Big;
  one: Big;
  tanh(x: Big): Big;
  sqrt(x: Big): Big;
  vec(x: readonly number[]): Big[];
  mat(x: readonly (readonly number[])[]): Big[][];
  dot(x: readonly Big[], y: readonly Big[]): Big;
  matVec(M: readonly (readonly Big[])[], x: readonly Big[]): Big[];
  /** Orthogonal projection of v onto the null space of `rows` (exact to the working precision), normalised; null when v is (nearly) in their span. */
  projectToKernel(rows: readonly (readonly Big[])[], v: readonly Big[]): Big[] | null;
}

/**
 * A policy head: logits(z) = W h(z) + b with (W, b) = instance.head, the last layer. The paper's
 * is h(z) = z. Its parameters below the last layer are drawn per case into `case.head`.
 */
export interface HeadClass<P = unknown> {
  name: string;
  description: string;
  /** The parameters below the last layer for |A| actions and codes of length d; null when there are none. */
  arbitrary: (A: number, d: number) => fc.Arbitrary<P> | null;
  /** h(z), the last layer's input (length d). */
  features: (params: P, z: ArrayLike<number>) => number[];
  /** dh/dz at z (d x d). */
  jacobian: (params: P, z: ArrayLike<number>) => number[][];
  /** The same at 64 digits; without it no refutation under this head is confirmed. */
  precise?: {
    features: (params: P, z: readonly Big[], p: Precise) => Big[];
    jacobian: (params: P, z: readonly Big[], p: Precise) => Big[][];
  };
  /** Throws an InputError naming the field when a replayed case's parameters are malformed. */
  validate?: (params: unknown, A: number, d: number) => void;
}

/**
 * An encoder class, described by what the construction can do with it: when the construction
 * moves the code of `state` by eps u, every state s's code moves by eps spread[s] u. The paper's
 * tabular encoder moves one code alone (spread = e_state).
 */
export interface EncoderClass<P = unknown> {
  name: string;
  description: string;
  arbitrary: (S: number, d: number) => fc.Arbitrary<P> | null;
  /** The spread, or the reason this encoder cannot move the code of `state` at all. */
  spread: (params: P, state: number, S: number) => number[] | string;
  /** The spread at 64 digits; without it no refutation under this encoder is confirmed. */
  preciseSpread?: (params: P, state: number, S: number, p: Precise) => Big[] | null;
  validate?: (params: unknown, S: number, d: number) => void;
}

/**
 * A world-model class: the distribution the case's W_psi is drawn from (replacing the ledger's mix
 * of affine and small tanh-MLP models). The engines evaluate affine and tanh-MLP models of any depth.
 */
export interface WorldModelClass {
  name: string;
  description: string;
  arbitrary: (A: number, d: number) => fc.Arbitrary<WorldModel>;
}

/** How the L of eqs. (4)-(5) is obtained. The paper's is the world model's (certified) Lipschitz constant. */
export interface LipschitzRule<P = unknown> {
  name: string;
  description: string;
  arbitrary: (A: number, d: number) => fc.Arbitrary<P> | null;
  L: (params: P, worldModel: WorldModel, zd: number[], d: number, A: number) => number;
  validate?: (params: unknown, A: number, d: number) => void;
}

/**
 * A reading of eq. (1): which distribution each term is an expectation over. 'on-policy' moves with
 * theta, 'fixed-data' holds the unperturbed policy's trajectory distribution, 'offline-uniform'
 * is a fixed dataset with every state weighted 1 and actions uniform (data not from the policy).
 */
export interface ObjectiveReading {
  /** File-name safe label, e.g. 'on-policy'. */
  label: string;
  description: string;
  pg: 'on-policy' | 'fixed-data';
  jepa: 'on-policy' | 'fixed-data' | 'offline-uniform';
}

export interface ConstructionInput {
  family: Family;
  c: VariantCase;
  info: CaseInfo;
  /** s_Δ (s_a) and a_Δ. */
  state: number;
  action: number;
}

export interface ConstructionResult {
  /** Unit direction in which the code of `state` moves. */
  u: number[];
  /** The last layer becomes W + k e_aΔ r^T. */
  r: number[];
  /** The logit gain of a_Δ at `state` per k eps that the paper's argument predicts (1 for Prop. 1, w^T u for Prop. 2). */
  gain: number;
  /** Vectors worth recording in a counterexample (beside u and r). */
  record?: Record<string, number[] | number>;
  /**
   * u, r and the gain at 64 digits, meeting the construction's own constraints exactly (to the
   * working precision). Without it, refutations under this construction are reported inconclusive.
   */
  exact?: (p: Precise, preciseInfo: PreciseInfo) => { u: Big[]; r: Big[]; gain: Big } | null;
}

/** The parts of CaseInfo a construction needs at 64 digits. */
export interface PreciseInfo {
  movedState: number;
  zd: Big[];
  W: Big[][];
  /** h(z_s) of every state. */
  features: Big[][];
  /** dh/dz at z_d. */
  jacobian: Big[][];
}

export interface Construction {
  name: string;
  description: string;
  build: (input: ConstructionInput) => ConstructionResult | string;
}

/** What a file under properties/variants/ exports (default export of defineVariant). */
export interface VariantSpec {
  /** File-name safe: the report is reports/variants/<name>.{md,json}. */
  name: string;
  /** One paragraph: what is changed and why it is worth asking. */
  description: string;
  /** The claims re-checked, each under the paper's configuration and under the variant, same seed. */
  claims: readonly VariantClaimId[];
  hypotheses?: {
    /** Extra hypotheses (narrowing). */
    add?: readonly Hypothesis[];
    /** Names of the paper's hypotheses to drop (widening). */
    remove?: readonly string[];
    /** The paper's hypothesis of that name replaced (e.g. by a weaker form). */
    replace?: Readonly<Record<string, Hypothesis>>;
  };
  /** Narrow or widen the cases: receives the paper's generator of the claim's family. */
  generator?: (paper: fc.Arbitrary<VariantCase>, family: Family) => fc.Arbitrary<VariantCase>;
  /** Replace the construction of §4.2 / §5.3 (applied to both families unless it returns a reason). */
  construction?: Construction;
  head?: HeadClass<any>;
  encoder?: EncoderClass<any>;
  /** Replace the world-model class the cases draw W_psi from. */
  worldModel?: WorldModelClass;
  lipschitz?: LipschitzRule<any>;
  /** Replace the two readings of eq. (1) (on-policy, fixed-data) for the claims that involve the objective. */
  readings?: readonly ObjectiveReading[];
  /**
   * Overrides of the claim checks' configuration (src/claims/configuration.ts; the paper's is the
   * default). A variant with only this field runs the ledger's own checks under both configurations.
   */
  configuration?: Partial<Configuration>;
}
