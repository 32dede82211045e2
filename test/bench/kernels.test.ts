// The bench's fast kernels must give the tool's numbers exactly, not approximately.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { drawInstance } from '../../src/bench/instance.ts';
import { Prop1Kernel, prop1Reference, type Prop1Figures } from '../../src/bench/prop1.ts';
import { baseObjective, basePoint, perturbedObjective, prepare } from '../../src/engine/objective.ts';
import { PerturbationEvaluator } from '../../src/engine/perturbation.ts';
import { SingularSystemError } from '../../src/engine/evaluate.ts';
import { READINGS } from '../../src/model/types.ts';
import { kernelFields, kernelSizes } from './kernelCases.ts';

/** Same bits (so -0 and 0 differ, NaN equals NaN). */
const same = (a: ArrayLike<number>, b: ArrayLike<number>) => a.length === b.length && Array.from(a).every((x, i) => Object.is(x, b[i]));

function expectSameFigures(fast: Prop1Figures, ref: Prop1Figures): void {
  for (const key of ['state', 'action', 'k1', 'L', 'Emax', 'C', 'Cprime'] as const) expect(fast[key], key).toBe(ref[key]);
  for (const key of ['u', 'J0', 'deltaPG', 'deltaJEPA', 'eq3', 'eq5'] as const) expect(same(fast[key], ref[key]), key).toBe(true);
}

describe('Prop1Kernel', () => {
  it('gives prop1Reference\'s figures bit for bit', () => {
    const kernel = new Prop1Kernel(8, 3, 12);
    for (let i = 0; i < 150; i++) {
      const f = drawInstance(11, i, 8, 3, 12);
      expectSameFigures(kernel.run(f), prop1Reference(f));
    }
  });

  it('also at other sizes', () => {
    for (const [S, A, d] of [[2, 2, 4], [5, 4, 7], [12, 2, 16]]) {
      const kernel = new Prop1Kernel(S, A, d);
      for (let i = 0; i < 20; i++) {
        const f = drawInstance(5, i, S, A, d);
        expectSameFigures(kernel.run(f), prop1Reference(f));
      }
    }
  });
});

describe('PerturbationEvaluator', () => {
  it('agrees with basePoint / perturbedObjective bit for bit on arbitrary instances (shared and distinct codes, MLP world models)', () => {
    const sized = kernelSizes.chain(({ S, A, d }) => fc.record({ ...kernelFields(S, A, d), eps: fc.double({ min: -1, max: 1, noNaN: true }) }));
    fc.assert(fc.property(sized, (c) => {
      const encoder = c.collapsed ? c.pick.map((i) => c.pool[i % c.pool.length].slice()) : c.distinct;
      const instance = { mdp: c.mdp, encoder, head: c.head, worldModel: c.worldModel, lambda: c.lambda };
      const prep = prepare(instance);
      let base;
      try { base = basePoint(prep); } catch (e) { if (e instanceof SingularSystemError) return; throw e; }
      const ev = new PerturbationEvaluator(prep.S, prep.A, prep.d).load(prep);
      expect(same(ev.errSq, base.errSq) && same(ev.advantage, base.advantage) && same(ev.base.d, base.evaluation.d) && same(ev.baseLogPi, base.logPi)).toBe(true);
      const p = { state: c.state, action: c.action, u: c.u, r: c.r, k: c.k, eps: c.eps };
      for (const move of [p, { ...p, state: (c.state + 1) % prep.S }, { ...p, eps: 0 }]) {
      ev.move(move);
      for (const reading of READINGS) {
        expect(ev.baseObjective(reading)).toEqual(baseObjective(base, reading));
        let ref;
        try { ref = perturbedObjective(base, move, reading); } catch (e) { if (e instanceof SingularSystemError) continue; throw e; }
        const got = ev.movedObjective(reading);
        expect([got.J_PG, got.J_JEPA, got.J]).toEqual([ref.J_PG, ref.J_JEPA, ref.J]);
      }
      }
    }), { numRuns: 300, seed: 3 });
  });
});
