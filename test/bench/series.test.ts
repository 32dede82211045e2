// The kernel behind every check's Delta J series must give delta()'s numbers exactly: same bits for
// each part and for the noise, under both readings, whichever base point the pooled evaluator last held.
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { basePoint, baseObjective, delta, prepare, type BasePoint } from '../../src/engine/objective.ts';
import { deltaAt, deltaSeriesOf, kernelEnabled } from '../../src/engine/series.ts';
import { SingularSystemError } from '../../src/engine/evaluate.ts';
import { READINGS, type Perturbation } from '../../src/model/types.ts';
import { kernelFields, kernelSizes } from './kernelCases.ts';

const EPS = [0, 1e-1, 1e-2, 1e-3, 1e-4, 1e-5, 1e-6, 1e-7, 1e-10, -1e-3];
const PARTS = ['deltaJ_PG', 'deltaJ_JEPA', 'deltaJ', 'noise'] as const;

const sized = kernelSizes.chain(({ S, A, d }) => fc.record(kernelFields(S, A, d)));

type Drawn = typeof sized extends fc.Arbitrary<infer T> ? T : never;

function baseOf(c: Drawn, shift = 0): BasePoint | null {
  const encoder = c.collapsed ? c.pick.map((i) => c.pool[(i + shift) % c.pool.length].slice()) : c.distinct.map((z) => z.map((x) => x + shift));
  try {
    return basePoint(prepare({ mdp: c.mdp, encoder, head: c.head, worldModel: c.worldModel, lambda: c.lambda }));
  } catch (e) {
    if (e instanceof SingularSystemError) return null;
    throw e;
  }
}

/** delta() per eps, or the error it throws. */
function reference(base: BasePoint, p: Omit<Perturbation, 'eps'>, reading: (typeof READINGS)[number], eps: number) {
  try {
    return delta(base, { ...p, eps }, reading, baseObjective(base, reading));
  } catch (e) {
    if (e instanceof SingularSystemError) return 'singular';
    throw e;
  }
}

function kernel(base: BasePoint, p: Omit<Perturbation, 'eps'>, reading: (typeof READINGS)[number], eps: number) {
  try {
    return deltaAt(base, p, reading, eps);
  } catch (e) {
    if (e instanceof SingularSystemError) return 'singular';
    throw e;
  }
}

const sameBits = (x: unknown, y: unknown) =>
  x === 'singular' || y === 'singular' ? x === y : PARTS.every((k) => Object.is((x as Record<string, number>)[k], (y as Record<string, number>)[k]));

afterEach(() => { delete process.env.JEPA_VERIFY_KERNEL; });

describe('deltaAt / deltaSeriesOf (the kernel on the verify path)', () => {
  it('equal delta() bit for bit, parts and noise, both readings, while two base points of one size alternate on the pooled evaluator', () => {
    let compared = 0;
    fc.assert(fc.property(sized, (c) => {
      const first = baseOf(c), second = baseOf(c, 1);
      if (!first || !second) return;
      const p = { state: c.state, action: c.action, u: c.u, r: c.r, k: c.k };
      for (const eps of EPS)
        for (const reading of READINGS)
          for (const base of [first, second, first]) {
            const want = reference(base, p, reading, eps), got = kernel(base, p, reading, eps);
            expect(sameBits(got, want), `${reading} eps=${eps}: ${JSON.stringify(got)} vs ${JSON.stringify(want)}`).toBe(true);
            compared++;
          }
    }), { numRuns: 200, seed: 17 });
    expect(compared).toBeGreaterThan(1000);
  });

  it('deltaSeriesOf is deltaAt per eps, and JEPA_VERIFY_KERNEL=off gives the same series through delta()', () => {
    fc.assert(fc.property(sized, (c) => {
      const base = baseOf(c);
      if (!base) return;
      const p = { state: c.state, action: c.action, u: c.u, r: c.r, k: c.k };
      for (const reading of READINGS) {
        let on, off;
        try {
          expect(kernelEnabled()).toBe(true);
          on = deltaSeriesOf(base, p, reading, EPS);
          process.env.JEPA_VERIFY_KERNEL = 'off';
          expect(kernelEnabled()).toBe(false);
          off = deltaSeriesOf(base, p, reading, EPS);
        } catch (e) {
          if (e instanceof SingularSystemError) return;
          throw e;
        } finally {
          delete process.env.JEPA_VERIFY_KERNEL;
        }
        expect(on.map((q) => q.eps)).toEqual(EPS);
        on.forEach((q, i) => expect(sameBits(q, off[i]) && Object.is(q.eps, off[i].eps)).toBe(true));
      }
    }), { numRuns: 100, seed: 5 });
  });
});
