// Fused batch kernels the trainer needs, each one node on the tape (one loop over a Float64Array
// forward, one backward) rather than a graph of elementwise ops.

import { Tensor, node } from './tensor.ts';
import type { Linear } from './nn.ts';

/**
 * Per-column standard deviation of an n x d batch, sqrt(var_j + eps) with the population variance
 * (1/n): 1 x d. The variance regulariser (VICReg's variance term) is built on it.
 */
export function colStd(a: Tensor, eps: number): Tensor {
  const n = a.rows, d = a.cols;
  const mean = new Float64Array(d), out = new Float64Array(d);
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) mean[j] += a.data[i * d + j] / n;
  for (let i = 0; i < n; i++)
    for (let j = 0; j < d; j++) {
      const c = a.data[i * d + j] - mean[j];
      out[j] += (c * c) / n;
    }
  for (let j = 0; j < d; j++) out[j] = Math.sqrt(out[j] + eps);
  return node(out, 1, d, [a], 'colStd', (o) => {
    // d std_j / d a_ij = (a_ij - mean_j) / (n std_j); the mean's own dependence sums to zero.
    const G = o.grad!, ga = a.g();
    for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) ga[i * d + j] += (G[j] * (a.data[i * d + j] - mean[j])) / (n * out[j]);
  });
}

/** VICReg's variance hinge: mean_j max(0, 1 - std_j), std from colStd. */
export function varianceHinge(a: Tensor, eps = 1e-4): Tensor {
  const s = colStd(a, eps);
  const d = s.cols;
  let v = 0;
  for (let j = 0; j < d; j++) v += Math.max(0, 1 - s.data[j]) / d;
  return node(Float64Array.of(v), 1, 1, [s], 'varianceHinge', (o) => {
    const g = o.grad![0], gs = s.g();
    for (let j = 0; j < d; j++) if (s.data[j] < 1) gs[j] -= g / d;
  });
}

/** A detached copy of layers (the EMA target encoder starts as the online encoder). */
export function cloneLayers(layers: Linear[]): Linear[] {
  return layers.map((l) => ({
    w: new Tensor(Float64Array.from(l.w.data), l.w.rows, l.w.cols, false),
    b: new Tensor(Float64Array.from(l.b.data), l.b.rows, l.b.cols, false),
  }));
}

/** target <- tau target + (1 - tau) online, parameter by parameter. */
export function emaUpdate(target: Linear[], online: Linear[], tau: number): void {
  target.forEach((t, k) => {
    for (const [dst, src] of [[t.w.data, online[k].w.data], [t.b.data, online[k].b.data]])
      for (let i = 0; i < dst.length; i++) dst[i] = tau * dst[i] + (1 - tau) * src[i];
  });
}
