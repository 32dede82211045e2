// The refinement remembers its judgements by case content (src/engine/contentMemo.ts). A memo that
// served a wrong answer would change the reported counterexample, so: the key tells apart every
// content the judgement could tell apart (-0 from 0, structure from structure), and refining a
// recorded counterexample with and without the memo gives the same case and notes, with fewer calls.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { contentKey, memoByContent } from '../../src/engine/contentMemo.ts';
import { refineWith } from '../../src/search/refine.ts';
import { prop1Adapter, prop2Adapter } from '../../src/claims/refiners.ts';
import { stillRefutes } from '../../src/claims/verify.ts';
import { findCheck } from '../../src/claims/recheck.ts';
import type { Claim } from '../../src/claims/framework.ts';
import type { ClaimKind } from '../../src/derivation/conclude.ts';

const FIXTURES = path.join(import.meta.dirname, '../fixtures/ledger-counterexamples');

describe('content key', () => {
  it('tells -0 from 0 and keeps NaN equal to NaN', () => {
    expect(contentKey({ k: -0 })).not.toBe(contentKey({ k: 0 }));
    expect(contentKey([Number.NaN])).toBe(contentKey([Number.NaN]));
    expect(contentKey([Number.POSITIVE_INFINITY])).not.toBe(contentKey([Number.NEGATIVE_INFINITY]));
    // Neighbouring doubles differ (String() would too, but a rounded print would not).
    expect(contentKey([0.1 + 0.2])).not.toBe(contentKey([0.3]));
  });

  it('tells structure apart and is the same for equal content in other objects', () => {
    expect(contentKey([1, [2]])).not.toBe(contentKey([[1], 2]));
    expect(contentKey([[1, 2], [3]])).not.toBe(contentKey([[1], [2, 3]]));
    expect(contentKey([[], [1]])).not.toBe(contentKey([[1], []]));
    expect(contentKey([1, 'a'])).not.toBe(contentKey(['a', 1]));
    expect(contentKey({ a: 1, b: 2 })).not.toBe(contentKey({ a: 2, b: 1 }));
    expect(contentKey({ a: 1 })).not.toBe(contentKey({ b: 1 }));
    expect(contentKey({ a: '1' })).not.toBe(contentKey({ a: 1 }));
    expect(contentKey({ a: undefined })).not.toBe(contentKey({}));
    expect(contentKey({ a: null })).not.toBe(contentKey({ a: undefined }));
    expect(contentKey({ a: [1, 2], b: { c: -3 } })).toBe(contentKey(JSON.parse('{"a":[1,2],"b":{"c":-3}}')));
  });

  it('refuses content it cannot see (Maps, typed arrays, functions): no key, so nothing is remembered', () => {
    expect(contentKey({ m: new Map([[1, 2]]) })).toBeNull();
    expect(contentKey([new Float64Array(2)])).toBeNull();
    expect(contentKey({ f: () => 1 })).toBeNull();
    let n = 0;
    const f = memoByContent((_: unknown) => ++n);
    f({ m: new Map() });
    f({ m: new Map() });
    expect(n).toBe(2);
  });

  it('memoByContent computes once per content, separately for -0, and throws a remembered error again', () => {
    const seen: unknown[] = [];
    const f = memoByContent((c: { x: number }) => { seen.push(c.x); if (c.x > 5) throw new Error(`big ${c.x}`); return Object.is(c.x, -0) ? 'minus zero' : `x=${c.x}`; });
    expect(f({ x: 0 })).toBe('x=0');
    expect(f({ x: -0 })).toBe('minus zero');
    expect(f({ x: 0 })).toBe('x=0');
    expect(() => f({ x: 7 })).toThrow('big 7');
    expect(() => f({ x: 7 })).toThrow('big 7');
    expect(seen).toEqual([0, -0, 7]);
    expect(f.calls()).toEqual({ asked: 5, computed: 3 });
  });
});

describe('refining a recorded counterexample with and without the memo', async () => {
  const claims: Claim[] = [];
  for (const id of ['P1.eq5', 'P2.combine']) claims.push((await import(`../../properties/${id}.ts`)).default as Claim);
  // One robust Prop. 1 case (exact derivation) and one robust Prop. 2 case (64 digits, reduction cycling to its budget).
  for (const name of ['P1.eq5.on-policy.json', 'P2.combine.fixed-data.check3.json']) {
    it(name, () => {
      const file = JSON.parse(fs.readFileSync(path.join(FIXTURES, name), 'utf8'));
      const check = findCheck(claims.find((c) => c.id === file.claim)!, file.reading, file.repairLabel)!;
      const [family, kind, kRule] = (file.derivationSource as string).split(':');
      const ad = (family === 'prop1' ? prop1Adapter(kind as ClaimKind, kRule as 'free') : prop2Adapter(kind as ClaimKind, kRule as 'threshold')) as Parameters<typeof refineWith>[2];
      const counted = () => { const judge = stillRefutes(check); const f = (c: unknown) => { f.n++; return judge(c); }; f.n = 0; return f; };
      const plain = counted();
      const memo = counted();
      const without = refineWith(file.case, plain, ad, { memo: false });
      const withMemo = refineWith(file.case, memo, ad);
      expect(withMemo.value).toEqual(without.value);
      expect(withMemo.notes).toEqual(without.notes);
      // -0 and 0 are the same to toEqual: compare the texts with -0 kept.
      const exactText = (x: unknown) => JSON.stringify(x, (_k, v) => (Object.is(v, -0) ? '-0' : v));
      expect(exactText(withMemo)).toBe(exactText(without));
      expect((without.notes.reduction as { robust: boolean }).robust).toBe(true);
      expect(memo.n).toBeLessThan(plain.n);
    }, 60_000);
  }
});
