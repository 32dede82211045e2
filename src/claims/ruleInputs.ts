// §5.5's (and §4.5's) k rule for a case, in float64 (what the check draws k against) and decided again at 64
// digits for a refutation: a k drawn as kScale x the float64 threshold 2C/k1' can sit below the
// exact one when C or k1' is ill-conditioned, and a refutation relies on every hypothesis decided
// beyond float64. The formulas are construction/kRule.ts's, evaluated in both fields.
import { chooseK, type KChoice, type KRule, type RuleInputs } from '../construction/kRule.ts';
import { jepaCostAdvantage, targetAwareConstants } from '../construction/prop2.ts';
import { basePointIn, digitsScalar } from '../precise/dual.ts';
import { gaussSolve } from '../precise/linalg.ts';
import { contentKey } from '../engine/contentMemo.ts';
import type { Big } from '../precise/evaluate.ts';
import type { Instance } from '../model/types.ts';
import type { Prop2Case, Prop2Setup } from './prop2Case.ts';
import type { BasePoint } from '../engine/objective.ts';
import type { Prop1Predictions } from '../construction/prop1.ts';

/** The rule's inputs from a float64 base point and its predictions at (state, action), with the tweak's w^T u (u^T u for Prop. 1). */
export function floatInputsAt(base: BasePoint, pred: Prop1Predictions, lambda: number, wTu: number): RuleInputs<number> {
  const { state, action } = pred;
  return {
    lambda, m: pred.m, p: pred.p, advantage: pred.advantage, wTu,
    L: () => pred.L, Emax: () => pred.Emax,
    mIn: () => targetAwareConstants(base, state, pred.L, lambda).mIn,
    mSelf: () => targetAwareConstants(base, state, pred.L, lambda).mSelf,
    costAdvantage: () => jepaCostAdvantage(base)[state * base.prep.A + action],
  };
}

/** The rule's inputs from the setup's float64 base point (its own wTu, so a copy with a 70-digit wTu reads that). */
export const floatRuleInputs = (s: Prop2Setup): RuleInputs<number> => floatInputsAt(s.base, s.pred, s.instance.lambda, s.wTu);

/** The case's k under the rule, in float64. */
export const choiceOf = (rule: KRule, c: Prop2Case, s: Prop2Setup): KChoice => chooseK(rule, floatRuleInputs(s), c.kScale, c.k);

const DIGITS = 64;

/** Where a rule is applied: the instance, the moved state and action, and what the check fixes itself. */
export interface RuleSite {
  instance: Instance;
  state: number;
  action: number;
  /** The check's own L (an upper bound or the variant's estimate): C is defined with it. */
  L: number;
  /** w^T u from the exact directions (Prop. 2); Prop. 1's rule has none (1). */
  wTu?: (S: ReturnType<typeof digitsScalar>) => Big;
  /** eq. (5)'s m is 1 (offline JEPA data), not d_pi. */
  offlineM?: boolean;
}

// A refinement judges many candidates on one instance (other k, u, eps): its 64-digit base point is
// kept, keyed by content (every double's bits), never by object identity.
const POINT_MEMO = 8;
const points = new Map<string, ReturnType<typeof basePointIn<Big>>>();
function basePointMemo(S: ReturnType<typeof digitsScalar>, instance: Instance): ReturnType<typeof basePointIn<Big>> {
  const key = contentKey(instance);
  const hit = key === null ? undefined : points.get(key);
  if (hit) return hit;
  const point = basePointIn(S, instance);
  if (key !== null) {
    if (points.size >= POINT_MEMO) points.delete(points.keys().next().value!);
    points.set(key, point);
  }
  return point;
}

/**
 * The rule's inputs at 64 digits: pi, A, d_pi and every transition's error from the base point in the
 * 64-digit field; L is the check's own (C grows with L, so a k above 2C/k1' with an upper bound on L
 * is above it with the world model's true Lipschitz constant).
 */
export function preciseInputsAt(site: RuleSite): RuleInputs<Big> {
  const S = digitsScalar(DIGITS);
  const { instance, state, action } = site;
  const { mdp } = instance;
  const q = basePointMemo(S, instance);
  const nS = mdp.P.length;
  const nA = instance.head.W.length;
  return {
    lambda: S.of(instance.lambda), m: q.d[state], p: q.pi[state][action], advantage: q.A[state][action], wTu: site.wTu ? site.wTu(S) : S.one,
    ...(site.offlineM ? { mData: S.one } : {}),
    L: () => S.of(site.L),
    // E_max = max ||W_psi(z_s, a) - z_s'|| over transitions with P(s'|s,a) > 0 (the check's definition).
    Emax: () => {
      let e2 = S.zero;
      mdp.P.forEach((rows, st) => rows.forEach((row, a) => row.forEach((x, t) => { if (x > 0 && q.errSq[st][a][t].gt(e2)) e2 = q.errSq[st][a][t]; })));
      return e2.sqrt();
    },
    mIn: () => {
      let sum = S.zero;
      for (let st = 0; st < nS; st++) for (let a = 0; a < nA; a++) sum = S.add(sum, S.mul(S.mul(q.d[st], q.pi[st][a]), S.of(mdp.P[st][a][state])));
      return sum;
    },
    mSelf: () => {
      let sum = S.zero;
      for (let a = 0; a < nA; a++) sum = S.add(sum, S.mul(q.pi[state][a], S.of(mdp.P[state][a][state])));
      return S.mul(q.d[state], sum);
    },
    // The JEPA cost's policy evaluation, as for the reward: (I - gamma P_pi) V_c = c_pi, Q_c = c + gamma P V_c.
    costAdvantage: () => {
      const gamma = S.of(mdp.gamma);
      const { cost, V } = costValues(S, instance, q);
      const Qc = S.add(cost[state][action], S.mul(gamma, mdp.P[state][action].reduce((acc, x, t) => S.add(acc, S.mul(S.of(x), V[t])), S.zero)));
      return S.sub(Qc, V[state]);
    },
  };
}

// The JEPA cost's policy evaluation, as for the reward: (I - gamma P_pi) V_c = c_pi, c = lambda err.
// One solve per base point: P2's plan compares the cost advantage of every action at s_a.
const COST_VALUES = new WeakMap<object, { cost: Big[][]; V: Big[] }>();
function costValues(S: ReturnType<typeof digitsScalar>, instance: Instance, q: ReturnType<typeof basePointIn<Big>>): { cost: Big[][]; V: Big[] } {
  const hit = COST_VALUES.get(q);
  if (hit) return hit;
  const { mdp } = instance;
  const nS = mdp.P.length;
  const nA = instance.head.W.length;
  const gamma = S.of(mdp.gamma);
  const cost = q.err.map((row) => row.map((x) => S.mul(S.of(instance.lambda), x)));
  const M = Array.from({ length: nS }, (_, st) => Array.from({ length: nS }, (_, t) => {
    let pst = S.zero;
    for (let a = 0; a < nA; a++) pst = S.add(pst, S.mul(q.pi[st][a], S.of(mdp.P[st][a][t])));
    return S.sub(st === t ? S.one : S.zero, S.mul(gamma, pst));
  }));
  const cPi = cost.map((row, st) => [row.reduce((acc, x, a) => S.add(acc, S.mul(q.pi[st][a], x)), S.zero)]);
  const out = { cost, V: gaussSolve(S, M, cPi, 'I - gamma P_pi (JEPA cost)').map((x) => x[0]) };
  COST_VALUES.set(q, out);
  return out;
}

/** A Prop. 2 setup's site: s_a, a_Δ, the check's L, w^T u from the 70-digit exact directions (null without them). */
export function prop2Site(s: Prop2Setup): RuleSite | null {
  const e = s.exact();
  if (!e) return null;
  return {
    instance: s.instance, state: s.sa, action: s.action, L: s.pred.L,
    wTu: (S) => e.uExact.reduce((acc, x, j) => S.add(acc, S.mul(S.parse(x), S.parse(e.rExact[j]))), S.zero),
  };
}

/** The rule's inputs at 64 digits for a Prop. 2 setup (null without exact directions). */
export function preciseRuleInputs(s: Prop2Setup): RuleInputs<Big> | null {
  const site = prop2Site(s);
  return site ? preciseInputsAt(site) : null;
}

/**
 * "k > 2C/gain" for the k the case chose, decided at 64 digits with the same rule (and, for rules
 * that need it, gain > 0). A k within 64 digits of the threshold does not exceed it.
 */
export function decideKRule(rule: KRule, k: number, at: Prop2Setup | RuleSite): { holds: boolean; why: string } {
  const site = 'sa' in at ? prop2Site(at) : at;
  if (!site) return { holds: false, why: 'no exact u, w to decide the k rule at 64 digits' };
  const q = preciseInputsAt(site);
  const S = digitsScalar(DIGITS);
  const gain = rule.gain(S, q);
  const show = (x: Big) => x.toSignificantDigits(6).toString();
  if (rule.needsPositiveGain !== null && !gain.gt(0)) return { holds: false, why: `${rule.gainName} = ${show(gain)} is not > 0 at ${DIGITS} digits` };
  if (gain.isZero()) return { holds: false, why: `${rule.gainName} = 0 at ${DIGITS} digits: no k satisfies the rule` };
  const C = rule.C(S, q);
  const threshold = S.div(S.mul(S.of(2), C), gain);
  const rel = `k = ${show(S.of(k))} > 2${rule.cName}/${rule.gainName} = ${show(threshold)}`;
  const margin = S.sub(S.of(k), threshold);
  // "Within 64 digits": the difference is below the precision of the larger side.
  const scale = S.of(k).abs().gt(threshold.abs()) ? S.of(k).abs() : threshold.abs();
  if (!margin.gt(scale.times(`1e-${DIGITS - 4}`))) return { holds: false, why: `k = ${show(S.of(k))} does not exceed 2${rule.cName}/${rule.gainName} = ${show(threshold)} at ${DIGITS} digits (${rule.cName} = ${show(C)}, ${rule.gainName} = ${show(gain)})` };
  return { holds: true, why: `${rel} at ${DIGITS} digits (${rule.cName} = ${show(C)}, ${rule.gainName} = ${show(gain)}, L as the check bounds it)` };
}

/** A bound C eps + C' eps^2 with C and C' from construction/kRule.ts evaluated at 64 digits at a site (its w^T u unused). */
export function preciseBoundAt(site: RuleSite, C: KRule['C'], Cprime: KRule['C']): (eps: number) => number {
  const S = digitsScalar(DIGITS);
  // Nothing at 64 digits until a confirmation asks (a check builds its bound for every case); then
  // the constants once for every eps.
  let constants: { C: Big; Cprime: Big } | null = null;
  return (eps) => {
    if (!constants) {
      const q = preciseInputsAt(site);
      constants = { C: C(S, q), Cprime: Cprime(S, q) };
    }
    const e = S.of(eps);
    return S.add(S.mul(constants.C, e), S.mul(constants.Cprime, S.mul(e, e))).toNumber();
  };
}
