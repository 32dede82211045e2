// Shrinking remembers each candidate's float64 outcome (and confirmation) by content: fast-check's
// shrinker offers the same case many times. The memo must change nothing fast-check sees: the same
// shrunk counterexample, path, number of shrinks and tally, with the same counted budget; only fewer
// evaluations. Checked on synthetic checks (skips, wide and narrow margins, confirmations while
// shrinking, -0 against 0) and on one ledger check.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Outcome, PropertyCheck } from '../../src/claims/types.ts';
import { searchAndShrink } from '../../src/claims/search.ts';
import { subSeed } from '../../src/claims/format.ts';
import { loadClaims } from '../../src/ledger/claims.ts';

interface Case { xs: number[]; y: number; z: number }

function synthetic(counter: { runs: number; confirms: number }, confirmWhileShrinking: boolean): PropertyCheck<Case> {
  return {
    reading: 'any',
    arbitrary: () => fc.record({ xs: fc.array(fc.integer({ min: -50, max: 50 }), { maxLength: 12 }), y: fc.integer({ min: 0, max: 100 }), z: fc.constantFrom(0, -0, 1.5) }),
    run: (c: Case): Outcome => {
      counter.runs++;
      const sum = c.xs.reduce((a, b) => a + b, 0);
      if (c.y % 7 === 3) return { kind: 'skip', reason: 'y = 3 mod 7' };
      if (sum <= 40) return { kind: 'ok' };
      // Narrow margins (not above 1000x noise) are not kept as shrink steps; -0 and 0 judged apart.
      const noise = Object.is(c.z, -0) ? 1 : 1e-9;
      return {
        kind: 'violation', margin: sum - 40, noise, message: `sum ${sum}`, measured: {}, predicted: {}, confirmWhileShrinking,
        confirm: () => { counter.confirms++; return { confirmed: c.xs.length % 5 !== 4, margin: sum - 40, digits: 64, message: 'synthetic' }; },
      };
    },
    corners: () => [],
    instanceOf: (c) => c,
    rule: 'synthetic.',
  };
}

/** What fast-check and the tally report, with -0 kept apart from 0. */
const report = (o: ReturnType<typeof searchAndShrink<Case>>) => JSON.stringify({
  counterexample: o.details.counterexample, path: o.details.counterexamplePath, numShrinks: o.details.numShrinks, numRuns: o.details.numRuns,
  numSkips: o.details.numSkips, failed: o.details.failed, tally: o.tally, capped: o.capped, generated: o.generated,
}, (_k, v) => (Object.is(v, -0) ? '-0' : v));

describe('shrink memo by content', () => {
  for (const confirmWhileShrinking of [false, true]) {
    it(`gives the same shrunk case, path, shrink count and tally with fewer evaluations (confirm while shrinking: ${confirmWhileShrinking})`, () => {
      let fewer = 0;
      for (const seed of [1, 2, 3, 4, 5, 6]) {
        for (const budget of [2000, 25]) {
          const on = { runs: 0, confirms: 0 };
          const off = { runs: 0, confirms: 0 };
          const a = searchAndShrink(synthetic(on, confirmWhileShrinking), seed, 300, budget);
          const b = searchAndShrink(synthetic(off, confirmWhileShrinking), seed, 300, budget, { memo: false });
          expect(a.details.failed).toBe(true);
          expect(report(a)).toBe(report(b));
          expect(on.runs).toBeLessThanOrEqual(off.runs);
          expect(on.confirms).toBeLessThanOrEqual(off.confirms);
          if (on.runs < off.runs) fewer++;
        }
      }
      // The shrinker does repeat candidates here, so the memo was exercised.
      expect(fewer).toBeGreaterThan(0);
    });
  }

  it('a ledger check (P1.dV on-policy) shrinks to the same counterexample with fewer evaluations', async () => {
    const claim = (await loadClaims()).find((c) => c.id === 'P1.dV')!;
    const check = claim.checks.find((c) => c.reading === 'on-policy')! as PropertyCheck<unknown>;
    let runs = 0;
    const counted: PropertyCheck<unknown> = { ...check, run: (v) => { runs++; return check.run(v); } };
    const seed = subSeed(42, 'P1.dV', '');
    const a = searchAndShrink(counted, seed, 200, 2000);
    const withMemo = runs;
    runs = 0;
    const b = searchAndShrink(counted, seed, 200, 2000, { memo: false });
    expect(a.details.failed).toBe(true);
    expect(JSON.stringify(a.details.counterexample, (_k, v) => (Object.is(v, -0) ? '-0' : v))).toBe(JSON.stringify(b.details.counterexample, (_k, v) => (Object.is(v, -0) ? '-0' : v)));
    expect([a.details.counterexamplePath, a.details.numShrinks]).toEqual([b.details.counterexamplePath, b.details.numShrinks]);
    expect(withMemo).toBeLessThan(runs);
  }, 120_000);
});
