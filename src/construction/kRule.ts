// §5.5's rule "any k > 2C/k1'" and its two repairs, written once over a field: the gain per k eps and
// the constant C a rule compares. The float64 check draws its k against them; a refutation decides
// the same rule again at 64 digits (claims/ruleInputs.ts), so the formulas cannot drift apart.
import { float64Scalar, type Scalar } from '../precise/scalars.ts';

/**
 * What the rules are computed from, at s_a and a_Δ. The costly inputs are read only by the rules
 * that need them (and only once the gain leaves a k to choose).
 */
export interface RuleInputs<T> {
  lambda: T;
  /** d_pi(s_a) (s_Δ for Prop. 1), eq. (5)'s m in expectation. */
  m: T;
  /** eq. (5)'s m when the JEPA data weigh the moved state otherwise than d_pi (offline data: 1). */
  mData?: T;
  /** p_aΔ = pi_c(a_Δ | s_a). */
  p: T;
  /** A^{pi_c}(s_a, a_Δ). */
  advantage: T;
  wTu: T;
  /** The world model's Lipschitz constant as the check bounds it (an upper bound: C only grows with it). */
  L: () => T;
  Emax: () => T;
  /** m_in = sum_{s,a} d(s) pi(a|s) P(s_a|s,a): discounted arrivals at s_a. */
  mIn: () => T;
  /** m_self = d_pi(s_a) sum_a pi(a|s_a) P(s_a|s_a,a): the moved state's returns to itself. */
  mSelf: () => T;
  /** Ã_c(s_a, a_Δ): the advantage for the JEPA cost c(s,a) = lambda sum_s' P(s'|s,a) err(s,a,s'). */
  costAdvantage: () => T;
}

export interface KRule {
  /** The rule as the message states it, by the sign of its gain. */
  text: (gainPositive: boolean) => string;
  gainName: string;
  cName: string;
  /** The skip reason when the gain is not > 0, for rules that need it (the paper's takes k1' < 0). */
  needsPositiveGain: string | null;
  /** The skip reason when the gain is 0 (no k satisfies the rule). */
  zeroGain: string;
  gain: <T>(S: Scalar<T>, q: RuleInputs<T>) => T;
  C: <T>(S: Scalar<T>, q: RuleInputs<T>) => T;
}

// eq. (3) with §5.4's factor: k1' = d_pi(s_a) p_aΔ A(s_a, a_Δ) (w^T u).
export const k1PrimeIn = <T>(S: Scalar<T>, q: RuleInputs<T>): T => S.mul(S.mul(S.mul(q.m, q.p), q.advantage), q.wTu);
// eq. (5): C = 2 lambda m L E_max.
export const eq5CIn = <T>(S: Scalar<T>, q: RuleInputs<T>): T => S.mul(S.mul(S.mul(S.mul(S.of(2), q.lambda), q.mData ?? q.m), q.L()), q.Emax());
// P2.jepa's repair: C~ = 2 lambda E_max (L m + m_in), the moved code also a target.
export const targetAwareCIn = <T>(S: Scalar<T>, q: RuleInputs<T>): T => S.mul(S.mul(S.mul(S.of(2), q.lambda), q.Emax()), S.add(S.mul(q.L(), q.m), q.mIn()));
// P2.jepa's repair, second order: C~' = lambda (L^2 m + m_in + 2 L m_self).
export const targetAwareCprimeIn = <T>(S: Scalar<T>, q: RuleInputs<T>): T => S.mul(q.lambda, S.add(S.add(S.mul(S.mul(q.L(), q.L()), q.m), q.mIn()), S.mul(S.mul(S.of(2), q.L()), q.mSelf())));
// eq. (5): C' = lambda m L^2.
export const eq5CprimeIn = <T>(S: Scalar<T>, q: RuleInputs<T>): T => S.mul(S.mul(q.lambda, q.mData ?? q.m), S.mul(q.L(), q.L()));
// P2.jepa's on-policy repair, first order: dDelta J_JEPA/deps <= C~ + k (w^T u) d_pi(s_a) p_aΔ Ã_c(s_a, a_Δ).
export const jepaSlopeBoundIn = <T>(S: Scalar<T>, q: RuleInputs<T>, k: T): T => S.add(targetAwareCIn(S, q), S.mul(S.mul(S.mul(S.mul(k, q.wTu), q.m), q.p), q.costAdvantage()));
// On-policy: k1'' = d_pi(s_a) p_aΔ (w^T u) (A - Ã_c)(s_a, a_Δ).
export const k1DoublePrimeIn = <T>(S: Scalar<T>, q: RuleInputs<T>): T => S.mul(S.mul(S.mul(q.m, q.p), q.wTu), S.sub(q.advantage, q.costAdvantage()));

/** §5.5 as written: any k > 2C/k1'; when k1' < 0 the bound is <= 0 and every k > 0 satisfies it. */
export const PAPER_RULE: KRule = {
  text: (positive) => (positive ? "k > 2C/k1'" : "k1' < 0: every k > 0 exceeds 2C/k1' <= 0"),
  gainName: "k1'", cName: 'C',
  needsPositiveGain: null,
  zeroGain: "k1' = 0: no k satisfies k > 2C/k1'",
  gain: k1PrimeIn, C: eq5CIn,
};

/** §4.5: k > 2C/k1, k1 = d_pi(s_Δ) p_aΔ A(s_Δ, a_Δ) (Prop. 1 has no w: its inputs carry w^T u = 1). */
export const PROP1_RULE: KRule = {
  text: () => 'k > 2C/k1',
  gainName: 'k1', cName: 'C',
  needsPositiveGain: 'k1 <= 0: no k satisfies k > 2C/k1 (see P1.k1-pos)',
  zeroGain: 'k1 <= 0: no k satisfies k > 2C/k1 (see P1.k1-pos)',
  gain: k1PrimeIn, C: eq5CIn,
};

/** Fixed-data repair: k > 2C~/k1' with C~ counting the moved code as a target (P2.jepa's repair). */
export const TARGET_AWARE_RULE: KRule = {
  text: () => "k > 2C~/k1'",
  gainName: "k1'", cName: 'C~',
  needsPositiveGain: "k1' <= 0",
  zeroGain: "k1' <= 0",
  gain: k1PrimeIn, C: targetAwareCIn,
};

/** On-policy repair: the tweak also moves the trajectory distribution, so the gain per k eps is k1''. */
export const ON_POLICY_RULE: KRule = {
  text: () => "k > 2C~/k1''",
  gainName: "k1''", cName: 'C~',
  needsPositiveGain: 'extra hypothesis fails: (A - Ã_c)(s_a, a_Δ) <= 0 (the JEPA cost of a_Δ outweighs its advantage)',
  zeroGain: 'extra hypothesis fails: (A - Ã_c)(s_a, a_Δ) <= 0 (the JEPA cost of a_Δ outweighs its advantage)',
  gain: k1DoublePrimeIn, C: targetAwareCIn,
};

/** The k a rule picks for a case, with the threshold and gain it compares, or why no k qualifies. */
export type KChoice = { k: number; threshold: number | null; gain: number; C: number; rule: string } | { skip: string };

/**
 * The case's k under a rule, in float64: kScale (in (1, 100]) times the threshold 2C/gain when that
 * is positive, the case's free k otherwise (C = 0, or the paper's rule with k1' < 0).
 */
export function chooseK(rule: KRule, q: RuleInputs<number>, kScale: number, freeK: number): KChoice {
  const gain = rule.gain(float64Scalar, q);
  if (rule.needsPositiveGain !== null && !(gain > 0)) return { skip: rule.needsPositiveGain };
  if (gain === 0) return { skip: rule.zeroGain };
  const C = rule.C(float64Scalar, q);
  const threshold = (2 * C) / gain;
  return { k: gain > 0 && threshold > 0 ? kScale * threshold : freeK, threshold, gain, C, rule: rule.text(gain > 0) };
}
