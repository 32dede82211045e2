// The case memo serves a value again exactly when the case's content is unchanged leaf for leaf
// (Object.is), whatever the mix of numeric and other arrays: checked against a plain deep
// comparison of the content before and after random in-place edits.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { caseMemo } from '../../src/engine/caseMemo.ts';

/** Deep Object.is equality of plain data (arrays, objects with keys in order, leaves). */
function sameContent(a: unknown, b: unknown): boolean {
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    return a.every((x, i) => sameContent(x, b[i]));
  }
  if (a !== null && b !== null && typeof a === 'object' && typeof b === 'object') {
    const ka = Object.keys(a), kb = Object.keys(b);
    return ka.length === kb.length && ka.every((k, i) => k === kb[i] && sameContent((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
  }
  return Object.is(a, b);
}

const leaf = fc.oneof(fc.constantFrom(0, -0, 1, NaN, Infinity, 0.1), fc.double(), fc.constantFrom<unknown>('x', null, true));
const content = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: 'small', withCrossShrink: true }, leaf, tie('numbers'), tie('array'), tie('object')),
  numbers: fc.array(fc.oneof(fc.constantFrom(0, -0, 1, NaN), fc.double()), { maxLength: 5 }),
  array: fc.array(tie('value'), { maxLength: 4 }),
  object: fc.dictionary(fc.constantFrom('a', 'b', 'c'), tie('value'), { maxKeys: 3 }),
})).object;

/** Every array and object of x, so an edit can pick one. */
function containers(x: unknown, out: unknown[] = []): unknown[] {
  if (x !== null && typeof x === 'object') {
    out.push(x);
    for (const v of Object.values(x)) containers(v, out);
  }
  return out;
}

describe('case memo against a deep comparison', () => {
  it('hits iff the content is unchanged after an in-place edit (numeric arrays included)', () => {
    let hits = 0, misses = 0;
    fc.assert(fc.property(content, fc.nat(), fc.nat(), leaf, fc.constantFrom('set', 'push', 'pop', 'same', 'nest'), (c, which, at, value, edit) => {
      const memo = caseMemo<number>();
      let calls = 0;
      memo(c, 'v', () => ++calls);
      const before = structuredClone(c);
      const boxes = containers(c);
      const box = boxes[which % boxes.length] as Record<string, unknown> | unknown[];
      if (Array.isArray(box)) {
        if (edit === 'push') box.push(value);
        else if (edit === 'pop') box.pop();
        else if (edit === 'nest' && box.length > 0) box[at % box.length] = [value];
        else if (edit === 'set' && box.length > 0) box[at % box.length] = value;
      } else {
        const keys = Object.keys(box);
        if (edit === 'set' && keys.length > 0) box[keys[at % keys.length]] = value;
        else if (edit === 'push') box.z = value;
      }
      const unchanged = sameContent(before, c);
      const served = memo(c, 'v', () => ++calls) === 1;
      expect(served).toBe(unchanged);
      if (served) hits++; else misses++;
    }), { numRuns: 2000, seed: 23 });
    expect(hits).toBeGreaterThan(100);
    expect(misses).toBeGreaterThan(100);
  });
});
