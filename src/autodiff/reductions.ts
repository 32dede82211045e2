// Sums, means and the row-wise softmax family.
import { Tensor, node } from './tensor.ts';
import { scale } from './elementwise.ts';

export function sum(a: Tensor): Tensor {
  let s = 0;
  for (let i = 0; i < a.size; i++) s += a.data[i];
  return node(Float64Array.of(s), 1, 1, [a], 'sum', (o) => {
    const g = o.grad![0], ga = a.g();
    for (let i = 0; i < a.size; i++) ga[i] += g;
  });
}

export function mean(a: Tensor): Tensor {
  return scale(sum(a), 1 / a.size);
}

/** Sum over columns: m x n -> m x 1. */
export function sumRows(a: Tensor): Tensor {
  const m = a.rows, n = a.cols;
  const out = new Float64Array(m);
  for (let i = 0; i < m; i++) {
    let s = 0;
    for (let j = 0; j < n; j++) s += a.data[i * n + j];
    out[i] = s;
  }
  return node(out, m, 1, [a], 'sumRows', (o) => {
    const G = o.grad!, ga = a.g();
    for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) ga[i * n + j] += G[i];
  });
}

/** Sum over rows: m x n -> 1 x n. */
export function sumCols(a: Tensor): Tensor {
  const m = a.rows, n = a.cols;
  const out = new Float64Array(n);
  for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) out[j] += a.data[i * n + j];
  return node(out, 1, n, [a], 'sumCols', (o) => {
    const G = o.grad!, ga = a.g();
    for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) ga[i * n + j] += G[j];
  });
}

// ---------- softmax family (row-wise) ----------

export function logSoftmax(a: Tensor): Tensor {
  const m = a.rows, n = a.cols;
  const out = new Float64Array(m * n);
  for (let i = 0; i < m; i++) {
    let mx = -Infinity;
    for (let j = 0; j < n; j++) mx = Math.max(mx, a.data[i * n + j]);
    let s = 0;
    for (let j = 0; j < n; j++) s += Math.exp(a.data[i * n + j] - mx);
    const lse = mx + Math.log(s);
    for (let j = 0; j < n; j++) out[i * n + j] = a.data[i * n + j] - lse;
  }
  return node(out, m, n, [a], 'logSoftmax', (o) => {
    const G = o.grad!, ga = a.g();
    for (let i = 0; i < m; i++) {
      let gs = 0;
      for (let j = 0; j < n; j++) gs += G[i * n + j];
      for (let j = 0; j < n; j++) ga[i * n + j] += G[i * n + j] - Math.exp(out[i * n + j]) * gs;
    }
  });
}

export function softmax(a: Tensor): Tensor {
  const m = a.rows, n = a.cols;
  const out = new Float64Array(m * n);
  for (let i = 0; i < m; i++) {
    let mx = -Infinity;
    for (let j = 0; j < n; j++) mx = Math.max(mx, a.data[i * n + j]);
    let s = 0;
    for (let j = 0; j < n; j++) s += (out[i * n + j] = Math.exp(a.data[i * n + j] - mx));
    for (let j = 0; j < n; j++) out[i * n + j] /= s;
  }
  return node(out, m, n, [a], 'softmax', (o) => {
    const G = o.grad!, ga = a.g();
    for (let i = 0; i < m; i++) {
      let dot = 0;
      for (let j = 0; j < n; j++) dot += G[i * n + j] * out[i * n + j];
      for (let j = 0; j < n; j++) ga[i * n + j] += out[i * n + j] * (G[i * n + j] - dot);
    }
  });
}
