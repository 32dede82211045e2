// P2.jepa's bounds at 64 digits (kRule.ts's C~, C~' with m, m_in, m_self, E_max from the 64-digit
// base point): the confirmation compares a 64-digit Delta J_JEPA with them, never with float64's.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { prop2CaseArbitrary, prop2Setup } from '../../src/claims/prop2Case.ts';
import { paperJepaBound, targetAwareBound } from '../../properties/P2.jepa.ts';

const setups = fc.sample(prop2CaseArbitrary(), { seed: 1, numRuns: 200 }).flatMap((c, i) => {
  const r = prop2Setup(c, 'span', { needA1: true });
  return r.ok ? [{ i, s: r.setup }] : [];
});

describe('P2.jepa bounds at 64 digits', () => {
  it('agree with float64 to 1e-9 where float64 is well conditioned (C~ eps + C~\' eps^2 and eq. (5))', () => {
    let compared = 0;
    for (const { s } of setups) {
      for (const b of [targetAwareBound(s), paperJepaBound(s)]) {
        const f = b.at(1e-3);
        const p = b.precise!(1e-3);
        if (Math.abs(f) > 1e-6) { expect(Math.abs(f - p)).toBeLessThanOrEqual(1e-9 * Math.abs(f)); compared++; }
      }
    }
    expect(compared).toBeGreaterThanOrEqual(40);
  });

  it('case 87 (seed 1): float64 C~ is -1.3e-26 where the 64-digit one is 0, so a true Delta J_JEPA = 0 is not above it', () => {
    const s = setups.find((x) => x.i === 87)!.s;
    const b = targetAwareBound(s);
    expect(b.at(1e-6)).toBeLessThan(0);
    expect(b.precise!(1e-6)).toBe(0);
  });
});
