// The world model's 64-digit predictions (instance.ts's bigPredictor) with decimal.js's operations
// replayed on BigInt coefficients (roundedDecimal.ts: each rounded half up at the same digits), the
// MLP's tanh included (context.ts's makeTanh, step for step at digits + 12): the same digits, without
// decimal.js's digit arrays. null where a number is not finite (the caller then takes decimal.js).
import type { BigNumber } from 'mathjs';
import * as R from './roundedDecimal.ts';
import type { Rd } from './roundedDecimal.ts';
import { halfUp, rdOf } from './rdPolicy.ts';

type Big = BigNumber;

const ONE = R.exact(1n, 0);
const TWO = R.exact(2n, 0);
const absRd = (x: Rd): Rd => (x.c < 0n ? R.neg(x) : x);

/** A JavaScript number as decimal.js reads it (its shortest round-trip text). */
function fromNumber(x: number): Rd {
  const [mant, exp = '0'] = String(x).split('e');
  const [int, frac = ''] = mant.split('.');
  return R.exact(BigInt(int + frac), Number(exp) - frac.length);
}

/** makeTanh (context.ts) at `digits`: its series and doublings at digits + 12, rounded to digits at the end. */
export function rdTanh(digits: number): (x: Rd) => Rd {
  const g = digits + 12;
  const tol = R.exact(1n, -(digits + 14));
  const saturate = fromNumber((digits * Math.LN10 + Math.LN2) / 2 + 1);
  return (x) => {
    if (x.n === 0) return x;
    const ax = absRd(x);
    if (R.cmp(ax, saturate) > 0) return x.c < 0n ? R.neg(ONE) : ONE;
    const y = R.times(ax, R.neg(TWO), g);
    const j = Math.max(0, Math.ceil(Math.log2(Math.abs(Number(R.text(y))))) + 8);
    // 2^j has a few digits: decimal.js's pow gives it exactly.
    const r = R.div(y, R.exact(1n << BigInt(j), 0), g);
    let term = r;
    let m = r;
    for (let n = 2; ; n++) {
      term = R.div(R.times(term, r, g), R.exact(BigInt(n), 0), g);
      m = R.plus(m, term, g);
      if (R.cmp(absRd(term), R.times(tol, absRd(m), g)) <= 0) break;
    }
    for (let i = 0; i < j; i++) m = R.times(m, R.plus(m, TWO, g), g);
    const t = R.div(R.neg(m), R.plus(m, TWO, g), g);
    return R.round(x.c < 0n ? R.neg(t) : t, digits);
  };
}

/** dot(row, x) as evaluate.ts sums it (from 0, in index order). */
function dot(row: Rd[], x: Rd[], p: number): Rd {
  let s = R.ZERO;
  for (let i = 0; i < row.length; i++) s = R.plus(s, R.times(row[i], x[i], p), p);
  return s;
}

/** x . y as evaluate.ts's dot sums it (from 0, in index order) at `digits`, or null (a non-finite number). */
export function rdDotBig(zero: Big, digits: number, x: Big[], y: Big[]): Big | null {
  if (!halfUp(zero)) return null;
  const a = rdAll(x);
  const b = rdAll(y);
  if (!a || !b) return null;
  return new (zero.constructor as unknown as new (x: string) => Big)(R.text(dot(a, b, digits)));
}

const rdAll = (xs: Big[]): Rd[] | null => {
  const out: Rd[] = [];
  for (const x of xs) {
    const v = rdOf(x);
    if (!v) return null;
    out.push(v);
  }
  return out;
};

export type BigWorldModelLike = { kind: 'affine'; M: Big[][][]; c: Big[][] } | { kind: 'mlp'; layers: { W: Big[][]; b: Big[] }[] };

/** W_psi(z, a) as bigPredictor computes it with the engine's own tanh, or null (a non-finite number). */
export function rdPredict(zero: Big, digits: number, wm: BigWorldModelLike, nA: number, tanh: (x: Rd) => Rd, z: Big[], a: number): Big[] | null {
  if (!halfUp(zero)) return null;
  const Ctor = zero.constructor as unknown as new (x: string) => Big;
  const out = (h: Rd[]) => h.map((x) => new Ctor(R.text(x)));
  let h = rdAll(z);
  if (!h) return null;
  if (wm.kind === 'affine') {
    const y: Rd[] = [];
    for (let i = 0; i < wm.M[a].length; i++) {
      const row = rdAll(wm.M[a][i]);
      const ci = rdOf(wm.c[a][i]);
      if (!row || !ci) return null;
      y.push(R.plus(dot(row, h, digits), ci, digits));
    }
    return out(y);
  }
  h = [...h, ...Array.from({ length: nA }, (_, i) => (i === a ? ONE : R.ZERO))];
  for (let li = 0; li < wm.layers.length; li++) {
    const l = wm.layers[li];
    const next: Rd[] = [];
    for (let j = 0; j < l.W.length; j++) {
      const row = rdAll(l.W[j]);
      const bj = rdOf(l.b[j]);
      if (!row || !bj) return null;
      const v = R.plus(dot(row, h, digits), bj, digits);
      next.push(li < wm.layers.length - 1 ? tanh(v) : v);
    }
    h = next;
  }
  return out(h);
}
