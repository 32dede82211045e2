import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { collapsedInstanceArbitrary, collapsedInstanceOfSize } from '../../src/search/arbitraries/collapsedInstance.ts';
import { sizesArbitrary } from '../../src/search/arbitraries/sizes.ts';
import { partialInstanceArbitrary, partialInstanceOfShape, partialShapeArbitrary } from '../../src/search/arbitraries/partialInstance.ts';
import { cutInstance } from '../../src/search/arbitraries/shrinkSizes.ts';
import { validateInstance } from '../../src/model/validate.ts';

describe('shrinkable sizes', () => {
  it('generate exactly what the chained sizes generated (same seed, same cases)', () => {
    const old = fc.sample(sizesArbitrary().chain(collapsedInstanceOfSize), { seed: 5, numRuns: 30 });
    const now = fc.sample(collapsedInstanceArbitrary(), { seed: 5, numRuns: 30 });
    expect(now).toEqual(old);
  });

  it('let fast-check shrink |S|, |A| and d to the smallest failing size', () => {
    // Fails on every instance whose start state 0 has mass: sizes play no part, so they must shrink.
    const out = fc.check(fc.property(collapsedInstanceArbitrary(), (inst) => !(inst.mdp.mu[0] > 0 && inst.mdp.P.length >= 2)), { seed: 3, numRuns: 200 });
    expect(out.failed).toBe(true);
    const inst = out.counterexample![0];
    expect([inst.mdp.P.length, inst.head.W.length, inst.encoder[0].length]).toEqual([2, 2, 2]);
    expect(() => validateInstance(inst)).not.toThrow();
  });

  it('partial instances: same generation, sizes shrink, the collapsed pair survives', () => {
    expect(fc.sample(partialInstanceArbitrary(), { seed: 4, numRuns: 20 })).toEqual(fc.sample(partialShapeArbitrary().chain(partialInstanceOfShape), { seed: 4, numRuns: 20 }));
    const out = fc.check(fc.property(partialInstanceArbitrary(), (p) => p.instance.mdp.P.length < 2), { seed: 8, numRuns: 100 });
    const p = out.counterexample![0];
    expect(p.instance.mdp.P.length).toBe(2);
    expect(p.instance.head.W.length).toBe(2);
    expect(p.instance.encoder[p.pair[0]]).toEqual(p.instance.encoder[p.pair[1]]);
    expect(p.pair[0]).not.toBe(p.pair[1]);
  });

  it('cut instances stay valid instances', () => {
    for (const inst of fc.sample(collapsedInstanceArbitrary(), { seed: 9, numRuns: 40 })) {
      const cut = cutInstance(inst, 2, 2, 2);
      expect(() => validateInstance(cut)).not.toThrow();
      expect(cut.mdp.P.length).toBeLessThanOrEqual(inst.mdp.P.length);
    }
  });
});
