// The high-precision engine: the exact objective of eq. (1) recomputed in mathjs BigNumber
// (decimal.js) at a chosen number of significant digits. It is deliberately a separate
// algorithm from the float64 engine (its own solver, its own softmax, no shared code) so that
// agreement between the two is evidence, and it is what confirms every reported refutation.
//
// Inputs are read as the exact rationals their doubles denote (exact.ts); a perturbed instance
// is built in BigNumber from those exact values, so E + eps u and W + k e_a r^T are the
// mathematical perturbation rounded at the working precision, not the float64 one.

import { create, all, type BigNumber, type MathJsInstance } from 'mathjs';
import type { Instance, Mdp, Perturbation, Reading, WorldModel } from '../model/types.ts';
import { exactDecimalString } from './exact.ts';
import { gaussSolve, transpose, type Field } from './linalg.ts';
import { assertPolicyTerminates } from './termination.ts';
import { refinedSolve } from './refine.ts';
import { contentKey } from '../engine/contentMemo.ts';
import { clearValueMemos, memoBig, memoByCode, memoByText, memoByValue, reprOf } from './memo.ts';
import { cmpAbs } from './decimalParts.ts';
import { fastExp } from './fastExp.ts';
import { fastLn } from './fastLn.ts';
import { rdPolicySolves } from './rdPolicy.ts';

export type Big = BigNumber;

/** One precision's arithmetic: its own mathjs instance (and so its own decimal.js class). */
export interface PreciseContext {
  math: MathJsInstance;
  digits: number;
  zero: Big;
  one: Big;
  big(x: number): Big;
  field: Field<Big>;
  tanh(x: Big): Big;
  /** x.exp() and x.ln() (fastExp.ts, fastLn.ts: decimal.js's algorithms on BigInts), remembered by value (memoByValue): the same digits, computed once. */
  exp(x: Big): Big;
  ln(x: Big): Big;
  /** math.bignumber(x) of a decimal string, remembered (the exact value, not rounded). */
  parse(x: string): Big;
}
type Ctx = PreciseContext;

/** The decimal.js constructor behind a mathjs instance (not in mathjs's typings). */
interface BigCtor {
  new (x: Big | string | number): Big;
  clone(config: { precision: number }): BigCtor;
}

/**
 * tanh at `digits` significant digits. decimal.js's own tanh is correct but costs several
 * times more, and the MLP world model needs |S| |A| * width of them per evaluation, which made
 * it dominate. Here: tanh|x| = -m / (2 + m) with m = expm1(-2|x|) in (-1, 0], so neither the
 * numerator nor the denominator cancels; expm1(y) is a Taylor series at r = y / 2^j (|r| <= 2^-8)
 * followed by j doublings expm1(2r) = expm1(r) (expm1(r) + 2), again free of cancellation.
 * Everything runs with 12 guard digits, so the j + ~25 roundings stay far below the last
 * digit; the test compares with decimal.js tanh at 120 digits.
 */
function makeTanh(Big: BigCtor, digits: number): (x: Big) => Big {
  const G = Big.clone({ precision: digits + 12 });
  const tol = new G(`1e-${digits + 14}`);
  const two = new G(2);
  // Beyond this, 1 - tanh|x| < 2 exp(-2|x|) < 10^-digits: +-1 is correct to the working precision.
  const saturate = new G((digits * Math.LN10 + Math.LN2) / 2 + 1);
  return (x) => {
    if (x.isZero()) return x;
    const ax = new G(x.abs());
    if (ax.gt(saturate)) return new Big(x.isNeg() ? -1 : 1);
    const y = ax.times(-2);
    const j = Math.max(0, Math.ceil(Math.log2(y.abs().toNumber())) + 8);
    const r = y.div(two.pow(j));
    let term = r;
    let m = r;
    for (let n = 2; ; n++) {
      term = term.times(r).div(n);
      m = m.plus(term);
      if (term.abs().lte(tol.times(m.abs()))) break;
    }
    for (let i = 0; i < j; i++) m = m.times(m.plus(2));
    const t = m.neg().div(m.plus(2));
    // The constructor does not round; plus(0) rounds to the working precision.
    return new Big(x.isNeg() ? t.neg() : t).plus(0);
  };
}

const contexts = new Map<number, Ctx>();

/** One mathjs instance per precision; each has its own decimal.js class, so precisions never mix. */
export function preciseContext(digits: number): PreciseContext {
  if (!Number.isInteger(digits) || digits < 20 || digits > 1000) {
    throw new Error(`digits must be an integer in [20, 1000], got ${digits}`);
  }
  const cached = contexts.get(digits);
  if (cached) return cached;
  const math = create(all, { number: 'BigNumber', precision: digits });
  const zero = math.bignumber(0);
  const one = math.bignumber(1);
  // A pivot this small relative to the matrix is at the level of accumulated rounding: treat as 0.
  const tiny = math.bignumber(`1e-${digits - 6}`);
  const field: Field<Big> = {
    zero,
    one,
    add: (a, b) => a.plus(b),
    sub: (a, b) => a.minus(b),
    mul: (a, b) => a.times(b),
    div: (a, b) => a.div(b),
    cmpAbs,
    negligible: (p, scale) => p.abs().lte(scale.abs().times(tiny)),
  };
  // The constructor of decimal.js does not round, so the full exact expansion survives.
  const Big = (math as unknown as { BigNumber: BigCtor }).BigNumber;
  const ctx: Ctx = { math, digits, zero, one, big: memoBig((x) => math.bignumber(exactDecimalString(x)) as Big), field, tanh: makeTanh(Big, digits), exp: memoByValue(fastExp), ln: memoByValue(fastLn), parse: memoByText((x) => math.bignumber(x) as Big) };
  contexts.set(digits, ctx);
  return ctx;
}

// ---------------------------------------------------------------- minimal shape validation

function need(cond: boolean, msg: string): void {
  if (!cond) throw new Error(msg);
}
const isVec = (v: unknown, n: number): v is number[] =>
  Array.isArray(v) && v.length === n && v.every((x) => typeof x === 'number' && Number.isFinite(x));
const isMat = (m: unknown, r: number, c: number): m is number[][] => Array.isArray(m) && m.length === r && m.every((row) => isVec(row, c));

function shapes(inst: Instance): { nS: number; nA: number; d: number } {
  const { mdp } = inst;
  const nS = mdp?.P?.length ?? 0;
  const nA = inst.head?.W?.length ?? 0;
  const d = inst.encoder?.[0]?.length ?? 0;
  need(nS > 0 && nA > 0 && d > 0, 'instance: need at least one state, one action (head.W rows) and d >= 1');
  need(mdp.P.every((row) => isMat(row, nA, nS)), `mdp.P: must be ${nS} x ${nA} x ${nS} finite numbers`);
  need(mdp.P.every((row) => row.every((p) => p.every((v) => v >= 0))), 'mdp.P: entries must be >= 0');
  need(isMat(mdp.R, nS, nA), `mdp.R: must be ${nS} x ${nA}`);
  need(isVec(mdp.mu, nS), `mdp.mu: must have length ${nS}`);
  need(typeof mdp.gamma === 'number' && mdp.gamma > 0 && mdp.gamma <= 1, 'mdp.gamma: must be in (0, 1]');
  need(isMat(inst.encoder, nS, d), `encoder: must be ${nS} x ${d}`);
  need(isMat(inst.head.W, nA, d), `head.W: must be ${nA} x ${d}`);
  need(isVec(inst.head.b, nA), `head.b: must have length ${nA}`);
  need(typeof inst.lambda === 'number' && Number.isFinite(inst.lambda), 'lambda: must be a finite number');
  const wm = inst.worldModel;
  if (wm?.kind === 'affine') {
    need(Array.isArray(wm.M) && wm.M.length === nA && wm.M.every((m) => isMat(m, d, d)), `worldModel.M: must be ${nA} x ${d} x ${d}`);
    need(isMat(wm.c, nA, d), `worldModel.c: must be ${nA} x ${d}`);
  } else if (wm?.kind === 'mlp') {
    need(Array.isArray(wm.layers) && wm.layers.length > 0, 'worldModel.layers: need at least one layer');
    let width = d + nA;
    wm.layers.forEach((l, i) => {
      const out = l.W?.length ?? 0;
      need(out > 0 && isMat(l.W, out, width) && isVec(l.b, out), `worldModel.layers[${i}]: W must be out x ${width}, b length out`);
      width = out;
    });
    need(width === d, `worldModel.layers: the last layer must output d = ${d}`);
  } else {
    need(false, "worldModel.kind: must be 'affine' or 'mlp'");
  }
  return { nS, nA, d };
}

function checkPerturbation(p: Perturbation, nS: number, nA: number, d: number): void {
  need(Number.isInteger(p?.state) && p.state >= 0 && p.state < nS, `perturbation.state: must be an integer in [0, ${nS})`);
  need(Number.isInteger(p.action) && p.action >= 0 && p.action < nA, `perturbation.action: must be an integer in [0, ${nA})`);
  need(isVec(p.u, d), `perturbation.u: must have length ${d}`);
  need(isVec(p.r, d), `perturbation.r: must have length ${d}`);
  need(Number.isFinite(p.k) && Number.isFinite(p.eps), 'perturbation.k, perturbation.eps: must be finite');
}

// ---------------------------------------------------------------- the instance in BigNumber

export type BigWorldModel = { kind: 'affine'; M: Big[][][]; c: Big[][] } | { kind: 'mlp'; layers: { W: Big[][]; b: Big[] }[] };

/** The MDP of an instance in BigNumber (the exact values of its doubles, rounded at the working precision). */
export interface BigMdp {
  /** Kept as doubles too: the gamma = 1 termination check is structural and exact on them. */
  Pnum: number[][][];
  P: Big[][][];
  R: Big[][];
  mu: Big[];
  gamma: Big;
  gammaIsOne: boolean;
}

export function bigMdp(c: Ctx, mdp: Mdp): BigMdp {
  const m = (x: number[][]) => x.map((row) => row.map(c.big));
  return { Pnum: mdp.P, P: mdp.P.map(m), R: m(mdp.R), mu: mdp.mu.map(c.big), gamma: c.big(mdp.gamma), gammaIsOne: mdp.gamma === 1 };
}

export function bigWorldModel(c: Ctx, wm: WorldModel): BigWorldModel {
  const m = (x: number[][]) => x.map((row) => row.map(c.big));
  return wm.kind === 'affine' ? { kind: 'affine', M: wm.M.map(m), c: m(wm.c) } : { kind: 'mlp', layers: wm.layers.map((l) => ({ W: m(l.W), b: l.b.map(c.big) })) };
}

interface BigInstance extends BigMdp {
  nS: number;
  nA: number;
  d: number;
  E: Big[][];
  W: Big[][];
  b: Big[];
  lambda: Big;
  predict: Predictor;
  /** Shared by an instance and its perturbations (perturb() keeps them): see headDot, perturb. */
  dots: WeakMap<Big[], WeakMap<Big[], Big>>;
  tweakedRows: Map<string, Big[]>;
}

function toBig(c: Ctx, inst: Instance): BigInstance {
  const { nS, nA, d } = shapes(inst);
  const v = (x: number[]) => x.map(c.big);
  const m = (x: number[][]) => x.map(v);
  return {
    nS,
    nA,
    d,
    ...bigMdp(c, inst.mdp),
    E: m(inst.encoder),
    W: m(inst.head.W),
    b: v(inst.head.b),
    lambda: c.big(inst.lambda),
    predict: lazyPredictor(() => bigPredictor(c, bigWorldModel(c, inst.worldModel), nA)),
    dots: new WeakMap(),
    tweakedRows: new Map(),
  };
}

const TWEAKED_ROWS = 64;

/** The world model converted on its first prediction: a J_PG-only evaluation never asks for one. */
function lazyPredictor(build: () => Predictor): Predictor {
  let predict: Predictor | undefined;
  return (z, a) => (predict ??= build())(z, a);
}

function perturb(c: Ctx, bi: BigInstance, p: Perturbation): BigInstance {
  checkPerturbation(p, bi.nS, bi.nA, bi.d);
  const eps = c.big(p.eps);
  const k = c.big(p.k);
  // uExact / rExact (decimal strings) carry directions that are exact to 64 digits, where the
  // float64 u and r satisfy the construction's constraints only to ~1e-16.
  const u = p.uExact ? p.uExact.map(c.parse) : p.u.map((x) => c.big(x));
  const r = p.rExact ? p.rExact.map(c.parse) : p.r.map((x) => c.big(x));
  const moved = sameOr(bi.E[p.state], bi.E[p.state].map((x, j) => x.plus(eps.times(u[j]))));
  const E = bi.E.map((row, s) => (s === p.state ? moved : row));
  // The head row W_a + k r does not depend on eps: the perturbations of one confirmation (eps and 0,
  // two eps) get the same row object, so headDot serves every logit but the moved state's.
  const key = `${p.action}/${reprOf(k)}/${r.map(reprOf).join('|')}`;
  let tweaked = bi.tweakedRows.get(key);
  if (tweaked === undefined) {
    if (bi.tweakedRows.size >= TWEAKED_ROWS) bi.tweakedRows.clear();
    bi.tweakedRows.set(key, (tweaked = sameOr(bi.W[p.action], bi.W[p.action].map((x, j) => x.plus(k.times(r[j]))))));
  }
  const W = bi.W.map((row, a) => (a === p.action ? tweaked : row));
  return { ...bi, E, W };
}

/**
 * The unperturbed row object when the perturbed row holds the same numbers (eps = 0 or k = 0, and
 * entries whose exact decimals fit the working digits, so rounding them changed nothing): the
 * caches keyed by row objects (headDot, predictions, squared errors) then serve the base point's values.
 */
function sameOr(row: Big[], next: Big[]): Big[] {
  for (let j = 0; j < row.length; j++) if (reprOf(row[j]) !== reprOf(next[j])) return next;
  return row;
}

// ---------------------------------------------------------------- evaluation

const dot = (c: Ctx, x: Big[], y: Big[]): Big => x.reduce((s, xi, i) => s.plus(xi.times(y[i])), c.zero);
/** dot() with x's zeros skipped (the same digits: a zero product added changes nothing). */
const sparseDot = (c: Ctx, x: Big[], y: Big[]): Big => x.reduce((s, xi, i) => (xi.isZero() ? s : s.plus(xi.times(y[i]))), c.zero);

/** Above this many states the solves refine a float64 LU instead of eliminating at full precision. */
export const ELIMINATION_MAX_STATES = 64;
const matVec = (c: Ctx, M: Big[][], x: Big[]): Big[] => M.map((row) => dot(c, row, x));

/** W_psi(z, a) in BigNumber; `tanh` defaults to this engine's own (the MLP's hidden layers). */
export type Predictor = (z: Big[], a: number) => Big[];

export function bigPredictor(c: Ctx, wm: BigWorldModel, nA: number, tanh: (x: Big) => Big = c.tanh): Predictor {
  if (wm.kind === 'affine') return memoByCode((z, a) => matVec(c, wm.M[a], z).map((x, i) => x.plus(wm.c[a][i])));
  return memoByCode((z, a) => {
    let h: Big[] = [...z, ...Array.from({ length: nA }, (_, i) => (i === a ? c.one : c.zero))];
    wm.layers.forEach((l, i) => {
      h = matVec(c, l.W, h).map((x, j) => x.plus(l.b[j]));
      if (i < wm.layers.length - 1) h = h.map(tanh);
    });
    return h;
  });
}

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
export type SquareCache = WeakMap<Big[], WeakMap<Big[], Big>>;

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
const jepaTerm = (c: Ctx, lambda: Big, d: Big[], pi: Big[][], err: Big[][]): Big =>
  lambda.times(err.reduce((s, row, st) => s.plus(d[st].times(dot(c, pi[st], row))), c.zero));

/** err[s][a] = sum_s' P(s'|s,a) ||W_psi(z_s, a) - z_s'||^2, each squared norm summed in j order (cached or not, the same value). */
function errors(c: Ctx, model: PreciseModel, codes: Big[][], nA: number, cache: PredictionCache, squares: SquareCache | undefined): Big[][] {
  const square = (pred: Big[], code: Big[]): Big => {
    let row = squares?.get(pred);
    const hit = row?.get(code);
    if (hit) return hit;
    let sq = c.zero;
    pred.forEach((x, j) => {
      const diff = x.minus(code[j]);
      sq = sq.plus(diff.times(diff));
    });
    if (squares) {
      if (!row) squares.set(pred, (row = new WeakMap()));
      row.set(code, sq);
    }
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

/**
 * dot(W_a, z_s), remembered per pair of row objects (rows are never mutated; perturb() keeps the
 * unchanged ones): a perturbation moves one code and one head row, so the other products are the
 * base point's, and the moved points of one confirmation share all but the moved code's.
 */
function headDot(c: Ctx, bi: BigInstance, row: Big[], z: Big[]): Big {
  let byCode = bi.dots.get(row);
  if (!byCode) bi.dots.set(row, (byCode = new WeakMap()));
  let x = byCode.get(z);
  if (x === undefined) byCode.set(z, (x = dot(c, row, z)));
  return x;
}

/** The linear head of §4.1: l_s = W z_s + b. */
function evaluateBig(c: Ctx, bi: BigInstance, cache: PredictionCache = new WeakMap(), squares?: SquareCache, want: Want = {}): PrecisePoint {
  const logits = bi.E.map((z) => bi.W.map((row, a) => headDot(c, bi, row, z).plus(bi.b[a])));
  return preciseObjectiveAt(c.digits, bi, bi.E, logits, cache, squares, want);
}

/** An instance at one precision with its evaluation, and the caches a perturbation of it reuses. */
interface BaseEntry {
  bi: BigInstance;
  predictions: PredictionCache;
  squares: SquareCache | undefined;
  /** The base point with its JEPA errors (full), or without them (pg), whichever was asked for first. */
  full?: PrecisePoint;
  pg?: PrecisePoint;
  /** Moved points by perturbation and what was wanted: a confirmation asks for Delta(0) once per eps. */
  moved: Map<string, PrecisePoint>;
}

const MOVED_PER_BASE = 8;
/** A double as text for a key: String() is its shortest round-trip form, with -0 kept apart from 0. */
const num = (x: number): string => (Object.is(x, -0) ? '-0' : String(x));

function basePointOf(c: Ctx, entry: BaseEntry, jepa: boolean): PrecisePoint {
  if (entry.full) return entry.full;
  if (!jepa && entry.pg) return entry.pg;
  if (entry.pg) {
    // The J_PG point is there: its pi, V, Q, A, d are what a full evaluation computes again (the same
    // operations on the same numbers), so only the JEPA errors and J_JEPA are added.
    const { bi, pg } = entry;
    const err = errors(c, bi, bi.E, bi.nA, entry.predictions, entry.squares);
    return (entry.full = { ...pg, err, J_JEPA: jepaTerm(c, bi.lambda, pg.d, pg.pi, err) });
  }
  const point = evaluateBig(c, entry.bi, entry.predictions, entry.squares, { jepa });
  if (jepa) entry.full = point;
  else entry.pg = point;
  return point;
}

function movedPointOf(c: Ctx, entry: BaseEntry, p: Perturbation, want: { values: boolean; jepa: boolean }, reuse: boolean): PrecisePoint {
  const key = reuse ? `${p.state}|${p.action}|${num(p.k)}|${num(p.eps)}|${p.u.map(num)}|${p.r.map(num)}|${p.uExact ?? '~'}|${p.rExact ?? '~'}` : null;
  // A point computed with more than is wanted serves too: its shared fields are the same values.
  const stronger = [want, { ...want, values: true }, { ...want, jepa: true }, { values: true, jepa: true }];
  for (const w of stronger) {
    const hit = key === null ? undefined : entry.moved.get(`${w.values}${w.jepa}${key}`);
    if (hit) return hit;
  }
  // Moved points are read for J, pi, V and the JEPA errors (preciseDelta, preciseLocalShift), never
  // for Q and A, so every one is computed without them (and without d when J_JEPA is not wanted).
  const point = evaluateBig(c, perturb(c, entry.bi, p), entry.predictions, entry.squares, { ...want, advantages: false });
  if (key !== null) {
    entry.moved.set(`${want.values}${want.jepa}${key}`, point);
    if (entry.moved.size > MOVED_PER_BASE) entry.moved.delete(entry.moved.keys().next().value!);
  }
  return point;
}

// A confirmation evaluates the same instance many times (Delta at eps and at 0, at two eps, under
// two readings, then the predictions and the hypotheses): its base point is kept, keyed by content
// (never by object identity, so an instance changed in place cannot be served a stale value; -0 is
// kept apart from 0 since the two convert to different BigNumbers). Small instances by their exact
// content (contentKey);
// a large one by a 64-bit hash of its content, since its text would be tens of megabytes.
const BASE_CACHE_SIZE = 8;

/**
 * A large instance's key: two independent 32-bit hashes of every number's bits and every string, in
 * order (64 bits: a collision among the few instances a process holds has probability ~1e-18),
 * since its JSON text would be tens of megabytes.
 */
function contentHash(x: unknown): string {
  const view = new DataView(new ArrayBuffer(8));
  let h1 = 0x811c9dc5, h2 = 0x9747b28c, count = 0;
  const mix = (word: number) => {
    h1 = Math.imul(h1 ^ word, 0x01000193);
    h2 = Math.imul(h2 ^ Math.imul(word, 0xcc9e2d51), 0x1b873593) ^ (h2 >>> 15);
    count++;
  };
  const walk = (v: unknown): void => {
    if (typeof v === 'number') {
      view.setFloat64(0, v);
      mix(view.getUint32(0));
      mix(view.getUint32(4));
    } else if (typeof v === 'string') {
      mix(0x5a5a5a5a ^ v.length);
      for (let i = 0; i < v.length; i++) mix(v.charCodeAt(i));
    } else if (Array.isArray(v)) {
      mix(0x3c3c3c3c ^ v.length);
      for (const e of v) walk(e);
    } else if (v !== null && typeof v === 'object') {
      for (const k of Object.keys(v).sort()) { walk(k); walk((v as Record<string, unknown>)[k]); }
    } else mix(v === null ? 0x11111111 : v === undefined ? 0x22222222 : v ? 0x33333333 : 0x44444444);
  };
  walk(x);
  return `${(h1 >>> 0).toString(16)}${(h2 >>> 0).toString(16)}:${count}`;
}
const BASE_CACHE_MAX_STATES = 64;
/** A small instance's key: its exact content (every double's bits; contentMemo.ts), or null when it has content no key describes. */
const contentSmallKey = (digits: number, instance: Instance): string | null => {
  const key = contentKey(instance);
  return key === null ? null : `${digits}:${key}`;
};
const bases = new Map<string, BaseEntry>();

/** Empties the base-point cache (tests compare cold and warm evaluations). */
export function clearPreciseCache(): void {
  bases.clear();
  clearValueMemos();
}

/** JEPA_VERIFY_KERNEL=off turns the reuse off too, so a whole run can be compared with and without it. */
const reuse = () => (globalThis.process?.env?.JEPA_VERIFY_KERNEL ?? '').toLowerCase() !== 'off';

function baseEntry(c: Ctx, instance: Instance): BaseEntry {
  const on = reuse();
  const small = (instance?.mdp?.P?.length ?? Infinity) <= BASE_CACHE_MAX_STATES;
  const key = !on ? null : small ? contentSmallKey(c.digits, instance) : `${c.digits}#${contentHash(instance)}`;
  const hit = key === null ? undefined : bases.get(key);
  if (hit) {
    bases.delete(key!);
    bases.set(key!, hit);
    return hit;
  }
  const bi = toBig(c, instance);
  const predictions: PredictionCache = new WeakMap();
  const squares: SquareCache | undefined = on ? new WeakMap() : undefined;
  const entry: BaseEntry = { bi, predictions, squares, moved: new Map() };
  if (key !== null) {
    bases.set(key, entry);
    if (bases.size > BASE_CACHE_SIZE) bases.delete(bases.keys().next().value!);
  }
  return entry;
}

/** The eq. (1) terms of `x` with d0, pi0, A0 of the unperturbed evaluation `base` held fixed (the fixed-data reading). */
export function fixedData(c: Pick<Ctx, 'zero' | 'math'>, lambda: Big, base: Pick<PrecisePoint, 'd' | 'pi' | 'A'>, x: PrecisePoint, withJepa = true): { J_PG: Big; J_JEPA: Big } {
  let pg = c.zero;
  let jepa = c.zero;
  base.d.forEach((ds, s) => {
    base.pi[s].forEach((p, a) => {
      const w = ds.times(p);
      pg = pg.plus(w.times(base.A[s][a]).times(x.logPi[s][a]));
      if (withJepa) jepa = jepa.plus(w.times(x.err[s][a]));
    });
  });
  return { J_PG: pg.neg(), J_JEPA: withJepa ? lambda.times(jepa) : c.math.bignumber(NaN) as Big };
}

/** fixedData(base, base): the same terms for every perturbation of a base point, so computed once per point. */
const fixedBases = new WeakMap<PrecisePoint, Map<boolean, { J_PG: Big; J_JEPA: Big }>>();
function fixedAtBase(c: Ctx, lambda: Big, e0: PrecisePoint, jepa: boolean): { J_PG: Big; J_JEPA: Big } {
  let byJepa = fixedBases.get(e0);
  if (!byJepa) fixedBases.set(e0, (byJepa = new Map()));
  let terms = byJepa.get(jepa);
  if (!terms) byJepa.set(jepa, (terms = fixedData(c, lambda, e0, e0, jepa)));
  return terms;
}

// ---------------------------------------------------------------- public API

/** The engine's tanh at a precision (exported for its accuracy test). */
export const preciseTanh = (x: number | string, digits = 64): Big => {
  const c = preciseContext(digits);
  return c.tanh(typeof x === 'number' ? c.big(x) : c.math.bignumber(x));
};

/** Deep conversion of BigNumber-valued results to plain doubles (nearest). */
export function toNumbers<T>(x: T): unknown {
  if (Array.isArray(x)) return x.map((v) => toNumbers(v));
  if (x !== null && typeof x === 'object' && typeof (x as { toNumber?: unknown }).toNumber === 'function') {
    return (x as unknown as Big).toNumber();
  }
  return x;
}

export interface PreciseEvaluation {
  digits: number;
  V: Big[];
  Q: Big[][];
  A: Big[][];
  /** Discounted visitation counts mu^T (I - gamma P_pi)^{-1}, not normalised. */
  d: Big[];
  pi: Big[][];
  J_PG: Big;
  J_JEPA: Big;
}

/**
 * V, Q, A, d_pi, pi and the on-policy J_PG, J_JEPA of an instance, at `digits` significant digits.
 * want.jepa = false leaves out the JEPA errors (J_JEPA is then NaN; every other field the same digits).
 */
export function preciseEvaluate(instance: Instance, digits = 64, want: { jepa?: boolean } = {}): PreciseEvaluation {
  const c = preciseContext(digits);
  const entry = baseEntry(c, instance);
  const e = basePointOf(c, entry, want.jepa ?? true);
  return { digits, V: e.V, Q: e.Q, A: e.A, d: e.d, pi: e.pi, J_PG: e.J_PG, J_JEPA: e.J_JEPA };
}

export interface PreciseDelta {
  reading: Reading;
  digits: number;
  deltaJ_PG: Big;
  deltaJ_JEPA: Big;
  deltaJ: Big;
  /** The two objectives the deltas are differences of, under the same reading. */
  base: { J_PG: Big; J_JEPA: Big };
  perturbed: { J_PG: Big; J_JEPA: Big };
  /**
   * Decimal digits lost to cancellation in deltaJ, log10(max |J| / |deltaJ|): the result carries
   * about digits - cancellationDigits correct digits (Infinity when deltaJ is exactly 0).
   */
  cancellationDigits: number;
  numbers: { deltaJ_PG: number; deltaJ_JEPA: number; deltaJ: number };
}

/**
 * J(perturbed) - J(base) under one reading of eq. (1), both objectives in BigNumber, so the
 * subtraction loses nothing beyond what `cancellationDigits` reports.
 */
export function preciseDelta(instance: Instance, perturbation: Perturbation, reading: Reading, digits = 64, only?: 'deltaJ_PG'): PreciseDelta {
  need(reading === 'on-policy' || reading === 'fixed-data', "reading: must be 'on-policy' or 'fixed-data'");
  const c = preciseContext(digits);
  const entry = baseEntry(c, instance);
  // only = 'deltaJ_PG': the JEPA errors are not computed and every JEPA-dependent field is NaN.
  const jepa = only !== 'deltaJ_PG';
  checkPerturbation(perturbation, entry.bi.nS, entry.bi.nA, entry.bi.d);
  const e0 = basePointOf(c, entry, jepa);
  // The fixed-data reading takes only the moved point's log-policy and JEPA errors.
  const e1 = movedPointOf(c, entry, perturbation, { values: reading === 'on-policy', jepa }, entry.squares !== undefined);
  const base = reading === 'on-policy' ? { J_PG: e0.J_PG, J_JEPA: e0.J_JEPA } : fixedAtBase(c, entry.bi.lambda, e0, jepa);
  const perturbed = reading === 'on-policy' ? { J_PG: e1.J_PG, J_JEPA: e1.J_JEPA } : fixedData(c, entry.bi.lambda, e0, e1, jepa);
  const deltaJ_PG = perturbed.J_PG.minus(base.J_PG);
  const deltaJ_JEPA = perturbed.J_JEPA.minus(base.J_JEPA);
  const deltaJ = perturbed.J_PG.plus(perturbed.J_JEPA).minus(base.J_PG.plus(base.J_JEPA));
  const measured = jepa ? deltaJ : deltaJ_PG;
  // A 64-digit log10 costs as much as the rest of the delta and the confirmations never read it:
  // computed on first read (the same expression, so the same value).
  let cancellation: number | undefined;
  const cancellationDigits = (): number => {
    if (cancellation !== undefined) return cancellation;
    const scale = [base.J_PG, base.J_JEPA, perturbed.J_PG, perturbed.J_JEPA].reduce((m, x) => (x.abs().gt(m) ? x.abs() : m), c.zero);
    return (cancellation = measured.isZero() ? Infinity : Math.max(0, scale.div(measured.abs()).log(10).toNumber()));
  };
  return {
    reading,
    digits,
    deltaJ_PG,
    deltaJ_JEPA,
    deltaJ,
    base,
    perturbed,
    get cancellationDigits() { return cancellationDigits(); },
    numbers: { deltaJ_PG: deltaJ_PG.toNumber(), deltaJ_JEPA: deltaJ_JEPA.toNumber(), deltaJ: deltaJ.toNumber() },
  };
}

export interface PreciseLocalShift {
  state: number;
  digits: number;
  /** Base and perturbed policies at p.state, and their difference. */
  pi: Big[];
  piPrime: Big[];
  deltaPi: Big[];
  /** Q of the base policy at p.state. */
  Q: Big[];
  /** sum_i (pi'_i - pi_i) Q_i: the one-step (policy-improvement) change of the value at p.state. */
  oneStep: Big;
  /** V'(p.state) - V(p.state), on-policy, every state's policy moving as the perturbation dictates. */
  trueDeltaV: Big;
}

/** The exact local effect at the perturbed state, to compare with eq. (2) and the delta V of §4.3. */
export function preciseLocalShift(instance: Instance, perturbation: Perturbation, digits = 64): PreciseLocalShift {
  const c = preciseContext(digits);
  const entry = baseEntry(c, instance);
  // pi, Q and V need no JEPA errors; the moved point is kept, so Delta(0) is evaluated once per confirmation.
  const e0 = basePointOf(c, entry, false);
  const e1 = movedPointOf(c, entry, perturbation, { values: true, jepa: false }, entry.squares !== undefined);
  const s = perturbation.state;
  const deltaPi = e1.pi[s].map((x, i) => x.minus(e0.pi[s][i]));
  return {
    state: s,
    digits,
    pi: e0.pi[s],
    piPrime: e1.pi[s],
    deltaPi,
    Q: e0.Q[s],
    oneStep: dot(c, deltaPi, e0.Q[s]),
    trueDeltaV: e1.V[s].minus(e0.V[s]),
  };
}
