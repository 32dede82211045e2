// §5.5: k1' = d_pi(s_a) p_aΔ A^{pi_c}(s_a, a_Δ) w^T u > 0 "by Assumption 1".
import { A3_READINGS, type BigNumber, type A3Reading, both, defineClaim, fmt, preciseEvaluate, type Prop2Case, prop2Check, type Prop2Setup, type PropertyCheck, reachableStates, saReachable, wOnUsSide } from '../src/api.ts';
import { prop2Refiner } from '../src/api.ts';

/**
 * k1' = d_pi(s_a) p_aΔ A(s_a, a_Δ) w^T u, computed from its definition: in float64 as a screen,
 * then at 64 digits (d_pi, p, A from the 64-digit evaluation, w^T u from the 70-digit u, w) to
 * confirm it is not positive. Hypotheses (Assumption 3 with exact ranks, A > 0 at 64 digits, a
 * repair's w^T u > 0 and reachability) are decided separately by prop2Check's hypotheses hook, so a
 * repair that assumes the factors positive still has its product computed. `k1Of` is the formula
 * checked (the paper's by default; planted tests pass wrong ones).
 */
/** The formula of k1' checked, in float64 and with 64-digit BigNumbers (w^T u from the 70-digit u, w). */
export interface K1PrimeFormula {
  f64: (d: number, p: number, A: number, wTu: number) => number;
  big: (d: BigNumber, p: BigNumber, A: BigNumber, wTu: number) => BigNumber;
}
export const PAPER_K1_PRIME: K1PrimeFormula = { f64: (d, p, A, wTu) => d * p * A * wTu, big: (d, p, A, wTu) => d.times(p).times(A).times(wTu) };
const show = (x: BigNumber) => x.toSignificantDigits(4).toString();
/**
 * p_aΔ > 0 for every finite logit (softmax), but below ~1e-9e15 even a BigNumber underflows to 0;
 * such a p is taken as the smallest positive BigNumber, so its sign (all the check needs) is exact.
 */
const positive = (p: BigNumber) => (p.isZero() ? (p.plus('1e-8999999999999990') as BigNumber) : p);

export const k1PosCheck = (
  a3: A3Reading,
  extra?: (s: Prop2Setup) => string | null,
  note?: string,
  k1Of: K1PrimeFormula = PAPER_K1_PRIME,
): PropertyCheck<Prop2Case> =>
  prop2Check({
    reading: 'any',
    refine: prop2Refiner('k1'),
    a3,
    extra,
    note: note ?? "w any vector of span(P)^⊥ with w^T u != 0 (its sign relative to u is the case's, not steered)",
    run: (c, s) => {
      const { pred } = s;
      const k1p = k1Of.f64(pred.visitation, pred.p, pred.advantage, s.wTu);
      if (k1p > 0) return { kind: 'ok' };
      const reachable = reachableStates(s.instance.mdp)[s.sa];
      return {
        kind: 'violation', margin: -k1p, noise: 0,
        message: `k1' = d_pi(s_a) p A w^T u = ${fmt(pred.visitation)} x ${fmt(pred.p)} x ${fmt(pred.advantage)} x ${fmt(s.wTu)} = ${fmt(k1p)} <= 0 at (s_a, a_Δ) = (${s.sa}, ${s.action})${reachable ? '' : ' (s_a unreachable from mu)'}`,
        measured: { k1prime: k1p, visitation: pred.visitation, p: pred.p, advantage: pred.advantage, wTu: s.wTu, reachable: reachable ? 1 : 0 },
        predicted: { k1prime_sign: 1 },
        construction: { state: s.sa, action: s.action, u: s.u, w: s.w, r: s.r, k: c.k },
        confirmWhileShrinking: true,
        confirm: () => {
          // d, p and A only: the JEPA errors (most of a 64-digit evaluation) are not read (same digits without them).
          const ev = preciseEvaluate(s.instance, 64, { jepa: false });
          const d = ev.d[s.sa];
          const p = positive(ev.pi[s.sa][s.action]);
          const A = ev.A[s.sa][s.action];
          const wTu = s.preciseWTu();
          // Products stay BigNumbers (p_aΔ can be far below float64's range); d_pi of an unreachable
          // state is 0 up to the rounding of the 64-digit solve.
          const k1 = k1Of.big(d, p, A, wTu);
          // d_pi(s) = 0 exactly iff s is unreachable from mu (graph reachability, exact); otherwise the
          // 64-digit d_pi(s), which can be as small as 1e-90000 and is kept as a BigNumber.
          const dZero = !reachableStates(s.instance.mdp)[s.sa];
          // s_a reachable makes d_pi(s_a) > 0 and softmax p_aΔ > 0 exactly: a 0 with A, w^T u != 0 is below BigNumber's exponent range, no sign measured.
          const underflow = !dZero && k1.isZero() && !A.isZero() && wTu !== 0;
          const confirmed = !underflow && !(dZero ? k1Of.big(d.times(0), p, A, wTu) : k1).gt(0);
          return { confirmed, margin: -k1.toNumber(), digits: 64, message: `at 64 digits d_pi(s_a) = ${show(d)}${dZero ? ' (s_a unreachable: 0 exactly)' : ''}, p_aΔ = ${show(p)}, A = ${show(A)}, w^T u = ${fmt(wTu)} (70-digit u, w): k1' = ${show(k1)}${underflow ? ' (the product of nonzero factors underflows the 64-digit exponent range: not a refutation)' : ''}` };
        },
      };
    },
    rule: "k1' = d_pi(s_a) p_aΔ A(s_a, a_Δ) w^T u computed from exact policy evaluation; a case with k1' <= 0 is confirmed when k1' recomputed from the 64-digit evaluation and the 70-digit u, w is <= 0, with Assumption 3 decided by exact ranks and A(s_a, a_Δ) > 0 at 64 digits.",
  });

export default defineClaim({
  id: 'P2.k1-pos',
  statement: "k1' = d_pi(s_a) p_aΔ A^{pi_c}(s_a, a_Δ) w^T u > 0",
  latex: "k_1' = d_\\pi(s_a)\\, p_{a_\\Delta} A^{\\pi_c}(s_a, a_\\Delta)\\, w^\\top u > 0",
  paper: '§5.5',
  uses: ['P2.logit-gain'],
  hypotheses: ['Assumption 1 (A^{pi_c}(s_a, a_Δ) > 0)', 'Assumption 3 (four readings)', 'u, w from §5.3: w in span(P)^⊥ with w^T u != 0'],
  checks: A3_READINGS.map((a3) => k1PosCheck(a3)),
  repairs: [{
    statement: "k1' > 0 when w is taken on u's side (w^T u > 0, e.g. w = proj_{span(P)^⊥}(u), or -w when w^T u < 0) and s_a is reachable from mu (d_pi(s_a) > 0)",
    checks: [k1PosCheck('span', both(wOnUsSide, saReachable), 'repair: w^T u > 0 and s_a reachable')],
  }],
});
