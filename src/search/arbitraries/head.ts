// Policy heads (W, b): random, zero, rank-deficient, and at extreme scales.
import fc from 'fast-check';
import type { Head } from '../../model/types.ts';
import { scaleFactor, vector } from './scalar.ts';

const matrix = (rows: number, cols: number) => fc.array(vector(cols), { minLength: rows, maxLength: rows });

/** rows x cols of 0 (plain loops: Array.from({ length }) was a visible part of generation). */
const zeros = (rows: number, cols: number): number[][] => {
  const out: number[][] = [];
  for (let i = 0; i < rows; i++) out.push(new Array<number>(cols).fill(0));
  return out;
};

/** The row x^T Y: entry j is 0 + x_0 Y[0][j] + x_1 Y[1][j] + ..., summed in that order (as reduce did). */
const product = (x: number[], Y: number[][], d: number): number[] => {
  const out: number[] = [];
  for (let j = 0; j < d; j++) {
    let s = 0;
    for (let i = 0; i < x.length; i++) s = s + x[i] * Y[i][j];
    out.push(s);
  }
  return out;
};

export function headArbitrary(A: number, d: number): fc.Arbitrary<Head> {
  const full = fc.tuple(matrix(A, d), scaleFactor()).map(([W, s]) => W.map((r) => r.map((x) => x * s)));
  const zero = fc.constant(zeros(A, d));
  // W = X Y with X: A x r and Y: r x d has rank <= r < min(A, d).
  const deficient = fc.integer({ min: 1, max: Math.max(1, Math.min(A, d) - 1) }).chain((r) =>
    fc.tuple(matrix(A, r), matrix(r, d)).map(([X, Y]) => X.map((xr) => product(xr, Y, d))),
  );
  const W = fc.oneof({ weight: 5, arbitrary: full }, { weight: 1, arbitrary: zero }, { weight: 2, arbitrary: deficient });
  const b = fc.oneof(fc.constant(new Array<number>(A).fill(0)), vector(A));
  return fc.record({ W, b });
}
