// Dense LU with partial pivoting on flat row-major Float64Arrays. Hand-written rather than
// ml-matrix's LuDecomposition because the search solves thousands of 2..16-sized systems per
// second, where ml-matrix's per-element object access costs more than the arithmetic.

/** Factor a (n x n, row-major) in place; piv receives the row permutation. False if a pivot is exactly 0. */
export function luFactor(a: Float64Array, n: number, piv: Int32Array): boolean {
  for (let i = 0; i < n; i++) piv[i] = i;
  for (let k = 0; k < n; k++) {
    let p = k;
    let best = Math.abs(a[k * n + k]);
    for (let i = k + 1; i < n; i++) {
      const v = Math.abs(a[i * n + k]);
      if (v > best) { best = v; p = i; }
    }
    if (best === 0) return false;
    if (p !== k) {
      for (let j = 0; j < n; j++) {
        const t = a[k * n + j]; a[k * n + j] = a[p * n + j]; a[p * n + j] = t;
      }
      const t = piv[k]; piv[k] = piv[p]; piv[p] = t;
    }
    const pivot = a[k * n + k];
    for (let i = k + 1; i < n; i++) {
      const f = (a[i * n + k] /= pivot);
      if (f === 0) continue;
      for (let j = k + 1; j < n; j++) a[i * n + j] -= f * a[k * n + j];
    }
  }
  return true;
}

/** Solve A x = b from luFactor's output. */
export function luSolve(lu: Float64Array, n: number, piv: Int32Array, b: ArrayLike<number>, x: Float64Array): Float64Array {
  for (let i = 0; i < n; i++) x[i] = b[piv[i]];
  for (let i = 0; i < n; i++) {
    let s = x[i];
    for (let j = 0; j < i; j++) s -= lu[i * n + j] * x[j];
    x[i] = s;
  }
  for (let i = n - 1; i >= 0; i--) {
    let s = x[i];
    for (let j = i + 1; j < n; j++) s -= lu[i * n + j] * x[j];
    x[i] = s / lu[i * n + i];
  }
  return x;
}

/** Solve A^T x = b from luFactor's output (PA = LU, so A^T = U^T L^T P); y is length-n scratch. */
export function luSolveTransposed(lu: Float64Array, n: number, piv: Int32Array, b: ArrayLike<number>, x: Float64Array, y: Float64Array = new Float64Array(n)): Float64Array {
  for (let i = 0; i < n; i++) {
    let s = b[i];
    for (let j = 0; j < i; j++) s -= lu[j * n + i] * y[j];
    y[i] = s / lu[i * n + i];
  }
  for (let i = n - 1; i >= 0; i--) {
    let s = y[i];
    for (let j = i + 1; j < n; j++) s -= lu[j * n + i] * y[j];
    y[i] = s;
  }
  for (let i = 0; i < n; i++) x[piv[i]] = y[i];
  return x;
}
