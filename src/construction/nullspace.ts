// Null spaces and ranks by SVD, with the rank tolerance stated once for the whole tool.
import { nullSpaceOfRows, rankOfRows, tallNullSpaceOfRows } from '../engine/svd.ts';

/**
 * Rank tolerance (numpy's matrix_rank rule): a singular value counts when it exceeds
 * max(rows, cols) * eps64 * sigma_max. Stated in the report.
 */
export const RANK_RULE = 'rows scaled to unit length (which leaves the null space unchanged), then sigma > max(rows, cols) * 2^-52 * sigma_max (numpy matrix_rank rule)';

export interface NullSpace {
  rank: number;
  /** Orthonormal basis of the null space, each a length-cols vector. */
  basis: number[][];
  singularValues: number[];
  tolerance: number;
}

/**
 * ml-matrix's SVD algorithm (ported line for line to flat arrays in src/engine/svd.ts, bit-identical,
 * test/bench/svd.test.ts). Its SVD is the economy form: for a wide matrix (rows < cols) the right
 * singular vectors of the null space would be missing, so the matrix is padded with zero rows to
 * cols x cols. Rows are scaled to unit length first: constraints of very different scales (W at 1e-6
 * beside z_d at 1e8) would otherwise fall under the tolerance of the largest one and be dropped.
 */
export function nullSpace(rows: number[][], cols: number): NullSpace {
  return rows.length <= cols ? nullSpaceOfRows(rows, cols) : tallNullSpace(rows, cols);
}

/** More constraints than unknowns (e.g. many codes in span(P)): ml-matrix's SVD takes tall matrices as they are; the flat port gives its bits. */
const tallNullSpace = (rows: number[][], cols: number): NullSpace => tallNullSpaceOfRows(rows, cols);

/** nullSpace(rows, cols).rank; without the null space's vectors when the flat SVD factors it (same singular values). */
export const rankOf = (rows: number[][], cols: number): number => (rows.length <= cols ? rankOfRows(rows, cols) : tallNullSpace(rows, cols).rank);

export const dot = (x: ArrayLike<number>, y: ArrayLike<number>): number => {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i] * y[i];
  return s;
};
export const norm = (x: ArrayLike<number>): number => Math.sqrt(dot(x, x));
export const matVec = (M: number[][], x: ArrayLike<number>): number[] => M.map((row) => dot(row, x));
export const normalize = (x: number[]): number[] => {
  const n = norm(x);
  return x.map((v) => v / n);
};
