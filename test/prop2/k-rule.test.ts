// §5.5's (and §4.5's) k rule decided at 64 digits (claims/ruleInputs.ts): its inputs against the float64
// engine's (a second implementation: the cost advantage by the engine's policy evaluation), a hand
// case, k just below and just above the threshold, and a refutation whose k sits below the exact
// threshold, which the hypotheses must reject.
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { prop2CaseArbitrary, prop2Setup, type Prop2Case, type Prop2Setup } from '../../src/claims/prop2Case.ts';
import { choiceOf, decideKRule, floatRuleInputs, preciseInputsAt, preciseRuleInputs } from '../../src/claims/ruleInputs.ts';
import { ON_POLICY_RULE, PAPER_RULE, PROP1_RULE, TARGET_AWARE_RULE, type KRule } from '../../src/construction/kRule.ts';
import { prop1CaseArbitrary, prop1Setup } from '../../src/claims/prop1Case.ts';
import { combineCheck as p1Combine } from '../../properties/P1.combine.ts';
import { digitsScalar, float64Scalar } from '../../src/precise/dual.ts';
import { combineCheck } from '../../properties/P2.combine.ts';

const setups: { c: Prop2Case; s: Prop2Setup }[] = [];
for (const c of fc.sample(prop2CaseArbitrary(), { numRuns: 400, seed: 5 })) {
  const r = prop2Setup(c, 'span', { needA1: true });
  if (r.ok && r.setup.exact() && setups.length < 40) setups.push({ c, s: r.setup });
}

const close = (a: number, b: number, rel: number) => Math.abs(a - b) <= rel * Math.max(Math.abs(a), Math.abs(b), 1e-300) + 1e-14;

describe('§5.5 k rule: 64-digit inputs agree with the float64 engine', () => {
  it('has cases to compare', () => { expect(setups.length).toBeGreaterThanOrEqual(20); });
  it.each([['paper', PAPER_RULE], ['target-aware', TARGET_AWARE_RULE], ['on-policy', ON_POLICY_RULE]] as [string, KRule][])('%s rule: gain and C within 1e-8', (_, rule) => {
    const S = digitsScalar(64);
    let compared = 0;
    for (const { s } of setups) {
      const f = floatRuleInputs(s);
      const p = preciseRuleInputs(s)!;
      const gf = rule.gain(float64Scalar, f);
      if (!Number.isFinite(gf) || Math.abs(gf) < 1e-6) continue;
      expect(close(gf, rule.gain(S, p).toNumber(), 1e-8), `gain ${gf} vs ${rule.gain(S, p).toNumber()}`).toBe(true);
      expect(close(rule.C(float64Scalar, f), rule.C(S, p).toNumber(), 1e-8)).toBe(true);
      compared++;
    }
    expect(compared).toBeGreaterThanOrEqual(10);
  });
});

describe('§5.5 k rule decided at 64 digits', () => {
  it('the shipped refutation of repair 1 (fixed data): C = 0 and k1\' = 1/8, so k = 1 exceeds 2C/k1\' = 0', () => {
    const file = JSON.parse(readFileSync(new URL('../fixtures/ledger-counterexamples/P2.combine.fixed-data.repair1-2.json', import.meta.url), 'utf8'));
    const r = prop2Setup(file.case, 'span', { needA1: true });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const d = decideKRule(PAPER_RULE, 1, r.setup);
    expect(d.holds).toBe(true);
    expect(d.why).toContain("2C/k1' = 0 ");
    expect(d.why).toContain("k1' = 0.125");
    expect(decideKRule(PAPER_RULE, 0, r.setup).holds).toBe(false);
  });

  it('a k a hair below the threshold fails, a hair above holds', () => {
    let tried = 0;
    for (const { c, s } of setups) {
      const choice = choiceOf(TARGET_AWARE_RULE, c, s);
      if ('skip' in choice || !(choice.threshold! > 1e-6)) continue;
      expect(decideKRule(TARGET_AWARE_RULE, choice.threshold! * (1 - 1e-9), s).holds).toBe(false);
      expect(decideKRule(TARGET_AWARE_RULE, choice.threshold! * (1 + 1e-9), s).holds).toBe(true);
      expect(decideKRule(TARGET_AWARE_RULE, choice.k, s).holds).toBe(true);
      tried++;
    }
    expect(tried).toBeGreaterThanOrEqual(3);
  });

  it('a rule whose float64 C is 0 but whose exact C is not: the hypotheses reject the k it picks', () => {
    // Planted: C vanishes in float64 only, so the free k is taken, below the 64-digit threshold when
    // that is large; a refutation on such a case must come out 'outside the hypotheses'.
    const floatOnly: KRule = { ...TARGET_AWARE_RULE, C: (S, q) => (S.name === 'float64' ? S.zero : TARGET_AWARE_RULE.C(S, q)) };
    const check = combineCheck('fixed-data', 'span', floatOnly);
    let rejected = 0;
    for (const { c, s } of setups) {
      const honest = choiceOf(TARGET_AWARE_RULE, c, s);
      if ('skip' in honest || !(honest.threshold! > c.k * 1.01)) continue;
      const h = check.hypotheses!(c);
      expect(h.holds).toBe(false);
      // One sampled case is a tie in A (a 64-digit residue of 1e-55), refused on A before the k rule.
      expect(h.why).toMatch(/does not exceed 2C~\/k1'|is within 64-digit noise of 0/);
      if (/does not exceed/.test(h.why)) rejected++;
    }
    expect(rejected).toBeGreaterThanOrEqual(1);
  });
});

describe('§4.5 k rule (P1.combine) decided at 64 digits', () => {
  const p1 = fc.sample(prop1CaseArbitrary(), { numRuns: 300, seed: 3 })
    .map((c) => ({ c, r: prop1Setup(c, true) }))
    .flatMap(({ c, r }) => (r.ok && r.setup.kMin > 1e-6 && Number.isFinite(r.setup.kMin) ? [{ c, s: r.setup }] : []));

  it('the shipped fixed-data refutation: C = 0, k1 = 2/9, so k = 1 exceeds 2C/k1 = 0', () => {
    const file = JSON.parse(readFileSync(new URL('../fixtures/ledger-counterexamples/P1.combine.fixed-data.json', import.meta.url), 'utf8'));
    const h = p1Combine('fixed-data').hypotheses!(file.case);
    expect(h.holds).toBe(true);
    expect(h.why).toContain('k = 1 > 2C/k1 = 0 at 64 digits');
    expect(h.why).toContain('k1 = 0.222222');
  });

  it('k1 and C agree with the float64 predictions where float64 is well conditioned; k a hair below the 64-digit 2C/k1 fails, a hair above holds', () => {
    expect(p1.length).toBeGreaterThanOrEqual(50);
    const S = digitsScalar(64);
    let agreed = 0;
    for (const { c, s } of p1) {
      const site = { instance: c.instance, state: s.pred.state, action: s.pred.action, L: s.pred.L };
      const q = preciseInputsAt(site);
      const threshold = (2 * PROP1_RULE.C(S, q).toNumber()) / PROP1_RULE.gain(S, q).toNumber();
      if (close(PROP1_RULE.gain(S, q).toNumber(), s.pred.k1, 1e-8) && close(PROP1_RULE.C(S, q).toNumber(), s.pred.C, 1e-8)) agreed++;
      expect(decideKRule(PROP1_RULE, threshold * (1 - 1e-9), site).holds).toBe(false);
      expect(decideKRule(PROP1_RULE, threshold * (1 + 1e-9), site).holds).toBe(true);
    }
    expect(agreed).toBeGreaterThanOrEqual(p1.length - 5);
  });

  it('a case whose float64 k1 is ~1e-18 but ~1e-48 at 64 digits: the k drawn above the float64 2C/k1 is rejected by the hypotheses', () => {
    const S = digitsScalar(64);
    const check = p1Combine('fixed-data');
    let rejected = 0;
    for (const { c, s } of p1) {
      const q = preciseInputsAt({ instance: c.instance, state: s.pred.state, action: s.pred.action, L: s.pred.L });
      const threshold = (2 * PROP1_RULE.C(S, q).toNumber()) / PROP1_RULE.gain(S, q).toNumber();
      if (!(c.kScale * s.kMin < threshold * (1 - 1e-6))) continue;
      const h = check.hypotheses!(c);
      expect(h.holds, h.why).toBe(false);
      // The one sampled case is a tie: its 64-digit k1 is tiny because A(s_Δ, a_Δ) is a residue of
      // 1e-64, which the hypotheses refuse as not decided before the k rule (decided above).
      expect(h.why).toMatch(/does not exceed 2C\/k1|is within 64-digit noise of 0/);
      rejected++;
    }
    expect(rejected).toBeGreaterThanOrEqual(1);
  });
});

describe("P1.combine's rule repairs decide their k at 64 digits", () => {
  it('a rule whose float64 C~ is 0 but whose exact C~ is not: the hypotheses reject the k it picks', async () => {
    const { ruleCombineCheck, P1_TARGET_AWARE_RULE } = await import('../../properties/P1.combine.ts');
    const floatOnly: KRule = { ...P1_TARGET_AWARE_RULE, C: (S, q) => (S.name === 'float64' ? S.zero : P1_TARGET_AWARE_RULE.C(S, q)) };
    const check = ruleCombineCheck('fixed-data', floatOnly);
    const honest = ruleCombineCheck('fixed-data', P1_TARGET_AWARE_RULE);
    let rejected = 0;
    for (const c of fc.sample(prop1CaseArbitrary(), { numRuns: 200, seed: 4 })) {
      const r = prop1Setup(c, true);
      if (!r.ok || !(r.setup.pred.k1 > 0) || !honest.hypotheses!(c).holds) continue;
      const site = { instance: c.instance, state: r.setup.pred.state, action: r.setup.pred.action, L: r.setup.pred.L };
      const S = digitsScalar(64);
      const q = preciseInputsAt(site);
      const threshold = (2 * P1_TARGET_AWARE_RULE.C(S, q).toNumber()) / P1_TARGET_AWARE_RULE.gain(S, q).toNumber();
      if (!(threshold > c.k * 1.01)) continue;
      const h = check.hypotheses!(c);
      expect(h.holds).toBe(false);
      expect(h.why).toMatch(/does not exceed 2C~\/k1/);
      rejected++;
    }
    expect(rejected).toBeGreaterThanOrEqual(1);
  });
});
