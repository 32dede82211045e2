// The incremental kernel keeps work between calls: a base point basePoint() built is copied in
// (loadFrom) instead of recomputed, a move() keeps the previous move's policy rows whose logits did
// not change, and movedErrSq is repaired from the last move's state instead of copied whole. Each
// must leave the numbers of a fresh evaluator: checked against load() on a fresh evaluator and
// against delta() (the readable engine), over sequences of moves that change state, action, k, r
// and eps in every order.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { basePoint, basePointParts, delta, baseObjective, prepare, type BasePoint } from '../../src/engine/objective.ts';
import { PerturbationEvaluator } from '../../src/engine/perturbation.ts';
import { deltaAt } from '../../src/engine/series.ts';
import { SingularSystemError } from '../../src/engine/evaluate.ts';
import { READINGS } from '../../src/model/types.ts';
import { kernelFields, kernelSizes } from '../bench/kernelCases.ts';
import { vector } from '../../src/search/arbitraries/scalar.ts';

const sameArray = (x: ArrayLike<number>, y: ArrayLike<number>) => x.length === y.length && Array.from(x).every((v, i) => Object.is(v, y[i]));

const sized = kernelSizes.chain(({ S, A, d }) =>
  fc.record({
    ...kernelFields(S, A, d),
    // Moves: k drawn from a few values so consecutive moves often share the head rows (kept rows),
    // eps 0 included (a move whose logits equal the base point's).
    moves: fc.array(fc.record({ state: fc.nat(S - 1), action: fc.nat(A - 1), k: fc.constantFrom(0, 1, -0.5, 3), eps: fc.constantFrom(0, 1e-1, 1e-3, 1e-7, -1e-2), u: vector(d, 1), r: vector(d, 1) }), { minLength: 2, maxLength: 12 }),
  }),
);

function baseOf(c: { mdp: any; pool: number[][]; pick: number[]; collapsed: boolean; distinct: number[][]; head: any; worldModel: any; lambda: number }): BasePoint | null {
  const encoder = c.collapsed ? c.pick.map((i) => c.pool[i % c.pool.length].slice()) : c.distinct.map((z) => z.slice());
  try {
    return basePoint(prepare({ mdp: c.mdp, encoder, head: c.head, worldModel: c.worldModel, lambda: c.lambda }));
  } catch (e) {
    if (e instanceof SingularSystemError) return null;
    throw e;
  }
}

describe('incremental kernel reuse', () => {
  it('loadFrom(base) leaves every buffer load(prep) leaves, bit for bit', () => {
    let compared = 0;
    fc.assert(fc.property(sized, (c) => {
      const base = baseOf(c);
      if (!base) return;
      const { S, A, d } = base.prep;
      const parts = basePointParts(base);
      expect(parts).toBeDefined();
      const fresh = new PerturbationEvaluator(S, A, d).load(base.prep);
      const copied = new PerturbationEvaluator(S, A, d).loadFrom(base, parts!);
      for (const key of ['baseLogits', 'baseLogPi', 'advantage', 'predictions', 'errSq'] as const) expect(sameArray(copied[key], fresh[key]), key).toBe(true);
      for (const key of ['pi', 'V', 'Q', 'd'] as const) expect(sameArray(copied.base[key], fresh.base[key]), key).toBe(true);
      expect(Object.is(copied.base.horizon, fresh.base.horizon) && Object.is(copied.base.J_PG, fresh.base.J_PG)).toBe(true);
      compared++;
    }), { numRuns: 150, seed: 23 });
    expect(compared).toBeGreaterThan(50);
  });

  it('a sequence of moves on one evaluator gives, move by move, what a fresh evaluator and delta() give', () => {
    let compared = 0;
    fc.assert(fc.property(sized, (c) => {
      const base = baseOf(c);
      if (!base) return;
      const { S, A, d } = base.prep;
      const reused = new PerturbationEvaluator(S, A, d).loadFrom(base, basePointParts(base)!);
      for (const m of c.moves) {
        const fresh = new PerturbationEvaluator(S, A, d).load(base.prep).move(m);
        reused.move(m);
        for (const key of ['logits', 'pi', 'logPi', 'movedErrSq'] as const) expect(sameArray(reused[key], fresh[key]), key).toBe(true);
        for (const reading of READINGS) {
          let want, got;
          try {
            want = delta(base, m, reading, baseObjective(base, reading));
          } catch (e) {
            if (e instanceof SingularSystemError) continue;
            throw e;
          }
          got = deltaAt(base, m, reading, m.eps);
          for (const k of ['deltaJ_PG', 'deltaJ_JEPA', 'deltaJ', 'noise'] as const) expect(Object.is(got[k], want[k]), `${reading} ${k}`).toBe(true);
          compared++;
        }
      }
    }), { numRuns: 150, seed: 29 });
    expect(compared).toBeGreaterThan(500);
  });

  it('a base point not built by basePoint() (a copy of one) has no parts and is loaded by load()', () => {
    fc.assert(fc.property(sized, (c) => {
      const base = baseOf(c);
      if (!base) return;
      const copy: BasePoint = { ...base };
      expect(basePointParts(copy)).toBeUndefined();
      const m = c.moves[0];
      for (const reading of READINGS) {
        let want;
        try {
          want = delta(copy, m, reading, baseObjective(copy, reading));
        } catch (e) {
          if (e instanceof SingularSystemError) continue;
          throw e;
        }
        const got = deltaAt(copy, m, reading, m.eps);
        expect(Object.is(got.deltaJ, want.deltaJ) && Object.is(got.noise, want.noise)).toBe(true);
      }
    }), { numRuns: 40, seed: 31 });
  });
});
