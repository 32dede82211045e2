// §4.3: delta V(s_Δ) = eta / (1 - p_aΔ) A^{pi_c}(s_Δ, a_Δ) to first order.
import { defineClaim, EPS_SEQUENCE, evaluatePolicy, extendable, exactFromU, firstOrderOutcome, logits, perturb, preciseLocalShift, precisePrediction, type Prop1Case, prop1CaseArbitrary, prop1Corners, prop1Perturbation, prop1Setup, type PropertyCheck, type Reading, softmaxRowsInto, TAYLOR_RULE, taylorFit, taylorPlot, prop1Hypotheses, preciseEvaluate } from '../src/api.ts';
import { refineProp1Case } from '../src/api.ts';

/** Under 'fixed-data' the change is the paper's own definition sum_i delta pi_i Q_i (Q held fixed); under 'on-policy' it is V^{pi'}(s_Δ) - V^{pi}(s_Δ). */
/** The predicted slope from p, k, A; `precise` asks for the rest of it at 64 digits too (the repair's n(s_Δ)). */
type Predict = (p: number, k: number, A: number, precise?: boolean) => number;

function measure(c: Prop1Case, reading: Reading, predict: Predict) {
  const r = prop1Setup(c);
  if (!r.ok) return null;
  const { base, u, pred } = r.setup;
  const { S, A } = base.prep;
  const s = pred.state;
  const at = (eps: number) => {
    const moved = perturb(base.prep, prop1Perturbation(s, pred.action, u, c.k, eps));
    const pi = softmaxRowsInto(logits(moved), S, A, new Float64Array(S * A));
    let change = 0;
    if (reading === 'fixed-data') for (let a = 0; a < A; a++) change += (pi[s * A + a] - base.evaluation.pi[s * A + a]) * base.evaluation.Q[s * A + a];
    else change = evaluatePolicy(moved.mdp, pi).V[s] - base.evaluation.V[s];
    const scale = Math.abs(base.evaluation.V[s]) + Math.max(...base.evaluation.Q.map(Math.abs));
    return { eps, delta: change, noise: 16 * Number.EPSILON * base.evaluation.horizon * scale };
  };
  // The same series at other eps gives taylorFit its dense window grid (TAYLOR_RULE).
  const points = extendable(EPS_SEQUENCE.map(at), (eps) => eps.map(at));
  // eta / (1 - p) A with eta = p (1 - p) k eps: slope p k A.
  return { r: r.setup, perturbation: prop1Perturbation(s, pred.action, u, c.k, 0), fit: taylorFit(points, predict(pred.p, c.k, pred.advantage)) };
}

// eta / (1 - p) A with eta = p (1 - p) k eps is p k A eps; the simplified form avoids 0/0 when p rounds to 1.
const paperSlope = (p: number, k: number, A: number) => p * k * A;

export const dVCheck = (reading: Reading, predict: Predict = paperSlope): PropertyCheck<Prop1Case> => ({
  reading,
  refine: refineProp1Case,
  interpretation: reading === 'fixed-data'
    ? 'delta V(s_Δ) := sum_i delta pi_i Q_i with Q = Q^{pi_c} held fixed (the paper\'s own first line of the derivation)'
    : 'delta V(s_Δ) := V^{pi\'}(s_Δ) - V^{pi_c}(s_Δ), the change of the state value when the policy at s_Δ moves',
  // The paper defines delta V := sum_i delta pi_i Q_i (Q fixed); the true change of V is an interpretation.
  paperDefinition: reading === 'fixed-data',
  arbitrary: prop1CaseArbitrary,
  hypotheses: (c) => prop1Hypotheses(c),
  run: (c) => {
    const m = measure(c, reading, predict);
    if (!m) return { kind: 'skip', reason: (prop1Setup(c) as { reason: string }).reason };
    return firstOrderOutcome({
      fit: m.fit, name: 'delta V(s_Δ)', instance: c.instance, perturbation: m.perturbation,
      exact: exactFromU(m.r.uExact),
      preciseSlope: (eps) => {
        const exact = m.r.uExact();
        const q = exact ? { ...m.perturbation, uExact: exact, rExact: exact } : m.perturbation;
        const shift = preciseLocalShift(c.instance, { ...q, eps });
        const zero = preciseLocalShift(c.instance, { ...q, eps: 0 });
        const value = reading === 'fixed-data' ? shift.oneStep.minus(zero.oneStep) : shift.trueDeltaV.minus(zero.trueDeltaV);
        return value.toNumber() / eps;
      },
      predicted: { p: m.r.pred.p, advantage: m.r.pred.advantage, k: c.k },
      precisePredicted: () => { const q = precisePrediction(c.instance, m.r.pred.state, m.r.pred.action); return predict(q.p, c.k, q.advantage, true); },
    });
  },
  corners: (c) => { const r = prop1Setup(c); return prop1Corners(c, r.ok ? r.setup : undefined); },
  instanceOf: (c) => c.instance,
  plots: (c) => { const m = measure(c, reading, predict); return m ? [taylorPlot(`delta V(s_Δ) against eta/(1-p) A (${reading})`, m.fit)] : []; },
  rule: TAYLOR_RULE,
});

/** Repair: the true change of V^pi(s_Δ) carries the expected number of (discounted) visits to s_Δ from s_Δ. */
function revisitSlope(c: Prop1Case, factor = 1) {
  return (p: number, k: number, A: number, precise = false) => {
    const r = prop1Setup(c);
    if (!r.ok) return NaN;
    const { base, pred } = r.setup;
    const { S } = base.prep;
    const start = new Float64Array(S);
    start[pred.state] = 1;
    // n(s_Δ) = d_pi(s_Δ) for the episode started at s_Δ; at 64 digits for the confirmation's prediction.
    const visits = precise
      ? preciseEvaluate({ ...c.instance, mdp: { ...c.instance.mdp, mu: c.instance.mdp.mu.map((_, t) => (t === pred.state ? 1 : 0)) } }, 64, { jepa: false }).d[pred.state].toNumber()
      : evaluatePolicy({ ...base.prep.mdp, mu: start }, base.evaluation.pi).d[pred.state];
    return factor * visits * paperSlope(p, k, A);
  };
}

/** The repair's check; `factor` scales its predicted slope (1 is the repair's; planted tests pass others). */
export const dVRepairCheck = (factor = 1): PropertyCheck<Prop1Case> => ({ ...dVCheck('on-policy'), run: (c: Prop1Case) => dVCheck('on-policy', revisitSlope(c, factor)).run(c), plots: undefined });

export default defineClaim({
  id: 'P1.dV',
  statement: 'delta V(s_Δ) = eta / (1 - p_aΔ) * A^{pi_c}(s_Δ, a_Δ) to first order',
  latex: '\\delta V(s_\\Delta) = \\frac{\\eta}{1-p_{a_\\Delta}} A^{\\pi_c}(s_\\Delta, a_\\Delta) + O(\\varepsilon^2)',
  paper: '§4.3',
  uses: ['P1.eq2'],
  hypotheses: ['fully collapsed encoder', 'Assumption 1; (s_Δ, a_Δ) with A^{pi_c} > 0', 'logit of a_Δ at s_Δ moves by k eps (P1.logit-gain)'],
  checks: [dVCheck('on-policy'), dVCheck('fixed-data')],
  repairs: [{
    statement: 'V^{pi\'}(s_Δ) - V^{pi_c}(s_Δ) = n(s_Δ) eta / (1 - p_aΔ) A^{pi_c}(s_Δ, a_Δ) + O(eps^2), n(s_Δ) = expected discounted visits to s_Δ starting from s_Δ (1 when s_Δ cannot be revisited)',
    checks: [dVRepairCheck()],
  }],
});
