// §5.5: k1' = d_pi(s_a) p_aΔ A^{pi_c}(s_a, a_Δ) w^T u > 0 "by Assumption 1".
import { defineClaim, fmt, type PropertyCheck } from '../src/claims/framework.ts';
import type { Prop2Case, Prop2Setup } from '../src/claims/prop2Case.ts';
import { A3_OBJECTIVE_READINGS, both, prop2Check, saReachable, wOnUsSide } from '../src/claims/prop2Checks.ts';
import { bigDot, bigVec } from '../src/claims/preciseLinear.ts';
import { preciseEvaluate } from '../src/precise/index.ts';
import type { A3Reading } from '../src/construction/prop2.ts';

/** `k1Of` is the quantity claimed positive; the paper's is k1' = d p A w^T u. */
export const k1PosCheck = (a3: A3Reading, extra?: (s: Prop2Setup) => string | null, note?: string, k1Of: (s: Prop2Setup) => number = (s) => s.k1p): PropertyCheck<Prop2Case> =>
  prop2Check({
    reading: 'any',
    a3,
    extra,
    note: note ?? "w any vector of span(P)^⊥ with w^T u != 0 (its sign relative to u is the case's, not steered)",
    run: (c, s) => {
      const k1 = k1Of(s);
      if (k1 > 0) return { kind: 'ok' };
      const { pred } = s;
      return {
        kind: 'violation', margin: -k1, noise: 0,
        message: `k1' = d_pi(s_a) p A w^T u = ${fmt(pred.visitation)} x ${fmt(pred.p)} x ${fmt(pred.advantage)} x ${fmt(s.wTu)} = ${fmt(k1)} at (s_a, a_Δ) = (${s.sa}, ${s.action})`,
        measured: { k1prime: k1, visitation: pred.visitation, p: pred.p, advantage: pred.advantage, wTu: s.wTu },
        predicted: { k1prime_sign: 1 },
        construction: { state: s.sa, action: s.action, u: s.u, w: s.w, r: s.r, k: c.k },
        confirm: () => {
          const ev = preciseEvaluate(s.instance, 64);
          const adv = ev.A[s.sa][s.action];
          const wTu = bigDot(bigVec(s.w), bigVec(s.u));
          const k1p = ev.d[s.sa].times(ev.pi[s.sa][s.action]).times(adv).times(wTu);
          const confirmed = adv.gt(0) && !k1p.gt(0);
          return { confirmed, margin: -k1p.toNumber(), digits: 64, message: `k1' = ${k1p.toSignificantDigits(6).toString()} with A(s_a, a_Δ) = ${adv.toSignificantDigits(6).toString()} > 0 (Assumption 1 holds) and w^T u = ${wTu.toSignificantDigits(6).toString()}` };
        },
      };
    },
    rule: "k1' from exact policy evaluation and the case's w; a case with k1' <= 0 is confirmed when, at 64 digits, A(s_a, a_Δ) > 0 (Assumption 1) and k1' <= 0.",
  });

export default defineClaim({
  id: 'P2.k1-pos',
  statement: "k1' = d_pi(s_a) p_aΔ A^{pi_c}(s_a, a_Δ) w^T u > 0",
  latex: "k_1' = d_\\pi(s_a)\\, p_{a_\\Delta} A^{\\pi_c}(s_a, a_\\Delta)\\, w^\\top u > 0",
  paper: '§5.5',
  uses: ['P2.logit-gain'],
  hypotheses: ['Assumption 1 (A^{pi_c}(s_a, a_Δ) > 0)', 'Assumption 3 (four readings)', 'u, w from §5.3: w in span(P)^⊥ with w^T u != 0'],
  checks: A3_OBJECTIVE_READINGS.map((a3) => k1PosCheck(a3)),
  repairs: [{
    statement: "k1' > 0 when w is taken on u's side (w^T u > 0, e.g. w = proj_{span(P)^⊥}(u), or -w when w^T u < 0) and s_a is reachable from mu (d_pi(s_a) > 0)",
    checks: [k1PosCheck('span', both(wOnUsSide, saReachable), 'repair: w^T u > 0 and s_a reachable')],
  }],
});
