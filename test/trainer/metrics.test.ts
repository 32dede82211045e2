import { describe, expect, it } from 'vitest';
import { Rng } from '../../src/autodiff/rng.ts';
import { KENNEWEG_THRESHOLD, collapseMetrics, collapsedKenneweg, collapsedScaleFree, rankMe } from '../../src/trainer/metrics.ts';

function gaussianCodes(n: number, d: number, seed: number, scales: number[]): Float64Array {
  const r = new Rng(seed);
  const z = new Float64Array(n * d);
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) z[i * d + j] = scales[j % scales.length] * r.normal();
  return z;
}

describe('collapse metrics separate shrinking from collapsing', () => {
  const n = 200, d = 8;
  // Anisotropic structured codes with an offset, so every metric is non-trivial.
  const base = gaussianCodes(n, d, 1, [3, 2, 1, 0.5, 0.2, 0.1, 0.05, 0.01]);
  for (let i = 0; i < n; i++) base[i * d] += 1.5;

  it('multiplying every code by 1e-6 leaves the scale-free metrics unchanged, batch variance falls below 1e-7', () => {
    const a = collapseMetrics(base, n, d);
    const b = collapseMetrics(base.map((x) => x * 1e-6), n, d);
    expect(a.batchVariance).toBeGreaterThan(0.5);
    expect(b.batchVariance).toBeLessThan(KENNEWEG_THRESHOLD);
    expect(b.batchVariance / a.batchVariance).toBeCloseTo(1e-12, 20);
    expect(collapsedKenneweg(b.batchVariance)).toBe(true);
    for (const k of ['spread', 'effRank', 'offsetShare', 'distinctCodes'] as const) expect(b[k]).toBeCloseTo(a[k], 9);
    b.spectrum.forEach((s, i) => expect(s).toBeCloseTo(a.spectrum[i], 9));
    expect(b.meanNorm / a.meanNorm).toBeCloseTo(1e-6, 15);
    expect(collapsedScaleFree(b.spread, b.effRank)).toBe(false);
    expect(b.structured).toBe(true);
  });

  it('spread and spectrum agree with an independent two-pass computation', () => {
    const a = collapseMetrics(base, n, d);
    let meanSq = 0, tr = 0;
    for (let j = 0; j < d; j++) {
      let m = 0;
      for (let i = 0; i < n; i++) m += base[i * d + j];
      m /= n;
      for (let i = 0; i < n; i++) tr += (base[i * d + j] - m) ** 2 / n;
    }
    for (const x of base) meanSq += (x * x) / n;
    expect(a.spread).toBeCloseTo(tr / meanSq, 12);
    expect(a.spectrum.reduce((x, y) => x + y, 0)).toBeCloseTo(a.spread, 12);
    expect(a.batchVariance).toBeCloseTo(tr / d, 12);
  });

  it('rounding-level noise on a common code is not structured (effRank 0, collapsed scale-free)', () => {
    const z = new Float64Array(n * d);
    const r = new Rng(5);
    const common = Array.from({ length: d }, () => r.normal());
    // Noise at 1e-17 of the code's magnitude: below what float64 can represent on top of it.
    for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) z[i * d + j] = common[j] * (1 + 1e-15 * r.normal());
    const m = collapseMetrics(z, n, d);
    expect(m.structured).toBe(false);
    expect(m.effRank).toBe(0);
    expect(collapsedScaleFree(m.spread, m.effRank)).toBe(true);
    // The un-floored RankMe of the same singular values is high: what the old metric reported.
    expect(rankMe([1, 0.9, 0.8, 0.7, 0.6, 0.5, 0.4, 0.3])).toBeGreaterThan(6);
  });

  it('all-equal codes: spread 0, one distinct code, collapsed by both criteria', () => {
    const z = new Float64Array(n * d).fill(0.3);
    const m = collapseMetrics(z, n, d);
    // The mean of 200 copies of 0.3 is 0.3 only up to rounding, hence the floor and not an exact 0.
    expect(m.spread).toBeLessThan(1e-30);
    expect([m.effRank, m.distinctCodes, m.structured]).toEqual([0, 1, false]);
    expect(collapsedKenneweg(m.batchVariance) && collapsedScaleFree(m.spread, m.effRank)).toBe(true);
  });

  it('a common offset leaves the centred metrics unchanged; spread falls only by the offset share', () => {
    const a = collapseMetrics(base, n, d);
    const shifted = base.slice();
    for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) shifted[i * d + j] += 10;
    const b = collapseMetrics(shifted, n, d);
    expect(b.batchVariance).toBeCloseTo(a.batchVariance, 10);
    expect(b.effRank).toBeCloseTo(a.effRank, 9);
    // Normalised by the trace, the centred spectrum is the same.
    b.spectrum.forEach((s, i) => expect(s / b.spread).toBeCloseTo(a.spectrum[i] / a.spread, 9));
    // spread = 1 - offsetShare exactly: the offset moves it only through ||m||^2, and it stays
    // far above the collapse threshold for an offset 10x the codes' spread.
    expect(b.spread).toBeCloseTo(1 - b.offsetShare, 12);
    expect(b.offsetShare).toBeGreaterThan(a.offsetShare);
    expect(collapsedScaleFree(b.spread, b.effRank)).toBe(false);
  });

  it('an isotropic cloud has effRank close to d; a line has effRank close to 1', () => {
    const iso = collapseMetrics(gaussianCodes(2000, d, 2, [1]), 2000, d);
    expect(iso.effRank).toBeGreaterThan(d - 0.5);
    const line = gaussianCodes(300, d, 3, [1, 0, 0, 0, 0, 0, 0, 0]);
    expect(collapseMetrics(line, 300, d).effRank).toBeCloseTo(1, 4);
  });
});
