// The 1-2-5 grid of the first-order rule: consulted only when the decade grid has no Richardson
// estimate while g eps is visible, and then judging g against the data, not waving it through.
import { describe, expect, it } from 'vitest';
import { DENSE_EPS, EPS_SEQUENCE, extendable, taylorFit, type TaylorPoint } from '../../src/claims/taylor.ts';

const NOISE = 1e-10;
// Delta = s eps + c eps^2 with a deterministic error of half the noise bound (sign alternating by eps).
const series = (s: number, c: number) => (eps: readonly number[]): TaylorPoint[] =>
  eps.map((e, i) => ({ eps: e, delta: s * e + c * e * e + (i % 2 ? 0.5 : -0.5) * NOISE, noise: NOISE }));

describe('dense eps grid', () => {
  // s = 3e-6: |Delta| is 300x noise at eps = 1e-2 and 30x at 1e-3, so the decade grid has one clean point.
  const truth = series(3e-6, 1e-5);

  it('without a way to extend the series, one clean decade leaves the case a candidate (as before)', () => {
    const fit = taylorFit(truth(EPS_SEQUENCE), 3e-6, undefined);
    expect(fit.estimate).toBeNull();
    expect(fit.suspicious).toBe(true);
  });

  it('with the dense grid, the estimate from eps = 1e-2 and 5e-3 settles the true slope', () => {
    const fit = taylorFit(extendable(truth(EPS_SEQUENCE), truth), 3e-6);
    // (2 D(5e-3)/5e-3 - D(1e-2)/1e-2) / (2 - 1): the eps^2 term cancels, the error is the noise's.
    // 5e-3 is the grid's first point (error -noise/2), 1e-2 the sequence's second (+noise/2).
    const expected = 2 * (3e-6 + 1e-5 * 5e-3 - (0.5 * NOISE) / 5e-3) - (3e-6 + 1e-5 * 1e-2 + (0.5 * NOISE) / 1e-2);
    expect(fit.estimate).toBeCloseTo(expected, 15);
    expect(fit.suspicious).toBe(false);
    expect(fit.undecided).toBe(false);
  });

  it('a wrong g (twice the slope) stays a candidate on the dense grid', () => {
    const fit = taylorFit(extendable(truth(EPS_SEQUENCE), truth), 6e-6);
    expect(fit.estimate).not.toBeNull();
    expect(fit.suspicious).toBe(true);
  });

  it('Delta within noise everywhere: the dense grid finds nothing and a visible g is still a candidate', () => {
    let asked = 0;
    const zero = (eps: readonly number[]) => { asked++; return series(0, 0)(eps); };
    const fit = taylorFit(extendable(zero(EPS_SEQUENCE), zero), 3e-6);
    expect(fit.estimate).toBeNull();
    expect(fit.suspicious).toBe(true);
    expect(asked).toBe(1); // no clean decade point: the grid is not evaluated
  });

  it('two clean decades: the decade estimate stands and the grid is never evaluated', () => {
    let asked = 0;
    const big = series(3e-4, 1e-3);
    const more = (eps: readonly number[]) => { asked++; return big(eps); };
    const fit = taylorFit(extendable(big(EPS_SEQUENCE), more), 3e-4);
    expect(fit.suspicious).toBe(false);
    expect(asked).toBe(0);
  });

  it('the grid lies inside the Richardson window and between its decades', () => {
    for (const e of DENSE_EPS) {
      expect(e).toBeLessThan(1e-2);
      expect(e).toBeGreaterThan(1e-5);
      expect(EPS_SEQUENCE).not.toContain(e);
    }
  });
});
