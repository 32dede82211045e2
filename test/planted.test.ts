// Planted bugs: for each kind of check, a deliberately wrong statement must be refuted by the search,
// so a search that never finds anything cannot pass. The paper's own statements run beside them.
import { describe, expect, it } from 'vitest';
import { runProperty, type PropertyCheck } from '../src/claims/framework.ts';
import { eq2Check } from '../properties/P1.eq2.ts';
import { softmaxJacCheck, jacobianColumn } from '../properties/P1.softmax-jac.ts';
import { logitGainCheck } from '../properties/P1.logit-gain.ts';
import { eq4Check } from '../properties/P1.eq4.ts';
import { dVCheck } from '../properties/P1.dV.ts';
import { eq5Check } from '../properties/P1.eq5.ts';

const run = (check: PropertyCheck<any>, runs = 200) => runProperty('planted', check, { seed: 7, runs, counterexampleDir: null });

describe('planted bugs are refuted, confirmed at 64 digits', () => {
  it('first order (eq. 2 with the p_aΔ factor dropped from delta pi_j)', () => {
    const wrong = eq2Check((F, p, a) => p.map((pj, j) => (j === a ? F.mul(pj, F.sub(F.one, pj)) : F.sub(F.zero, pj))));
    const result = run(wrong).result;
    expect(result.verdict).toBe('refuted');
    expect(result.margins?.highPrecision).toBeGreaterThan(1e-6);
    expect(run(eq2Check(), 400).result.verdict).toBe('holds');
  });

  it('first order on the MDP (delta V with the advantage doubled)', () => {
    const result = run(dVCheck('fixed-data', (p, k, A) => 2 * p * k * A), 300).result;
    expect(result.verdict).toBe('refuted');
  });

  it('Jacobian (pi_i delta_ij without the -pi_i pi_j term)', () => {
    const wrong = softmaxJacCheck((p, j) => p.map((pi, i) => (i === j ? pi : 0)));
    expect(run(wrong).result.verdict).toBe('refuted');
    expect(run(softmaxJacCheck(jacobianColumn)).result.verdict).toBe('holds');
  });

  it('identity (logit gain 2 k eps instead of k eps)', () => {
    expect(run(logitGainCheck((c) => 2 * c.k * c.eps)).result.verdict).toBe('refuted');
    expect(run(logitGainCheck()).result.verdict).toBe('holds');
  });

  it('bound (eq. 4 with L halved)', () => {
    expect(run(eq4Check(false, 0.5), 300).result.verdict).toBe('refuted');
    expect(run(eq4Check(false), 300).result.verdict).toBe('holds');
  });

  it('bound on the objective (eq. 5 with C and C\' set to 0)', () => {
    expect(run(eq5Check('fixed-data', () => () => 0), 300).result.verdict).toBe('refuted');
  });
});
