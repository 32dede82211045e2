// §5.5: Delta J_PG = -k1' k eps + O(eps^2), k1' = d_pi(s_a) p_aΔ A^{pi_c}(s_a, a_Δ) w^T u.
import { A3_OBJECTIVE_READINGS, type A3Reading, advantage, defineClaim, instanceAdvantagePositive, evaluatePolicy, firstOrderOutcome, type Instance, preciseK1Prime, precisePrediction, preciseSlopeOf, type Prop2Case, prop2Check, prop2Perturbation, type Prop2Setup, type PropertyCheck, type Reading, READING_TEXT, READINGS, scaledFit, TAYLOR_RULE, taylorPlot } from '../src/api.ts';
import { prop2Refiner } from '../src/api.ts';

function measure(c: Prop2Case, s: Prop2Setup, reading: Reading, k1Of: (s: Prop2Setup) => number) {
  const perturbation = prop2Perturbation(s.sa, s.action, s.u, s.r, c.k, 0);
  const fit = scaledFit(s.base, perturbation, reading, 'deltaJ_PG', -k1Of(s) * c.k);
  return { perturbation, fit };
}

/**
 * `k1Of` is the first-order coefficient (per k eps) the claim predicts, the paper's k1' by default;
 * `preciseK1Of` is the same recomputed at 64 digits (pass it with a planted k1Of).
 */
export const eq3Check = (reading: Reading, a3: A3Reading, k1Of: (s: Prop2Setup) => number = (s) => s.k1p, preciseK1Of: (s: Prop2Setup) => number = preciseK1Prime, a1Text?: string, extra?: (s: Prop2Setup) => string | null, preciseHypothesis?: (c: Prop2Case, s: Prop2Setup) => { holds: boolean; why: string }): PropertyCheck<Prop2Case> =>
  prop2Check({
    reading,
    refine: prop2Refiner('eq3'),
    a3,
    extra,
    a1Text,
    preciseHypothesis,
    note: READING_TEXT[reading],
    run: (c, s) => {
      const m = measure(c, s, reading, k1Of);
      return firstOrderOutcome({
        fit: m.fit, name: 'Delta J_PG', instance: s.instance, perturbation: m.perturbation,
        preciseSlope: preciseSlopeOf(s.instance, m.perturbation, reading, 'deltaJ_PG'),
        reading, part: 'deltaJ_PG', exact: s.exact,
        predicted: { k1prime: k1Of(s), k: c.k, wTu: s.wTu },
        precisePredicted: () => -preciseK1Of(s) * c.k,
      });
    },
    plots: (c, s) => [taylorPlot(`Delta J_PG against -k1' k eps (${reading})`, measure(c, s, reading, k1Of).fit)],
    rule: `${TAYLOR_RULE} Here eps is measured in units of 1/max(1, k |w|) (the logit step per unit eps) so that the window stays first-order for every k, and Delta(0) (the float64 residual of u, w) is subtracted, as at 64 digits.`,
  });

/**
 * The other reading of A^{pi_c}: the advantage of the state-independent policy pi_c = pi(.|z_d) played
 * at every state (as in Prop. 1, where it is the policy), not of the head's policy, which differs at
 * the states whose codes differ from z_d. Assumption 1 is then A^{pi_c}(s_a, a_Δ) > 0 for that policy.
 */
const collapsedInstance = (s: Prop2Setup): Instance => ({ ...s.instance, encoder: s.instance.encoder.map(() => s.zd.slice()) });
const constantAdvantage = (s: Prop2Setup): number => {
  const { S, A } = s.base.prep;
  const pi = new Float64Array(S * A);
  for (let t = 0; t < S; t++) for (let a = 0; a < A; a++) pi[t * A + a] = s.base.evaluation.pi[s.sa * A + a];
  return advantage(evaluatePolicy(s.base.prep.mdp, pi), S, A)[s.sa * A + s.action];
};
export const CONSTANT_PI_C = 'Assumption 1 and k1\' with A^{pi_c} read as the advantage of the state-independent policy pi_c = pi(.|z_d) played at every state (Assumption 1 then asks A^{pi_c}(s_a, a_Δ) > 0 for it); d_pi(s_a), p_aΔ of the head\'s policy';
export const constantK1 = (s: Prop2Setup): number => s.pred.visitation * s.pred.p * constantAdvantage(s) * s.wTu;
export const preciseConstantK1 = (s: Prop2Setup): number => {
  const own = precisePrediction(s.instance, s.sa, s.action);
  return own.visitation * own.p * precisePrediction(collapsedInstance(s), s.sa, s.action).advantage * s.preciseWTu();
};
// In the search, decided at 64 digits when the float64 advantage is too small to trust its sign; for a
// refutation (s.highPrecision), always at 64 digits.
const constantA1 = (s: Prop2Setup): string | null => {
  const a = s.highPrecision ? NaN : constantAdvantage(s);
  if (Math.abs(a) > 1e-8) return a > 0 ? null : 'Assumption 1 fails for the constant policy pi_c';
  // One decision of the sign for every check (premises.ts): 0 exactly or within 64-digit noise is not > 0.
  const precise = instanceAdvantagePositive(collapsedInstance(s), 'A_c(s_a, a_Δ)', s.sa, s.action);
  // The search tallies skip reasons by text: the figures only where a refutation is re-decided.
  return precise.holds ? null : `Assumption 1 fails for the constant policy pi_c${s.highPrecision ? `: ${precise.why}` : ''}`;
};

// The same decision, stated on the replay's hypotheses line (constantA1 has already required it).
const constantA1Text = (_: Prop2Case, s: Prop2Setup) => instanceAdvantagePositive(collapsedInstance(s), 'A_c(s_a, a_Δ) of the constant pi_c', s.sa, s.action);

export default defineClaim({
  id: 'P2.eq3',
  statement: "Delta J_PG = -k1' k eps + O(eps^2)",
  latex: "\\Delta\\mathcal{J}_{PG} = -k_1' k\\varepsilon + O(\\varepsilon^2),\\quad k_1' = d_\\pi(s_a)\\, p_{a_\\Delta} A^{\\pi_c}(s_a, a_\\Delta)\\, w^\\top u",
  paper: '§5.5',
  uses: ['P2.logit-gain', 'P1.dV'],
  hypotheses: ['s_a != s_b share z_d; other codes arbitrary', 'Assumption 1 (A^{pi_c}(s_a, a_Δ) > 0)', 'Assumption 3 (readings (i)-(iv))', 'u, w, v, dW from §5.3', 'k > 0'],
  checks: [
    ...READINGS.flatMap((r) => A3_OBJECTIVE_READINGS.map((a3) => eq3Check(r, a3))),
    // An interpretation, not the paper's definition: §5.5's A^{pi_c} is the head's policy's advantage.
    ...READINGS.map((r) => ({ ...eq3Check(r, 'span', constantK1, preciseConstantK1, CONSTANT_PI_C, constantA1, constantA1Text), paperDefinition: false })),
  ],
});
