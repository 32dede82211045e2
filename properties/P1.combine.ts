// §4.5: with k > 2C/k1 and eps small enough, Delta J < 0.
import { ALL_FIELDS, changesProp1Case, paperConstruction, configurable, type Configuration, PAPER_CONFIGURATION, prop1CaseArbitraryUnder, defineClaim, deltaSeries, DIGITS, exactFromU, fmt, preciseSlopeOf, type Prop1Case, prop1CaseArbitrary, prop1Corners, prop1Perturbation, prop1Setup, type PropertyCheck, type Reading, READINGS, taylorFit, taylorPlot, withExact, prop1Hypotheses, decideKRule, PROP1_RULE, chooseK, floatInputsAt, type KRule, ON_POLICY_RULE, TARGET_AWARE_RULE, affineSlope, confirmAffineSlope, excessConfirmation, slopeSide, UNSETTLED, type KChoice, type Prop1Setup } from '../src/api.ts';
import { EQ5_INTERPRETATION } from './P1.eq5.ts';
import { prop1Refiner } from '../src/api.ts';

/** k above the §4.5 threshold: kScale x 2C/k1, or the free k when C = 0. */
export function chosenK(c: Prop1Case, kMin: number): number {
  return kMin > 0 ? c.kScale * kMin : c.k;
}

/**
 * "Delta J < 0 for eps small enough" fails exactly when dDelta J/deps at 0 is positive (or zero
 * with a non-negative second order): the check measures that slope.
 */
export const combineCheck = (reading: Reading, cfg: Configuration = PAPER_CONFIGURATION): PropertyCheck<Prop1Case> => {
  const measure = (c: Prop1Case) => {
    const r = prop1Setup(c, true, cfg);
    if (!r.ok) return { skip: r.reason } as const;
    if (!Number.isFinite(r.setup.kMin)) return { skip: 'k1 <= 0: no k satisfies k > 2C/k1 (see P1.k1-pos)' } as const;
    const { model } = r.setup;
    const k = chosenK(c, r.setup.kMin);
    const perturbation = model.perturbation(k);
    const fit = taylorFit(model.series(perturbation, reading, 'deltaJ'), 0);
    return { setup: r.setup, k, perturbation, fit };
  };
  return configurable<PropertyCheck<Prop1Case>>({
    reading,
    refine: paperConstruction(cfg) ? prop1Refiner('combine') : undefined,
    interpretation: EQ5_INTERPRETATION,
    arbitrary: prop1CaseArbitraryUnder(cfg),
    // k > 2C/k1 is a hypothesis of the claim: a refutation needs it decided at 64 digits, not in float64.
    hypotheses: (c) => {
      const h = prop1Hypotheses(c, undefined, cfg);
      if (!h.holds) return h;
      const r = prop1Setup(c, true, cfg);
      if (!r.ok) return { holds: false, why: r.reason };
      const { pred } = r.setup;
      const k = chosenK(c, r.setup.kMin);
      const rule = decideKRule(PROP1_RULE, k, { instance: c.instance, state: pred.state, action: pred.action, L: pred.L, offlineM: cfg.jepaData === 'offline-uniform' });
      return rule.holds ? { holds: true, why: `${h.why}; ${rule.why}` } : rule;
    },
    run: (c) => {
      const m = measure(c);
      if ('skip' in m) return { kind: 'skip', reason: m.skip as string };
      const { fit, setup, k } = m;
      const slope = fit.estimate;
      const smallest = fit.points[fit.points.length - 1];
      const noise = smallest.noise / smallest.eps;
      if (slope === null) return { kind: 'undecided', reason: 'no settled slope (Delta J within float64 noise at eps = 1e-5..1e-2)' };
      // Delta J < 0 needs a negative slope; one within noise of 0 decides nothing (second order would).
      const tol = 10 * noise + 1e-9 * (Math.abs(setup.pred.k1 * k) + setup.pred.C);
      if (slope < -tol) return { kind: 'ok' };
      if (slope <= tol) return { kind: 'undecided', reason: 'dDelta J/deps within float64 noise of 0' };
      return {
        kind: 'violation', margin: slope, noise,
        message: `with k = ${fmt(k)} > 2C/k1 = ${fmt(setup.kMin)}, dDelta J/deps = ${fmt(slope)} > 0, so Delta J > 0 for all small eps`,
        measured: { slope, ...Object.fromEntries(fit.points.map((p) => [`deltaJ@${p.eps}`, p.delta])) },
        predicted: { k1: setup.pred.k1, C: setup.pred.C, Cprime: setup.pred.Cprime, k, kMin: setup.kMin, predictedSlope: -setup.pred.k1 * k + setup.pred.C },
        construction: { ...m.perturbation, eps: fit.points.map((p) => p.eps) },
        confirm: () => withExact(m.perturbation, setup.model.exact, (q) => {
          const s = (eps: number) => setup.model.preciseDelta(q, reading, 'deltaJ', eps) / eps;
          const s1 = s(1e-12);
          const s2 = s(1e-16);
          return excessConfirmation(s1, s2, 0, DIGITS, `dDelta J/deps = ${fmt(s2)} at eps = 1e-16 (${fmt(s1)} at 1e-12)`);
        }),
      };
    },
    corners: (c) => { const r = prop1Setup(c, true, cfg); return prop1Corners(c, r.ok ? r.setup : undefined); },
    instanceOf: (c) => c.instance,
    plots: (c) => { const m = measure(c); return 'skip' in m ? [] : [taylorPlot(`Delta J with k above 2C/k1 (${reading})`, { ...m.fit, slope: -m.setup.pred.k1 * m.k + m.setup.pred.C })]; },
    rule: 'k is drawn above 2C/k1 (kScale in (1, 100] times it; any k > 0 when C = 0); the slope dDelta J/deps at 0 is estimated by Richardson extrapolation and must be negative; a positive slope above noise is confirmed at 64 digits (eps = 1e-12, 1e-16, converged; not converged: undecided).',
  }, (to) => (changesProp1Case(to) ? combineCheck(reading, to) : null), ALL_FIELDS);
};

/**
 * Repair: "some k > 0 gives Delta J < 0 for eps small". The slope dDelta J/deps at 0 is affine in k,
 * slope(k) = a + b k (the code moves by eps u; the logit of a_Δ at s_Δ by k eps), so such a k exists
 * iff a < 0 or b < 0; both are measured from the slopes at k = 0 and k = 1.
 */
/** `kFree` false pins the witness to k = 0 (the code move alone): a planted non-witness twin. */
export const someKCheck = (reading: Reading, kFree = true): PropertyCheck<Prop1Case> => {
  const slopes = (c: Prop1Case) => {
    const r = prop1Setup(c);
    if (!r.ok) return { skip: r.reason } as const;
    const { base, u, pred } = r.setup;
    const at = (k: number) => taylorFit(deltaSeries(base, prop1Perturbation(pred.state, pred.action, u, k, 0), reading, 'deltaJ'), 0);
    return { setup: r.setup, a: at(0), one: at(1) };
  };
  return {
    reading,
    refine: prop1Refiner('someK', 'free'),
    interpretation: 'the §4.5 conclusion with k free: exists k > 0 with Delta J < 0 for all small eps',
    arbitrary: prop1CaseArbitrary,
    hypotheses: (c) => prop1Hypotheses(c),
    run: (c) => {
      const m = slopes(c);
      if ('skip' in m) return { kind: 'skip', reason: m.skip as string };
      const a = m.a.estimate;
      const one = m.one.estimate;
      if (a === null || one === null) return { kind: 'undecided', reason: 'no settled slope at k = 0 or k = 1' };
      const b = one - a;
      const last = (f: typeof m.a) => f.points[f.points.length - 1];
      const noise = 10 * (last(m.a).noise + last(m.one).noise) / last(m.a).eps;
      // Some k > 0 gives a negative slope iff a < 0 (small k) or b < 0 (large k); a zero slope for
      // every k is no evidence of Delta J < 0, and a sign within noise decides nothing.
      if (a < -noise || (kFree && b < -noise)) return { kind: 'ok' };
      if (a < noise || (kFree && b < noise)) return { kind: 'undecided', reason: 'slope coefficients a, b of dDelta J/deps = a + b k within float64 noise of 0' };
      const { pred, u } = m.setup;
      return {
        kind: 'violation', margin: kFree ? Math.min(a, b) : a, noise,
        message: `no k > 0 helps: dDelta J/deps = ${fmt(a)} + ${fmt(b)} k with both coefficients positive`,
        measured: { a, b }, predicted: { k1: pred.k1, C: pred.C },
        construction: { state: pred.state, action: pred.action, u },
        confirm: () => withExact(prop1Perturbation(pred.state, pred.action, u, 0, 0), exactFromU(m.setup.uExact), (q) => {
          const at = (k: number) => { const s = preciseSlopeOf(c.instance, { ...q, k }, reading, 'deltaJ'); return { fine: s(1e-16), coarse: s(1e-12) }; };
          // A violation needs a > 0 and (k free) b > 0, each settled: a or b settled at or below 0 dismisses it.
          const a = at(0);
          const aSide = slopeSide(a.coarse, a.fine, 0);
          const one = kFree && aSide !== 'within' ? at(1) : null;
          const b = one && { fine: one.fine - a.fine, coarse: one.coarse - a.coarse };
          const sides = [aSide, ...(b ? [slopeSide(b.coarse, b.fine, 0)] : [])];
          const message = `a = ${fmt(a.fine)}${b ? `, b = ${fmt(b.fine)}` : ''} at eps = 1e-16 (${fmt(a.coarse)}${b ? `, ${fmt(b.coarse)}` : ''} at 1e-12)`;
          const margin = b ? Math.min(a.fine, b.fine) : a.fine;
          if (sides.includes('within')) return { confirmed: false, margin, digits: DIGITS, message };
          if (sides.includes('unsettled')) return { confirmed: false, unavailable: true, margin, digits: DIGITS, message: `${message}; ${UNSETTLED}` };
          return { confirmed: true, margin, digits: DIGITS, message };
        }),
      };
    },
    corners: (c) => { const r = prop1Setup(c); return prop1Corners(c, r.ok ? r.setup : undefined); },
    instanceOf: (c) => c.instance,
    rule: 'slope(k) = a + b k from Richardson slopes at k = 0 and k = 1; a violation needs a > 0 and b > 0 beyond noise, confirmed at 64 digits (eps = 1e-16, each settled against eps = 1e-12; unsettled: undecided).',
  };
};

/**
 * Repairs with a rule for k (construction/kRule.ts), as P2.combine's: fixed data, k > 2C~/k1 with C~
 * counting the moved code as a target (P1.eq5's repair); on-policy, k > 2C~/k1'' with k1'' =
 * d_pi(s_Δ) p_aΔ (A - Ã_c)(s_Δ, a_Δ) > 0 (Assumption 1 for the reward r - c). The slope is measured
 * as affine in k (claims/affineSlope.ts). `tweak` = -1 reverses the head tweak for a planted twin
 * (the rule keeps its own k).
 */
export const ruleCombineCheck = (reading: Reading, rule: KRule, tweak: 1 | -1 = 1): PropertyCheck<Prop1Case> => {
  const chosen = (c: Prop1Case): { skip: string } | { setup: Prop1Setup; choice: Exclude<KChoice, { skip: string }> } => {
    const r = prop1Setup(c);
    if (!r.ok) return { skip: r.reason };
    const { base, u, pred } = r.setup;
    const choice = chooseK(rule, floatInputsAt(base, pred, c.instance.lambda, u.reduce((acc, x) => acc + x * x, 0)), c.kScale, c.k);
    return 'skip' in choice ? choice : { setup: r.setup, choice };
  };
  const measure = (c: Prop1Case) => {
    const m = chosen(c);
    if ('skip' in m) return m;
    const { base, u, pred } = m.setup;
    const k = tweak * m.choice.k;
    return { ...m, k, ...affineSlope((kk) => deltaSeries(base, prop1Perturbation(pred.state, pred.action, u, kk, 0), reading, 'deltaJ'), k) };
  };
  return {
    reading,
    refine: prop1Refiner('generic'),
    interpretation: `${EQ5_INTERPRETATION}; ${rule.text(true)} with C~ = 2 lambda E_max (L m + m_in) (the moved code is also a target)`,
    arbitrary: prop1CaseArbitrary,
    // The rule's k is a hypothesis of the repair: decided at 64 digits for a refutation.
    hypotheses: (c) => {
      const h = prop1Hypotheses(c);
      const m = h.holds ? chosen(c) : null;
      if (!m || 'skip' in m) return m ? { holds: false, why: m.skip } : h;
      const { pred, uExact } = m.setup;
      const exact = uExact();
      if (!exact) return { holds: false, why: 'no exact u to decide the k rule at 64 digits' };
      const rule64 = decideKRule(rule, m.choice.k, { instance: c.instance, state: pred.state, action: pred.action, L: pred.L, wTu: (S) => exact.reduce((acc, x) => S.add(acc, S.mul(S.parse(x), S.parse(x))), S.zero) });
      return rule64.holds ? { holds: true, why: `${h.why}; ${rule64.why}` } : rule64;
    },
    run: (c) => {
      const m = measure(c);
      if ('skip' in m) return { kind: 'skip', reason: m.skip };
      const { choice, k, slope, a, b, noise } = m;
      if (slope === null) return { kind: 'undecided', reason: 'Delta J within float64 noise at k = 0 and k = 1' };
      const tol = noise + 1e-9 * (Math.abs(choice.gain * choice.k) + choice.C);
      if (slope < -tol) return { kind: 'ok' };
      if (slope <= tol) return { kind: 'undecided', reason: 'dDelta J/deps within float64 noise of 0' };
      const { pred, u, uExact } = m.setup;
      const perturbation = prop1Perturbation(pred.state, pred.action, u, k, 0);
      return {
        kind: 'violation', margin: slope, noise,
        message: `${choice.rule}: with k = ${fmt(choice.k)} (threshold ${fmt(choice.threshold)}, ${rule.gainName} = ${fmt(choice.gain)}, C~ = ${fmt(choice.C)}), dDelta J/deps = a + b k = ${fmt(a)} + ${fmt(b)} k = ${fmt(slope)} > 0, so Delta J > 0 for all small eps`,
        measured: { slope, a, b },
        predicted: { gain: choice.gain, Ctilde: choice.C, k: choice.k, threshold: choice.threshold, predictedSlope: -choice.gain * choice.k + choice.C },
        construction: { ...perturbation, eps: [] },
        confirm: () => withExact(perturbation, exactFromU(uExact), (q) => confirmAffineSlope((kk, eps) => preciseSlopeOf(c.instance, { ...q, k: kk }, reading, 'deltaJ')(eps), k, DIGITS)),
      };
    },
    corners: (c) => { const r = prop1Setup(c); return prop1Corners(c, r.ok ? r.setup : undefined); },
    instanceOf: (c) => c.instance,
    rule: 'k is drawn by the rule (kScale in (1, 100] times the threshold; the free k when the threshold is <= 0); dDelta J/deps at 0 is affine in k, a + b k, with a, a + b the Richardson slopes at k = 0 and k = 1; a + b k must be negative; a positive value beyond 10x the float64 noise (scaled by k) is confirmed from 64-digit slopes at k = 0 and k = 1 at eps = 1e-16 and 1e-12 (a + b k converged; not converged: undecided), and the rule\'s k > threshold at 64 digits.',
  };
};

/** §4.5's rule with C~ (P1.eq5's fixed-data repair); Prop. 1's gain is k1 (u^T u = 1). */
export const P1_TARGET_AWARE_RULE: KRule = { ...TARGET_AWARE_RULE, text: () => 'k > 2C~/k1', gainName: 'k1', needsPositiveGain: 'k1 <= 0', zeroGain: 'k1 <= 0' };

export default defineClaim({
  id: 'P1.combine',
  statement: 'with k > 2C/k1 and eps small enough, Delta J < 0',
  latex: 'k > 2C/k_1,\\ \\varepsilon \\text{ small} \\implies \\Delta\\mathcal{J} = (-k_1 k + C)\\varepsilon + C\'\\varepsilon^2 + O(\\varepsilon^2) < 0',
  paper: '§4.5',
  uses: ['P1.eq3', 'P1.k1-pos', 'P1.eq5'],
  hypotheses: ['Assumptions 1-2', 'fully collapsed encoder; u, dW as in §4.2', 'any k > 2C/k1'],
  checks: READINGS.map((r) => combineCheck(r)),
  repairs: [
    { statement: 'some k > 0 (not necessarily k > 2C/k1) gives Delta J < 0 for all small eps', checks: READINGS.map((r) => someKCheck(r)) },
    {
      statement: "fixed data: with k > 2C~/k1 (C~ = 2 lambda E_max (L m + m_in), P1.eq5's repair), Delta J < 0 for eps small",
      checks: [ruleCombineCheck('fixed-data', P1_TARGET_AWARE_RULE)],
    },
    {
      statement: "on-policy: with (A - Ã_c)(s_Δ, a_Δ) > 0 (Assumption 1 for the reward r - c, c the JEPA cost) and k > 2C~/k1'', k1'' = d_pi(s_Δ) p_aΔ (A - Ã_c)(s_Δ, a_Δ), Delta J < 0 for eps small",
      checks: [ruleCombineCheck('on-policy', ON_POLICY_RULE)],
    },
  ],
});
