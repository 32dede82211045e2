// World models W_psi(z, a) of §4.4 and their Lipschitz constants (Assumption 2).
import { spectralNormFlat, svdWorkspace, type SvdWorkspace } from './svd.ts';
import type { WorldModel } from '../model/types.ts';

/** out = W_psi(z, a); z and out are length-d views. */
export type WorldModelFn = (z: Float64Array, a: number, out: Float64Array) => Float64Array;

export function worldModelFn(model: WorldModel, d: number, actions: number): WorldModelFn {
  if (model.kind === 'affine') {
    // Explicit loops: Array.prototype.flat allocated enough to show in verify's profile.
    const nA = model.M.length;
    // M and c as views of one buffer (one backing store per model).
    const buf = new Float64Array(nA * d * d + nA * d);
    const M = buf.subarray(0, nA * d * d), c = buf.subarray(nA * d * d);
    for (let a = 0; a < nA; a++)
      for (let i = 0; i < d; i++) {
        c[a * d + i] = model.c[a][i];
        for (let j = 0; j < d; j++) M[(a * d + i) * d + j] = model.M[a][i][j];
      }
    return affineWorldFn(M, c, d);
  }
  // Every weight row and bias as a view of one buffer (one backing store per model, not one per row).
  let size = 0;
  for (const l of model.layers) {
    for (const row of l.W) size += row.length;
    size += l.b.length;
  }
  const cursor = { buf: new Float64Array(size), at: 0 };
  const layers = model.layers.map((l) => ({ W: l.W.map((row) => take(cursor, row)), b: take(cursor, l.b) }));
  // Each layer's output in a buffer of its own, made once: the evaluation is synchronous and
  // every entry read is written first in the same call, so reuse changes no value.
  const input = new Float64Array(d + actions);
  const outputs = layers.map((l) => new Float64Array(l.b.length));
  const last = layers.length - 1;
  return (z, a, out) => {
    input.fill(0);
    const n = Math.min(d, z.length);
    for (let j = 0; j < n; j++) input[j] = z[j];
    input[d + a] = 1;
    let x = input;
    for (let i = 0; i < layers.length; i++) {
      const layer = layers[i];
      const y = outputs[i];
      for (let r = 0; r < y.length; r++) {
        let s = layer.b[r];
        const row = layer.W[r];
        for (let j = 0; j < row.length; j++) s += row[j] * x[j];
        y[r] = i < last ? Math.tanh(s) : s;
      }
      x = y;
    }
    out.set(x);
    return out;
  };
}


/** The affine model on flat arrays: M[(a*d + i)*d + j], c[a*d + i]. */
export function affineWorldFn(M: Float64Array, c: Float64Array, d: number): WorldModelFn {
  return (z, a, out) => {
    const m0 = a * d * d;
    const c0 = a * d;
    for (let i = 0; i < d; i++) {
      let s = c[c0 + i];
      for (let j = 0; j < d; j++) s += M[m0 + i * d + j] * z[j];
      out[i] = s;
    }
    return out;
  };
}

/**
 * Largest singular value; SVD's own relative error is ~1e-15, so callers that certify add slack.
 * The flat port of ml-matrix's SVD (svd.ts): the same value bit for bit, ~10x faster.
 */
export function spectralNorm(rows: number[][]): number {
  if (rows.length === 0 || rows[0].length === 0) return 0;
  const m = rows.length, n = rows[0].length;
  if (spectralBuffer.length < m * n) spectralBuffer = new Float64Array(Math.max(m * n, 2 * spectralBuffer.length));
  const flat = spectralBuffer;
  for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) flat[i * n + j] = rows[i][j];
  return spectralNormFlat(flat, m, n);
}
// spectralNorm's row-major copy, reused: spectralNormFlat reads only its first rows x cols entries.
let spectralBuffer = new Float64Array(256);

/** Relative slack that turns a float64 SVD value into an upper bound. */
const CERTIFY_SLACK = 1e-12;

export interface Lipschitz {
  L: number;
  exact: boolean;
  how: string;
}

/**
 * Affine: L = max_a sigma_max(M_a), exact (up to the SVD's rounding, covered by a 1e-12 slack).
 * MLP: tanh is 1-Lipschitz, so the product of the layers' spectral norms (first layer restricted
 * to the code columns, since the action input is fixed) is a certified upper bound.
 */
export function lipschitz(model: WorldModel, d: number): Lipschitz {
  if (model.kind === 'affine') {
    const L = maxSpectralNorm(model.M);
    return { L: L * (1 + CERTIFY_SLACK), exact: true, how: 'max_a sigma_max(M_a)' };
  }
  let L = 1;
  model.layers.forEach((layer, i) => {
    const W = i === 0 ? layer.W.map((row) => row.slice(0, d)) : layer.W;
    L *= spectralNorm(W) * (1 + CERTIFY_SLACK);
  });
  return { L, exact: false, how: 'product of layer spectral norms (tanh is 1-Lipschitz)' };
}

/**
 * model.M.reduce((m, Ma) => Math.max(m, spectralNorm(Ma)), 0), bit for bit, factoring fewer matrices:
 * Math.max returns one of its arguments, so the result is the largest computed sigma_max, and a
 * matrix whose Frobenius norm (>= sigma_max; the SVD's value is within ~1e-15 of it) is below the
 * largest value found so far by a margin cannot be it and is not factored. Matrices are taken in
 * decreasing Frobenius norm, so the largest usually comes first. With a non-finite, tiny or huge
 * entry every matrix is factored, as before.
 */
function maxSpectralNorm(M: number[][][]): number {
  const frob = M.map(frobenius);
  if (!frob.every(Number.isFinite)) return M.reduce((m, Ma) => Math.max(m, affineNorm(Ma)), 0);
  const order = frob.map((_, a) => a).sort((a, b) => frob[b] - frob[a] || a - b);
  let L = 0;
  for (const a of order) {
    if (frob[a] * (1 + 1e-9) < L) continue;
    L = Math.max(L, affineNorm(M[a]));
  }
  return L;
}

/** The Frobenius norm, or NaN when an entry is not finite or so small or large that its square loses precision. */
function frobenius(M: number[][]): number {
  let s = 0;
  for (const row of M)
    for (const v of row) {
      const x = Math.abs(v);
      if (!(x === 0 || (x >= 1e-150 && x <= 1e150))) return Number.NaN;
      s += v * v;
    }
  return Math.sqrt(s);
}

/** x copied into the next x.length entries of cursor.buf (a view; the same entries as Float64Array.from(x)). */
function take(cursor: { buf: Float64Array; at: number }, x: readonly number[]): Float64Array {
  const out = cursor.buf.subarray(cursor.at, cursor.at + x.length);
  for (let i = 0; i < x.length; i++) out[i] = x[i];
  cursor.at += x.length;
  return out;
}

/**
 * spectralNorm(M), remembered for the matrices the search draws again and again: scale * I (zero
 * included), one matrix per scale and size. The key is the matrix's whole content (size, the
 * diagonal value with -0 apart, every off-diagonal entry +0), and the value is spectralNorm's on
 * the first such matrix, so a hit returns the bits the SVD would.
 */
function affineNorm(M: number[][]): number {
  const d = M.length;
  const v = d > 0 && M[0].length === d ? M[0][0] : Number.NaN;
  if (Number.isNaN(v)) return spectralNorm(M);
  for (let i = 0; i < d; i++) {
    const row = M[i];
    if (row.length !== d) return spectralNorm(M);
    for (let j = 0; j < d; j++) if (i === j ? !Object.is(row[j], v) : !Object.is(row[j], 0)) return spectralNorm(M);
  }
  const key = `${d}:${Object.is(v, -0) ? '-0' : v}`;
  let L = scaledIdentityNorms.get(key);
  if (L === undefined) {
    if (scaledIdentityNorms.size >= 4096) scaledIdentityNorms.clear();
    scaledIdentityNorms.set(key, (L = spectralNorm(M)));
  }
  return L;
}
const scaledIdentityNorms = new Map<string, number>();

/** lipschitz(model).L of an affine model given flat (affineWorldFn's layout), without allocating. */
export function affineLipschitzFlat(M: Float64Array, A: number, d: number, ws: SvdWorkspace = svdWorkspace(d, d)): number {
  let L = 0;
  for (let a = 0; a < A; a++) L = Math.max(L, spectralNormFlat(M.subarray(a * d * d, (a + 1) * d * d), d, d, ws));
  return L * (1 + CERTIFY_SLACK);
}
