// P1.combine's repair ("some k > 0 gives Delta J < 0") must not pass where Delta J is identically 0
// for every k: with lambda = 0 and s_Δ unreachable, nothing the construction does changes J.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { prop1CaseArbitrary, prop1Setup } from '../../src/claims/prop1Case.ts';
import { reachableStates } from '../../src/engine/mdp.ts';
import { someKCheck } from '../../properties/P1.combine.ts';

describe('zero slope for every k', () => {
  it('is undecided, never ok', () => {
    const cases = fc.sample(prop1CaseArbitrary(), { seed: 1, numRuns: 600 })
      .map((c) => ({ ...c, instance: { ...c.instance, lambda: 0 } }))
      .filter((c) => { const r = prop1Setup(c); return r.ok && !reachableStates(c.instance.mdp)[r.setup.pred.state]; })
      .slice(0, 5);
    expect(cases.length).toBeGreaterThan(0);
    for (const reading of ['fixed-data', 'on-policy'] as const)
      for (const c of cases) expect(someKCheck(reading).run(c).kind).toBe('undecided');
  });
});
