// Matrix product, transpose and linear solves, each with its backward rule.
import { Tensor, node } from './tensor.ts';

export function matmul(a: Tensor, b: Tensor): Tensor {
  if (a.cols !== b.rows) throw new Error(`matmul: ${a.rows}x${a.cols} @ ${b.rows}x${b.cols}`);
  const m = a.rows, k = a.cols, n = b.cols;
  const out = new Float64Array(m * n);
  const A = a.data, B = b.data;
  for (let i = 0; i < m; i++) {
    for (let p = 0; p < k; p++) {
      const aip = A[i * k + p];
      if (aip === 0) continue;
      const bo = p * n, oo = i * n;
      for (let j = 0; j < n; j++) out[oo + j] += aip * B[bo + j];
    }
  }
  return node(out, m, n, [a, b], 'matmul', (o) => {
    const G = o.grad!;
    if (a.requiresGrad) {
      const ga = a.g();
      for (let i = 0; i < m; i++)
        for (let p = 0; p < k; p++) {
          let s = 0;
          for (let j = 0; j < n; j++) s += G[i * n + j] * B[p * n + j];
          ga[i * k + p] += s;
        }
    }
    if (b.requiresGrad) {
      const gb = b.g();
      for (let i = 0; i < m; i++)
        for (let p = 0; p < k; p++) {
          const aip = A[i * k + p];
          if (aip === 0) continue;
          for (let j = 0; j < n; j++) gb[p * n + j] += aip * G[i * n + j];
        }
    }
  });
}

export function transpose(a: Tensor): Tensor {
  const m = a.rows, n = a.cols;
  const out = new Float64Array(m * n);
  for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) out[j * m + i] = a.data[i * n + j];
  return node(out, n, m, [a], 'transpose', (o) => {
    const G = o.grad!, ga = a.g();
    for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) ga[i * n + j] += G[j * m + i];
  });
}

/** LU with partial pivoting of an n x n row-major matrix; throws on an (exactly) singular pivot. */
function luFactor(A: Float64Array, n: number): { lu: Float64Array; piv: Int32Array } {
  const lu = Float64Array.from(A);
  const piv = new Int32Array(n);
  for (let i = 0; i < n; i++) piv[i] = i;
  for (let k = 0; k < n; k++) {
    let p = k, best = Math.abs(lu[k * n + k]);
    for (let i = k + 1; i < n; i++) {
      const v = Math.abs(lu[i * n + k]);
      if (v > best) { best = v; p = i; }
    }
    if (best === 0) throw new Error('solve: singular matrix');
    if (p !== k) {
      for (let j = 0; j < n; j++) {
        const t = lu[k * n + j]; lu[k * n + j] = lu[p * n + j]; lu[p * n + j] = t;
      }
      const t = piv[k]; piv[k] = piv[p]; piv[p] = t;
    }
    const d = lu[k * n + k];
    for (let i = k + 1; i < n; i++) {
      const f = (lu[i * n + k] /= d);
      if (f === 0) continue;
      for (let j = k + 1; j < n; j++) lu[i * n + j] -= f * lu[k * n + j];
    }
  }
  return { lu, piv };
}

function luSolve(f: { lu: Float64Array; piv: Int32Array }, n: number, B: Float64Array, m: number): Float64Array {
  const { lu, piv } = f;
  const X = new Float64Array(n * m);
  for (let i = 0; i < n; i++) for (let j = 0; j < m; j++) X[i * m + j] = B[piv[i] * m + j];
  for (let i = 0; i < n; i++)
    for (let k = 0; k < i; k++) {
      const l = lu[i * n + k];
      if (l !== 0) for (let j = 0; j < m; j++) X[i * m + j] -= l * X[k * m + j];
    }
  for (let i = n - 1; i >= 0; i--) {
    for (let k = i + 1; k < n; k++) {
      const u = lu[i * n + k];
      if (u !== 0) for (let j = 0; j < m; j++) X[i * m + j] -= u * X[k * m + j];
    }
    const d = lu[i * n + i];
    for (let j = 0; j < m; j++) X[i * m + j] /= d;
  }
  return X;
}

/** Plain numeric dense solve A X = B (no tape), for evaluations outside training. */
export function solveNumeric(A: Float64Array, n: number, B: Float64Array, m: number): Float64Array {
  return luSolve(luFactor(A, n), n, B, m);
}

/**
 * X = A^{-1} B for square A. Gradients: dB = A^{-T} dX and dA = -dB X^T, the usual
 * implicit-function rule; A^T is factorised afresh in the backward pass, which for the
 * |S| <= a few dozen matrices here is cheaper than being clever.
 */
export function solve(a: Tensor, b: Tensor): Tensor {
  if (a.rows !== a.cols || a.rows !== b.rows) throw new Error(`solve: ${a.rows}x${a.cols} \\ ${b.rows}x${b.cols}`);
  const n = a.rows, m = b.cols;
  const X = luSolve(luFactor(a.data, n), n, b.data, m);
  return node(X, n, m, [a, b], 'solve', (o) => {
    const G = o.grad!;
    const At = new Float64Array(n * n);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) At[j * n + i] = a.data[i * n + j];
    const GB = luSolve(luFactor(At, n), n, G, m);
    if (b.requiresGrad) {
      const gb = b.g();
      for (let i = 0; i < n * m; i++) gb[i] += GB[i];
    }
    if (a.requiresGrad) {
      const ga = a.g();
      for (let i = 0; i < n; i++)
        for (let j = 0; j < n; j++) {
          let s = 0;
          for (let c = 0; c < m; c++) s += GB[i * m + c] * X[j * m + c];
          ga[i * n + j] -= s;
        }
    }
  });
}
