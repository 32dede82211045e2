// The objective of eq. (1) at high precision from per-state codes and logits: softmax, the policy's
// V, d (rdPolicy.ts on BigInt coefficients, or decimal.js), Q and A on read, the JEPA errors and J.
import type { Big, Ctx } from './context.ts';
import { dot, preciseContext, sparseDot } from './context.ts';
import type { BigMdp, Predictor } from './instance.ts';
import { gaussSolve, transpose } from './linalg.ts';
import { assertPolicyTerminates } from './termination.ts';
import { refinedSolve } from './refine.ts';
import { halfUp, rdOf, rdPolicySolves } from './rdPolicy.ts';
import * as R from './roundedDecimal.ts';
import type { Rd } from './roundedDecimal.ts';

/** Above this many states the solves refine a float64 LU instead of eliminating at full precision. */
export const ELIMINATION_MAX_STATES = 64;

/** Everything the objective needs besides the codes and the logits. */
export interface PreciseModel extends BigMdp {
  lambda: Big;
  predict: Predictor;
}

export interface PrecisePoint {
  pi: Big[][];
  logPi: Big[][];
  V: Big[];
  Q: Big[][];
  A: Big[][];
  d: Big[];
  /** err[s][a] = sum_s' P(s'|s,a) ||W_psi(z_s, a) - z_s'||^2, the JEPA integrand before weighting. */
  err: Big[][];
  J_PG: Big;
  /** On-policy: lambda sum_s d(s) sum_a pi(a|s) err[s][a]. */
  J_JEPA: Big;
}

/**
 * Predictions keyed by the code row object: a caller that keeps the row objects of unchanged
 * states (perturb() does) has only the moved state's predictions recomputed (the MLP's tanh
 * dominates the cost at high precision).
 */
export type PredictionCache = WeakMap<Big[], Big[][]>;

/**
 * ||prediction - z_t||^2 keyed by the prediction array, then by the code row: like PredictionCache,
 * valid while neither array is mutated, which holds for the rows this module builds (perturb() keeps
 * the unchanged rows' objects). A perturbation moves one code, so only its row and column of the
 * S x A x S squared errors are new; the rest are the base point's values, the same Big objects.
 */
export type SquareCache = WeakMap<Big[], WeakMap<Big[], Rd>>;

/**
 * What a caller needs of a point: values = false leaves out V, Q, A, d and J; jepa = false the JEPA
 * errors; advantages = false leaves out Q and A, and d unless J_JEPA needs it (a moved point's Delta).
 */
export interface Want { values?: boolean; jepa?: boolean; advantages?: boolean }

/**
 * The objective of eq. (1) from per-state codes z_s and logits l_s supplied by the caller (the
 * linear head l_s = W z_s + b is one way to compute them; src/variants supplies other heads'),
 * all in `digits`' BigNumber class.
 */
export function preciseObjectiveAt(digits: number, model: PreciseModel, codes: Big[][], logits: Big[][], cache: PredictionCache = new WeakMap(), squares?: SquareCache, want: Want = {}): PrecisePoint {
  const { values = true, jepa = true, advantages = true } = want;
  const c = preciseContext(digits);
  const { P, R, gamma } = model;
  const nS = P.length;
  const nA = logits[0].length;
  const logPi: Big[][] = [];
  const pi: Big[][] = [];
  for (const l of logits) {
    // Shifting by the max keeps every exp() <= 1, so large logits cannot overflow.
    const mx = l.reduce((m, x) => (x.gt(m) ? x : m), l[0]);
    const e = l.map((x) => c.exp(x.minus(mx)));
    const Z = e.reduce((s, x) => s.plus(x), c.zero);
    const lnZ = c.ln(Z);
    pi.push(e.map((x) => x.div(Z)));
    logPi.push(l.map((x) => x.minus(mx).minus(lnZ)));
  }
  // values = false: the caller needs only pi, logPi and err (the fixed-data reading's moved point),
  // so the solves, Q and A are left out; their fields are then empty.
  if (!values) return { pi, logPi, V: [], Q: [], A: [], d: [], err: errors(c, model, codes, nA, cache, squares), J_PG: c.zero, J_JEPA: c.zero };
  const nan = () => c.math.bignumber(NaN) as Big;
  if (model.gammaIsOne) assertPolicyTerminates(model.Pnum, () => true);
  const wantD = advantages || jepa;
  // Small systems (every search case): the same operations on BigInt coefficients (rdPolicy.ts), the
  // same digits; null (a zero among V, d or a non-finite number) takes the decimal.js route below.
  const fast = nS <= ELIMINATION_MAX_STATES ? rdPolicySolves(c.zero, c.digits, pi, P, R, model.mu, gamma, wantD) : null;
  const { V, d } = fast ?? decimalSolves(c, model, pi, wantD);
  // Q and A row by row on first read: a k1 confirmation reads one entry of each, and a row is the
  // same operations on the same V whenever it is computed.
  const Q = advantages ? rowsOnRead(nS, (s) => R[s].map((r, a) => r.plus(gamma.times(sparseDot(c, P[s][a], V))))) : [];
  const A = advantages ? rowsOnRead(nS, (s) => Q[s].map((q) => q.minus(V[s]))) : [];
  // jepa = false: only J_PG is wanted, and the JEPA errors (most of the cost) are left out; J_JEPA is NaN.
  const err = jepa ? errors(c, model, codes, nA, cache, squares) : [];
  const J_PG = dot(c, model.mu, V).neg();
  const J_JEPA = jepa ? jepaTerm(c, model.lambda, d, pi, err) : nan();
  return { pi, logPi, V, Q, A, d, err, J_PG, J_JEPA };
}

/** V and d of the policy pi in decimal.js: M = I - gamma P_pi built densely, then eliminated or (large systems) refined. */
function decimalSolves(c: Ctx, model: PreciseModel, pi: Big[][], wantD: boolean): { V: Big[]; d: Big[] } {
  const { P, R, gamma } = model;
  const nS = P.length;
  const nA = pi[0].length;
  // M = I - gamma P_pi; V solves M V = r_pi and d solves M^T d = mu.
  const M: Big[][] = [];
  const rPi: Big[][] = [];
  // Zero transition probabilities are skipped: adding a zero product leaves a BigNumber as it is,
  // so the sums are the same digits, and a sparse P (large instances) costs its nonzeros only.
  const pst: Big[] = new Array(nS);
  for (let s = 0; s < nS; s++) {
    pst.fill(c.zero);
    for (let a = 0; a < nA; a++) {
      const ps = P[s][a];
      for (let t = 0; t < nS; t++) if (!ps[t].isZero()) pst[t] = pst[t].plus(pi[s][a].times(ps[t]));
    }
    // No transition: the entry is exactly 1 or 0, shared rather than computed (a 1000-state system
    // would otherwise hold a million BigNumber zeros).
    M.push(pst.map((x, t) => (x === c.zero ? (s === t ? c.one : c.zero) : (s === t ? c.one : c.zero).minus(gamma.times(x)))));
    rPi.push([dot(c, pi[s], R[s])]);
  }
  // Large systems: iterative refinement (refine.ts), to the working precision though not digit for
  // digit elimination's; small ones (every search case) keep elimination.
  const large = nS > ELIMINATION_MAX_STATES;
  const V = (large ? refinedSolve(c, M, rPi.map((r) => r[0]), false) : null) ?? gaussSolve(c.field, M, rPi, 'I - gamma P_pi').map((r) => r[0]);
  // Left out, d, Q and A are empty; what is computed is the same digits either way.
  const d = !wantD ? [] : (large ? refinedSolve(c, M, model.mu, true) : null) ?? gaussSolve(c.field, transpose(M), model.mu.map((x) => [x]), '(I - gamma P_pi)^T').map((r) => r[0]);
  return { V, d };
}

/** An array of n rows, row s computed by row(s) when first read, then kept as a plain entry. */
function rowsOnRead<T>(n: number, row: (s: number) => T): T[] {
  const out = new Array<T>(n);
  for (let s = 0; s < n; s++) {
    Object.defineProperty(out, s, {
      configurable: true,
      enumerable: true,
      get: () => {
        const value = row(s);
        Object.defineProperty(out, s, { value, writable: true, configurable: true, enumerable: true });
        return value;
      },
    });
  }
  return out;
}

/** On-policy J_JEPA = lambda sum_s d(s) sum_a pi(a|s) err[s][a]. */
export const jepaTerm = (c: Ctx, lambda: Big, d: Big[], pi: Big[][], err: Big[][]): Big =>
  lambda.times(err.reduce((s, row, st) => s.plus(d[st].times(dot(c, pi[st], row))), c.zero));

/**
 * err[s][a] = sum_s' P(s'|s,a) ||W_psi(z_s, a) - z_s'||^2, each squared norm summed in j order
 * (cached or not, the same value), with decimal.js's operations replayed on BigInt coefficients
 * (roundedDecimal.ts, the same digits); a non-finite number takes errorsBig, decimal.js itself.
 */
export function errors(c: Ctx, model: PreciseModel, codes: Big[][], nA: number, cache: PredictionCache, squares: SquareCache | undefined): Big[][] {
  if (!halfUp(c.zero)) return errorsBig(c, model, codes, nA, cache);
  const p = c.digits;
  const Ctor = c.zero.constructor as unknown as new (x: string) => Big;
  const square = (pred: Big[], code: Big[]): Rd | null => {
    let row = squares?.get(pred);
    const hit = row?.get(code);
    if (hit) return hit;
    let sq = R.ZERO;
    for (let j = 0; j < pred.length; j++) {
      const x = rdOf(pred[j]);
      const y = rdOf(code[j]);
      if (!x || !y) return null;
      const diff = R.minus(x, y, p);
      sq = R.plus(sq, R.times(diff, diff, p), p);
    }
    if (squares) {
      if (!row) squares.set(pred, (row = new WeakMap()));
      row.set(code, sq);
    }
    return sq;
  };
  const out: Big[][] = [];
  for (let s = 0; s < codes.length; s++) {
    const z = codes[s];
    let preds = cache.get(z);
    if (!preds) {
      preds = Array.from({ length: nA }, (_, a) => model.predict(z, a));
      cache.set(z, preds);
    }
    const row: Big[] = [];
    for (let a = 0; a < model.P[s].length; a++) {
      const ps = model.P[s][a];
      let e = R.ZERO;
      for (let t = 0; t < ps.length; t++) {
        if (ps[t].isZero()) continue;
        const w = rdOf(ps[t]);
        const sq = square(preds[a], codes[t]);
        if (!w || !sq) return errorsBig(c, model, codes, nA, cache);
        e = R.plus(e, R.times(w, sq, p), p);
      }
      row.push(new Ctor(R.text(e)));
    }
    out.push(row);
  }
  return out;
}

/** errors() in decimal.js (non-finite predictions or codes). */
function errorsBig(c: Ctx, model: PreciseModel, codes: Big[][], nA: number, cache: PredictionCache): Big[][] {
  const square = (pred: Big[], code: Big[]): Big => {
    let sq = c.zero;
    pred.forEach((x, j) => {
      const diff = x.minus(code[j]);
      sq = sq.plus(diff.times(diff));
    });
    return sq;
  };
  return codes.map((z, s) => {
    let preds = cache.get(z);
    if (!preds) {
      preds = Array.from({ length: nA }, (_, a) => model.predict(z, a));
      cache.set(z, preds);
    }
    return model.P[s].map((ps, a) => {
      const pred = preds[a];
      let e = c.zero;
      ps.forEach((p, t) => {
        if (p.isZero()) return;
        e = e.plus(p.times(square(pred, codes[t])));
      });
      return e;
    });
  });
}
