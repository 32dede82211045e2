// Planted twins: for each claim (and repair) whose own check does not already refute it, a
// deliberately wrong twin (sign flipped, factor 2, a term dropped, a non-witness, a construction
// that raises J, a hypothesis dropped) must be refuted within a small budget, so a check that
// cannot fail cannot pass. Claims the paper's own check refutes are listed in `refutedByPaper`.
import { describe, expect, it } from 'vitest';
import { runProperty, type PropertyCheck } from '../../src/claims/framework.ts';
import { rankCheck } from '../../properties/P1.rank.ts';
import { dimCheck } from '../../properties/P1.dim.ts';
import { uExistsCheck } from '../../properties/P1.u-exists.ts';
import { logitsFixedCheck as p1LogitsFixed } from '../../properties/P1.logits-fixed.ts';
import { eq3Check as p1Eq3 } from '../../properties/P1.eq3.ts';
import { dVRepairCheck } from '../../properties/P1.dV.ts';
import { k1Check } from '../../properties/P1.k1-pos.ts';
import { eq4Check } from '../../properties/P1.eq4.ts';
import { collapsedGapCheck } from '../../properties/P1.ts';
import { dimUCheck } from '../../properties/P2.dimU.ts';
import { uExistsCheck as p2UExists } from '../../properties/P2.u-exists.ts';
import { wExistsCheck } from '../../properties/P2.w-exists.ts';
import { k1PosCheck } from '../../properties/P2.k1-pos.ts';
import { decreaseCheck } from '../../properties/P2.ts';
import { jepaCheck, targetAwareBound } from '../../properties/P2.jepa.ts';
import { someKCheck } from '../../properties/P1.combine.ts';
import { combineCheck as p2Combine } from '../../properties/P2.combine.ts';
import { ON_POLICY_RULE, TARGET_AWARE_RULE } from '../../src/construction/kRule.ts';
import { reachableStates } from '../../src/engine/mdp.ts';
import { both, saReachable, wOnUsSide } from '../../src/claims/prop2Checks.ts';
import { chooseU } from '../../src/construction/prop2.ts';
import type { BigNumber } from 'mathjs';

// A small shrink budget and no refiner: a twin only has to be refuted, not reduced.
const run = (check: PropertyCheck<any>, runs = 200, seed = 5) => runProperty('twin', { ...check, refine: undefined }, { seed, runs, counterexampleDir: null, shrinkAttempts: 100 }).result;
const refuted = (check: PropertyCheck<any>, runs?: number) => {
  const r = run(check, runs);
  expect(r.verdict, r.detail.slice(-400)).toBe('refuted');
  return r;
};
const reachable1 = (c: { instance: { mdp: { P: number[][][]; mu: number[] } } }, s: number) => (reachableStates(c.instance.mdp as never)[s] ? null : 'unreachable');

describe('planted twins of the linear-algebra claims (confirmed by exact ranks / 80-digit residuals)', () => {
  it('P1.rank: rank W <= |A| - 1', () => { refuted(rankCheck((A) => A - 1)); });
  it('P1.dim: the -1 dropped (dim >= d - rank W)', () => { refuted(dimCheck((d, r) => d - r)); });
  it('P1.u-exists: hypothesis weakened to d - rank W >= 1', () => { refuted(uExistsCheck(1), 400); });
  it('P1.logits-fixed: claimed logits 2 W z_d', () => { refuted(p1LogitsFixed((c) => c.W.map((row) => 2 * row.reduce((s, x, j) => s + x * c.zd[j], 0)))); });
  it('P2.dimU: the -1 dropped (dim U >= d - |A|)', () => { refuted(dimUCheck((d, A) => d - A)); });
  it('P2.u-exists: a non-witness u (z_d normalised, not in ker W)', () => {
    refuted(p2UExists('span', (sub, pick) => {
      const c = chooseU(sub, pick);
      return c && { ...c, u: c.u.map((x, j) => (j === 0 ? x + 1 : x)) };
    }));
  });
  it('P2.w-exists: the witness w = u (not in span(P)^⊥)', () => { refuted(wExistsCheck('span', (_N, u) => u.slice())); });
});

describe('planted twins of the first-order and bound claims (confirmed at 64 digits)', () => {
  it('P1.eq3: k1 doubled (on-policy and fixed data)', () => {
    refuted(p1Eq3('on-policy', (q) => 2 * q.k1));
    refuted(p1Eq3('fixed-data', (q) => 2 * q.k1));
  });
  it('P1.eq3: sign flipped', () => { refuted(p1Eq3('fixed-data', (q) => -q.k1)); });
  it("P1.dV repair: the revisit factor doubled", () => { refuted(dVRepairCheck(2), 300); });
  it("P1.eq4 squared form: L halved", () => { refuted(eq4Check(true, 0.5), 300); });
  // The term of transitions into s_a dropped is the paper's bound, refuted in test/prop2/planted.test.ts.
  it('P2.jepa repair (fixed data): the bound divided by 100', () => {
    refuted(jepaCheck('fixed-data', 'span', (s) => { const b = targetAwareBound(s); return { ...b, at: (e) => b.at(e) / 100, precise: b.precise ? (e) => b.precise!(e) / 100 : undefined }; }), 300);
  });
});

describe('planted twins of the sign and repair claims', () => {
  it('P1.k1-pos repair: k1 with its sign flipped (reachable s_Δ kept)', () => {
    refuted(k1Check(reachable1, 'twin', { f64: (d, p, A) => -d * p * A, big: (d: BigNumber, p: BigNumber, A: BigNumber) => d.times(p).times(A).neg() }));
  });
  it('P1.k1-pos repair: reachability dropped (the paper claim) is refuted', () => { refuted(k1Check()); });
  it("P2.k1-pos repair: k1' with its sign flipped", () => {
    refuted(k1PosCheck('span', both(wOnUsSide, saReachable), 'twin', { f64: (d, p, A, w) => -d * p * A * w, big: (d: BigNumber, p: BigNumber, A: BigNumber, w: number) => d.times(p).times(A).times(w).neg() }));
  });
  it("P2.k1-pos repair: w on u's side dropped is refuted", () => { refuted(k1PosCheck('span', saReachable)); });
  it('P1 repair: reachability of the improvable state dropped (J attains the lower bound)', () => { refuted(collapsedGapCheck('anywhere')); });
  it('P2 repair: a construction that raises J (head tweak reversed), fixed data and on-policy', () => {
    refuted(decreaseCheck('fixed-data', true));
    refuted(decreaseCheck('on-policy', true));
  });
});

describe('planted twins of the combine repairs', () => {
  it('P1.combine repair (fixed data): the witness pinned to k = 0 (the code move alone)', () => { refuted(someKCheck('fixed-data', false), 300); });
  it("P2.combine repair (fixed data, C~): the head tweak reversed (k -> -k), a construction that raises J", () => {
    refuted(p2Combine('fixed-data', 'span', TARGET_AWARE_RULE, both(wOnUsSide, saReachable), undefined, -1), 300);
  });
  it("P2.combine repair (on-policy): the head tweak reversed", () => {
    refuted(p2Combine('on-policy', 'span', ON_POLICY_RULE, both(wOnUsSide, saReachable), undefined, -1), 300);
  });
});

describe('planted twins of P2.eq3 on-policy', () => {
  it("k1' without the w^T u factor (on-policy)", async () => {
    const { eq3Check } = await import('../../properties/P2.eq3.ts');
    const { precisePrediction } = await import('../../src/claims/prop1Case.ts');
    refuted(eq3Check('on-policy', 'span', (s) => s.pred.k1, (s) => precisePrediction(s.instance, s.sa, s.action).k1));
  });
});

describe('planted twin of the P2.jepa on-policy repair', () => {
  it('the first-order bound divided by 100', async () => {
    const { onPolicySlopeCheck } = await import('../../properties/P2.jepa.ts');
    refuted(onPolicySlopeCheck('span', 0.01), 300);
  });
});

describe('planted twins of the S6 repair', () => {
  // The repair is universal over one construction (a definite witness per case); its twin flips c's sign.
  it('repair: the last-layer construction with c = +dJ/dl(s_a) (raises J), both readings, confirmed at 64 digits', async () => {
    const { constructionCheck } = await import('../../properties/S6.deeper-heads.ts');
    const ascent = (g: number[]) => { const n = Math.hypot(...g); return g.map((x) => x / n); };
    for (const reading of ['fixed-data', 'on-policy'] as const) {
      const r = refuted(constructionCheck(reading, ascent), 1000);
      expect(r.detail).toMatch(/raises J/);
      // The construction itself, same seed: the refutation is the flipped sign's.
      expect(run(constructionCheck(reading), 1000).verdict).toBe('holds');
    }
  });
});

describe('planted twins under the other readings of Assumption 3 (the same builders, the interpretations (ii)-(iv))', () => {
  for (const a3 of ['states', 'codes', 'rankW'] as const) {
    it(`P2.u-exists (${a3}): a non-witness u`, () => {
      refuted(p2UExists(a3, (sub, pick) => {
        const c = chooseU(sub, pick);
        return c && { ...c, u: c.u.map((x, j) => (j === 0 ? x + 1 : x)) };
      }));
    });
    it(`P2.w-exists (${a3}): the witness w = u`, () => { refuted(wExistsCheck(a3, (_N, u) => u.slice())); });
  }
  it("P2.eq3 (reading (ii), both readings of eq. (1)): k1' without the w^T u factor", async () => {
    const { eq3Check } = await import('../../properties/P2.eq3.ts');
    const { precisePrediction } = await import('../../src/claims/prop1Case.ts');
    for (const reading of ['fixed-data', 'on-policy'] as const) refuted(eq3Check(reading, 'states', (s) => s.pred.k1, (s) => precisePrediction(s.instance, s.sa, s.action).k1));
  });
});

describe('planted twins of the P1.eq5 repairs', () => {
  it('fixed data: the target-aware bound C~ eps + C~\' eps^2 divided by 100', async () => {
    const { targetAwareEq5Check } = await import('../../properties/P1.eq5.ts');
    refuted(targetAwareEq5Check(0.01), 300);
  });
  it('on-policy: the first-order bound C~ + k d p Ã_c divided by 100', async () => {
    const { onPolicyEq5SlopeCheck } = await import('../../properties/P1.eq5.ts');
    refuted(onPolicyEq5SlopeCheck(0.01), 300);
  });
});

describe('planted twins of the P1.combine rule repairs', () => {
  it('fixed data (k > 2C~/k1): the head tweak reversed, a construction that raises J', async () => {
    const { ruleCombineCheck, P1_TARGET_AWARE_RULE } = await import('../../properties/P1.combine.ts');
    refuted(ruleCombineCheck('fixed-data', P1_TARGET_AWARE_RULE, -1), 300);
  });
  it("on-policy (k > 2C~/k1''): the head tweak reversed", async () => {
    const { ruleCombineCheck } = await import('../../properties/P1.combine.ts');
    const { ON_POLICY_RULE } = await import('../../src/construction/kRule.ts');
    refuted(ruleCombineCheck('on-policy', ON_POLICY_RULE, -1), 300);
  });
});
