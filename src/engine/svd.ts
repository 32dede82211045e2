// Null spaces, ranks and spectral norms on the flat SVD (svdCore.ts): rows scaled to unit length,
// padded to square for wide matrices, and the numpy matrix_rank tolerance, as
// construction/nullspace.ts states them. The SVD itself is re-exported from here for its callers.
import { sharedSvdWorkspace, svdInto, svdWorkspace, type SvdWorkspace } from './svdCore.ts';

export { sharedSvdWorkspace, svdInto, svdWorkspace, type SvdWorkspace } from './svdCore.ts';

// One null-space workspace per size, as sharedSvdWorkspace: callers copy the result out before the next use.
const sharedNull = new Map<number, NullSpaceWorkspace>();

/** The shared null-space workspace for `cols` columns; valid only until the next shared use. */
export function sharedNullSpaceWorkspace(cols: number): NullSpaceWorkspace {
  let ws = sharedNull.get(cols);
  if (!ws) sharedNull.set(cols, (ws = nullSpaceWorkspace(cols)));
  return ws;
}

/** Largest singular value of a rows x cols row-major matrix (ml-matrix with autoTranspose, bit for bit). */
export function spectralNormFlat(a: ArrayLike<number>, rows: number, cols: number, ws?: SvdWorkspace): number {
  if (rows === 0 || cols === 0) return 0;
  let s: Float64Array;
  if (rows >= cols) s = svdInto(a, ws && ws.m === rows && ws.n === cols ? ws : sharedSvdWorkspace(rows, cols), false).s;
  else {
    // ml-matrix's autoTranspose factors the transpose; with no vectors wanted that is all it changes.
    const t = new Float64Array(rows * cols);
    for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) t[j * rows + i] = a[i * cols + j];
    s = svdInto(t, ws && ws.m === cols && ws.n === rows ? ws : sharedSvdWorkspace(cols, rows), false).s;
  }
  let max = 0;
  for (let i = 0; i < s.length; i++) max = Math.max(max, Math.abs(s[i]));
  return max;
}

/** Rank tolerance of construction/nullspace.ts (numpy's matrix_rank rule). */
export const rankTolerance = (rows: number, cols: number, sigmaMax: number) => Math.max(rows, cols) * Number.EPSILON * sigmaMax;

export interface NullSpaceWorkspace {
  cols: number;
  padded: Float64Array;
  svd: SvdWorkspace;
}

export const nullSpaceWorkspace = (cols: number): NullSpaceWorkspace => ({ cols, padded: new Float64Array(cols * cols), svd: svdWorkspace(cols, cols) });

/**
 * construction/nullspace.ts's nullSpace on flat input: the rows x cols matrix with unit rows, padded
 * with zero rows to cols x cols, then its right singular vectors with sigma <= tolerance. Returns the rank; the
 * basis vectors are rows rank.. of ws.svd.vt in the order nullSpace lists them (so the first is
 * the u that channelU picks by default).
 */
export function nullSpaceInto(a: ArrayLike<number>, rows: number, ws: NullSpaceWorkspace, wantv = true): { rank: number; first: number } {
  const { cols, padded } = ws;
  if (rows > cols) throw new Error('nullSpaceInto: rows <= cols expected');
  if (a.length < rows * cols) throw new Error('nullSpaceInto: a is shorter than rows x cols');
  padded.fill(0);
  // Rows scaled to unit norm first, as nullSpace does, so constraints of very different scales
  // keep their rank; the norm is summed in the same order as nullspace.ts's norm().
  for (let r = 0; r < rows; r++) {
    let ss = 0;
    for (let j = 0; j < cols; j++) ss += a[r * cols + j] * a[r * cols + j];
    const n = Math.sqrt(ss);
    for (let j = 0; j < cols; j++) padded[r * cols + j] = n > 0 ? a[r * cols + j] / n : a[r * cols + j];
  }
  // wantv only adds the updates of V: s (and so the rank) is the same either way.
  const { s } = paddedSvd(padded, rows, ws.svd, wantv);
  let sigmaMax = 0;
  for (let i = 0; i < s.length; i++) sigmaMax = Math.max(sigmaMax, s[i]);
  const tolerance = rankTolerance(rows, cols, sigmaMax);
  let rank = 0, first = -1;
  for (let i = 0; i < cols; i++) {
    if (s[i] > tolerance) rank++;
    else if (first < 0) first = i;
  }
  return { rank, first };
}

/**
 * svdInto(padded, ws, wantv) for a matrix whose rows `rows`.. are zero, bit for bit, with the zero
 * rows skipped (svdInto's `live`; why that is exact is stated there). Only for finite entries: a
 * non-finite value would turn the skipped zeros into NaN (Inf * 0) in the full run. For the 2..8
 * constraints on up to 16 coordinates of Props. 1 and 2, the zero rows are most of the Householder work.
 */
function paddedSvd(padded: Float64Array, rows: number, ws: SvdWorkspace, wantv: boolean): SvdWorkspace {
  return svdInto(padded, ws, wantv, rows < ws.m && allFinite(padded, rows * ws.n) ? rows : ws.m);
}

function allFinite(x: Float64Array, n: number): boolean {
  for (let i = 0; i < n; i++) if (!Number.isFinite(x[i])) return false;
  return true;
}

/** construction/nullspace.ts's NullSpace shape. */
export interface NullSpaceResult {
  rank: number;
  basis: number[][];
  singularValues: number[];
  tolerance: number;
}

/**
 * construction/nullspace.ts's nullSpace(rows, cols), result for result and bit for bit, on the
 * flat SVD (test/bench/svd.test.ts compares the two): a drop-in for its ml-matrix body.
 */
export function nullSpaceOfRows(rows: number[][], cols: number, ws: NullSpaceWorkspace = sharedNullSpaceWorkspace(cols)): NullSpaceResult {
  const { rank } = nullSpaceInto(flatRows(rows, cols), rows.length, ws);
  const { s, vt } = ws.svd;
  let sigmaMax = 0;
  for (let i = 0; i < s.length; i++) sigmaMax = Math.max(sigmaMax, s[i]);
  const tolerance = rankTolerance(rows.length, cols, sigmaMax);
  const basis: number[][] = [];
  for (let i = 0; i < cols; i++) if (!(s[i] > tolerance)) basis.push(copyOut(vt, i * cols, cols));
  return { rank, basis, singularValues: copyOut(s, 0, s.length), tolerance };
}

/**
 * Array.from(x.subarray(from, from + n)), the same numbers, without the view and the iterator
 * protocol (which cost ~15x the copy: about a third of a null space's time outside the SVD).
 */
function copyOut(x: Float64Array, from: number, n: number): number[] {
  const out: number[] = [];
  for (let j = 0; j < n; j++) out.push(x[from + j]);
  return out;
}

/** rows row-major into a reused buffer; read before the next call. */
let flatBuffer = new Float64Array(256);
function flatRows(rows: number[][], cols: number): Float64Array {
  const need = rows.length * cols;
  if (flatBuffer.length < need) flatBuffer = new Float64Array(Math.max(need, 2 * flatBuffer.length));
  for (let r = 0; r < rows.length; r++) {
    const row = rows[r];
    for (let j = 0; j < cols; j++) flatBuffer[r * cols + j] = row[j];
  }
  return flatBuffer;
}

/** nullSpaceOfRows(rows, cols).rank without the singular vectors (the same singular values, so the same rank). */
export function rankOfRows(rows: number[][], cols: number): number {
  return nullSpaceInto(flatRows(rows, cols), rows.length, sharedNullSpaceWorkspace(cols), false).rank;
}

/**
 * construction/nullspace.ts's null space of a tall matrix (rows > cols), which ml-matrix factors as
 * it is (no padding): rows scaled to unit length as nullSpaceInto does, then the flat SVD, which
 * is ml-matrix's bit for bit for rows >= cols (test/bench/svd.test.ts).
 */
export function tallNullSpaceOfRows(rows: number[][], cols: number): NullSpaceResult {
  const m = rows.length;
  if (m < cols) throw new Error('tallNullSpaceOfRows: rows >= cols expected');
  const flat = flatRows(rows, cols);
  for (let r = 0; r < m; r++) {
    let ss = 0;
    for (let j = 0; j < cols; j++) ss += flat[r * cols + j] * flat[r * cols + j];
    const n = Math.sqrt(ss);
    if (n > 0) for (let j = 0; j < cols; j++) flat[r * cols + j] = flat[r * cols + j] / n;
  }
  const { s, vt } = svdInto(flat, sharedSvdWorkspace(m, cols), true);
  let sigmaMax = 0;
  for (let i = 0; i < s.length; i++) sigmaMax = Math.max(sigmaMax, s[i]);
  const tolerance = rankTolerance(m, cols, sigmaMax);
  const basis: number[][] = [];
  let rank = 0;
  for (let i = 0; i < cols; i++) {
    if (s[i] > tolerance) rank++;
    else basis.push(copyOut(vt, i * cols, cols));
  }
  return { rank, basis, singularValues: copyOut(s, 0, s.length), tolerance };
}
