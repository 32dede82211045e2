// Gaussian elimination with partial pivoting, written once over an abstract field so that the
// BigNumber engine and the exact Fraction engine share one audited solver.
//
// Why not mathjs `lusolve`: it dispatches every scalar operation through typed-function (an order
// of magnitude slower at these sizes), and its singularity test is an exact-zero check, which at
// finite precision never fires on a matrix that is singular only up to rounding. Here the caller
// supplies the test: exact zero for Fractions, a precision-relative threshold for BigNumbers.

export interface Field<T> {
  zero: T;
  one: T;
  add(a: T, b: T): T;
  sub(a: T, b: T): T;
  mul(a: T, b: T): T;
  div(a: T, b: T): T;
  /** Sign of |a| - |b|, used to choose the largest pivot. */
  cmpAbs(a: T, b: T): number;
  /** Whether a pivot of this size means the matrix is (numerically) singular; scale = max |A_ij|. */
  negligible(pivot: T, scale: T): boolean;
}

export class SingularSystemError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SingularSystemError';
  }
}

/** Solves A X = B (A n x n, B n x m); A and B are not modified. */
export function gaussSolve<T>(F: Field<T>, A: T[][], B: T[][], what = 'linear system'): T[][] {
  const n = A.length;
  const m = B[0]?.length ?? 0;
  const a = A.map((row) => row.slice());
  const b = B.map((row) => row.slice());
  let scale = F.zero;
  for (const row of a) for (const v of row) if (F.cmpAbs(v, scale) > 0) scale = v;
  for (let col = 0; col < n; col++) {
    let p = col;
    for (let r = col + 1; r < n; r++) if (F.cmpAbs(a[r][col], a[p][col]) > 0) p = r;
    if (F.negligible(a[p][col], scale)) {
      throw new SingularSystemError(`${what} is singular (no usable pivot in column ${col})`);
    }
    if (p !== col) {
      [a[p], a[col]] = [a[col], a[p]];
      [b[p], b[col]] = [b[col], b[p]];
    }
    const piv = a[col][col];
    for (let r = col + 1; r < n; r++) {
      const f = F.div(a[r][col], piv);
      if (F.cmpAbs(f, F.zero) === 0) continue;
      // Column col below the pivot is never read again (later pivots search later columns, back
      // substitution reads the upper triangle), so its entry, ~0 by construction, is not computed.
      for (let c = col + 1; c < n; c++) a[r][c] = F.sub(a[r][c], F.mul(f, a[col][c]));
      for (let c = 0; c < m; c++) b[r][c] = F.sub(b[r][c], F.mul(f, b[col][c]));
    }
  }
  const x: T[][] = Array.from({ length: n }, () => new Array<T>(m).fill(F.zero));
  for (let r = n - 1; r >= 0; r--) {
    for (let c = 0; c < m; c++) {
      let s = b[r][c];
      for (let k = r + 1; k < n; k++) s = F.sub(s, F.mul(a[r][k], x[k][c]));
      x[r][c] = F.div(s, a[r][r]);
    }
  }
  return x;
}

export const transpose = <T>(A: T[][]): T[][] => A[0] === undefined ? [] : A[0].map((_, j) => A.map((row) => row[j]));
