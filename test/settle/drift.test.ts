// Q9 Q2 for the confirmations whose 64-digit slope settles on every case the search draws (someKCheck,
// P1.eq5's and P2.jepa's on-policy slope repairs): real float64 violations (seed 3 of each check's own
// arbitrary), their 64-digit slopes as computed, and then the same slopes with a drift added between
// eps = 1e-16 and 1e-12 (preciseSlopeOf wrapped), the signature of a slope that has not settled.
// Settled: the case stays decided; drifting: it is undecided, never a decided 'vanished' or 'confirmed'.
import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';

const drift = vi.hoisted(() => ({ fine: 0, coarse: 0 }));
vi.mock('../../src/api.ts', async (importOriginal) => {
  const api = await importOriginal<typeof import('../../src/api.ts')>();
  return {
    ...api,
    preciseSlopeOf: (...args: Parameters<typeof api.preciseSlopeOf>) => {
      const slope = api.preciseSlopeOf(...args);
      return (eps: number) => slope(eps) + (eps === 1e-16 ? drift.fine : eps === 1e-12 ? drift.coarse : 0);
    },
  };
});

const { someKCheck } = await import('../../properties/P1.combine.ts');
const { onPolicyEq5SlopeCheck } = await import('../../properties/P1.eq5.ts');
const { onPolicySlopeCheck } = await import('../../properties/P2.jepa.ts');
const { judgeCase } = await import('../../src/claims/verify.ts');
import type { PropertyCheck } from '../../src/claims/types.ts';

afterEach(() => { drift.fine = 0; drift.coarse = 0; });

function judged<T>(check: PropertyCheck<T>, index: number) {
  const c = fc.sample(check.arbitrary(), { seed: 3, numRuns: index + 1 })[index];
  return () => {
    const { evaluated, verified } = judgeCase(check, c);
    expect(evaluated.kind).toBe('violation');
    // Every status but 'outside' and 'error' carries the 64-digit confirmation.
    return verified as Extract<NonNullable<typeof verified>, { confirmation: unknown }>;
  };
}

describe('someKCheck (on-policy): a = 932.1, b = 364.1 at 64 digits, settled', () => {
  const judge = judged(someKCheck('on-policy'), 25);
  it('settled: confirmed (decided)', () => {
    const v = judge();
    expect(v.status).toBe('confirmed');
    expect(v.confirmation.message).toMatch(/a = 932\.1, b = 364\.1 at eps = 1e-16/);
  });
  it('a drifting by 1e4 between the two eps (b unchanged): undecided', () => {
    drift.coarse = 1e4;
    const v = judge();
    expect(v.status).toBe('unavailable');
    expect(v.confirmation.message).toMatch(/not settled/);
  });
});

describe("P1.eq5's on-policy repair: slope -95.12 against the bound 5.018e4, settled", () => {
  const judge = judged(onPolicyEq5SlopeCheck(), 1621);
  it('settled below the bound: vanished (decided)', () => {
    const v = judge();
    expect(v.status).toBe('vanished');
    expect(v.confirmation.margin).toBeLessThan(-5e4);
  });
  it('the same slope at 1e-16 but 1e6 at 1e-12: undecided', () => {
    drift.coarse = 1e6;
    expect(judge().status).toBe('unavailable');
  });
});

describe("P2.jepa's on-policy repair: slope 4.880e11 equal to its bound, settled", () => {
  const judge = judged(onPolicySlopeCheck('span'), 2255);
  it('settled at the bound: vanished (decided)', () => {
    const v = judge();
    expect(v.status).toBe('vanished');
    expect(v.confirmation.message).toMatch(/slope 4\.880e\+11 at eps = 1e-16 \(4\.880e\+11 at 1e-12\) against 4\.880e\+11/);
  });
  it('1e11 above the bound at 1e-16 and 1e14 at 1e-12: undecided', () => {
    drift.fine = 1e11;
    drift.coarse = 1e14;
    expect(judge().status).toBe('unavailable');
  });
  it('1e11 below the bound at 1e-16 and 1e14 above at 1e-12: undecided', () => {
    drift.fine = -1e11;
    drift.coarse = 1e14;
    expect(judge().status).toBe('unavailable');
  });
});
