// P2's repair names its plan (the action with the largest gain, w on u's side, k = 4C~/gain): a
// refutation must hold the plan at 64 digits. Drawn cases where float64 gets the plan wrong (seed 11
// of the case arbitrary, found by scanning): the hypotheses reject them.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { precisePrediction } from '../../src/claims/prop1Case.ts';
import { prop2CaseArbitrary, prop2Setup, type Prop2Case } from '../../src/claims/prop2Case.ts';
import { preciseInputsAt, prop2Site } from '../../src/claims/ruleInputs.ts';
import { TARGET_AWARE_RULE } from '../../src/construction/kRule.ts';
import { digitsScalar } from '../../src/precise/dual.ts';
import { decreaseCheck } from '../../properties/P2.ts';

const cases: Prop2Case[] = fc.sample(prop2CaseArbitrary(), { seed: 11, numRuns: 600 });

describe("P2 repair: the plan decided at 64 digits", () => {
  // The 64-digit k1' is that small because A(s_a, a_Δ) is a tie left as 1e-65 by the 64-digit solve:
  // the hypotheses refuse it on A (not decided within 64-digit noise) before the k rule, whose
  // threshold 2C~/k1' would be ~1e76.
  it("case 177: float64 k1' ~ 1e-29 is 8.2e-67 at 64 digits, a tie in A (1e-65): refused as not decided", () => {
    const c = cases[177];
    const r = prop2Setup(c, 'span', { needA1: true });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const s = r.setup;
    // k1' by the other 64-digit algorithm (evaluate.ts, BigNumber) agrees with kRule's (dual.ts).
    const S = digitsScalar(64);
    const q = preciseInputsAt(prop2Site(s)!);
    const viaRule = TARGET_AWARE_RULE.gain(S, q).toNumber();
    const viaEvaluate = precisePrediction(s.instance, s.sa, s.action).k1 * s.preciseWTu();
    expect(Math.abs(viaRule - viaEvaluate)).toBeLessThanOrEqual(1e-12 * Math.abs(viaEvaluate));
    expect(Math.abs(viaRule)).toBeLessThan(1e-60);
    expect(Math.abs(s.k1p)).toBeGreaterThan(1e-40);
    const h = decreaseCheck('fixed-data').hypotheses!(c);
    expect(h.holds).toBe(false);
    expect(h.why).toMatch(/^A\(s_a, a_Δ\) = 1e-65 is within 64-digit noise of 0 .*: not decided$/);
  });

  it('case 586: the float64 plan puts w on the wrong side of u (its gain is negative at 64 digits)', () => {
    const h = decreaseCheck('fixed-data').hypotheses!(cases[586]);
    expect(h.holds).toBe(false);
    expect(h.why).toMatch(/has a larger gain than the plan's action 0 at 64 digits \(8\.11\d* ?e-7 > -8\.11\d* ?e-7\)/);
  });

  it('a plan that holds at 64 digits is admitted and says so', () => {
    let admitted = 0;
    for (const c of cases.slice(0, 150)) {
      const check = decreaseCheck('fixed-data');
      if (check.run(c).kind === 'skip') continue;
      const h = check.hypotheses!(c);
      if (h.holds) {
        expect(h.why).toMatch(/the plan's action \d has the largest gain at 64 digits; k = .* > 2C~\/k1' = .* at 64 digits/);
        admitted++;
      }
    }
    expect(admitted).toBeGreaterThanOrEqual(10);
  });
});
