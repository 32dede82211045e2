// svdInto with the zero rows of a padded matrix skipped (`live` < m) gives the full run's singular
// values and right singular vectors bit for bit, signs of zeros included, on random, structured
// (exact cancellations, repeated and zero rows, -0 entries, unit vectors) and generated matrices.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Rng } from '../../src/autodiff/rng.ts';
import { svdInto, svdWorkspace } from '../../src/engine/svdCore.ts';
import { nullSpaceOfRows, rankOfRows } from '../../src/engine/svd.ts';
import { partialInstanceArbitrary } from '../../src/search/arbitraries/partialInstance.ts';

const identical = (a: Float64Array, b: Float64Array) => a.length === b.length && a.every((x, i) => Object.is(x, b[i]));

/** rows x n (rows < n) padded with zero rows to n x n, row-major. */
function padded(rowsOf: number[][], n: number): Float64Array {
  const out = new Float64Array(n * n);
  rowsOf.forEach((r, i) => r.forEach((x, j) => (out[i * n + j] = x)));
  return out;
}

function structuredRows(rng: Rng, rows: number, n: number, kind: number): number[][] {
  const out: number[][] = [];
  for (let i = 0; i < rows; i++) {
    let row: number[];
    switch (kind % 7) {
      case 0: row = Array.from({ length: n }, () => rng.normal()); break;
      // Small integers: dot products cancel exactly, so sums of exactly 0 occur.
      case 1: row = Array.from({ length: n }, () => rng.int(5) - 2); break;
      case 2: row = Array.from({ length: n }, (_, j) => (j === rng.int(n) ? 1 : 0)); break;
      case 3: row = Array.from({ length: n }, () => (rng.int(3) === 0 ? rng.normal() : rng.int(2) === 0 ? -0 : 0)); break;
      case 4: row = i > 0 && rng.int(2) === 0 ? out[rng.int(i)].map((x) => (rng.int(2) === 0 ? -x : x)) : Array.from({ length: n }, () => rng.normal()); break;
      case 5: row = i === 0 || rng.int(3) > 0 ? Array.from({ length: n }, () => rng.normal() * 1e-8) : new Array<number>(n).fill(0); break;
      default: row = Array.from({ length: n }, (_, j) => (j < 2 ? 0 : rng.int(3) - 1) * 0.5); break;
    }
    out.push(row);
  }
  return out;
}

function expectSameAsFull(a: Float64Array, n: number, live: number): void {
  for (const wantv of [true, false]) {
    const full = svdInto(a, svdWorkspace(n, n), wantv);
    const skipped = svdInto(a, svdWorkspace(n, n), wantv, live);
    expect(identical(skipped.s, full.s)).toBe(true);
    if (wantv) expect(identical(skipped.vt, full.vt)).toBe(true);
  }
}

describe('SVD of a padded matrix with its zero rows skipped', () => {
  it('equals the full run bit for bit on random and structured wide matrices', () => {
    const rng = new Rng(17);
    for (let trial = 0; trial < 3000; trial++) {
      const n = 1 + rng.int(16);
      const rows = rng.int(n);
      const a = padded(structuredRows(rng, rows, n, trial), n);
      expectSameAsFull(a, n, rows);
    }
  });

  it('equals the full run on the unit-row constraints Props. 1 and 2 factor ([W; z_d] and span(P) of generated cases)', () => {
    for (const { instance, pair } of fc.sample(partialInstanceArbitrary(), { numRuns: 400, seed: 21 })) {
      const d = instance.encoder[0].length;
      const zd = instance.encoder[pair[0]];
      for (const rowsOf of [[...instance.head.W, zd], [zd, ...instance.encoder.filter((_, s) => s !== pair[0])]]) {
        if (rowsOf.length >= d) continue;
        const unit = rowsOf.map((r) => {
          const norm = Math.sqrt(r.reduce((s, x) => s + x * x, 0));
          return r.map((x) => (norm > 0 ? x / norm : x));
        });
        expectSameAsFull(padded(unit, d), d, rowsOf.length);
      }
    }
  });

  it('null spaces and ranks are unchanged by it, and a non-finite entry takes the full run', () => {
    const rows = [[1, 2, 3, 4], [Number.NaN, 0, 1, 0]];
    const ns = nullSpaceOfRows(rows, 4);
    // NaN propagates the same way as in the full run (test/bench/svd.test.ts compares nullSpaceOfRows with ml-matrix).
    const unit = rows.map((r) => {
      const norm = Math.sqrt(r.reduce((s, y) => s + y * y, 0));
      return r.map((x) => (norm > 0 ? x / norm : x));
    });
    const full = svdInto(padded(unit, 4), svdWorkspace(4, 4), true);
    expect(ns.singularValues.map((x, i) => Object.is(x, full.s[i])).every(Boolean)).toBe(true);
    expect(rankOfRows([[1, 0, 0], [0, 1, 0]], 3)).toBe(2);
    expect(nullSpaceOfRows([[1, 0, 0], [0, 1, 0]], 3).basis.map((b) => b.map(Math.abs))).toEqual([[0, 0, 1]]);
  });
});
