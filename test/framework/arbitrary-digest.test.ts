// The case generators are written for speed (plain loops in their map functions), but must draw the
// same cases for the same seed as before: the digest of the first 400 cases of each is the one
// the generators of 939d809 give (computed there with this same serialisation).
import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { prop1CaseArbitrary } from '../../src/claims/prop1Case.ts';
import { prop2CaseArbitrary } from '../../src/claims/prop2Case.ts';
import { channelCaseArbitrary } from '../../src/claims/channelCase.ts';

/** JSON with -0, NaN and the infinities kept apart from 0 and null. */
const text = (v: unknown) => JSON.stringify(v, (_k, x) => (typeof x === 'number' ? (Object.is(x, -0) ? '-0' : Number.isFinite(x) ? x : String(x)) : x));

function digest(arb: fc.Arbitrary<unknown>, seed: number, n: number): string {
  const h = createHash('sha256');
  for (const v of fc.sample(arb, { seed, numRuns: n })) h.update(text(v));
  return h.digest('hex');
}

describe('generated cases are unchanged', () => {
  it('Prop. 1, Prop. 2 and channel cases: the same first 400 per seed as at 939d809', () => {
    expect(digest(prop1CaseArbitrary(), 1, 400)).toBe('6804331fc48207abcac3817aab3df4b4c1efd84428e69ca733dfb601c37383e0');
    expect(digest(prop2CaseArbitrary(), 2, 400)).toBe('7ed10c9cba133e30c182ce4cf2504e5532a1a6999a82536e1964596e27c99f10');
    expect(digest(channelCaseArbitrary(), 3, 400)).toBe('d217bbe6e5b25131ee142e2a9d225940c6705775a3b1a6d9d1eaad14365d7555');
  });
});
