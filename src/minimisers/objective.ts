// J of a configuration under both readings: float64 with its gradient through src/autodiff, and at
// 64 digits through the precise engine's preciseObjectiveAt (the second implementation).
// Fixed-data: J_fd(theta; theta0) = -sum d0 pi0 A0 log pi_theta + lambda sum d0 pi0 err_theta, with
// (d0, pi0, A0) the rollouts of the base configuration theta0 (CLAIMS.md, the A2C batch).
import { Tensor, add, constant, eye, gatherRows, logSoftmax, matmul, mul, neg, pick, scale, softmax, solve, square, stopGrad, sub, sum, sumRows, transpose } from '../autodiff/tensor.ts';
import type { Mdp, Reading } from '../model/types.ts';
import { bigMdp, fixedData, preciseContext, preciseObjectiveAt, type Big, type PrecisePoint } from '../precise/evaluate.ts';
import type { Layout } from './config.ts';
import { unpack } from './config.ts';

export interface BaseData64 { d: Big[]; pi: Big[][]; A: Big[][] }

/** The 64-digit objective at a parameter vector (BigNumber); returns the point too, to serve as fixed data. */
export function objective64(mdp: Mdp, lambda: number, L: Layout, x: readonly Big[], reading: Reading, base?: BaseData64): { J: Big; point: PrecisePoint } {
  const c = preciseContext(64);
  const p = unpack(L, x);
  const model = {
    ...bigMdp(c, mdp),
    lambda: c.big(lambda),
    predict: (z: Big[], a: number) => p.M[a].map((row, i) => row.reduce((acc, m, j) => acc.plus(m.times(z[j])), p.c[a][i])),
  };
  const logits = p.E.map((z) => p.W.map((w, a) => w.reduce((acc, wj, j) => acc.plus(wj.times(z[j])), p.b[a])));
  const point = preciseObjectiveAt(64, model, p.E, logits);
  if (reading === 'on-policy' || !base) {
    if (reading === 'fixed-data' && !base) return { J: fixedDataJ(c, model.lambda, point, point), point };
    return { J: point.J_PG.plus(point.J_JEPA), point };
  }
  return { J: fixedDataJ(c, model.lambda, base, point), point };
}

/** J under the fixed-data reading: the 64-digit engine's own terms (precise/evaluate.ts). */
function fixedDataJ(c: ReturnType<typeof preciseContext>, lambda: Big, base: BaseData64, x: PrecisePoint): Big {
  const t = fixedData(c, lambda, base, x);
  return t.J_PG.plus(t.J_JEPA);
}

export const toBigVector = (x: readonly number[]): Big[] => {
  const c = preciseContext(64);
  return x.map((v) => c.big(v));
};

/**
 * float64 J and its gradient by reverse-mode autodiff. Fixed-data at theta0 = x itself: the weights
 * d0 pi0 and the advantages A0 are detached, so the gradient is that of J_fd(.; x) at x.
 */
export function objectiveGrad(mdp: Mdp, lambda: number, L: Layout, x: readonly number[], reading: Reading): { J: number; grad: Float64Array } {
  const { S, A, d } = L;
  const theta = new Tensor(Float64Array.from(x), 1, L.size, true);
  const slice = (start: number, rows: number, cols: number) => {
    const idx = Array.from({ length: rows * cols }, (_, i) => start + i);
    return reshape(gatherCols1(theta, idx), rows, cols);
  };
  const E = slice(L.E, S, d);
  const W = slice(L.W, A, d);
  const b = slice(L.b, 1, A);
  const logits = add(matmul(E, transpose(W)), b);
  const pi = softmax(logits);
  const logPi = logSoftmax(logits);
  // P_pi[s][t] = sum_a pi(s,a) P(s,a,t); r_pi[s] = sum_a pi(s,a) R(s,a)
  const Pa = Array.from({ length: A }, (_, a) => constant(mdp.P.flatMap((row) => row[a]), S, S));
  let Ppi: Tensor | null = null;
  for (let a = 0; a < A; a++) {
    const col = pickCol(pi, a, S, A);
    const term = mul(col, Pa[a]);
    Ppi = Ppi ? add(Ppi, term) : term;
  }
  const R = constant(mdp.R.flat(), S, A);
  const rpi = sumRows(mul(pi, R));
  const Mmat = sub(eye(S), scale(Ppi!, mdp.gamma));
  const V = solve(Mmat, rpi);
  const dvis = solve(transpose(Mmat), constant(mdp.mu, S, 1));
  const Q = add(R, scale(qNext(mdp, V, S, A), mdp.gamma));
  // err[s][a] = sum_t P(s,a,t) ||M_a E_s + c_a - E_t||^2
  const errCols: Tensor[] = [];
  for (let a = 0; a < A; a++) {
    const Ma = slice(L.M + a * d * d, d, d);
    const ca = slice(L.c + a * d, 1, d);
    const pred = add(matmul(E, transpose(Ma)), ca); // S x d
    const rows: number[] = [], targets: number[] = [], probs: number[] = [], owner: number[] = [];
    for (let s = 0; s < S; s++) for (let t = 0; t < S; t++) if (mdp.P[s][a][t] > 0) { rows.push(s); targets.push(t); probs.push(mdp.P[s][a][t]); owner.push(s); }
    if (rows.length === 0) { errCols.push(constant(new Float64Array(S), S, 1)); continue; }
    const diff = sub(gatherRows(pred, rows), gatherRows(E, targets));
    const per = mul(sumRows(square(diff)), constant(probs, probs.length, 1));
    const scatter = constant(Float64Array.from({ length: S * owner.length }, (_, i) => (owner[i % owner.length] === Math.floor(i / owner.length) ? 1 : 0)), S, owner.length);
    errCols.push(matmul(scatter, per));
  }
  const err = concatCols1(errCols, S);
  let J: Tensor;
  if (reading === 'on-policy') {
    const jPG = neg(sum(mul(constant(mdp.mu, S, 1), V)));
    const jJEPA = scale(sum(mul(mul(pi, err), dvis)), lambda);
    J = add(jPG, jJEPA);
  } else {
    const w = stopGrad(mul(pi, dvis));
    const adv = stopGrad(sub(Q, sumRows(mul(pi, Q))));
    const jPG = neg(sum(mul(mul(w, adv), logPi)));
    const jJEPA = scale(sum(mul(w, err)), lambda);
    J = add(jPG, jJEPA);
  }
  J.backward();
  return { J: J.item(), grad: theta.g().slice() };
}

// Small helpers over the tensor ops (kept here: the autodiff module has no reshape).
function gatherCols1(t: Tensor, idx: number[]): Tensor {
  return transpose(gatherRows(transpose(t), idx));
}
function reshape(t: Tensor, rows: number, cols: number): Tensor {
  // t is 1 x (rows*cols): row i is columns i*cols..; built from gathers so gradients flow.
  const parts = Array.from({ length: rows }, (_, i) => gatherRows(transpose(t), Array.from({ length: cols }, (_, j) => i * cols + j)));
  return transpose(concatCols1(parts, cols));
}
function concatCols1(parts: Tensor[], rows: number): Tensor {
  let out: Tensor | null = null;
  parts.forEach((p, k) => {
    const sel = constant(Float64Array.from({ length: parts.length }, (_, j) => (j === k ? 1 : 0)), 1, parts.length);
    const term = matmul(p, sel); // rows x parts.length, column k
    out = out ? add(out, term) : term;
  });
  void rows;
  return out!;
}
function pickCol(pi: Tensor, a: number, S: number, A: number): Tensor {
  void A;
  return pick(pi, Array.from({ length: S }, (_, s) => s), new Array<number>(S).fill(a));
}
function qNext(mdp: Mdp, V: Tensor, S: number, A: number): Tensor {
  const cols = Array.from({ length: A }, (_, a) => matmul(constant(mdp.P.flatMap((row) => row[a]), S, S), V));
  return concatCols1(cols, S);
}
