// Per-case memos and lazy fields kept on objects (engine/getters.ts) instead of WeakMaps and
// object-literal getters: what a case, a setup or a base point shows (keys and their order, JSON,
// spread, isDeepStrictEqual, fast-check's stringify) is what it showed before, the memos still hit
// for the same object and miss for a copy, and the kernel gives delta()'s bits whichever evaluator
// held a base point last.
import fc from 'fast-check';
import { isDeepStrictEqual } from 'node:util';
import { describe, expect, it } from 'vitest';
import { prop2CaseArbitrary, prop2Setup } from '../../src/claims/prop2Case.ts';
import { assumption3, chooseU, subspaces } from '../../src/construction/prop2.ts';
import { channelU } from '../../src/construction/prop1.ts';
import { nullSpace, rankOf } from '../../src/construction/nullspace.ts';
import { flatten } from '../../src/engine/mdp.ts';
import { basePoint, basePointParts, baseObjective, delta, prepare, type BasePoint, type Delta } from '../../src/engine/objective.ts';
import { deltaAt } from '../../src/engine/series.ts';
import { SingularSystemError } from '../../src/engine/evaluate.ts';
import { caseMemo } from '../../src/engine/caseMemo.ts';
import { extendable, taylorFit, type TaylorPoint } from '../../src/claims/taylor.ts';
import { READINGS } from '../../src/model/types.ts';
import { kernelFields, kernelSizes } from '../bench/kernelCases.ts';

const cases = fc.sample(prop2CaseArbitrary(), { numRuns: 150, seed: 11 });
// The same draws again: equal objects, never passed to the code under test.
const twins = fc.sample(prop2CaseArbitrary(), { numRuns: 150, seed: 11 });

describe('state kept on objects, not beside them', () => {
  it('a case that went through prop2Setup and flatten shows the same keys, JSON, stringify and deep equality; the setup is remembered for that object only', () => {
    let built = 0;
    cases.forEach((c, i) => {
      const twin = twins[i];
      expect(isDeepStrictEqual(c, twin)).toBe(true);
      const json = JSON.stringify(c);
      const copy = structuredClone(c);
      const shown = fc.stringify(c);
      const r = prop2Setup(c, 'span');
      flatten(c.partial.instance.mdp);
      expect(JSON.stringify(c)).toBe(json);
      expect(fc.stringify(c)).toBe(shown);
      expect(isDeepStrictEqual(c, twin)).toBe(true);
      // What crosses to and from worker threads (structured clone) leaves the setups behind.
      expect(isDeepStrictEqual(structuredClone(c), structuredClone(twin))).toBe(true);
      expect(Object.keys(c.partial.instance.mdp)).toEqual(Object.keys(copy.partial.instance.mdp));
      expect(prop2Setup(c, 'span')).toBe(r);
      const again = prop2Setup(copy, 'span');
      expect(again).not.toBe(r);
      expect(again.ok).toBe(r.ok);
      if (r.ok && again.ok) {
        built++;
        // A fresh setup of equal content: the same numbers, read in the literal's key order.
        expect(Object.keys(again.setup)).toEqual(Object.keys(r.setup));
        expect(Object.keys(r.setup)).toEqual(['instance', 'sa', 'sb', 'action', 'zd', 'sub', 'chosen', 'u', 'w', 'v', 'r', 'wTu', 'wFallback', 'a3', 'exact', 'preciseWTu', 'base', 'pred', 'k1p', 'kBound']);
        expect(Object.is(again.setup.k1p, r.setup.k1p) && Object.is(again.setup.kBound, r.setup.kBound)).toBe(true);
        // A copy overriding wTu (the hypotheses' precise setup) keeps k1p from the setup's own w^T u.
        const over = Object.create(r.setup, { wTu: { value: 123 } });
        expect(Object.is(over.k1p, r.setup.k1p)).toBe(true);
      }
    });
    expect(built).toBeGreaterThan(20);
  });

  it('subspaces and chosen u: literal keys in order, spread reads every getter, values as computed directly', () => {
    for (const c of cases.slice(0, 60)) {
      const { instance, pair } = c.partial;
      const sub = subspaces(instance.head.W, instance.encoder, pair[0]);
      expect(Object.keys(sub)).toEqual(['d', 'A', 'S', 'dimS', 'N', 'distinctCodes', 'rankW', 'U']);
      const zd = instance.encoder[pair[0]];
      const d = zd.length;
      const span = nullSpace([zd, ...instance.encoder.filter((_, s) => s !== pair[0])], d);
      const spread = { ...sub };
      expect(spread.dimS).toBe(span.rank);
      expect(spread.N).toEqual(span.basis);
      expect(spread.rankW).toBe(rankOf(instance.head.W, d));
      expect(spread.U).toEqual(channelU(instance.head.W, zd).basis);
      expect(assumption3({ ...sub }, 'span')).toEqual(assumption3(sub, 'span'));
      const chosen = chooseU(sub, c.uPick);
      expect(chooseU(sub, c.uPick)).toBe(chosen);
      expect(chooseU({ ...sub }, c.uPick)).toEqual(chosen);
      if (chosen) expect(Object.keys(chosen)).toEqual(['u', 'distance', 'dimUinS', 'how']);
    }
  });

  it('caseMemo remembers per object and content, a copy or a changed case computes afresh, and the case shows nothing new', () => {
    const memo = caseMemo<number>();
    let calls = 0;
    const c = { a: [1, 2, 3], b: { x: 0 } };
    const json = JSON.stringify(c);
    expect(memo(c, 'v', () => ++calls)).toBe(1);
    expect(memo(c, 'v', () => ++calls)).toBe(1);
    expect(memo(c, 'w', () => ++calls)).toBe(2);
    expect(memo(structuredClone(c), 'v', () => ++calls)).toBe(3);
    c.b.x = -0;
    expect(memo(c, 'v', () => ++calls)).toBe(4);
    c.b.x = 0;
    expect(JSON.stringify(c)).toBe(json);
    expect(isDeepStrictEqual(c, JSON.parse(json))).toBe(true);
    const frozen = Object.freeze({ a: [1] });
    expect(memo(frozen, 'v', () => ++calls)).toBe(5);
    expect(memo(frozen, 'v', () => ++calls)).toBe(5);
  });

  it('extendable series: the extension is found on the points array only, frozen arrays included, and the array shows nothing new', () => {
    const points: TaylorPoint[] = [1e-2, 1e-3, 1e-4, 1e-5].map((eps) => ({ eps, delta: eps, noise: 1e-20 }));
    const json = JSON.stringify(points);
    let asked = 0;
    extendable(points, (eps) => { asked++; return eps.map((e) => ({ eps: e, delta: e, noise: 1e-20 })); });
    expect(JSON.stringify(points)).toBe(json);
    expect(isDeepStrictEqual(points, JSON.parse(json))).toBe(true);
    // One clean point in the window, no clean decade pair, g eps visible: taylorFit asks for the dense grid.
    const sparse: TaylorPoint[] = [{ eps: 1e-2, delta: 1e-2, noise: 1e-20 }, { eps: 1e-3, delta: 0, noise: 1 }];
    const frozen = Object.freeze(sparse.slice());
    let frozenAsked = 0;
    extendable(frozen as TaylorPoint[], (eps) => { frozenAsked++; return eps.map((e) => ({ eps: e, delta: e, noise: 1e-20 })); });
    taylorFit(frozen as TaylorPoint[], 5);
    expect(frozenAsked).toBe(1);
    taylorFit(sparse, 5);
    expect(frozenAsked).toBe(1);
  });
});

describe('kernel evaluators released between base points of different sizes', () => {
  const twoSizes = fc.tuple(kernelSizes, kernelSizes).filter(([x, y]) => x.S !== y.S || x.A !== y.A || x.d !== y.d)
    .chain(([x, y]) => fc.tuple(fc.record(kernelFields(x.S, x.A, x.d)), fc.record(kernelFields(y.S, y.A, y.d))));
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  type Drawn = Record<string, any>;
  const baseOf = (c: Drawn): BasePoint | null => {
    const encoder = c.collapsed ? c.pick.map((i: number) => c.pool[i % c.pool.length].slice()) : c.distinct;
    try {
      return basePoint(prepare({ mdp: c.mdp, encoder, head: c.head, worldModel: c.worldModel, lambda: c.lambda }));
    } catch (e) {
      if (e instanceof SingularSystemError) return null;
      throw e;
    }
  };

  it('A, B, A, B: each deltaAt equals delta() bit for bit; base points keep their keys', () => {
    let compared = 0;
    fc.assert(fc.property(twoSizes, ([x, y]) => {
      const a = baseOf(x), b = baseOf(y);
      if (!a || !b) return;
      expect(basePointParts(a)).toBeDefined();
      expect(Object.keys(a)).toEqual(['prep', 'evaluation', 'advantage', 'logPi', 'errSq']);
      for (const reading of READINGS)
        for (const [base, c] of [[a, x], [b, y], [a, x], [b, y]] as const) {
          const p = { state: c.state, action: c.action, u: c.u, r: c.r, k: c.k };
          for (const eps of [1e-3, 1e-6]) {
            let want, got;
            try { want = delta(base, { ...p, eps }, reading, baseObjective(base, reading)); } catch (e) { if (e instanceof SingularSystemError) want = 'singular'; else throw e; }
            try { got = deltaAt(base, p, reading, eps); } catch (e) { if (e instanceof SingularSystemError) got = 'singular'; else throw e; }
            if (want === 'singular' || got === 'singular') { expect(got).toBe(want); continue; }
            for (const k of ['deltaJ_PG', 'deltaJ_JEPA', 'deltaJ', 'noise'] as const) expect(Object.is((got as Delta)[k], (want as Delta)[k])).toBe(true);
            compared++;
          }
        }
      expect(Object.keys(a)).toEqual(['prep', 'evaluation', 'advantage', 'logPi', 'errSq']);
    }), { numRuns: 60, seed: 5 });
    expect(compared).toBeGreaterThan(300);
  });
});
