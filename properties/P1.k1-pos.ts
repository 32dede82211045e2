// §4.3: under Assumption 1, k1 = d_pi(s_Δ) p_aΔ A^{pi_c}(s_Δ, a_Δ) > 0 for the pair it provides.
import { type BigNumber, defineClaim, fmt, preciseEvaluate, type Prop1Case, prop1CaseArbitrary, prop1Corners, prop1Hypotheses, prop1Setup, type PropertyCheck, reachableStates } from '../src/api.ts';
import { prop1Refiner } from '../src/api.ts';

/**
 * k1 is computed from its definition, not reasoned about: in float64 as a screen, then at 64 digits
 * (d_pi(s_Δ) from the 64-digit policy evaluation, p_aΔ, A) to confirm that it is not positive. The
 * hypotheses (Assumption 1 exactly, A > 0 at 64 digits, a repair's reachability) are decided by the
 * framework separately, so a repair that assumes a factor positive still has its product computed.
 * `k1Of` is the formula checked (the paper's by default; planted tests pass wrong ones).
 */
/** The formula of k1 checked, in float64 and in 64-digit BigNumbers (written once per precision). */
export interface K1Formula {
  f64: (d: number, p: number, A: number) => number;
  big: (d: BigNumber, p: BigNumber, A: BigNumber) => BigNumber;
}
export const PAPER_K1: K1Formula = { f64: (d, p, A) => d * p * A, big: (d, p, A) => d.times(p).times(A) };
const show = (x: BigNumber) => x.toSignificantDigits(4).toString();
/**
 * p_aΔ > 0 for every finite logit (softmax), but below ~1e-9e15 even a BigNumber underflows to 0;
 * such a p is taken as the smallest positive BigNumber, so its sign (all the check needs) is exact.
 */
const positive = (p: BigNumber) => (p.isZero() ? (p.plus('1e-8999999999999990') as BigNumber) : p);

export const k1Check = (
  extra?: (c: Prop1Case, state: number) => string | null,
  note?: string,
  k1Of: K1Formula = PAPER_K1,
): PropertyCheck<Prop1Case> => ({
  reading: 'any',
  refine: prop1Refiner('k1'),
  interpretation: note,
  arbitrary: prop1CaseArbitrary,
  hypotheses: (c) => prop1Hypotheses(c, extra),
  run: (c) => {
    const r = prop1Setup(c);
    if (!r.ok) return { kind: 'skip', reason: r.reason };
    const { pred } = r.setup;
    const why = extra?.(c, pred.state) ?? null;
    if (why) return { kind: 'skip', reason: why };
    const k1 = k1Of.f64(pred.visitation, pred.p, pred.advantage);
    if (k1 > 0) return { kind: 'ok' };
    return {
      kind: 'violation', margin: -k1, noise: 0,
      message: `k1 = d_pi(s_Δ) p A = ${fmt(pred.visitation)} x ${fmt(pred.p)} x ${fmt(pred.advantage)} = ${fmt(k1)} at (s_Δ, a_Δ) = (${pred.state}, ${pred.action})`,
      measured: { k1, visitation: pred.visitation, p: pred.p, advantage: pred.advantage, reachable: reachableStates(c.instance.mdp)[pred.state] ? 1 : 0 },
      predicted: { k1: null },
      construction: { state: pred.state, action: pred.action },
      confirmWhileShrinking: true,
      confirm: () => {
        // d, p and A only: the JEPA errors (most of a 64-digit evaluation) are not read (same digits without them).
        const ev = preciseEvaluate(c.instance, 64, { jepa: false });
        const d = ev.d[pred.state];
        const p = positive(ev.pi[pred.state][pred.action]);
        const A = ev.A[pred.state][pred.action];
        // Products stay BigNumbers (p_aΔ can be 1e-400, below float64's range). d_pi of an unreachable
        // state is 0 up to the rounding of the 64-digit solve (~1e-60 of the visitation scale).
        const k1 = k1Of.big(d, p, A);
        // d_pi(s) = 0 exactly iff s is unreachable from mu (graph reachability, exact); otherwise the
        // 64-digit d_pi(s), which can be as small as 1e-90000 and is kept as a BigNumber.
        const dZero = !reachableStates(c.instance.mdp)[pred.state];
        // s_Δ reachable (and gamma > 0) makes d_pi(s_Δ) > 0 and softmax makes p_aΔ > 0 exactly, so a 0
        // here with A != 0 is a product (or a d_pi) below BigNumber's exponent range (1e-9e15): no sign
        // was measured, so it confirms nothing.
        const underflow = !dZero && k1.isZero() && !A.isZero();
        const confirmed = !underflow && !(dZero ? k1Of.big(d.times(0), p, A) : k1).gt(0);
        return { confirmed, margin: -k1.toNumber(), digits: 64, message: `at 64 digits d_pi(s_Δ) = ${show(d)}, p_aΔ = ${show(p)}, A = ${show(A)}: k1 = ${show(k1)}${dZero ? ' (s_Δ unreachable: d_pi(s_Δ) = 0 exactly)' : ''}${underflow ? ' (the product of nonzero factors underflows the 64-digit exponent range: not a refutation)' : ''}` };
      },
    };
  },
  corners: (c) => { const r = prop1Setup(c); return prop1Corners(c, r.ok ? r.setup : undefined); },
  instanceOf: (c) => c.instance,
  rule: 'k1 = d_pi(s_Δ) p_aΔ A(s_Δ, a_Δ) computed from exact policy evaluation; a case with k1 <= 0 is confirmed when k1 recomputed from the 64-digit evaluation is <= 0 (d_pi(s_Δ) = 0 exactly when s_Δ is unreachable), with Assumption 1 decided in exact rational arithmetic and A(s_Δ, a_Δ) > 0 at 64 digits.',
});

const reachable = (c: Prop1Case, s: number) => (reachableStates(c.instance.mdp)[s] ? null : 'extra hypothesis fails: s_Δ unreachable from mu');

export default defineClaim({
  id: 'P1.k1-pos',
  statement: 'under Assumption 1, k1 > 0 for the (s_Δ, a_Δ) it provides',
  latex: 'k_1 = d_\\pi(s_\\Delta)\\, p_{a_\\Delta} A^{\\pi_c}(s_\\Delta, a_\\Delta) > 0',
  paper: '§4.3',
  uses: ['P1.eq3'],
  hypotheses: ['fully collapsed encoder', 'Assumption 1: every constant policy has some (s, a) with Q > V; (s_Δ, a_Δ) any pair it provides'],
  checks: [k1Check()],
  repairs: [{
    statement: 'k1 > 0 when additionally s_Δ is reachable from mu (d_pi(s_Δ) > 0)',
    checks: [k1Check(reachable, 'Assumption 1 plus: s_Δ reachable from mu')],
  }],
});
