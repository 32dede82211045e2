// Iterative refinement (the 64-digit engine's solver for large systems) against elimination at full
// precision: the same solution to the working precision, for M and M^T, and null (so the engine
// falls back to elimination, which reports it) for a singular system.
import { describe, expect, it } from 'vitest';
import { preciseContext, type Big } from '../../src/precise/evaluate.ts';
import { gaussSolve, transpose } from '../../src/precise/linalg.ts';
import { refinedSolve } from '../../src/precise/refine.ts';

function system(n: number, seed: number, gamma: number): { M: Big[][]; b: Big[] } {
  const c = preciseContext(64);
  let x = seed;
  const rnd = () => ((x = (x * 1103515245 + 12345) % 2147483648) / 2147483648);
  // I - gamma P with a sparse substochastic P (each row: a chain link and one random successor).
  const M = Array.from({ length: n }, (_, s) => {
    const row = new Array<Big>(n).fill(c.zero);
    const p = new Map<number, number>([[(s + 1) % n, 0.5 * rnd()], [Math.floor(rnd() * n), 0.45 * rnd()]]);
    for (const [t, v] of p) row[t] = row[t].minus(c.big(gamma).times(c.big(v)));
    row[s] = row[s].plus(c.one);
    return row;
  });
  return { M, b: Array.from({ length: n }, () => c.big(rnd() - 0.5)) };
}

const relGap = (x: Big[], y: Big[]) => {
  let worst = 0;
  for (let i = 0; i < x.length; i++) worst = Math.max(worst, x[i].minus(y[i]).abs().div(y[i].abs().plus('1e-300')).toNumber());
  return worst;
};

describe('refinedSolve', () => {
  it('agrees with 64-digit elimination to the working precision, for M and M^T', () => {
    const c = preciseContext(64);
    for (const [n, seed, gamma] of [[70, 1, 0.95], [120, 2, 0.999], [90, 3, 0.5]] as const) {
      const { M, b } = system(n, seed, gamma);
      const direct = gaussSolve(c.field, M, b.map((v) => [v])).map((r) => r[0]);
      const refined = refinedSolve(c, M, b, false)!;
      expect(refined).not.toBeNull();
      expect(relGap(refined, direct)).toBeLessThan(1e-55);
      const directT = gaussSolve(c.field, transpose(M), b.map((v) => [v])).map((r) => r[0]);
      expect(relGap(refinedSolve(c, M, b, true)!, directT)).toBeLessThan(1e-55);
    }
  });

  it('returns null for a singular system', () => {
    const c = preciseContext(64);
    const { M, b } = system(70, 4, 0.9);
    M[5] = M[4].slice();
    expect(refinedSolve(c, M, b, false)).toBeNull();
  });
});
