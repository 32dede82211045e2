import { describe, expect, it } from 'vitest';
import { Matrix, SingularValueDecomposition } from 'ml-matrix';
import { Rng } from '../../src/autodiff/rng.ts';
import { nullSpace } from '../../src/construction/nullspace.ts';
import { nullSpaceInto, nullSpaceOfRows, nullSpaceWorkspace, spectralNormFlat, svdInto, svdWorkspace } from '../../src/engine/svd.ts';
import { spectralNorm } from '../../src/engine/worldModel.ts';

const randomRows = (rng: Rng, rows: number, cols: number, rankDeficient = false): number[][] => {
  const out = Array.from({ length: rows }, () => Array.from({ length: cols }, () => rng.normal()));
  // A repeated row and a zero row exercise the rank-deficient branches (kase 1 and 2).
  if (rankDeficient && rows >= 3) { out[rows - 1] = out[0].slice(); out[1] = out[1].map(() => 0); }
  return out;
};

describe('flat SVD (port of ml-matrix)', () => {
  it('gives bit-identical singular values and right singular vectors', () => {
    const rng = new Rng(7);
    for (let trial = 0; trial < 300; trial++) {
      const n = 1 + rng.int(14);
      const m = n + rng.int(5);
      const rows = randomRows(rng, m, n, trial % 3 === 0);
      const ref = new SingularValueDecomposition(new Matrix(rows), { computeLeftSingularVectors: false, computeRightSingularVectors: true, autoTranspose: false });
      const ws = svdInto(Float64Array.from(rows.flat()), svdWorkspace(m, n), true);
      expect(Array.from(ws.s)).toEqual(ref.diagonal);
      const V = ref.rightSingularVectors;
      for (let j = 0; j < n; j++) expect(Array.from(ws.vt.subarray(j * n, j * n + n))).toEqual(V.getColumn(j));
    }
  });

  it('spectral norm equals ml-matrix\'s (autoTranspose, as worldModel.ts used it) for tall, wide and square matrices', () => {
    const rng = new Rng(8);
    for (let trial = 0; trial < 200; trial++) {
      const rows = 1 + rng.int(12), cols = 1 + rng.int(12);
      const M = randomRows(rng, rows, cols, trial % 4 === 0);
      const ref = new SingularValueDecomposition(new Matrix(M), { computeLeftSingularVectors: false, computeRightSingularVectors: false, autoTranspose: true });
      const expected = ref.diagonal.reduce((m, x) => Math.max(m, Math.abs(x)), 0);
      expect(spectralNormFlat(Float64Array.from(M.flat()), rows, cols)).toBe(expected);
      expect(spectralNorm(M)).toBe(expected);
    }
  });

  it('null space: the same rank and the same first basis vector as construction/nullspace.ts', () => {
    const rng = new Rng(9);
    for (let trial = 0; trial < 300; trial++) {
      const cols = 2 + rng.int(14);
      const rows = 1 + rng.int(cols);
      const M = randomRows(rng, rows, cols, trial % 3 === 0);
      const ref = nullSpace(M, cols);
      const ws = nullSpaceWorkspace(cols);
      const { rank, first } = nullSpaceInto(Float64Array.from(M.flat()), rows, ws);
      expect(rank).toBe(ref.rank);
      if (ref.basis.length === 0) expect(first).toBe(-1);
      else {
        expect(Array.from(ws.svd.vt.subarray(first * cols, first * cols + cols))).toEqual(ref.basis[0]);
      }
    }
  });
});

describe('nullSpaceOfRows', () => {
  it('is construction/nullspace.ts nullSpace, result for result', () => {
    const rng = new Rng(10);
    for (let trial = 0; trial < 300; trial++) {
      const cols = 1 + rng.int(16);
      const rows = 1 + rng.int(cols);
      const M = randomRows(rng, rows, cols, trial % 3 === 0);
      // Rows of very different scales, which nullSpace normalises.
      if (trial % 5 === 0) M[0] = M[0].map((x) => x * 1e-7);
      expect(nullSpaceOfRows(M, cols)).toEqual(nullSpace(M, cols));
    }
  });
});
