// The two solves of a 64-digit policy evaluation (evaluate.ts: V from (I - gamma P_pi) V = r_pi, d
// from (I - gamma P_pi)^T d = mu), with M and r_pi built and linalg.ts's elimination run operation
// for operation on BigInt coefficients (roundedDecimal.ts rounds each operation half up at the
// working digits, as decimal.js does, signs of zeros included). The values are decimal.js's; a
// non-finite number leaves the solves to decimal.js (null).
import type { BigNumber } from 'mathjs';
import * as R from './roundedDecimal.ts';
import type { Rd } from './roundedDecimal.ts';
import { SingularSystemError } from './linalg.ts';

type Big = BigNumber;
interface Parts { s: number; e: number; d: number[] | null }

const ONE = R.exact(1n, 0);
// BigNumbers are immutable: the MDP's entries (the same objects at every point of an instance) are converted once.
const converted = new WeakMap<object, Rd>();

/**
 * A finite BigNumber's exact value (null for NaN and +-Infinity), remembered per object unless
 * remember = false (values read once, like a point's policy: a WeakMap entry each would only burden GC).
 */
export function rdOf(x: Big, remember = true): Rd | null {
  const hit = converted.get(x);
  if (hit) return hit;
  const { s, e, d } = x as unknown as Parts;
  if (d === null) return null;
  if (!d[0]) return s < 0 ? R.NEG_ZERO : R.ZERO;
  let digits = String(d[0]);
  for (let i = 1; i < d.length; i++) digits += String(d[i]).padStart(7, '0');
  const v = R.exact(s < 0 ? -BigInt(digits) : BigInt(digits), e - (digits.length - 1));
  if (remember) converted.set(x, v);
  return v;
}

/** roundedDecimal.ts rounds half up: another rounding mode of the class keeps decimal.js. */
export const halfUp = (x: Big): boolean => (x.constructor as unknown as { rounding: number }).rounding === 4;

const absRd = (x: Rd): Rd => (x.c < 0n ? R.neg(x) : x);
const cmpAbs = (x: Rd, y: Rd): number => R.cmp(absRd(x), absRd(y));

/** linalg.ts's gaussSolve (partial pivoting, the same negligible-pivot test and skips), one right-hand side. */
function solve(A: Rd[][], b: Rd[], p: number, tiny: Rd, what: string): Rd[] {
  const n = A.length;
  const a = A.map((row) => row.slice());
  const y = b.slice();
  let scale = R.ZERO;
  for (const row of a) for (const v of row) if (cmpAbs(v, scale) > 0) scale = v;
  for (let col = 0; col < n; col++) {
    let piv = col;
    for (let r = col + 1; r < n; r++) if (cmpAbs(a[r][col], a[piv][col]) > 0) piv = r;
    if (R.cmp(absRd(a[piv][col]), R.times(absRd(scale), tiny, p)) <= 0) throw new SingularSystemError(`${what} is singular (no usable pivot in column ${col})`);
    if (piv !== col) {
      [a[piv], a[col]] = [a[col], a[piv]];
      [y[piv], y[col]] = [y[col], y[piv]];
    }
    const pv = a[col][col];
    for (let r = col + 1; r < n; r++) {
      const f = R.div(a[r][col], pv, p);
      if (f.n === 0) continue;
      for (let c = col + 1; c < n; c++) a[r][c] = R.minus(a[r][c], R.times(f, a[col][c], p), p);
      y[r] = R.minus(y[r], R.times(f, y[col], p), p);
    }
  }
  const x = new Array<Rd>(n).fill(R.ZERO);
  for (let r = n - 1; r >= 0; r--) {
    let s = y[r];
    for (let k = r + 1; k < n; k++) s = R.minus(s, R.times(a[r][k], x[k], p), p);
    x[r] = R.div(s, a[r][r], p);
  }
  return x;
}

/**
 * V and (when wanted) d of the policy pi at `digits`, as evaluate.ts computes them with decimal.js,
 * or null for a non-finite number. Throws evaluate.ts's SingularSystemError for a singular system.
 */
export function rdPolicySolves(zero: Big, digits: number, pi: Big[][], P: Big[][][], Rw: Big[][], mu: Big[], gamma: Big, wantD: boolean): { V: Big[]; d: Big[] } | null {
  if (!halfUp(zero)) return null;
  const nS = P.length;
  const nA = pi[0].length;
  const p = digits;
  const g = rdOf(gamma);
  if (!g) return null;
  const M: Rd[][] = [];
  const r: Rd[] = [];
  for (let s = 0; s < nS; s++) {
    // null: no transition into t (evaluate.ts keeps its shared zero there and writes 1 or 0).
    const pst: (Rd | null)[] = new Array(nS).fill(null);
    const piRow: Rd[] = [];
    for (let a = 0; a < nA; a++) {
      const pa = rdOf(pi[s][a], false);
      if (!pa) return null;
      piRow.push(pa);
      const ps = P[s][a];
      for (let t = 0; t < nS; t++) {
        if (ps[t].isZero()) continue;
        const pt = rdOf(ps[t]);
        if (!pt) return null;
        pst[t] = R.plus(pst[t] ?? R.ZERO, R.times(pa, pt, p), p);
      }
    }
    M.push(pst.map((x, t) => (x === null ? (s === t ? ONE : R.ZERO) : R.minus(s === t ? ONE : R.ZERO, R.times(g, x, p), p))));
    let rs = R.ZERO;
    for (let a = 0; a < nA; a++) {
      const ra = rdOf(Rw[s][a]);
      if (!ra) return null;
      rs = R.plus(rs, R.times(piRow[a], ra, p), p);
    }
    r.push(rs);
  }
  const tiny = R.exact(1n, -(digits - 6));
  const V = solve(M, r, p, tiny, 'I - gamma P_pi');
  let d: Rd[] = [];
  if (wantD) {
    const m = mu.map((x) => rdOf(x));
    if (m.some((x) => x === null)) return null;
    d = solve(M[0].map((_, j) => M.map((row) => row[j])), m as Rd[], p, tiny, '(I - gamma P_pi)^T');
  }
  const Ctor = zero.constructor as unknown as new (x: string) => Big;
  return { V: V.map((x) => new Ctor(R.text(x))), d: d.map((x) => new Ctor(R.text(x))) };
}
