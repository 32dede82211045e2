// J of a configuration under both readings: float64 with its gradient through src/autodiff, and at
// 64 digits through the precise engine's preciseObjectiveAt (the second implementation).
// Fixed-data: J_fd(theta; theta0) = -sum d0 pi0 A0 log pi_theta + lambda sum d0 pi0 err_theta, with
// (d0, pi0, A0) the rollouts of the base configuration theta0 (CLAIMS.md, the A2C batch).
import { Tensor, add, constant, eye, gatherRows, logSoftmax, matmul, mul, neg, node, pick, scale, softmax, solve, square, stopGrad, sub, sum, sumRows, transpose } from '../autodiff/index.ts';
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
  const slice = (start: number, rows: number, cols: number) => sliceOf(theta, start, rows, cols);
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
  const err = concatColumns(errCols);
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

// The parameter slices and column concatenations were once chains of gathers, transposes, one-hot
// matmuls and adds (about 4 nodes per row); these single nodes compute what those chains computed,
// operation for operation, so J and the gradient keep their bits (test/minimisers/objective-grad.test.ts
// keeps the chains as the reference). A one-hot product x * 1 is x, and x * 0 is +-0 for finite x
// (NaN otherwise), which the sums below keep as they were: an entry that is -0 reads as +0, and a
// non-finite entry turns the other entries of its row in the chain into NaN.

/** The term x * (k === c ? 1 : 0) of a one-hot matmul, as matmul formed it (a zero x adds nothing to +0). */
const oneHotTerm = (x: number, hot: boolean): number => (x === 0 ? 0 : 0 + x * (hot ? 1 : 0));

/** theta[start .. start + rows * cols) as a rows x cols matrix (row-major). */
function sliceOf(theta: Tensor, start: number, rows: number, cols: number): Tensor {
  const X = theta.data;
  const out = new Float64Array(rows * cols);
  for (let c = 0; c < rows; c++)
    for (let j = 0; j < cols; j++) {
      let acc = oneHotTerm(X[start + j], c === 0);
      for (let k = 1; k < rows; k++) acc = acc + oneHotTerm(X[start + k * cols + j], c === k);
      out[c * cols + j] = acc;
    }
  return node(out, rows, cols, [theta], 'slice', (o) => {
    const G = o.grad!, g = theta.g();
    for (let k = 0; k < rows; k++)
      for (let j = 0; j < cols; j++) {
        let s = 0;
        for (let c = 0; c < rows; c++) s += (0 + G[c * cols + j]) * (c === k ? 1 : 0);
        g[start + k * cols + j] += s;
      }
  });
}

/** Columns (each rows x 1) side by side: the chain's sum over k of parts[k] times the k-th one-hot row. */
function concatColumns(parts: Tensor[]): Tensor {
  const rows = parts[0].rows, n = parts.length;
  const out = new Float64Array(rows * n);
  for (let i = 0; i < rows; i++)
    for (let c = 0; c < n; c++) {
      let acc = oneHotTerm(parts[0].data[i], c === 0);
      for (let k = 1; k < n; k++) acc = acc + oneHotTerm(parts[k].data[i], c === k);
      out[i * n + c] = acc;
    }
  return node(out, rows, n, parts, 'concatColumns', (o) => {
    const G = o.grad!;
    parts.forEach((p, k) => {
      if (!p.requiresGrad) return;
      const g = p.g();
      for (let i = 0; i < rows; i++) {
        let s = 0;
        for (let c = 0; c < n; c++) s += (0 + G[i * n + c]) * (c === k ? 1 : 0);
        g[i] += s;
      }
    });
  });
}

function pickCol(pi: Tensor, a: number, S: number, A: number): Tensor {
  void A;
  return pick(pi, Array.from({ length: S }, (_, s) => s), new Array<number>(S).fill(a));
}
function qNext(mdp: Mdp, V: Tensor, S: number, A: number): Tensor {
  const cols = Array.from({ length: A }, (_, a) => matmul(constant(mdp.P.flatMap((row) => row[a]), S, S), V));
  return concatColumns(cols);
}
