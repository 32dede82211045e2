// leakyRows decides most rows from the float64 sum and the rest in rationals: it must give the
// rational answer on every row, above all on rows whose missing mass is at LEAK_TOL to the last bits.
import { describe, expect, it } from 'vitest';
import { LEAK_TOL, leakyRows, leakyRowsExactly } from '../../src/precise/termination.ts';

/** A small deterministic generator (xorshift), so the rows are the same on every run. */
function rng(seed: number) {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13; x >>>= 0; x ^= x >>> 17; x ^= x << 5; x >>>= 0;
    return x / 2 ** 32;
  };
}

function rows(n: number, seed: number): number[][] {
  const r = rng(seed);
  const out: number[][] = [[], [0, 0], [1], [1 - LEAK_TOL], [1 / 3, 1 / 3, 1 / 3], [0.5, 0.5 - LEAK_TOL], [5e-324, 1 - LEAK_TOL], [Number.NaN, 0.5]];
  for (let i = 0; i < n; i++) {
    const k = 1 + Math.floor(r() * 12);
    const w = Array.from({ length: k }, () => (r() < 0.3 ? 0 : r()));
    const total = w.reduce((a, b) => a + b, 0) || 1;
    const kind = r();
    // Stochastic rows, rows scaled by a termination factor, and rows aimed at 1 - LEAK_TOL, moved
    // by a few units in the last place so the float64 and exact sums fall on either side of it.
    const target = kind < 0.3 ? 1 : kind < 0.5 ? 1 - (0.05 + 0.45 * r()) : 1 - LEAK_TOL;
    const row = w.map((x) => (x / total) * target);
    if (kind >= 0.5) {
      const j = Math.floor(r() * k);
      row[j] += (Math.floor(r() * 9) - 4) * 2 ** -53;
    }
    out.push(row);
  }
  return out;
}

describe('leakyRows', () => {
  it('gives the rational answer on stochastic, terminating and threshold rows', () => {
    const P = [rows(20000, 7)].map((rs) => rs.filter((row) => row.every(Number.isFinite)));
    const fast = leakyRows(P);
    const exact = leakyRowsExactly(P);
    expect(fast).toEqual(exact);
    // The threshold rows do land on both sides (so the comparison above tests the band).
    const atThreshold = P[0].map((row, i) => ({ gap: 1 - row.reduce((a, b) => a + b, 0), leaky: exact[0][i] })).filter((x) => Math.abs(x.gap - LEAK_TOL) < 1e-15);
    expect(atThreshold.some((x) => x.leaky)).toBe(true);
    expect(atThreshold.some((x) => !x.leaky)).toBe(true);
  });
});
