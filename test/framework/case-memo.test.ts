// The setup memo serves a case object's setup again only while its content is unchanged bit for bit
// (even 0 -> -0 or NaN -> Infinity in place is computed afresh; Object.is leaf by leaf), and a memoised prop1Setup equals
// the setup of a fresh copy of the case.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { caseMemo } from '../../src/engine/caseMemo.ts';
import { prop1CaseArbitrary, prop1Setup } from '../../src/claims/prop1Case.ts';

describe('case memo', () => {
  it('serves an unchanged case, recomputes a case changed in place, per variant', () => {
    let calls = 0;
    const memo = caseMemo<number>();
    const get = (c: unknown, v = 'x') => memo(c, v, () => ++calls);
    const c: { a: unknown[]; b: number; s?: string } = { a: [1, 2], b: 0 };
    expect(get(c)).toBe(1);
    expect(get(c)).toBe(1);
    expect(get(c, 'y')).toBe(2);
    expect(get(c)).toBe(1);
    const changes: (() => void)[] = [
      () => { c.b = -0; }, () => { c.a[0] = NaN; }, () => { c.a[0] = Infinity; }, () => { c.a[0] = null; },
      () => { c.a.push(3); }, () => { c.s = 'x'; }, () => { c.s = 'y'; }, () => { (c.a as unknown[])[2] = [3]; },
    ];
    for (const change of changes) {
      const before = calls;
      change();
      expect(get(c)).toBe(before + 1);
      expect(get(c)).toBe(before + 1);
    }
    // Another object is another entry, whatever its content.
    expect(get({ a: [1, 2], b: 0 })).toBe(calls);
  });

  it('a memoised prop1Setup is the same result on the same case and equals a fresh copy\'s setup', () => {
    const cases = fc.sample(prop1CaseArbitrary(), { seed: 5, numRuns: 30 });
    const summary = (r: ReturnType<typeof prop1Setup>) => (r.ok ? JSON.stringify({ u: r.setup.u, pred: r.setup.pred, kMin: r.setup.kMin, V: Array.from(r.setup.base.evaluation.V) }) : r.reason);
    let ok = 0;
    for (const c of cases) {
      const first = prop1Setup(c);
      expect(prop1Setup(c)).toBe(first);
      expect(summary(prop1Setup(structuredClone(c)))).toBe(summary(first));
      expect(summary(prop1Setup(c, false))).toBe(summary(prop1Setup(structuredClone(c), false)));
      if (first.ok) ok++;
    }
    expect(ok).toBeGreaterThan(5);
  });
});
