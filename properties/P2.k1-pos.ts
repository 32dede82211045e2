// §5.5: k1' = d_pi(s_a) p_aΔ A^{pi_c}(s_a, a_Δ) w^T u > 0 "by Assumption 1".
import { defineClaim, fmt, type PropertyCheck } from '../src/claims/framework.ts';
import type { Prop2Case, Prop2Setup } from '../src/claims/prop2Case.ts';
import { both, prop2Check, saReachable, wOnUsSide } from '../src/claims/prop2Checks.ts';
import { reachableStates } from '../src/engine/mdp.ts';
import { preciseEvaluate } from '../src/precise/index.ts';
import { A3_READINGS, type A3Reading } from '../src/construction/prop2.ts';

/**
 * k1' = d_pi(s_a) p_aΔ A(s_a, a_Δ) w^T u. Its sign is decided exactly, not from the float64 product
 * (p_aΔ underflows to 0 at extreme logits in float64 and even at 64 digits): p_aΔ > 0 always
 * (softmax), A > 0 by Assumption 1, so k1' <= 0 iff w^T u < 0 or d_pi(s_a) = 0, and d_pi(s_a) = 0
 * iff s_a is unreachable from mu (a full-support policy reaches exactly the reachable states).
 */
export const k1PosCheck = (a3: A3Reading, extra?: (s: Prop2Setup) => string | null, note?: string): PropertyCheck<Prop2Case> =>
  prop2Check({
    reading: 'any',
    a3,
    extra,
    note: note ?? "w any vector of span(P)^⊥ with w^T u != 0 (its sign relative to u is the case's, not steered)",
    run: (c, s) => {
      const reachable = reachableStates(s.instance.mdp)[s.sa];
      if (reachable && s.wTu > 0) return { kind: 'ok' };
      const { pred } = s;
      const why = !reachable ? 's_a is unreachable from mu, so d_pi(s_a) = 0' : 'w^T u < 0';
      return {
        kind: 'violation', margin: Math.max(-s.k1p, 0), noise: 0,
        message: `k1' = d_pi(s_a) p A w^T u = ${fmt(pred.visitation)} x ${fmt(pred.p)} x ${fmt(pred.advantage)} x ${fmt(s.wTu)} = ${fmt(s.k1p)} <= 0 at (s_a, a_Δ) = (${s.sa}, ${s.action}): ${why}`,
        measured: { k1prime: s.k1p, visitation: pred.visitation, p: pred.p, advantage: pred.advantage, wTu: s.wTu, reachable: reachable ? 1 : 0 },
        predicted: { k1prime_sign: 1 },
        construction: { state: s.sa, action: s.action, u: s.u, w: s.w, r: s.r, k: c.k },
        confirm: () => {
          const ev = preciseEvaluate(s.instance, 64);
          const adv = ev.A[s.sa][s.action];
          const wTu = s.preciseWTu();
          const confirmed = adv.gt(0) && (!reachable || wTu < 0);
          return { confirmed, margin: -s.k1p, digits: 64, message: `A(s_a, a_Δ) = ${adv.toSignificantDigits(6).toString()} > 0 at 64 digits (Assumption 1 holds), w^T u = ${fmt(wTu)} from the 70-digit u, w, s_a ${reachable ? 'reachable' : 'unreachable (d_pi(s_a) = 0 exactly)'}; p_aΔ > 0 (softmax), so k1' ${!reachable ? '= 0' : '< 0'}` };
        },
      };
    },
    rule: "k1' <= 0 iff w^T u < 0 or d_pi(s_a) = 0 (p_aΔ > 0 always, A(s_a, a_Δ) > 0 by Assumption 1; d_pi(s_a) = 0 iff s_a is unreachable from mu): decided by reachability and the sign of w^T u, confirmed when A(s_a, a_Δ) > 0 at 64 digits and w^T u < 0 from the 70-digit u, w (or s_a unreachable).",
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
