// The objective of eq. (1) at 64 digits for ANY head or encoder class: it takes the codes and the
// logits of every state as given (the classes compute them), so it is the confirmation engine of
// every variant. A separate implementation from the float64 one (src/variants/engine.ts), and,
// for the paper's linear head, checked against src/precise in test/variants/engine.test.ts.
import { all, create, type MathJsInstance } from 'mathjs';
import type { Instance, WorldModel } from '../model/types.ts';
import { exactDecimalString } from '../precise/index.ts';
import { gaussSolve, transpose, type Field } from '../precise/linalg.ts';
import { assertPolicyTerminates } from '../precise/termination.ts';
import type { Big, ObjectiveReading, Precise } from './types.ts';

export const DIGITS = 64;

const math: MathJsInstance = create(all, { number: 'BigNumber', precision: DIGITS });
const zero = math.bignumber(0) as Big;
const one = math.bignumber(1) as Big;
const big = (x: number): Big => math.bignumber(exactDecimalString(x)) as Big;
// Pivots this far below the matrix's scale are rounding at 64 digits.
const tiny = math.bignumber(`1e-${DIGITS - 6}`) as Big;

const field: Field<Big> = {
  zero,
  one,
  add: (a, b) => a.plus(b),
  sub: (a, b) => a.minus(b),
  mul: (a, b) => a.times(b),
  div: (a, b) => a.div(b),
  cmpAbs: (a, b) => a.abs().cmp(b.abs()),
  negligible: (p, scale) => p.abs().lte(scale.abs().times(tiny)),
};

const dot = (x: readonly Big[], y: readonly Big[]): Big => x.reduce((s, v, i) => s.plus(v.times(y[i])), zero);

/** Modified Gram-Schmidt basis of the row space; rows dependent up to rounding are dropped. */
function rowBasis(rows: readonly (readonly Big[])[]): Big[][] {
  const basis: Big[][] = [];
  for (const row of rows) {
    let v = row.slice();
    const size = (math.sqrt(dot(v, v)) as Big);
    if (size.isZero()) continue;
    for (const q of basis) {
      const c = dot(q, v);
      v = v.map((x, j) => x.minus(c.times(q[j])));
    }
    const left = math.sqrt(dot(v, v)) as Big;
    if (left.lte(size.times(1e-50))) continue;
    basis.push(v.map((x) => x.div(left)));
  }
  return basis;
}

export const P: Precise = {
  digits: DIGITS,
  big,
  zero,
  one,
  tanh: (x) => math.tanh(x) as Big,
  sqrt: (x) => math.sqrt(x) as Big,
  vec: (x) => x.map(big),
  mat: (x) => x.map((r) => r.map(big)),
  dot,
  matVec: (M, x) => M.map((row) => dot(row, x)),
  projectToKernel(rows, v) {
    let w = v.slice();
    for (const q of rowBasis(rows)) {
      const c = dot(q, w);
      w = w.map((x, j) => x.minus(c.times(q[j])));
    }
    const size = math.sqrt(dot(w, w)) as Big;
    const before = math.sqrt(dot(v, v)) as Big;
    // A float64 vector that was meant to lie in the kernel keeps ~all of its length.
    if (size.lte(before.times(1e-6)) || size.isZero()) return null;
    return w.map((x) => x.div(size));
  },
};

export interface PreciseParts {
  S: number;
  A: number;
  d: number;
  Pnum: number[][][];
  P: Big[][][];
  R: Big[][];
  mu: Big[];
  gamma: Big;
  gammaIsOne: boolean;
  lambda: Big;
  predict: (z: Big[], a: number) => Big[];
}

export function preciseParts(instance: Instance): PreciseParts {
  const { mdp } = instance;
  const S = mdp.P.length;
  const A = mdp.P[0].length;
  const d = instance.encoder[0].length;
  return {
    S, A, d,
    Pnum: mdp.P,
    P: mdp.P.map((rows) => P.mat(rows)),
    R: P.mat(mdp.R),
    mu: P.vec(mdp.mu),
    gamma: big(mdp.gamma),
    gammaIsOne: mdp.gamma === 1,
    lambda: big(instance.lambda),
    predict: precisePredictor(instance.worldModel, A),
  };
}

export function precisePredictor(model: WorldModel, A: number): (z: Big[], a: number) => Big[] {
  if (model.kind === 'affine') {
    const M = model.M.map((m) => P.mat(m));
    const c = P.mat(model.c);
    return (z, a) => P.matVec(M[a], z).map((x, i) => x.plus(c[a][i]));
  }
  const layers = model.layers.map((l) => ({ W: P.mat(l.W), b: P.vec(l.b) }));
  return (z, a) => {
    let x: Big[] = [...z, ...Array.from({ length: A }, (_, i) => (i === a ? one : zero))];
    layers.forEach((l, i) => {
      x = P.matVec(l.W, x).map((v, j) => v.plus(l.b[j]));
      if (i < layers.length - 1) x = x.map(P.tanh);
    });
    return x;
  };
}

export interface PrecisePoint {
  pi: Big[][];
  logPi: Big[][];
  V: Big[];
  Q: Big[][];
  A: Big[][];
  d: Big[];
  /** err[s][a] = sum_s' P(s'|s,a) ||W_psi(z_s, a) - z_s'||^2. */
  err: Big[][];
  J_PG: Big;
}

/** Predictions keyed by the code row: unchanged rows are not recomputed (tanh at 64 digits is slow). */
export type PredictionCache = WeakMap<Big[], Big[][]>;

export function precisePoint(parts: PreciseParts, codes: Big[][], logits: Big[][], cache: PredictionCache = new WeakMap()): PrecisePoint {
  const { S, A, P: Pm, R, gamma } = parts;
  const pi: Big[][] = [];
  const logPi: Big[][] = [];
  for (const l of logits) {
    const mx = l.reduce((m, x) => (x.gt(m) ? x : m), l[0]);
    const e = l.map((x) => x.minus(mx).exp());
    const Z = e.reduce((s, x) => s.plus(x), zero);
    const lnZ = Z.ln();
    pi.push(e.map((x) => x.div(Z)));
    logPi.push(l.map((x) => x.minus(mx).minus(lnZ)));
  }
  if (parts.gammaIsOne) assertPolicyTerminates(parts.Pnum, () => true);
  const M: Big[][] = [];
  const rPi: Big[][] = [];
  for (let s = 0; s < S; s++) {
    const row: Big[] = [];
    for (let t = 0; t < S; t++) {
      let p = zero;
      for (let a = 0; a < A; a++) p = p.plus(pi[s][a].times(Pm[s][a][t]));
      row.push((s === t ? one : zero).minus(gamma.times(p)));
    }
    M.push(row);
    rPi.push([dot(pi[s], R[s])]);
  }
  const V = gaussSolve(field, M, rPi, 'I - gamma P_pi').map((r) => r[0]);
  const d = gaussSolve(field, transpose(M), parts.mu.map((x) => [x]), '(I - gamma P_pi)^T').map((r) => r[0]);
  const Q = R.map((row, s) => row.map((r, a) => r.plus(gamma.times(dot(Pm[s][a], V)))));
  const Adv = Q.map((row, s) => row.map((q) => q.minus(V[s])));
  const err = codes.map((z, s) => {
    let preds = cache.get(z);
    if (!preds) {
      preds = Array.from({ length: A }, (_, a) => parts.predict(z, a));
      cache.set(z, preds);
    }
    return Pm[s].map((ps, a) => {
      let e = zero;
      ps.forEach((p, t) => {
        if (p.isZero()) return;
        let sq = zero;
        preds![a].forEach((x, j) => {
          const diff = x.minus(codes[t][j]);
          sq = sq.plus(diff.times(diff));
        });
        e = e.plus(p.times(sq));
      });
      return e;
    });
  });
  return { pi, logPi, V, Q, A: Adv, d, err, J_PG: dot(parts.mu, V).neg() };
}

/** The two terms of eq. (1) at x under a reading; the fixed parts come from `base`. */
export function preciseObjective(parts: PreciseParts, base: PrecisePoint, x: PrecisePoint, reading: ObjectiveReading): { J_PG: Big; J_JEPA: Big } {
  let J_PG = x.J_PG;
  if (reading.pg === 'fixed-data') {
    let s = zero;
    base.d.forEach((ds, st) => base.pi[st].forEach((p, a) => (s = s.plus(ds.times(p).times(base.A[st][a]).times(x.logPi[st][a])))));
    J_PG = s.neg();
  }
  let j = zero;
  const uniform = one.div(parts.A);
  for (let s = 0; s < parts.S; s++)
    for (let a = 0; a < parts.A; a++) {
      const w = reading.jepa === 'on-policy' ? x.d[s].times(x.pi[s][a]) : reading.jepa === 'fixed-data' ? base.d[s].times(base.pi[s][a]) : uniform;
      j = j.plus(w.times(x.err[s][a]));
    }
  return { J_PG, J_JEPA: parts.lambda.times(j) };
}

