// eq. (5): Delta J_JEPA <= C eps + C' eps^2, C = 2 m L E_max, C' = m L^2.
import { ALL_FIELDS, changesProp1Case, confirmBound, dataWeightAtState, withExact, configurable, paperClasses, paperConstruction, type Configuration, PAPER_CONFIGURATION, prop1CaseArbitraryUnder, eq5Constants, boundOutcome, boundPlot, defineClaim, type Prop1Case, prop1Corners, type Prop1Predictions, prop1Setup, type PropertyCheck, type Reading, READINGS, prop1Hypotheses, preciseInputsAt } from '../src/api.ts';
import { prop1Refiner } from '../src/api.ts';

export const EQ5_INTERPRETATION =
  "J_JEPA carries lambda (CLAIMS.md) and the paper's 'm steps whose state is s_Δ' becomes, in expectation, m = d_pi(s_Δ) (discounted expected visits), so summing eq. (4) gives C = 2 lambda m L E_max and C' = lambda m L^2; E_max = max e over every transition with P(s'|s,a) > 0; L = max_a sigma_max(M_a) (affine) or a certified bound (MLP)";

const paperBound = (pred: Prop1Predictions) => (eps: number) => pred.C * eps + pred.Cprime * eps * eps;

export const eq5Check = (reading: Reading, bound: (pred: Prop1Predictions) => (eps: number) => number = paperBound, cfg: Configuration = PAPER_CONFIGURATION): PropertyCheck<Prop1Case> => {
  const measure = (c: Prop1Case) => {
    const r = prop1Setup(c, true, cfg);
    if (!r.ok) return null;
    const { model, pred } = r.setup;
    const perturbation = model.perturbation(c.k);
    return { r: r.setup, perturbation, points: model.series(perturbation, reading, 'deltaJ_JEPA'), bound: bound(pred) };
  };
  return configurable<PropertyCheck<Prop1Case>>({
    reading,
    refine: paperConstruction(cfg) ? prop1Refiner('eq5') : undefined,
    interpretation: `${EQ5_INTERPRETATION}; ${reading === 'on-policy' ? 'the trajectory distribution moves with the head tweak' : 'the unperturbed trajectory distribution is held fixed'}`,
    arbitrary: prop1CaseArbitraryUnder(cfg),
    hypotheses: (c) => prop1Hypotheses(c, undefined, cfg),
    run: (c) => {
      const m = measure(c);
      if (!m) return { kind: 'skip', reason: (prop1Setup(c, true, cfg) as { reason: string }).reason };
      const { pred } = m.r;
      const preciseBound = (eps: number) => {
        // m and E_max at 64 digits (L is the check's own bound, or the variant's estimate).
        const m64 = dataWeightAtState(cfg) ?? m.r.model.precisePrediction().visitation;
        const Emax64 = preciseInputsAt({ instance: c.instance, state: pred.state, action: pred.action, L: pred.L }).Emax().toNumber();
        return bound({ ...pred, m: m64, Emax: Emax64, ...eq5Constants(c.instance.lambda, m64, pred.L, Emax64) })(eps);
      };
      const out = boundOutcome({ name: 'Delta J_JEPA', points: m.points, bound: m.bound, preciseBound, exact: m.r.model.exact, instance: c.instance, perturbation: m.perturbation, reading, part: 'deltaJ_JEPA', predicted: { C: pred.C, Cprime: pred.Cprime, m: pred.m, L: pred.L, Emax: pred.Emax, lambda: c.instance.lambda } });
      if (out.kind !== 'violation' || (cfg.jepaData === 'reading' && paperClasses(cfg))) return out;
      // J_JEPA over the configured data and classes at 64 digits too (boundOutcome's own confirmation evaluates the paper's).
      return { ...out, confirm: () => withExact(m.perturbation, m.r.model.exact, (q) => confirmBound((eps) => m.r.model.preciseDelta(q, reading, 'deltaJ_JEPA', eps), preciseBound)) };
    },
    corners: (c) => { const r = prop1Setup(c, true, cfg); return prop1Corners(c, r.ok ? r.setup : undefined); },
    instanceOf: (c) => c.instance,
    plots: (c) => { const m = measure(c); return m ? [boundPlot(`Delta J_JEPA against C eps + C' eps^2 (${reading})`, m.points, m.bound)] : []; },
    rule: `Delta J_JEPA(eps) exact at eps = 1e-1..1e-7 against C eps + C' eps^2; an excess above the float64 noise of the two objectives is a candidate, confirmed only if it persists at 64 digits at eps = 1e-6 and 1e-9 (the eps << 1 of the paper).${cfg.lipschitz === 'estimated' ? " L is estimated from the case's sample pairs." : ''}${cfg.jepaData === 'reading' ? '' : ` J_JEPA over ${cfg.jepaData === 'replay' ? "the unperturbed policy's trajectory distribution" : 'offline data (every state weight 1, actions uniform; m = 1)'}.`}`,
  }, (to) => (changesProp1Case(to) ? eq5Check(reading, bound, to) : null), ALL_FIELDS);
};

export default defineClaim({
  id: 'P1.eq5',
  statement: "Delta J_JEPA <= C eps + C' eps^2, C = 2 m L E_max, C' = m L^2",
  latex: "\\Delta\\mathcal{J}_{JEPA} \\le C\\varepsilon + C'\\varepsilon^2,\\quad C = 2mLE_{\\max},\\ C' = mL^2",
  paper: 'eq. (5)',
  uses: ['P1.eq4'],
  hypotheses: ['fully collapsed encoder; only the code of s_Δ moves, to z_d + eps u', 'Assumption 1 (for the pair (s_Δ, a_Δ))', 'Assumption 2 (L-Lipschitz world model)', 'head tweak dW = k e_aΔ u^T, k > 0'],
  checks: READINGS.map((r) => eq5Check(r)),
});
