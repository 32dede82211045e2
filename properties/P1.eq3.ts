// eq. (3): Delta J_PG = -k1 k eps + O(eps^2), k1 = d_pi(s_Δ) p_aΔ A^{pi_c}(s_Δ, a_Δ).
import { ALL_FIELDS, changesProp1Case, configurable, type Configuration, PAPER_CONFIGURATION, paperConstruction, prop1CaseArbitraryUnder, defineClaim, firstOrderOutcome, type Prop1Case, prop1Corners, prop1Setup, type PropertyCheck, type Reading, READINGS, TAYLOR_RULE, taylorFit, taylorPlot, prop1Hypotheses } from '../src/api.ts';
import { prop1Refiner } from '../src/api.ts';

/** The factors of k1 (float64 or 64-digit), and the k1 the claim predicts from them: the paper's by default. */
type K1Parts = { visitation: number; p: number; advantage: number; k1: number };
const paperK1 = (q: K1Parts) => q.k1;

function measure(c: Prop1Case, reading: Reading, k1Of: (q: K1Parts) => number, cfg: Configuration) {
  const r = prop1Setup(c, true, cfg);
  if (!r.ok) return null;
  const { model, pred } = r.setup;
  const perturbation = model.perturbation(c.k);
  const fit = taylorFit(model.series(perturbation, reading, 'deltaJ_PG'), -k1Of(pred) * c.k); // eq. (3)
  return { setup: r.setup, perturbation, fit };
}

export const eq3Check = (reading: Reading, k1Of: (q: K1Parts) => number = paperK1, cfg: Configuration = PAPER_CONFIGURATION): PropertyCheck<Prop1Case> => configurable<PropertyCheck<Prop1Case>>({
  reading,
  // The refiner derives the paper's construction; under another one its result would not be this check's case.
  refine: paperConstruction(cfg) ? prop1Refiner('eq3') : undefined,
  interpretation: reading === 'fixed-data' ? 'J_PG is the eq. (1) surrogate -sum_s d0(s) sum_a pi0(a|s) A0(s,a) log pi(a|s) with the unperturbed data held fixed' : 'J_PG = -sum_s mu(s) V^pi(s) with the trajectory distribution moving with theta',
  arbitrary: prop1CaseArbitraryUnder(cfg),
  hypotheses: (c) => prop1Hypotheses(c, undefined, cfg),
  run: (c) => {
    const m = measure(c, reading, k1Of, cfg);
    if (!m) return { kind: 'skip', reason: (prop1Setup(c, true, cfg) as { reason: string }).reason };
    const { model } = m.setup;
    const slopeAt = (q: typeof m.perturbation) => (eps: number) => model.preciseDelta(q, reading, 'deltaJ_PG', eps) / eps;
    return firstOrderOutcome({ fit: m.fit, name: 'Delta J_PG', instance: c.instance, perturbation: m.perturbation, preciseSlope: slopeAt(m.perturbation), preciseSlopeAt: slopeAt, exact: model.exact, predicted: { k1: k1Of(m.setup.pred), k: c.k }, precisePredicted: () => -k1Of(model.precisePrediction()) * c.k });
  },
  corners: (c) => { const r = prop1Setup(c, true, cfg); return prop1Corners(c, r.ok ? r.setup : undefined); },
  instanceOf: (c) => c.instance,
  plots: (c) => { const m = measure(c, reading, k1Of, cfg); return m ? [taylorPlot(`Delta J_PG against -k1 k eps (${reading})`, m.fit)] : []; },
  rule: TAYLOR_RULE,
}, (to) => (changesProp1Case(to) ? eq3Check(reading, k1Of, to) : null), ALL_FIELDS);

export default defineClaim({
  id: 'P1.eq3',
  statement: 'Delta J_PG = -k1 k eps + O(eps^2), k1 = d_pi(s_Δ) p_aΔ A^{pi_c}(s_Δ, a_Δ)',
  latex: '\\Delta\\mathcal{J}_{PG} = -k_1 k\\varepsilon + O(\\varepsilon^2),\\quad k_1 = d_\\pi(s_\\Delta)\\, p_{a_\\Delta} A^{\\pi_c}(s_\\Delta, a_\\Delta)',
  paper: 'eq. (3)',
  uses: ['P1.dV'],
  hypotheses: ['fully collapsed encoder E(s) = z_d', 'Assumption 1 (every constant policy has a positive advantage somewhere); (s_Δ, a_Δ) any pair with A^{pi_c} > 0', 'unit u with W u = 0, u^T z_d = 0', 'k > 0'],
  checks: READINGS.map((r) => eq3Check(r)),
});
