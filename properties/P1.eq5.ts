// eq. (5): Delta J_JEPA <= C eps + C' eps^2, C = 2 m L E_max, C' = m L^2.
import { ALL_FIELDS, changesProp1Case, confirmBound, dataWeightAtState, withExact, configurable, paperClasses, paperConstruction, type Configuration, PAPER_CONFIGURATION, prop1CaseArbitraryUnder, eq5Constants, boundOutcome, boundPlot, defineClaim, type Prop1Case, prop1Corners, type Prop1Predictions, prop1Setup, type PropertyCheck, type Reading, READINGS, prop1Hypotheses, preciseInputsAt, prop1CaseArbitrary, targetAwareConstants, jepaCostAdvantage, preciseBoundAt, targetAwareCIn, targetAwareCprimeIn, jepaSlopeBoundIn, digitsScalar, preciseSlopeOf, taylorFit, fmt, DIGITS, excessConfirmation } from '../src/api.ts';
import { prop1Refiner, type Perturbation, type Prop1Setup, type TargetAwareConstants } from '../src/api.ts';

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

/**
 * Repair, fixed data: the moved code z_d + eps u is also the target of every transition into s_Δ, so
 * eq. (5)'s C, C' become P2.jepa's C~ = 2 lambda E_max (L m + m_in), C~' = lambda (L^2 m + m_in + 2 L m_self)
 * (construction/prop2.ts targetAwareConstants at s_Δ). `scale` multiplies the bound (planted twins).
 */
/** The paper's construction at a case and P2.jepa's target-aware constants at s_Δ (both repairs start here). */
function targetAwareSetup(c: Prop1Case): { skip: string } | { r: Prop1Setup; perturbation: Omit<Perturbation, 'eps'>; t: TargetAwareConstants } {
  const r = prop1Setup(c, true);
  if (!r.ok) return { skip: r.reason };
  const { model, pred, base } = r.setup;
  return { r: r.setup, perturbation: model.perturbation(c.k), t: targetAwareConstants(base, pred.state, pred.L, c.instance.lambda) };
}

export const targetAwareEq5Check = (scale = 1): PropertyCheck<Prop1Case> => {
  const measure = (c: Prop1Case) => {
    const m = targetAwareSetup(c);
    if ('skip' in m) return m;
    const { r, perturbation, t } = m;
    return { r, perturbation, t, points: r.model.series(perturbation, 'fixed-data', 'deltaJ_JEPA'), bound: (eps: number) => scale * (t.C * eps + t.Cprime * eps * eps) };
  };  return {
    reading: 'fixed-data',
    refine: prop1Refiner('generic'),
    interpretation: `${EQ5_INTERPRETATION}; the unperturbed trajectory distribution is held fixed; C~, C~' count every transition whose source or target is s_Δ`,
    arbitrary: prop1CaseArbitrary,
    hypotheses: (c) => prop1Hypotheses(c),
    run: (c) => {
      const m = measure(c);
      if ('skip' in m) return { kind: 'skip', reason: m.skip };
      const { pred } = m.r;
      const precise = preciseBoundAt({ instance: c.instance, state: pred.state, action: pred.action, L: pred.L }, targetAwareCIn, targetAwareCprimeIn);
      return boundOutcome({
        name: 'Delta J_JEPA', points: m.points, bound: m.bound, exact: m.r.model.exact, instance: c.instance, perturbation: m.perturbation, reading: 'fixed-data', part: 'deltaJ_JEPA',
        // m, m_in, m_self and E_max from the 64-digit base point (kRule.ts's formulas).
        preciseBound: (eps) => scale * precise(eps),
        predicted: { Ctilde: m.t.C, Ctildeprime: m.t.Cprime, m: m.t.m, mIn: m.t.mIn, mSelf: m.t.mSelf, L: m.t.L, Emax: m.t.Emax, lambda: c.instance.lambda },
      });
    },
    corners: (c) => { const r = prop1Setup(c, true); return prop1Corners(c, r.ok ? r.setup : undefined); },
    instanceOf: (c) => c.instance,
    plots: (c) => { const m = measure(c); return 'skip' in m ? [] : [boundPlot("Delta J_JEPA against C~ eps + C~' eps^2 (fixed-data)", m.points, m.bound)]; },
    rule: "Delta J_JEPA(eps) exact at eps = 1e-1..1e-7 against C~ eps + C~' eps^2; an excess above the float64 noise of the two objectives is a candidate, confirmed only if it persists at 64 digits at eps = 1e-6 and 1e-9 against the bound from 64-digit constants.",
  };
};

/**
 * Repair, on-policy, first order: the head tweak moves pi(.|s_Δ) alone (u ⊥ z_d, u in ker W), and
 * J_JEPA on-policy is the discounted cost of pi for c(s,a) = lambda sum_s' P err^2, so
 * dDelta J_JEPA/deps <= C~ + k (u^T u) d_pi(s_Δ) p_aΔ Ã_c(s_Δ, a_Δ). `scale` as above.
 */
export const onPolicyEq5SlopeCheck = (scale = 1): PropertyCheck<Prop1Case> => {
  const measure = (c: Prop1Case) => {
    const m = targetAwareSetup(c);
    if ('skip' in m) return m;
    const { r, perturbation, t } = m;
    const { model, pred, base } = r;
    const costAdv = jepaCostAdvantage(base)[pred.state * base.prep.A + pred.action];
    const rTu = perturbation.r.reduce((acc, x, j) => acc + x * perturbation.u[j], 0);
    const slopeBound = scale * (t.C + c.k * rTu * pred.m * pred.p * costAdv);
    return { r, perturbation, t, costAdv, slopeBound, fit: taylorFit(model.series(perturbation, 'on-policy', 'deltaJ_JEPA'), slopeBound) };
  };
  return {
    reading: 'on-policy',
    refine: prop1Refiner('generic'),
    interpretation: `${EQ5_INTERPRETATION}; the trajectory distribution moves with the head tweak; first order only: dDelta J_JEPA/deps at 0 <= C~ + k (u^T u) d_pi(s_Δ) p_aΔ Ã_c(s_Δ, a_Δ), Ã_c the advantage of the JEPA cost c(s,a) = lambda sum_s' P(s'|s,a) err(s,a,s')^2 under pi`,
    arbitrary: prop1CaseArbitrary,
    hypotheses: (c) => prop1Hypotheses(c),
    run: (c) => {
      const m = measure(c);
      if ('skip' in m) return { kind: 'skip', reason: m.skip };
      const est = m.fit.estimate;
      const last = m.fit.points[m.fit.points.length - 1];
      const noise = 10 * last.noise / last.eps + 1e-4 * (Math.abs(est ?? 0) + Math.abs(m.slopeBound));
      if (est === null) return { kind: 'undecided', reason: 'no settled slope (Delta J_JEPA within float64 noise)' };
      if (est <= m.slopeBound + noise) return { kind: 'ok' };
      const { pred } = m.r;
      return {
        kind: 'violation', margin: est - m.slopeBound, noise,
        message: `dDelta J_JEPA/deps = ${fmt(est)} exceeds C~ + k u^T u m p Ã_c = ${fmt(m.slopeBound)}`,
        measured: { slope: est }, predicted: { slopeBound: m.slopeBound, Ctilde: m.t.C, costAdvantage: m.costAdv, k: c.k },
        construction: { ...m.perturbation, eps: m.fit.points.map((p) => p.eps) },
        confirm: () => withExact(m.perturbation, m.r.model.exact, (q) => {
          const slope = preciseSlopeOf(c.instance, q, 'on-policy', 'deltaJ_JEPA');
          const s1 = slope(1e-12);
          const s2 = slope(1e-16);
          // The bound from the 64-digit base point and the exact u (r^T u = u^T u), as the slope moves them.
          const S = digitsScalar(DIGITS);
          const u = q.uExact ?? q.u.map(String);
          const r = q.rExact ?? q.r.map(String);
          const q64 = preciseInputsAt({ instance: c.instance, state: pred.state, action: pred.action, L: pred.L, wTu: (F) => u.reduce((acc, v, j) => F.add(acc, F.mul(F.parse(v), F.parse(r[j]))), F.zero) });
          const bound = S.mul(S.of(scale), jepaSlopeBoundIn(S, q64, S.of(c.k))).toNumber();
          return excessConfirmation(s1, s2, bound, DIGITS, `slope ${fmt(s2)} at eps = 1e-16 (${fmt(s1)} at 1e-12) against ${fmt(bound)} at 64 digits`);
        }),
      };
    },
    corners: (c) => { const r = prop1Setup(c, true); return prop1Corners(c, r.ok ? r.setup : undefined); },
    instanceOf: (c) => c.instance,
    rule: 'Richardson estimate of dDelta J_JEPA/deps at 0 (on-policy) against the first-order bound; a candidate needs an excess beyond 1e-4 relative plus 10x noise, confirmed at 64 digits (eps = 1e-12, 1e-16, converged, excess beyond 1e-6 relative; not converged: undecided) against the bound from 64-digit constants.',
  };
};

export default defineClaim({
  id: 'P1.eq5',
  statement: "Delta J_JEPA <= C eps + C' eps^2, C = 2 m L E_max, C' = m L^2",
  latex: "\\Delta\\mathcal{J}_{JEPA} \\le C\\varepsilon + C'\\varepsilon^2,\\quad C = 2mLE_{\\max},\\ C' = mL^2",
  paper: 'eq. (5)',
  uses: ['P1.eq4'],
  hypotheses: ['fully collapsed encoder; only the code of s_Δ moves, to z_d + eps u', 'Assumption 1 (for the pair (s_Δ, a_Δ))', 'Assumption 2 (L-Lipschitz world model)', 'head tweak dW = k e_aΔ u^T, k > 0'],
  checks: READINGS.map((r) => eq5Check(r)),
  repairs: [
    {
      statement: "fixed data: Delta J_JEPA <= C~ eps + C~' eps^2 with the moved code counted as a target too: C~ = 2 lambda E_max (L m + m_in), C~' = lambda (L^2 m + m_in + 2 L m_self), m = d_pi(s_Δ), m_in = sum_{s,a} d_pi(s) pi(a|s) P(s_Δ|s,a), m_self = d_pi(s_Δ) sum_a pi(a|s_Δ) P(s_Δ|s_Δ,a)",
      checks: [targetAwareEq5Check()],
    },
    {
      statement: "on-policy, first order: dDelta J_JEPA/deps <= C~ + k d_pi(s_Δ) p_aΔ Ã_c(s_Δ, a_Δ) (u a unit vector), Ã_c the advantage of the JEPA cost c(s,a) = lambda sum_s' P(s'|s,a) ||W_psi(E(s),a) - E(s')||^2",
      checks: [onPolicyEq5SlopeCheck()],
    },
  ],
});
