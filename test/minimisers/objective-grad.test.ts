// objectiveGrad's single-node slices and column concatenations against the chains of gathers,
// transposes, one-hot matmuls and adds they replace (kept below as the reference, verbatim): J and
// every gradient entry bit for bit (Object.is), on the §7 generator's MDPs with parameter vectors
// that include -0, 0, huge, tiny, infinite and NaN entries, both readings.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Tensor, add, constant, eye, gatherRows, logSoftmax, matmul, mul, neg, pick, scale, softmax, solve, square, stopGrad, sub, sum, sumRows, transpose } from '../../src/autodiff/index.ts';
import type { Mdp, Reading } from '../../src/model/types.ts';
import { layout, type Layout } from '../../src/minimisers/config.ts';
import { minCaseArbitrary } from '../../src/minimisers/cases.ts';
import { objectiveGrad } from '../../src/minimisers/objective.ts';

const entry = fc.oneof(
  { weight: 12, arbitrary: fc.double({ min: -3, max: 3, noNaN: true }) },
  { weight: 2, arbitrary: fc.constantFrom(0, -0, 1, -1) },
  { weight: 1, arbitrary: fc.constantFrom(1e300, -1e300, 1e-300, Infinity, -Infinity, NaN) },
);

describe('objectiveGrad', () => {
  it('equals the gather / one-hot matmul chains bit for bit', () => {
    let compared = 0, special = 0;
    fc.assert(fc.property(minCaseArbitrary(4, 3), fc.integer({ min: 1, max: 4 }), fc.array(entry, { minLength: 200, maxLength: 200 }), fc.constantFrom<Reading>('on-policy', 'fixed-data'), fc.boolean(), (c, d, pool, reading, clean) => {
      const L = layout(c.mdp.P.length, c.mdp.P[0].length, d);
      const x = Array.from({ length: L.size }, (_, i) => pool[i % pool.length]).map((v) => (clean && !Number.isFinite(v) ? 0.5 : v));
      if (x.some((v) => !Number.isFinite(v))) special++;
      const run = (f: typeof objectiveGrad) => { try { return f(c.mdp, c.lambda, L, x, reading); } catch (e) { return String(e); } };
      const fast = run(objectiveGrad), slow = run(referenceObjectiveGrad);
      if (typeof slow === 'string' || typeof fast === 'string') { expect(fast).toEqual(slow); return; }
      compared++;
      expect(Object.is(fast.J, slow.J)).toBe(true);
      expect(fast.grad.length).toBe(slow.grad.length);
      for (let i = 0; i < slow.grad.length; i++) if (!Object.is(fast.grad[i], slow.grad[i])) expect([i, fast.grad[i]]).toEqual([i, slow.grad[i]]);
    }), { numRuns: 300, seed: 5 });
    expect(compared).toBeGreaterThan(250);
    expect(special).toBeGreaterThan(30);
  });
});

// ---- the former implementation (src/minimisers/objective.ts before the single-node ops) ----
function referenceObjectiveGrad(mdp: Mdp, lambda: number, L: Layout, x: readonly number[], reading: Reading): { J: number; grad: Float64Array } {
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
