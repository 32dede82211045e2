import { describe, expect, it } from 'vitest';
import { BenchRng } from '../../src/bench/random.ts';

/** Standard normal CDF (Abramowitz-Stegun 7.1.26 erf, |error| < 1.5e-7). */
function phi(x: number): number {
  const t = 1 / (1 + 0.3275911 * (Math.abs(x) / Math.SQRT2));
  const erf = 1 - (((((1.061405429 * t - 1.453152027) * t) + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-(x * x) / 2);
  return x >= 0 ? (1 + erf) / 2 : (1 - erf) / 2;
}

describe('BenchRng normals (ziggurat)', () => {
  it('match the standard normal: moments, tails and a Kolmogorov-Smirnov test', () => {
    const rng = new BenchRng(1);
    const n = 200_000;
    const xs = new Float64Array(n);
    for (let i = 0; i < n; i++) xs[i] = rng.normal();
    let mean = 0, m2 = 0, m4 = 0, beyond3 = 0;
    for (const x of xs) { mean += x; m2 += x * x; m4 += x ** 4; if (Math.abs(x) > 3) beyond3++; }
    mean /= n; m2 /= n; m4 /= n;
    expect(Math.abs(mean)).toBeLessThan(0.01);
    expect(Math.abs(m2 - 1)).toBeLessThan(0.015);
    expect(Math.abs(m4 - 3)).toBeLessThan(0.08);
    expect(Math.abs(beyond3 / n - 0.0027)).toBeLessThan(0.0006);
    xs.sort();
    let ks = 0;
    for (let i = 0; i < n; i++) ks = Math.max(ks, Math.abs(phi(xs[i]) - (i + 0.5) / n));
    // 1.63 / sqrt(n) is the 1% critical value.
    expect(ks).toBeLessThan(1.63 / Math.sqrt(n));
  });

  it('is a pure function of the seed', () => {
    const a = new BenchRng(5), b = new BenchRng(5);
    for (let i = 0; i < 1000; i++) expect(a.normal()).toBe(b.normal());
  });
});
