// Q9 Q2: a float64 violation whose 64-digit slope has not settled between eps = 1e-12 and 1e-16
// measured nothing, so its case is undecided (CLAIMS.md), never a decided 'vanished' case. The
// P1.combine cases are real ones (Q9's vanish.ts, seed 3): in case 11 the 64-digit dDelta J/deps is
// 5.3e15 at eps = 1e-16 and 5.3e11 at 1e-12 (Delta J flat in eps: k eps is far from first order).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { combineCheck } from '../../properties/P1.combine.ts';
import { confirmAffineSlope } from '../../src/claims/affineSlope.ts';
import { judgeCase } from '../../src/claims/verify.ts';
import { runProperty } from '../../src/claims/runProperty.ts';
import type { Prop1Case } from '../../src/claims/prop1Case.ts';
import type { PropertyCheck } from '../../src/claims/types.ts';

const check = combineCheck('on-policy');
const cases = fc.sample(check.arbitrary(), { seed: 3, numRuns: 238 });
const UNSETTLED_CASE = cases[11];
const SETTLED_CASE = cases[237];

/** The check searched over one case only, with a 'holds' needing one decided case. */
const onOneCase = (c: Prop1Case) => {
  const only: PropertyCheck<Prop1Case> = { ...check, refine: undefined, arbitrary: () => fc.constant(c) };
  return runProperty('P1.combine', only, { seed: 1, runs: 1, counterexampleDir: null, minDecided: 1 }).result;
};

describe("P1.combine's paper check (on-policy)", () => {
  it('an unsettled 64-digit slope is undecided: the search decides nothing and is inconclusive', () => {
    const { evaluated, verified } = judgeCase(check, UNSETTLED_CASE);
    expect(evaluated.kind).toBe('violation');
    expect(verified?.status).toBe('unavailable');
    // The same slopes, recomputed here: apart from each other by far more than 1e-3 of the slope.
    expect(verified && 'confirmation' in verified ? verified.confirmation.message : '').toMatch(/5\.322e\+15 at eps = 1e-16 \(5\.322e\+11 at 1e-12\).*not settled/);
    const r = onOneCase(UNSETTLED_CASE);
    expect(r.decided).toBe(0);
    expect(r.verdict).toBe('inconclusive');
  });

  it('a settled 64-digit slope below 0 stays decided (vanished): the search holds on it', () => {
    const { evaluated, verified } = judgeCase(check, SETTLED_CASE);
    expect(evaluated.kind).toBe('violation');
    expect(verified?.status).toBe('vanished');
    const r = onOneCase(SETTLED_CASE);
    expect(r.decided).toBe(1);
    expect(r.verdict).toBe('holds');
  });
});

// a + b k from slopes at k = 0 and k = 1 (the P1/P2.combine rule checks and P2.combine's own).
const affine = (a: (eps: number) => number, b: (eps: number) => number) => (k: number, eps: number) => a(eps) + b(eps) * k;
const flat = (x: number) => () => x;
const drifting = (fine: number, coarse: number) => (eps: number) => (eps === 1e-12 ? coarse : eps === 1e-16 ? fine : NaN);

describe('confirmAffineSlope', () => {
  it('settled: positive a + b k confirms, negative is decided (vanished, not unavailable)', () => {
    expect(confirmAffineSlope(affine(flat(-1), flat(3)), 2, 64)).toMatchObject({ confirmed: true, margin: 5 });
    const below = confirmAffineSlope(affine(flat(1), flat(-3)), 2, 64);
    expect(below).toMatchObject({ confirmed: false, margin: -5 });
    expect(below.unavailable).toBeFalsy();
  });

  it('a + b drifting between eps = 1e-12 and 1e-16 is undecided, whatever its sign at 1e-16', () => {
    // a + b k = 1 + 2 k at 1e-16 but 1 + 20 k at 1e-12.
    expect(confirmAffineSlope(affine(flat(1), drifting(2, 20)), 2, 64)).toMatchObject({ confirmed: false, unavailable: true });
    expect(confirmAffineSlope(affine(flat(1), drifting(-2, 20)), 2, 64)).toMatchObject({ confirmed: false, unavailable: true });
  });

  it('a drifting with a + b settled is undecided too: the slope at k moves with a', () => {
    // a = 4 at 1e-16 but 40 at 1e-12, a + b = 2 at both: at k = 0.5 the slope is 3 against 21.
    const slope = (k: number, eps: number) => (k === 0 ? drifting(4, 40)(eps) : 2);
    expect(confirmAffineSlope(slope, 0.5, 64)).toMatchObject({ confirmed: false, unavailable: true, margin: 3 });
  });
});
