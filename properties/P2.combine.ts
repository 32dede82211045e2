// §5.5: with k > 2C/k1' and eps small enough, Delta J < 0.
import { affineSlope, confirmAffineSlope, A3_OBJECTIVE_READINGS, type A3Reading, both, centeredSeries, choiceOf, decideKRule, defineClaim, DIGITS, fmt, type KRule, ON_POLICY_RULE, PAPER_RULE, preciseSlopeOf, type Prop2Case, prop2Check, prop2Perturbation, type Prop2Setup, type PropertyCheck, type Reading, READING_TEXT, READINGS, saReachable, TARGET_AWARE_RULE, taylorPlot, withExact, wOnUsSide } from '../src/api.ts';
import { EQ5_INTERPRETATION } from './P1.eq5.ts';
import { prop2Refiner } from '../src/api.ts';

/**
 * "Delta J < 0 for eps small enough" fails when dDelta J/deps at 0 is positive, measured as affine in
 * k at the rule's k (claims/affineSlope.ts).
 */
export const combineCheck = (reading: Reading, a3: A3Reading, rule: KRule = PAPER_RULE, extra?: (s: Prop2Setup) => string | null, note?: string, tweak: 1 | -1 = 1): PropertyCheck<Prop2Case> => {
  const measure = (c: Prop2Case, s: Prop2Setup) => {
    const chosen = choiceOf(rule, c, s);
    if ('skip' in chosen) return chosen;
    // tweak = -1 reverses the head tweak (dW = -k e_a u^T) for a planted twin; the rule still sees its own k.
    const choice = tweak === 1 ? chosen : { ...chosen, k: -chosen.k };
    return { choice, ...affineSlope((k) => centeredSeries(s.base, prop2Perturbation(s.sa, s.action, s.u, s.r, k, 0), reading, 'deltaJ'), choice.k) };
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
        confirm: () => withExact(perturbation, s.exact, (q) => confirmAffineSlope((k, eps) => preciseSlopeOf(s.instance, { ...q, k }, reading, 'deltaJ')(eps), choice.k, DIGITS)),
      };
    },
    plots: (c, s) => {
      const m = measure(c, s);
      return 'skip' in m ? [] : [taylorPlot(`Delta J at k = 1 (${reading})`, { ...m.f1, slope: m.a + m.b })];
    },
    rule: 'k is drawn by the rule (kScale in (1, 100] times the threshold; the free k when the threshold is <= 0); dDelta J/deps at 0 is affine in k, a + b k, with a, a + b the Richardson slopes at k = 0 and k = 1; a + b k must be negative; a positive value beyond 10x the float64 noise (scaled by k) is confirmed from 64-digit slopes at k = 0 and k = 1 at eps = 1e-16 and 1e-12 (a + b k converged; not converged: undecided).',
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
