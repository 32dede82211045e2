import { describe, expect, it } from 'vitest';
import k1Claim from '../../properties/P1.k1-pos.ts';
import { runProperty, type PropertyCheck } from '../../src/claims/framework.ts';
import type { Prop1Case } from '../../src/claims/prop1Case.ts';
import { prop1Setup } from '../../src/claims/prop1Case.ts';
import { assumption1Exact } from '../../src/claims/assumptions.ts';
import { reachableStates } from '../../src/engine/mdp.ts';
import { reduceCase } from '../../src/search/reduce/reduce.ts';
import { deleteState } from '../../src/search/reduce/edits.ts';
import { explainCase } from '../../src/search/explain.ts';
import { complexity, roundDistribution, simplerValues, maxDenominator } from '../../src/search/reduce/numbers.ts';
import type { Instance } from '../../src/model/types.ts';

const stillRefutesOf = <T>(check: PropertyCheck<T>) => (c: T): boolean => {
  const o = check.run(c);
  return o.kind === 'violation' && o.confirm().confirmed;
};

describe('simplest rationals', () => {
  it('orders 0, integers, halves, quarters ... and offers only simpler values', () => {
    expect(simplerValues(0.3).slice(0, 3)).toEqual([0, 1, -1]);
    expect(simplerValues(0.3).every((v) => complexity(v) < complexity(0.3))).toBe(true);
    expect(simplerValues(0)).toEqual([]);
    expect(roundDistribution([0.3, 0.7], 4)).toEqual([0.25, 0.75]);
    expect(maxDenominator({ a: [0.5, 0.25], b: 3 })).toBe(4);
    expect(maxDenominator([0.1])).toBe(Infinity);
  });

  it('deleteState renormalises mu and can redirect transitions', () => {
    const inst: Instance = {
      mdp: { P: [[[0, 1, 0]], [[0, 0, 1]], [[1, 0, 0]]], R: [[1], [2], [3]], mu: [0.5, 0.25, 0.25], gamma: 0.5 },
      encoder: [[1], [2], [3]], head: { W: [[1]], b: [0] }, worldModel: { kind: 'affine', M: [[[1]]], c: [[0]] }, lambda: 1,
    };
    const dropped = deleteState(inst, 1, null)!;
    expect(dropped.mdp.P).toEqual([[[0, 0]], [[1, 0]]]);
    expect(dropped.mdp.mu).toEqual([2 / 3, 1 / 3]);
    const sent = deleteState(inst, 1, 2)!;
    expect(sent.mdp.P).toEqual([[[0, 1]], [[1, 0]]]);
    expect(sent.mdp.mu).toEqual([0.5, 0.5]);
    expect(sent.encoder).toEqual([[1], [3]]);
  });
});

describe('reduction and explain on a real refutation (P1.k1-pos: s_Δ unreachable)', () => {
  const check = k1Claim.checks[0] as PropertyCheck<Prop1Case>;
  // The claim file wires the refiner in; the test reduces the framework's shrunk case itself.
  const found = runProperty('P1.k1-pos', { ...check, refine: undefined }, { seed: 42, runs: 300, counterexampleDir: null });
  const original = found.counterexample!.case as Prop1Case;
  const stillRefutes = stillRefutesOf(check);
  const { value, log } = reduceCase(original, { modelPath: ['instance'], parameters: [{ path: ['k'], ok: (v) => v > 0 }, { path: ['kScale'], ok: (v) => v > 1 }] }, stillRefutes, { budget: 400 });

  it('keeps the counterexample, and makes it no larger and simpler', () => {
    expect(found.result.verdict).toBe('refuted');
    expect(stillRefutes(value)).toBe(true);
    expect(value.instance.mdp.P.length).toBeLessThanOrEqual(original.instance.mdp.P.length);
    expect(value.instance.mdp.P.length).toBeLessThanOrEqual(3);
    expect(maxDenominator(value.instance)).toBeLessThanOrEqual(16);
    expect(log.accepted.length).toBeGreaterThan(0);
  });

  it('rejects a reduction that would drop a needed hypothesis', () => {
    // Every hypothesis still holds on the reduced case: Assumption 1 exactly, s_Δ unreachable, A > 0.
    expect(assumption1Exact(value.instance).holds).toBe(true);
    const setup = prop1Setup(value);
    expect(setup.ok).toBe(true);
    const state = setup.ok ? setup.setup.pred.state : -1;
    expect(reachableStates(value.instance.mdp)[state]).toBe(false);
    // Zeroing every reward makes every action optimal everywhere: Assumption 1 fails, so the
    // edit is refused although the float64 k1 would still be 0.
    const flat = { ...value, instance: { ...value.instance, mdp: { ...value.instance.mdp, R: value.instance.mdp.R.map((r) => r.map(() => 0)) } } };
    expect(stillRefutes(flat)).toBe(false);
    expect(log.accepted.some((a) => /R\[.*:= 0/.test(a)) ? assumption1Exact(value.instance).holds : true).toBe(true);
    expect(log.rejectedAtEnd.length).toBeGreaterThan(0);
  });

  it('marks a planted irrelevant entry as free and a needed one as fixed', () => {
    // Plant an extra action-0 reward at the unreachable state... and ask about the reward at s_Δ's
    // world model bias, which the k1 check never reads.
    const ex = explainCase(value, { modelPath: ['instance'], parameters: [{ path: ['k'], ok: (v) => v > 0 }] }, stillRefutes);
    expect(ex.free).toContain('worldModel.c[0][0]');
    expect(ex.free).toContain('case.k');
    expect(ex.free).toContain('lambda');
    // mu decides reachability of s_Δ: moving start mass onto it breaks the counterexample.
    expect(ex.fixed.some((e) => e.startsWith('mdp.mu') || e.startsWith('mdp.P'))).toBe(true);
  });
});
