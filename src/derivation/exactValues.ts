// Small exact helpers for derivations: recognising a float64 direction as the rational it rounds,
// exact square roots of rationals, and printing scalars, vectors and matrices for a reader.
import { fraction, type Fraction } from 'mathjs';
import type { Big } from '../precise/evaluate.ts';
import { preciseContext } from '../precise/evaluate.ts';
import { showFraction, shortDecimal, type Scalar } from '../precise/dual.ts';

/** The simplest fraction (denominator <= maxDen, continued fractions) within tol of x, or null. */
export function recognise(x: number, maxDen = 4096, tol = 1e-13): Fraction | null {
  if (!Number.isFinite(x)) return null;
  let [h0, h1, k0, k1] = [0n, 1n, 1n, 0n];
  let r = Math.abs(x);
  for (let i = 0; i < 40; i++) {
    const a = BigInt(Math.floor(r));
    [h0, h1] = [h1, a * h1 + h0];
    [k0, k1] = [k1, a * k1 + k0];
    if (k1 > BigInt(maxDen)) return null;
    const approx = Number(h1) / Number(k1);
    if (Math.abs(approx - Math.abs(x)) <= tol * Math.max(1, Math.abs(x))) return fraction(x < 0 ? -h1 : h1, k1);
    const rest = r - Math.floor(r);
    if (rest < 1e-300) return null;
    r = 1 / rest;
  }
  return null;
}

/**
 * The rational vector a float64 direction rounds, when it is the same direction as the 64-digit
 * one the check confirms with (agreement to 1e-40); null otherwise.
 */
export function rationalDirection(x: number[], exact?: string[] | null): Fraction[] | null {
  const q = x.map((v) => recognise(v));
  if (q.some((v) => v === null)) return null;
  if (exact) {
    const c = preciseContext(64);
    for (let i = 0; i < x.length; i++) {
      const f = q[i]!;
      const gap = (c.math.bignumber(exact[i]) as Big).minus(c.math.bignumber((f.s * f.n).toString()).div(c.math.bignumber(f.d.toString())));
      if (gap.abs().gt(1e-40)) return null;
    }
  }
  return q as Fraction[];
}

/** Exact square root of a non-negative rational, or null when it is irrational. */
export function sqrtRational(x: Fraction): Fraction | null {
  if (x.s < 0n && x.n !== 0n) return null;
  const root = (n: bigint): bigint | null => {
    if (n < 2n) return n;
    let r = BigInt(Math.floor(Math.sqrt(Number(n))));
    while (r * r > n) r--;
    while ((r + 1n) * (r + 1n) <= n) r++;
    return r * r === n ? r : null;
  };
  const n = root(x.n);
  const d = root(x.d);
  return n === null || d === null ? null : fraction(n, d);
}

/** A value for the report: "3/4" exact, a shortened 64-digit decimal otherwise. */
export function show<T>(S: Scalar<T>, x: T): string {
  return S.show(x);
}
export const showVec = <T>(S: Scalar<T>, v: T[]): string => `[${v.map((x) => S.show(x)).join(', ')}]`;
export const showMat = <T>(S: Scalar<T>, m: T[][]): string => `[${m.map((r) => showVec(S, r)).join(', ')}]`;
export { showFraction, shortDecimal };

/**
 * A 64-digit value smaller than this is the rounding residue of an exact 0 (a 64-digit solve leaves
 * 1e-65..1e-63 on an exact tie; the derivation's quantities are of order one), shown as 0.
 */
export const NOISE_ZERO = 1e-50;
const RESIDUE_NOTE = '0 within 64-digit noise';

const isResidue = (x: Big) => !x.isZero() && x.abs().lt(NOISE_ZERO);

/**
 * How a derivation shows its values to a reader: exact ones as fractions (S.show), a 64-digit one to
 * 16 significant digits, except a residue of an exact 0, shown as 0 with a note. (A 64-digit value is
 * not recognised as a radical: w^T u = 0.70710678118654745... of a float64 unit w is not 1/√2.)
 */
export function readerShow<T>(S: Scalar<T>) {
  if (S.name !== 'digits64') return { scalar: (x: T) => S.show(x), vec: (v: T[]) => showVec(S, v), mat: (m: T[][]) => showMat(S, m) };
  const big = (x: T) => x as unknown as Big;
  const entry = (x: T) => (isResidue(big(x)) ? '0' : S.show(x));
  const note = (xs: T[]) => (xs.some((x) => isResidue(big(x))) ? ` (entries below ${NOISE_ZERO} in size: ${RESIDUE_NOTE})` : '');
  return {
    scalar: (x: T) => (isResidue(big(x)) ? `0 (${RESIDUE_NOTE})` : S.show(x)),
    vec: (v: T[]) => `[${v.map(entry).join(', ')}]${note(v)}`,
    mat: (m: T[][]) => `[${m.map((r) => `[${r.map(entry).join(', ')}]`).join(', ')}]${note(m.flat())}`,
  };
}
