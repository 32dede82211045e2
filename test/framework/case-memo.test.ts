// The setup memo is keyed by a case's content: equal content is served, changed content (even in
// place, even 0 -> -0) is computed afresh, and a memoised prop1Setup equals a fresh one.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { caseKey, caseMemo } from '../../src/claims/caseMemo.ts';
import { prop1CaseArbitrary, prop1Setup } from '../../src/claims/prop1Case.ts';

describe('case memo', () => {
  it('serves equal content, recomputes changed content, keeps -0, NaN and Infinity apart', () => {
    let calls = 0;
    const memo = caseMemo<number>(4);
    const get = (c: unknown, v = 'x') => memo(c, v, () => ++calls);
    const c = { a: [1, 2], b: 0 };
    expect(get(c)).toBe(1);
    expect(get({ a: [1, 2], b: 0 })).toBe(1);
    expect(get(c, 'y')).toBe(2);
    c.b = -0;
    expect(get(c)).toBe(3);
    c.a[0] = NaN;
    expect(get(c)).toBe(4);
    c.a[0] = Infinity;
    expect(get(c)).toBe(5);
    expect(new Set([0, -0, NaN, Infinity, -Infinity, null].map((x) => caseKey([x]))).size).toBe(6);
    // Least recently used first out: four newer entries push the first out.
    for (let i = 0; i < 4; i++) get({ i });
    expect(get({ i: 0 })).toBe(6);
    expect(get({ a: [1, 2], b: 0 })).toBe(10);
  });

  it('a memoised prop1Setup equals the setup of a structurally equal fresh case', () => {
    const cases = fc.sample(prop1CaseArbitrary(), { seed: 5, numRuns: 30 });
    const summary = (r: ReturnType<typeof prop1Setup>) => (r.ok ? JSON.stringify({ u: r.setup.u, pred: r.setup.pred, kMin: r.setup.kMin, J: r.setup.base.evaluation.V }) : r.reason);
    for (const c of cases) {
      const first = prop1Setup(c);
      const copy = JSON.parse(JSON.stringify(c));
      expect(prop1Setup(copy)).toBe(first);
      expect(summary(prop1Setup(c, false))).toBe(summary(prop1Setup(structuredClone(c), false)));
    }
  });
});
