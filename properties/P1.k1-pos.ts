// §4.3: under Assumption 1, k1 = d_pi(s_Δ) p_aΔ A^{pi_c}(s_Δ, a_Δ) > 0 for the pair it provides.
import { defineClaim, fmt, type PropertyCheck } from '../src/claims/framework.ts';
import { prop1CaseArbitrary, prop1Corners, prop1Setup, type Prop1Case } from '../src/claims/prop1Case.ts';
import { assumption1Exact, preciseAdvantage } from '../src/claims/assumptions.ts';
import { reachableStates } from '../src/engine/mdp.ts';

const k1Check = (extra: (c: Prop1Case, state: number) => boolean = () => true, note?: string): PropertyCheck<Prop1Case> => ({
  reading: 'any',
  interpretation: note,
  arbitrary: prop1CaseArbitrary,
  run: (c) => {
    const r = prop1Setup(c);
    if (!r.ok) return { kind: 'skip', reason: r.reason };
    const { pred } = r.setup;
    if (!extra(c, pred.state)) return { kind: 'skip', reason: 'extra hypothesis fails' };
    if (pred.k1 > 0) return { kind: 'ok' };
    return {
      kind: 'violation', margin: -pred.k1, noise: 0,
      message: `k1 = d_pi(s_Δ) p A = ${fmt(pred.visitation)} x ${fmt(pred.p)} x ${fmt(pred.advantage)} = ${fmt(pred.k1)} at (s_Δ, a_Δ) = (${pred.state}, ${pred.action})`,
      measured: { k1: pred.k1, visitation: pred.visitation, p: pred.p, advantage: pred.advantage },
      predicted: { k1: null },
      construction: { state: pred.state, action: pred.action },
      confirmWhileShrinking: true,
      confirm: () => {
        // p_aΔ > 0 for every finite logit (softmax), even where float64 or decimal.js underflow it
        // to 0, so k1 <= 0 holds exactly iff d_pi(s_Δ) = 0 (s_Δ unreachable) or A <= 0.
        const a1 = assumption1Exact(c.instance);
        const adv = preciseAdvantage(c.instance, pred.state, pred.action);
        const reachable = reachableStates(c.instance.mdp)[pred.state];
        const confirmed = a1.holds && adv > 0 && !reachable;
        return { confirmed, margin: confirmed ? 0 : null, digits: 64, message: `s_Δ = ${pred.state} is ${reachable ? 'reachable, so d_pi(s_Δ) > 0 and k1 > 0 exactly (p_aΔ > 0 always)' : 'unreachable from mu: d_pi(s_Δ) = 0 exactly, so k1 = 0'}; A = ${fmt(adv)} > 0 at 64 digits; Assumption 1: ${a1.why}` };
      },
    };
  },
  corners: (c) => { const r = prop1Setup(c); return prop1Corners(c, r.ok ? r.setup : undefined); },
  instanceOf: (c) => c.instance,
  rule: 'k1 computed from exact policy evaluation; a case with k1 <= 0 is confirmed when Assumption 1 holds in exact rational arithmetic, A(s_Δ, a_Δ) > 0 and k1 <= 0 at 64 digits.',
});

export default defineClaim({
  id: 'P1.k1-pos',
  statement: 'under Assumption 1, k1 > 0 for the (s_Δ, a_Δ) it provides',
  latex: 'k_1 = d_\\pi(s_\\Delta)\\, p_{a_\\Delta} A^{\\pi_c}(s_\\Delta, a_\\Delta) > 0',
  paper: '§4.3',
  uses: ['P1.eq3'],
  hypotheses: ['fully collapsed encoder', 'Assumption 1: every constant policy has some (s, a) with Q > V; (s_Δ, a_Δ) any pair it provides'],
  checks: [k1Check()],
  repairs: [{
    statement: 'k1 > 0 when additionally s_Δ is reachable from mu (d_pi(s_Δ) > 0)',
    checks: [k1Check((c, s) => reachableStates(c.instance.mdp)[s], 'Assumption 1 plus: s_Δ reachable from mu')],
  }],
});
