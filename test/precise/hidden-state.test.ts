// preciseDelta's lazy cancellationDigits from a shared getter descriptor (engine/getters.ts), not an
// object-literal getter: the result shows the literal's keys in their order, the field is an own
// enumerable getter shared by every result, and its value is the cancellation of the measured delta.
import { describe, expect, it } from 'vitest';
import type { Instance, Perturbation, Reading } from '../../src/model/types.ts';
import { preciseDelta } from '../../src/precise/index.ts';

// Two states, two actions, d = 1 (the hand-solved MDP of precise.test.ts with a non-zero head).
const inst: Instance = {
  mdp: { P: [[[0, 1], [0.5, 0]], [[0, 0], [0, 0]]], R: [[1, 0], [2, 0]], mu: [1, 0], gamma: 0.5 },
  encoder: [[0.3], [-0.7]],
  head: { W: [[0.5], [-0.25]], b: [0.1, 0] },
  worldModel: { kind: 'affine', M: [[[0.5]], [[0]]], c: [[1], [2]] },
  lambda: 1,
};

describe('preciseDelta', () => {
  it('shows the literal keys in order, one shared getter, and the cancellation of what it measures', () => {
    const gets = new Set<unknown>();
    let finite = 0;
    for (const eps of [0, 1e-3, 1e-9, 0.25])
      for (const reading of ['on-policy', 'fixed-data'] as Reading[]) {
        const p: Perturbation = { state: 0, action: 1, u: [1], r: [1], k: 0.5, eps };
        const r = preciseDelta(inst, p, reading);
        expect(Object.keys(r)).toEqual(['reading', 'digits', 'deltaJ_PG', 'deltaJ_JEPA', 'deltaJ', 'base', 'perturbed', 'cancellationDigits', 'numbers']);
        expect(Object.getOwnPropertySymbols(r).every((s) => !Object.getOwnPropertyDescriptor(r, s)!.enumerable)).toBe(true);
        const d = Object.getOwnPropertyDescriptor(r, 'cancellationDigits')!;
        expect(d.enumerable && typeof d.get === 'function').toBe(true);
        gets.add(d.get);
        // log10(largest |J term| / |measured delta|), recomputed here from the terms the result carries.
        const terms = [r.base.J_PG, r.base.J_JEPA, r.perturbed.J_PG, r.perturbed.J_JEPA].map((x) => x.abs());
        const scale = terms.reduce((m, x) => (x.gt(m) ? x : m));
        const want = r.deltaJ.isZero() ? Infinity : Math.max(0, scale.div(r.deltaJ.abs()).log(10).toNumber());
        expect(r.cancellationDigits).toBe(want);
        expect(r.cancellationDigits).toBe(want);
        if (Number.isFinite(want)) finite++;
        expect(JSON.parse(JSON.stringify(r)).cancellationDigits).toBe(Number.isFinite(want) ? want : null);
      }
    expect(gets.size).toBe(1);
    expect(finite).toBeGreaterThan(4);
  });
});
