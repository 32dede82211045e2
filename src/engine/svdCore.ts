// ml-matrix's SingularValueDecomposition (the JAMA Golub-Kahan-Reinsch algorithm) ported line for
// line onto flat Float64Arrays. The arithmetic is the same, in the same order, so singular values
// and vectors are bit-identical to ml-matrix's (test/bench/svd.test.ts checks this); what goes is
// ml-matrix's per-element get/set and per-call Matrix allocation, which cost ~10x the arithmetic on
// the 4..16-sized matrices the search factors thousands of times a second.

export interface SvdWorkspace {
  m: number;
  n: number;
  /** Working copy, stored transposed as in ml-matrix: at[j*m + i] = a(i, j). */
  at: Float64Array;
  /** Singular values, length min(m + 1, n), in decreasing order. */
  s: Float64Array;
  e: Float64Array;
  work: Float64Array;
  /** Right singular vectors stored transposed: row j (vt[j*n .. j*n + n)) is the j-th vector. */
  vt: Float64Array;
}

export function svdWorkspace(m: number, n: number): SvdWorkspace {
  return { m, n, at: new Float64Array(m * n), s: new Float64Array(Math.min(m + 1, n)), e: new Float64Array(n), work: new Float64Array(m), vt: new Float64Array(n * n) };
}

// One workspace per size for the callers that factor and copy the result out before the next
// factorization (no caller keeps a view into it): svdInto overwrites or zeroes every buffer it
// reads, so a reused workspace gives the same bits as a fresh one, without the allocation.
const sharedSvd = new Map<number, SvdWorkspace>();

/** The shared m x n workspace (m, n <= 4096); its contents are valid only until the next shared use. */
export function sharedSvdWorkspace(m: number, n: number): SvdWorkspace {
  const key = m * 4096 + n;
  let ws = sharedSvd.get(key);
  if (!ws) sharedSvd.set(key, (ws = svdWorkspace(m, n)));
  return ws;
}

function hypotenuse(a: number, b: number): number {
  let r = 0;
  if (Math.abs(a) > Math.abs(b)) {
    r = b / a;
    return Math.abs(a) * Math.sqrt(1 + r * r);
  }
  if (b !== 0) {
    r = a / b;
    return Math.abs(b) * Math.sqrt(1 + r * r);
  }
  return 0;
}

/**
 * SVD of the m x n row-major `a` (m >= n), as `new SingularValueDecomposition(a,
 * { computeLeftSingularVectors: false, computeRightSingularVectors: wantv })`: fills ws.s and,
 * with wantv, ws.vt. Left singular vectors are never needed here and are not computed.
 *
 * `live` < m: rows live.. of the finite `a` are zero (a wide matrix padded to square), and the
 * Householder steps skip them, bit for bit. In the full run those rows only ever hold zeros (each
 * update adds a multiple of zeros to zeros), and what they feed back is zero too: into a column
 * norm, hypotenuse(x, 0) = |x|; into a dot product t, which starts at +0, adding zeros to a sum
 * that can never be -0 (round to nearest gives x + -x = +0) changes nothing; the entries of the
 * zero rows read below (s[nct], e[nrt], e[j] of a zero row) are zeros whose sign the QR sweeps
 * overwrite (e[k] = 0, s[k] = 0 in case 4) before any arithmetic reads them. Non-finite entries
 * would break this (Inf * 0 = NaN): callers pass live < m only for finite `a` (svd.ts). Checked
 * against live = m on padded, structured and random matrices in test/bench/svd.test.ts.
 */
export function svdInto(a: ArrayLike<number>, ws: SvdWorkspace, wantv: boolean, live: number = ws.m): SvdWorkspace {
  const { m, n, at, s, e, work, vt: V } = ws;
  if (m < n) throw new Error('svdInto: m >= n expected (pad or transpose first)');
  for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) at[j * m + i] = i < live ? a[i * n + j] : 0;
  e.fill(0);
  work.fill(0);
  s.fill(0);
  if (wantv) V.fill(0);

  const nct = Math.min(m - 1, n);
  const nrt = Math.max(0, Math.min(n - 2, m));
  const mrc = Math.max(nct, nrt);

  for (let k = 0; k < mrc; k++) {
    const km = k * m;
    let sk = 0;
    if (k < nct) {
      for (let i = k; i < live; i++) sk = hypotenuse(sk, at[km + i]);
      if (sk !== 0) {
        if (at[km + k] < 0) sk = -sk;
        for (let i = k; i < live; i++) at[km + i] = at[km + i] / sk;
        at[km + k] = at[km + k] + 1;
      }
      sk = -sk;
      s[k] = sk;
    }

    if (k < nct && sk !== 0) {
      // Two columns at a time: each dot product keeps its own order, the pair runs in parallel.
      const akk = at[km + k];
      let j = k + 1;
      for (; j + 1 < n; j += 2) {
        const jm = j * m, jm2 = jm + m;
        let t = 0, t2 = 0;
        for (let i = k; i < live; i++) {
          const x = at[km + i];
          t += x * at[jm + i];
          t2 += x * at[jm2 + i];
        }
        t = -t / akk;
        t2 = -t2 / akk;
        for (let i = k; i < live; i++) {
          const x = at[km + i];
          at[jm + i] = at[jm + i] + t * x;
          at[jm2 + i] = at[jm2 + i] + t2 * x;
        }
        e[j] = at[jm + k];
        e[j + 1] = at[jm2 + k];
      }
      for (; j < n; j++) {
        const jm = j * m;
        let t = 0;
        for (let i = k; i < live; i++) t += at[km + i] * at[jm + i];
        t = -t / akk;
        for (let i = k; i < live; i++) at[jm + i] = at[jm + i] + t * at[km + i];
        e[j] = at[jm + k];
      }
    } else {
      for (let j = k + 1; j < n; j++) e[j] = at[j * m + k];
    }

    if (k < nrt) {
      let ek = 0;
      for (let i = k + 1; i < n; i++) ek = hypotenuse(ek, e[i]);
      if (ek !== 0) {
        if (e[k + 1] < 0) ek = 0 - ek;
        for (let i = k + 1; i < n; i++) e[i] /= ek;
        e[k + 1] += 1;
      }
      ek = -ek;
      e[k] = ek;
      if (k + 1 < m && ek !== 0) {
        for (let i = k + 1; i < live; i++) work[i] = 0;
        // j outside, i inside: every work[i] still sums over j in increasing order.
        for (let j = k + 1; j < n; j++) {
          const ej = e[j], jm = j * m;
          for (let i = k + 1; i < live; i++) work[i] += ej * at[jm + i];
        }
        const ek1 = e[k + 1];
        for (let j = k + 1; j < n; j++) {
          const t = -e[j] / ek1;
          const jm = j * m;
          for (let i = k + 1; i < live; i++) at[jm + i] = at[jm + i] + t * work[i];
        }
      }
      if (wantv) for (let i = k + 1; i < n; i++) V[k * n + i] = e[i];
    }
  }

  let p = Math.min(n, m + 1);
  if (nct < n) s[nct] = at[nct * m + nct];
  if (m < p) s[p - 1] = 0;
  if (nrt + 1 < p) e[nrt] = at[(p - 1) * m + nrt];
  e[p - 1] = 0;

  if (wantv) {
    for (let k = n - 1; k >= 0; k--) {
      if (k < nrt && e[k] !== 0) {
        for (let j = k + 1; j < n; j++) {
          let t = 0;
          for (let i = k + 1; i < n; i++) t += V[k * n + i] * V[j * n + i];
          t = -t / V[k * n + k + 1];
          for (let i = k + 1; i < n; i++) V[j * n + i] = V[j * n + i] + t * V[k * n + i];
        }
      }
      for (let i = 0; i < n; i++) V[k * n + i] = 0;
      V[k * n + k] = 1;
    }
  }

  const pp = p - 1;
  const eps = Number.EPSILON;
  while (p > 0) {
    let k: number, kase: number;
    for (k = p - 2; k >= -1; k--) {
      if (k === -1) break;
      const alpha = Number.MIN_VALUE + eps * Math.abs(s[k] + Math.abs(s[k + 1]));
      if (Math.abs(e[k]) <= alpha || Number.isNaN(e[k])) {
        e[k] = 0;
        break;
      }
    }
    if (k === p - 2) {
      kase = 4;
    } else {
      let ks: number;
      for (ks = p - 1; ks >= k; ks--) {
        if (ks === k) break;
        const t = (ks !== p ? Math.abs(e[ks]) : 0) + (ks !== k + 1 ? Math.abs(e[ks - 1]) : 0);
        if (Math.abs(s[ks]) <= eps * t) {
          s[ks] = 0;
          break;
        }
      }
      if (ks === k) kase = 3;
      else if (ks === p - 1) kase = 1;
      else {
        kase = 2;
        k = ks;
      }
    }

    k++;

    switch (kase) {
      case 1: {
        let f = e[p - 2];
        e[p - 2] = 0;
        for (let j = p - 2; j >= k; j--) {
          let t = hypotenuse(s[j], f);
          const cs = s[j] / t;
          const sn = f / t;
          s[j] = t;
          if (j !== k) {
            f = -sn * e[j - 1];
            e[j - 1] = cs * e[j - 1];
          }
          if (wantv) {
            for (let i = 0; i < n; i++) {
              t = cs * V[j * n + i] + sn * V[(p - 1) * n + i];
              V[(p - 1) * n + i] = -sn * V[j * n + i] + cs * V[(p - 1) * n + i];
              V[j * n + i] = t;
            }
          }
        }
        break;
      }
      case 2: {
        // Only left singular vectors would change here besides s and e.
        let f = e[k - 1];
        e[k - 1] = 0;
        for (let j = k; j < p; j++) {
          const t = hypotenuse(s[j], f);
          const cs = s[j] / t;
          const sn = f / t;
          s[j] = t;
          f = -sn * e[j];
          e[j] = cs * e[j];
        }
        break;
      }
      case 3: {
        const scale = Math.max(Math.abs(s[p - 1]), Math.abs(s[p - 2]), Math.abs(e[p - 2]), Math.abs(s[k]), Math.abs(e[k]));
        const sp = s[p - 1] / scale;
        const spm1 = s[p - 2] / scale;
        const epm1 = e[p - 2] / scale;
        const sk = s[k] / scale;
        const ek = e[k] / scale;
        const b = ((spm1 + sp) * (spm1 - sp) + epm1 * epm1) / 2;
        const c = sp * epm1 * (sp * epm1);
        let shift = 0;
        if (b !== 0 || c !== 0) {
          if (b < 0) shift = 0 - Math.sqrt(b * b + c);
          else shift = Math.sqrt(b * b + c);
          shift = c / (b + shift);
        }
        let f = (sk + sp) * (sk - sp) + shift;
        let g = sk * ek;
        for (let j = k; j < p - 1; j++) {
          let t = hypotenuse(f, g);
          if (t === 0) t = Number.MIN_VALUE;
          let cs = f / t;
          let sn = g / t;
          if (j !== k) e[j - 1] = t;
          f = cs * s[j] + sn * e[j];
          e[j] = cs * e[j] - sn * s[j];
          g = sn * s[j + 1];
          s[j + 1] = cs * s[j + 1];
          if (wantv) {
            for (let i = 0; i < n; i++) {
              t = cs * V[j * n + i] + sn * V[(j + 1) * n + i];
              V[(j + 1) * n + i] = -sn * V[j * n + i] + cs * V[(j + 1) * n + i];
              V[j * n + i] = t;
            }
          }
          t = hypotenuse(f, g);
          if (t === 0) t = Number.MIN_VALUE;
          cs = f / t;
          sn = g / t;
          s[j] = t;
          f = cs * e[j] + sn * s[j + 1];
          s[j + 1] = -sn * e[j] + cs * s[j + 1];
          g = sn * e[j + 1];
          e[j + 1] = cs * e[j + 1];
        }
        e[p - 2] = f;
        break;
      }
      case 4: {
        if (s[k] <= 0) {
          s[k] = s[k] < 0 ? -s[k] : 0;
          if (wantv) for (let i = 0; i <= pp; i++) V[k * n + i] = -V[k * n + i];
        }
        while (k < pp) {
          if (s[k] >= s[k + 1]) break;
          let t = s[k];
          s[k] = s[k + 1];
          s[k + 1] = t;
          if (wantv && k < n - 1) {
            for (let i = 0; i < n; i++) {
              t = V[(k + 1) * n + i];
              V[(k + 1) * n + i] = V[k * n + i];
              V[k * n + i] = t;
            }
          }
          k++;
        }
        p--;
        break;
      }
    }
  }
  return ws;
}
