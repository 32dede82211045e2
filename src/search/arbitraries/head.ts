// Policy heads (W, b): random, zero, rank-deficient, and at extreme scales.
import fc from 'fast-check';
import type { Head } from '../../model/types.ts';
import { scaleFactor, vector } from './scalar.ts';

const matrix = (rows: number, cols: number) => fc.array(vector(cols), { minLength: rows, maxLength: rows });

export function headArbitrary(A: number, d: number): fc.Arbitrary<Head> {
  const full = fc.tuple(matrix(A, d), scaleFactor()).map(([W, s]) => W.map((r) => r.map((x) => x * s)));
  const zero = fc.constant(Array.from({ length: A }, () => new Array<number>(d).fill(0)));
  // W = X Y with X: A x r and Y: r x d has rank <= r < min(A, d).
  const deficient = fc.integer({ min: 1, max: Math.max(1, Math.min(A, d) - 1) }).chain((r) =>
    fc.tuple(matrix(A, r), matrix(r, d)).map(([X, Y]) => X.map((xr) => Array.from({ length: d }, (_, j) => xr.reduce((s, x, i) => s + x * Y[i][j], 0)))),
  );
  const W = fc.oneof({ weight: 5, arbitrary: full }, { weight: 1, arbitrary: zero }, { weight: 2, arbitrary: deficient });
  const b = fc.oneof(fc.constant(new Array<number>(A).fill(0)), vector(A));
  return fc.record({ W, b });
}
