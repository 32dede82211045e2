// §5.5: with k > 2C/k1' and eps small enough, Delta J < 0.
import { A3_OBJECTIVE_READINGS, type A3Reading, both, centeredSeries, choiceOf, decideKRule, defineClaim, DIGITS, fmt, type KRule, ON_POLICY_RULE, PAPER_RULE, preciseSlopeOf, type Prop2Case, prop2Check, prop2Perturbation, type Prop2Setup, type PropertyCheck, type Reading, READING_TEXT, READINGS, saReachable, TARGET_AWARE_RULE, taylorFit, taylorPlot, withExact, wOnUsSide } from '../src/api.ts';
import { EQ5_INTERPRETATION } from './P1.eq5.ts';
import { prop2Refiner } from '../src/api.ts';

/**
 * "Delta J < 0 for eps small enough" fails when dDelta J/deps at 0 is positive. That slope is affine
 * in k, slope(k) = a + b k (the code moves by eps u, the logit of a_Δ at s_a by k eps w^T u), so it
 * is measured at k = 0 and k = 1 (Richardson, as P1.combine) and evaluated at the chosen k: a k of
 * 1e17 (a tiny k1') would leave the first-order regime at every eps a direct measurement can use.
 */
export const combineCheck = (reading: Reading, a3: A3Reading, rule: KRule = PAPER_RULE, extra?: (s: Prop2Setup) => string | null, note?: string, tweak: 1 | -1 = 1): PropertyCheck<Prop2Case> => {
  const measure = (c: Prop2Case, s: Prop2Setup) => {
    const chosen = choiceOf(rule, c, s);
    if ('skip' in chosen) return chosen;
    // tweak = -1 reverses the head tweak (dW = -k e_a u^T) for a planted twin; the rule still sees its own k.
    const choice = tweak === 1 ? chosen : { ...chosen, k: -chosen.k };
    const at = (k: number) => taylorFit(centeredSeries(s.base, prop2Perturbation(s.sa, s.action, s.u, s.r, k, 0), reading, 'deltaJ'), 0);
    const f0 = at(0);
    const f1 = at(1);
    const last = (f: typeof f0) => f.points[f.points.length - 1];
    // A null estimate is a change within float64 noise at every eps: 0 for this purpose; both null
    // measures nothing.
    if (f0.estimate === null && f1.estimate === null) return { choice, slope: null, a: null, b: null, noise: 0, f1 };
    const a = f0.estimate ?? 0;
    const b = (f1.estimate ?? 0) - a;
    const noiseA = 10 * last(f0).noise / last(f0).eps;
    const noise = noiseA + (noiseA + 10 * last(f1).noise / last(f1).eps) * choice.k;
    return { choice, slope: a + b * choice.k, a, b, noise, f1 };
  };
  return prop2Check({
    reading,
    refine: prop2Refiner('combine'),
    a3,
    extra,
    // The k rule is a hypothesis of the claim: a refutation needs it at 64 digits, not only in float64.
    preciseHypothesis: (c, s) => {
      const chosen = choiceOf(rule, c, s);
      return 'skip' in chosen ? { holds: false, why: chosen.skip } : decideKRule(rule, chosen.k, s);
    },
    note: `${note ?? EQ5_INTERPRETATION.replaceAll('s_Δ', 's_a')}; ${READING_TEXT[reading]}`,
    run: (c, s) => {
      const m = measure(c, s);
      if ('skip' in m) return { kind: 'skip', reason: m.skip };
      const { choice, slope, a, b, noise } = m;
      if (slope === null) return { kind: 'undecided', reason: 'Delta J within float64 noise at k = 0 and k = 1' };
      // Delta J < 0 needs a negative slope; one within noise of 0 decides nothing (second order would).
      const tol = noise + 1e-9 * (Math.abs(choice.gain * choice.k) + choice.C);
      if (slope < -tol) return { kind: 'ok' };
      if (slope <= tol) return { kind: 'undecided', reason: 'dDelta J/deps within float64 noise of 0' };
      const perturbation = prop2Perturbation(s.sa, s.action, s.u, s.r, choice.k, 0);
      return {
        kind: 'violation', margin: slope, noise,
        message: `${choice.rule}: with k = ${fmt(choice.k)} (threshold ${fmt(choice.threshold)}, k1' = ${fmt(s.k1p)}, w^T u = ${fmt(s.wTu)}, C = ${fmt(s.pred.C)}), dDelta J/deps = a + b k = ${fmt(a)} + ${fmt(b)} k = ${fmt(slope)} > 0, so Delta J > 0 for all small eps`,
        measured: { slope, a, b },
        predicted: { k1prime: s.k1p, gain: choice.gain, wTu: s.wTu, C: choice.C, Cprime: s.pred.Cprime, k: choice.k, threshold: choice.threshold, predictedSlope: -choice.gain * choice.k + choice.C },
        construction: { ...perturbation, eps: m.f1.points.map((p) => p.eps) },
        confirm: () => withExact(perturbation, s.exact, (q) => {
          const a64 = preciseSlopeOf(s.instance, { ...q, k: 0 }, reading, 'deltaJ')(1e-16);
          const ab64 = preciseSlopeOf(s.instance, { ...q, k: 1 }, reading, 'deltaJ')(1e-16);
          const ab64b = preciseSlopeOf(s.instance, { ...q, k: 1 }, reading, 'deltaJ')(1e-12);
          const slope64 = a64 + (ab64 - a64) * choice.k;
          const converged = Math.abs(ab64b - ab64) <= 1e-3 * Math.max(Math.abs(ab64), Math.abs(slope64) / Math.max(choice.k, 1));
          return { confirmed: slope64 > 1e-30 && converged, margin: slope64, digits: DIGITS, message: `a = ${fmt(a64)}, a + b = ${fmt(ab64)} at eps = 1e-16 (${fmt(ab64b)} at 1e-12), so dDelta J/deps = ${fmt(slope64)} at k = ${fmt(choice.k)}` };
        }),
      };
    },
    plots: (c, s) => {
      const m = measure(c, s);
      return 'skip' in m ? [] : [taylorPlot(`Delta J at k = 1 (${reading})`, { ...m.f1, slope: m.a === null || m.b === null ? 0 : m.a + m.b })];
    },
    rule: 'k is drawn by the rule (kScale in (1, 100] times the threshold; the free k when the threshold is <= 0); dDelta J/deps at 0 is affine in k, a + b k, with a, a + b the Richardson slopes at k = 0 and k = 1; a + b k must be negative; a positive value beyond 10x the float64 noise (scaled by k) is confirmed from 64-digit slopes at eps = 1e-16 (k = 1 also at 1e-12, converged).',
  });
};

export default defineClaim({
  id: 'P2.combine',
  statement: "with k > 2C/k1' and eps small enough, Delta J < 0",
  latex: "k > 2C/k_1',\\ \\varepsilon \\text{ small} \\implies \\Delta\\mathcal{J} = (-k_1' k + C)\\varepsilon + O(\\varepsilon^2) < 0",
  paper: '§5.5',
  uses: ['P2.eq3', 'P2.k1-pos', 'P2.jepa'],
  hypotheses: ['Assumptions 1-3 (Assumption 3 in readings (i), (ii))', 's_a != s_b share z_d; u, w, v, dW as in §5.3 (any w the paper allows)', "any k > 2C/k1'"],
  checks: READINGS.flatMap((r) => A3_OBJECTIVE_READINGS.map((a3) => combineCheck(r, a3))),
  repairs: [
    {
      statement: "w on u's side (w^T u > 0) and s_a reachable, so k1' > 0, with the paper's C: k > 2C/k1' and eps small give Delta J < 0",
      checks: READINGS.map((r) => combineCheck(r, 'span', PAPER_RULE, both(wOnUsSide, saReachable), 'repair attempt: w^T u > 0 and s_a reachable, C as in eq. (5)')),
    },
    {
      statement: "fixed data: with w^T u > 0, s_a reachable and k > 2C~/k1' (C~ = 2 lambda E_max (L m + m_in), P2.jepa's repair), Delta J < 0 for eps small",
      checks: [combineCheck('fixed-data', 'span', TARGET_AWARE_RULE, both(wOnUsSide, saReachable), "w^T u > 0, s_a reachable, C~ of P2.jepa's repair")],
    },
    {
      statement: "on-policy: with w^T u > 0, s_a reachable, (A - Ã_c)(s_a, a_Δ) > 0 (Assumption 1 for the reward r - c, c the JEPA cost) and k > 2C~/k1'', k1'' = d_pi(s_a) p_aΔ (w^T u)(A - Ã_c)(s_a, a_Δ), Delta J < 0 for eps small",
      checks: [combineCheck('on-policy', 'span', ON_POLICY_RULE, both(wOnUsSide, saReachable), "w^T u > 0, s_a reachable, Assumption 1 for the total objective: (A - Ã_c)(s_a, a_Δ) > 0")],
    },
  ],
});
