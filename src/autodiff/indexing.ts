// Gathering, picking and concatenating entries, with scatter-add backward rules.
import { Tensor, node } from './tensor.ts';

/** Rows idx[0], idx[1], ... of a (repeats allowed; gradients of repeats add up). */
export function gatherRows(a: Tensor, idx: ArrayLike<number>): Tensor {
  const n = a.cols, k = idx.length;
  const out = new Float64Array(k * n);
  for (let r = 0; r < k; r++) {
    const src = idx[r];
    if (src < 0 || src >= a.rows) throw new Error(`gatherRows: row ${src} of ${a.rows}`);
    out.set(a.data.subarray(src * n, (src + 1) * n), r * n);
  }
  return node(out, k, n, [a], 'gatherRows', (o) => {
    const G = o.grad!, ga = a.g();
    for (let r = 0; r < k; r++) {
      const so = idx[r] * n;
      for (let j = 0; j < n; j++) ga[so + j] += G[r * n + j];
    }
  });
}

/** Columns idx[0], idx[1], ... of a. */
export function gatherCols(a: Tensor, idx: ArrayLike<number>): Tensor {
  const m = a.rows, n = a.cols, k = idx.length;
  for (let c = 0; c < k; c++) if (idx[c] < 0 || idx[c] >= n) throw new Error(`gatherCols: column ${idx[c]} of ${n}`);
  const out = new Float64Array(m * k);
  for (let i = 0; i < m; i++) for (let c = 0; c < k; c++) out[i * k + c] = a.data[i * n + idx[c]];
  return node(out, m, k, [a], 'gatherCols', (o) => {
    const G = o.grad!, ga = a.g();
    for (let i = 0; i < m; i++) for (let c = 0; c < k; c++) ga[i * n + idx[c]] += G[i * k + c];
  });
}

/** The entries a[rows[t], cols[t]] as a column: log pi(a_t | s_t) from a log-prob matrix. */
export function pick(a: Tensor, rows: ArrayLike<number>, cols: ArrayLike<number>): Tensor {
  if (rows.length !== cols.length) throw new Error('pick: index lengths differ');
  const k = rows.length, n = a.cols;
  const out = new Float64Array(k);
  for (let t = 0; t < k; t++) {
    if (rows[t] < 0 || rows[t] >= a.rows || cols[t] < 0 || cols[t] >= n) throw new Error('pick: index out of range');
    out[t] = a.data[rows[t] * n + cols[t]];
  }
  return node(out, k, 1, [a], 'pick', (o) => {
    const G = o.grad!, ga = a.g();
    for (let t = 0; t < k; t++) ga[rows[t] * n + cols[t]] += G[t];
  });
}

/** Side-by-side concatenation [a | b | ...] of tensors with equal row counts. */
export function concatCols(parts: Tensor[]): Tensor {
  const m = parts[0].rows;
  for (const p of parts) if (p.rows !== m) throw new Error('concatCols: row counts differ');
  const n = parts.reduce((s, p) => s + p.cols, 0);
  const out = new Float64Array(m * n);
  let off = 0;
  for (const p of parts) {
    for (let i = 0; i < m; i++) for (let j = 0; j < p.cols; j++) out[i * n + off + j] = p.data[i * p.cols + j];
    off += p.cols;
  }
  return node(out, m, n, parts, 'concatCols', (o) => {
    const G = o.grad!;
    let off2 = 0;
    for (const p of parts) {
      if (p.requiresGrad) {
        const gp = p.g();
        for (let i = 0; i < m; i++) for (let j = 0; j < p.cols; j++) gp[i * p.cols + j] += G[i * n + off2 + j];
      }
      off2 += p.cols;
    }
  });
}

/** Stacked rows [a; b; ...] of tensors with equal column counts. */
export function concatRows(parts: Tensor[]): Tensor {
  const n = parts[0].cols;
  for (const p of parts) if (p.cols !== n) throw new Error('concatRows: column counts differ');
  const m = parts.reduce((s, p) => s + p.rows, 0);
  const out = new Float64Array(m * n);
  let off = 0;
  for (const p of parts) {
    out.set(p.data, off);
    off += p.size;
  }
  return node(out, m, n, parts, 'concatRows', (o) => {
    const G = o.grad!;
    let off2 = 0;
    for (const p of parts) {
      if (p.requiresGrad) {
        const gp = p.g();
        for (let i = 0; i < p.size; i++) gp[i] += G[off2 + i];
      }
      off2 += p.size;
    }
  });
}
