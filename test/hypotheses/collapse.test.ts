// The collapse premise is decided with the other hypotheses (codes compared exactly): Prop. 1 needs
// E(s) = z_d at every state, Prop. 2 two distinct states sharing z_d. A case meeting every other
// hypothesis (a 1e-30 advantage, as in advantage-sign.test.ts) is refused once one code moves; the
// generators build collapsed cases, so the search never meets the refusal.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { prop1CaseArbitrary, prop1Hypotheses, type Prop1Case } from '../../src/claims/prop1Case.ts';
import { prop2CaseArbitrary, prop2Hypotheses, type Prop2Case } from '../../src/claims/prop2Case.ts';
import { fullCollapse, pairCollapse } from '../../src/claims/premises.ts';
import type { Instance } from '../../src/model/types.ts';

const zeros = (n: number) => Array.from({ length: n }, () => new Array<number>(n).fill(0));

/** s0: the actions differ only by rewards 2e-30 and 0; s1 prefers a0, s2 prefers a1; codes e_{d-1}. */
function instance(d: number): Instance {
  const zd = new Array<number>(d).fill(0);
  zd[d - 1] = 1;
  return {
    mdp: { P: [[[0, 0.1, 0.777], [0, 0.1, 0.777]], [[0, 0.5, 0], [0, 0, 0.5]], [[0.5, 0, 0], [0, 0, 0]]], R: [[2e-30, 0], [1, 0], [0, 1]], mu: [1, 0, 0], gamma: 0.9 },
    encoder: [zd.slice(), zd.slice(), zd.slice()],
    head: { W: [new Array<number>(d).fill(0), new Array<number>(d).fill(0)], b: [0, 0.3] },
    worldModel: { kind: 'affine', M: [zeros(d), zeros(d)], c: [zd.slice(), zd.slice()] }, lambda: 1,
  } as Instance;
}
const moved = (inst: Instance, s: number, code: number[]): Instance => ({ ...inst, encoder: inst.encoder.map((z, t) => (t === s ? code : z)) });

const prop1Case = (inst: Instance): Prop1Case => ({ instance: inst, pair: 0, uPick: [1], k: 1, kScale: 2 });
const prop2Case = (inst: Instance, pair: [number, number] = [0, 1]): Prop2Case => ({
  partial: { instance: inst, pair }, pair: 0, uPick: { weights: [1], tilt: null }, wPick: { sign: 1, scale: 1, alpha: 0, beta: [] }, k: 1, kScale: 2,
});

describe('prop1Hypotheses decides E(s) = z_d at every state', () => {
  it('holds on the collapsed instance and says so', () => {
    const h = prop1Hypotheses(prop1Case(instance(3)));
    expect(h.holds).toBe(true);
    expect(h.why).toContain('E(s) = z_d at every state (float64 codes compared exactly)');
    expect(h.why).toMatch(/k = 1 > 0$/);
  });

  it('refuses an instance whose last state has another code (the pair s_Δ = 0 is untouched)', () => {
    const h = prop1Hypotheses(prop1Case(moved(instance(3), 2, [0, 1, 1])));
    expect(h).toEqual({ holds: false, why: 'E(s_2) != E(s_0): the instance is not fully collapsed (float64 codes compared exactly)' });
  });

  it('refuses a difference of one ulp: the comparison is exact', () => {
    const h = prop1Hypotheses(prop1Case(moved(instance(3), 1, [0, 0, 1 + Number.EPSILON])));
    expect(h.holds).toBe(false);
    expect(h.why).toMatch(/^E\(s_1\) != E\(s_0\)/);
  });
});

describe('prop2Hypotheses decides E(s_a) = E(s_b)', () => {
  it('holds on a pair sharing z_d and lists the collapse, the exact u, w and k > 0', () => {
    // Another state's code may differ (Prop. 2 asks only the pair to share z_d).
    const h = prop2Hypotheses(prop2Case(moved(instance(6), 2, [1, 0, 0, 0, 0, 0])), 'span', true);
    expect(h.holds).toBe(true);
    expect(h.why).toMatch(/^E\(s_a\) = E\(s_b\) = z_d \(float64 codes compared exactly\); /);
    expect(h.why).toContain('u in U = ker W ∩ z_d^⊥ and w in span(P)^⊥');
    expect(h.why).toMatch(/so u is not in span\(P\); k = 1 > 0$/);
  });

  it('refuses a pair with different codes', () => {
    const h = prop2Hypotheses(prop2Case(moved(instance(6), 1, [0, 0, 0, 0, 1, 1])), 'span', true);
    expect(h).toEqual({ holds: false, why: 'E(s_0) != E(s_1): the pair does not share z_d (float64 codes compared exactly)' });
  });

  it('refuses a pair that is one state', () => {
    expect(prop2Hypotheses(prop2Case(instance(6), [0, 0]), 'span', true).holds).toBe(false);
  });
});

describe('the generators build collapsed cases (the search never meets the refusal)', () => {
  it('prop1CaseArbitrary: E(s) = z_d at every state in 300 seeded cases', () => {
    for (const c of fc.sample(prop1CaseArbitrary(), { numRuns: 300, seed: 42 })) expect(fullCollapse(c.instance.encoder).holds).toBe(true);
  });
  it('prop2CaseArbitrary: the pair shares z_d in 300 seeded cases', () => {
    for (const c of fc.sample(prop2CaseArbitrary(), { numRuns: 300, seed: 42 })) expect(pairCollapse(c.partial.instance.encoder, ...c.partial.pair).holds).toBe(true);
  });
});
