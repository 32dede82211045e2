// World models W_psi(z, a) of §4.4 and their Lipschitz constants (Assumption 2).
import { Matrix, SingularValueDecomposition } from 'ml-matrix';
import type { WorldModel } from '../model/types.ts';

/** out = W_psi(z, a); z and out are length-d views. */
export type WorldModelFn = (z: Float64Array, a: number, out: Float64Array) => Float64Array;

export function worldModelFn(model: WorldModel, d: number, actions: number): WorldModelFn {
  if (model.kind === 'affine') {
    const M = model.M.map((m) => Float64Array.from(m.flat()));
    const c = model.c.map((x) => Float64Array.from(x));
    return (z, a, out) => {
      const Ma = M[a];
      const ca = c[a];
      for (let i = 0; i < d; i++) {
        let s = ca[i];
        for (let j = 0; j < d; j++) s += Ma[i * d + j] * z[j];
        out[i] = s;
      }
      return out;
    };
  }
  const layers = model.layers.map((l) => ({ W: l.W.map((r) => Float64Array.from(r)), b: Float64Array.from(l.b) }));
  return (z, a, out) => {
    let x = new Float64Array(d + actions);
    x.set(z.subarray(0, d));
    x[d + a] = 1;
    layers.forEach((layer, i) => {
      const y = new Float64Array(layer.b.length);
      for (let r = 0; r < y.length; r++) {
        let s = layer.b[r];
        const row = layer.W[r];
        for (let j = 0; j < row.length; j++) s += row[j] * x[j];
        y[r] = i < layers.length - 1 ? Math.tanh(s) : s;
      }
      x = y;
    });
    out.set(x);
    return out;
  };
}

/** Largest singular value; SVD's own relative error is ~1e-15, so callers that certify add slack. */
export function spectralNorm(rows: number[][]): number {
  if (rows.length === 0 || rows[0].length === 0) return 0;
  const svd = new SingularValueDecomposition(new Matrix(rows), { computeLeftSingularVectors: false, computeRightSingularVectors: false, autoTranspose: true });
  return svd.diagonal.reduce((m, x) => Math.max(m, Math.abs(x)), 0);
}

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
    const L = model.M.reduce((m, Ma) => Math.max(m, spectralNorm(Ma)), 0);
    return { L: L * (1 + CERTIFY_SLACK), exact: true, how: 'max_a sigma_max(M_a)' };
  }
  let L = 1;
  model.layers.forEach((layer, i) => {
    const W = i === 0 ? layer.W.map((row) => row.slice(0, d)) : layer.W;
    L *= spectralNorm(W) * (1 + CERTIFY_SLACK);
  });
  return { L, exact: false, how: 'product of layer spectral norms (tanh is 1-Lipschitz)' };
}
