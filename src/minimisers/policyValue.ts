// Policy evaluation written once over a Scalar<T> (float64, 64 digits, exact rationals), and exact
// policy iteration over per-state allowed action sets. The §7 infima are optima over policy classes
// (all policies, constant ones, ones tied at s_a and s_b); these are the evaluators they need.
import type { Fraction } from 'mathjs';
import type { Mdp } from '../model/types.ts';
import { digitsScalar, exactScalar, float64Scalar, type Scalar } from '../precise/dual.ts';
import { exactDecimalString } from '../precise/exact.ts';
import { preciseContext, type Big } from '../precise/evaluate.ts';
import { gaussSolve, SingularSystemError, transpose } from '../precise/linalg.ts';
import { HiddenTable } from '../engine/getters.ts';
import { compareQ, compareRatios, deterministicPolicy, evaluateExactly, toFraction, valueOf, withLazyFractions, type IntEvaluation } from './exactSolve.ts';

export interface Evaluated<T> {
  V: T[];
  Q: T[][];
  /** Discounted visitation from mu: d^T = mu^T (I - gamma P_pi)^{-1}. */
  d: T[];
  /** mu . V */
  value: T;
}

/** The MDP's numbers in a field (converted once per field and MDP). */
export interface FieldMdp<T> {
  S: number;
  A: number;
  P: T[][][];
  R: T[][];
  mu: T[];
  gamma: T;
}

// On the Mdp (HiddenTable): a per-case WeakMap value survives scavenges while its key lives.
const fieldMdps = new HiddenTable<Mdp, Map<Scalar<unknown>, FieldMdp<unknown>>>('fieldMdp');

export function fieldMdp<T>(F: Scalar<T>, mdp: Mdp): FieldMdp<T> {
  const byField = fieldMdps.get(mdp) ?? fieldMdps.set(mdp, new Map());
  const hit = byField.get(F as Scalar<unknown>);
  if (hit) return hit as FieldMdp<T>;
  const out: FieldMdp<T> = {
    S: mdp.P.length,
    A: mdp.P[0].length,
    P: mdp.P.map((row) => row.map((p) => p.map((x) => F.of(x)))),
    R: mdp.R.map((r) => r.map((x) => F.of(x))),
    mu: mdp.mu.map((x) => F.of(x)),
    gamma: F.of(mdp.gamma),
  };
  byField.set(F as Scalar<unknown>, out as FieldMdp<unknown>);
  return out;
}

export function evaluateIn<T>(F: Scalar<T>, m: FieldMdp<T>, pi: T[][]): Evaluated<T> {
  if ((F as Scalar<unknown>) === float64Scalar) return evaluateFloat64(m as FieldMdp<unknown> as FieldMdp<number>, pi as unknown as number[][]) as unknown as Evaluated<T>;
  const { S, A } = m;
  const M: T[][] = [];
  const r: T[][] = [];
  for (let s = 0; s < S; s++) {
    const row: T[] = [];
    for (let t = 0; t < S; t++) {
      let p = F.zero;
      for (let a = 0; a < A; a++) if (!F.isZero(pi[s][a])) p = F.add(p, F.mul(pi[s][a], m.P[s][a][t]));
      row.push(F.sub(s === t ? F.one : F.zero, F.mul(m.gamma, p)));
    }
    M.push(row);
    let rs = F.zero;
    for (let a = 0; a < A; a++) if (!F.isZero(pi[s][a])) rs = F.add(rs, F.mul(pi[s][a], m.R[s][a]));
    r.push([rs]);
  }
  const V = gaussSolve(F, M, r, 'I - gamma P_pi').map((x) => x[0]);
  const d = gaussSolve(F, transpose(M), m.mu.map((x) => [x]), '(I - gamma P_pi)^T').map((x) => x[0]);
  const Q = m.R.map((row, s) =>
    row.map((rsa, a) => {
      let ev = F.zero;
      for (let t = 0; t < S; t++) if (!F.isZero(m.P[s][a][t])) ev = F.add(ev, F.mul(m.P[s][a][t], V[t]));
      return F.add(rsa, F.mul(m.gamma, ev));
    }),
  );
  let value = F.zero;
  for (let s = 0; s < S; s++) value = F.add(value, F.mul(m.mu[s], V[s]));
  return { V, Q, d, value };
}

/**
 * evaluateIn for float64Scalar with the field's operations written out: the same operations in the
 * same order (gaussSolve's pivoting, skips and substitution included), so the same doubles, without
 * a call through the field per operation (the branch-and-bound search evaluates many cells).
 */
function evaluateFloat64(m: FieldMdp<number>, pi: number[][]): Evaluated<number> {
  const { S, A } = m;
  const M: number[][] = [];
  const r: number[][] = [];
  for (let s = 0; s < S; s++) {
    const row: number[] = [];
    for (let t = 0; t < S; t++) {
      let p = 0;
      for (let a = 0; a < A; a++) if (pi[s][a] !== 0) p = p + pi[s][a] * m.P[s][a][t];
      row.push((s === t ? 1 : 0) - m.gamma * p);
    }
    M.push(row);
    let rs = 0;
    for (let a = 0; a < A; a++) if (pi[s][a] !== 0) rs = rs + pi[s][a] * m.R[s][a];
    r.push([rs]);
  }
  const V = solveFloat64(M, r, 'I - gamma P_pi').map((x) => x[0]);
  const d = solveFloat64(transpose(M), m.mu.map((x) => [x]), '(I - gamma P_pi)^T').map((x) => x[0]);
  const Q = m.R.map((row, s) =>
    row.map((rsa, a) => {
      let ev = 0;
      for (let t = 0; t < S; t++) if (m.P[s][a][t] !== 0) ev = ev + m.P[s][a][t] * V[t];
      return rsa + m.gamma * ev;
    }),
  );
  let value = 0;
  for (let s = 0; s < S; s++) value = value + m.mu[s] * V[s];
  return { V, Q, d, value };
}

/** gaussSolve(float64Scalar, A, B, what), operation for operation. */
function solveFloat64(A: number[][], B: number[][], what: string): number[][] {
  const n = A.length;
  const w = B[0]?.length ?? 0;
  const a = A.map((row) => row.slice());
  const b = B.map((row) => row.slice());
  // cmpAbs(x, y) > 0 is Math.sign(|x| - |y|) > 0, i.e. |x| - |y| > 0 (false for NaN alike).
  let scale = 0;
  for (const row of a) for (const v of row) if (Math.abs(v) - Math.abs(scale) > 0) scale = v;
  for (let col = 0; col < n; col++) {
    let p = col;
    for (let q = col + 1; q < n; q++) if (Math.abs(a[q][col]) - Math.abs(a[p][col]) > 0) p = q;
    if (Math.abs(a[p][col]) <= 1e-13 * Math.abs(scale)) throw new SingularSystemError(`${what} is singular (no usable pivot in column ${col})`);
    if (p !== col) {
      [a[p], a[col]] = [a[col], a[p]];
      [b[p], b[col]] = [b[col], b[p]];
    }
    const piv = a[col][col];
    for (let q = col + 1; q < n; q++) {
      const f = a[q][col] / piv;
      // cmpAbs(f, 0) === 0: Math.sign(|f|) === 0, i.e. f is +-0 (NaN is not skipped).
      if (Math.abs(f) === 0) continue;
      const rq = a[q], rc = a[col];
      for (let c = col + 1; c < n; c++) rq[c] = rq[c] - f * rc[c];
      const bq = b[q], bc = b[col];
      for (let c = 0; c < w; c++) bq[c] = bq[c] - f * bc[c];
    }
  }
  const x: number[][] = Array.from({ length: n }, () => new Array<number>(w).fill(0));
  for (let q = n - 1; q >= 0; q--) {
    for (let c = 0; c < w; c++) {
      let s = b[q][c];
      for (let k = q + 1; k < n; k++) s = s - a[q][k] * x[k][c];
      x[q][c] = s / a[q][q];
    }
  }
  return x;
}

export const deterministic = <T>(F: Scalar<T>, A: number, actions: number[]): T[][] =>
  actions.map((a) => Array.from({ length: A }, (_, b) => (b === a ? F.one : F.zero)));

/**
 * Exact optimum of mu . V over deterministic policies whose action at s lies in allowed[s] (all
 * actions when absent), with the actions of every state in `tied` equal (one shared action):
 * the tied states are enumerated, the rest by policy iteration (strict improvement only, so it
 * ends exactly). The optimum over stochastic policies of such a class with the tied states
 * deterministic equals this, as the rest is an MDP.
 */
export interface ExactOptimum {
  value: Fraction;
  V: Fraction[];
  Q: Fraction[][];
  policy: number[];
}

export function exactOptimum(mdp: Mdp, tied: number[] = [], allowed?: number[][]): ExactOptimum {
  const S = mdp.P.length, A = mdp.P[0].length;
  const choices = tied.length > 0 ? Array.from({ length: A }, (_, a) => a).filter((a) => tied.every((s) => !allowed || allowed[s].includes(a))) : [-1];
  let best: { value: { n: bigint; d: bigint }; ev: IntEvaluation; policy: number[] } | null = null;
  for (const shared of choices) {
    const allow = Array.from({ length: S }, (_, s) => (tied.includes(s) ? [shared] : allowed?.[s] ?? Array.from({ length: A }, (_, a) => a)));
    let policy = allow.map((set) => set[0]);
    for (;;) {
      // The same policy iteration as exactOptimumIn, each exact evaluation on integers (exactSolve.ts).
      const ev = evaluateExactly(mdp, deterministicPolicy(A, policy), 'I - gamma P_pi');
      let changed = false;
      const next = policy.map((a, s) => {
        let b = a;
        for (const c of allow[s]) if (compareQ(ev, s, c, b) > 0) b = c;
        if (b !== a) changed = true;
        return b;
      });
      if (!changed) {
        const value = valueOf(mdp, ev);
        if (!best || compareRatios(value, best.value) > 0) best = { value, ev, policy };
        break;
      }
      policy = next;
    }
  }
  if (!best) throw new Error('exactOptimum: the tied states share no allowed action');
  // V and Q as Fractions (a gcd per entry) only when read: exactDecision reads value and policy.
  const ev = best.ev;
  // Getters from shared descriptors, not a literal's (a hidden class per object: engine/getters.ts).
  const o = withLazyFractions({ value: toFraction(best.value.n, best.value.d) }, ev, [['V', 'V'], ['Q', 'Q']]) as ExactOptimum;
  o.policy = best.policy;
  return o;
}


/** exactOptimum in Fraction arithmetic (evaluateIn): the tests' oracle for exactOptimum. */
export function exactOptimumIn(mdp: Mdp, tied: number[] = [], allowed?: number[][]): ExactOptimum {
  const F = exactScalar;
  const m = fieldMdp(F, mdp);
  const choices = tied.length > 0 ? Array.from({ length: m.A }, (_, a) => a).filter((a) => tied.every((s) => !allowed || allowed[s].includes(a))) : [-1];
  let best: ExactOptimum | null = null;
  for (const shared of choices) {
    const allow = Array.from({ length: m.S }, (_, s) => (tied.includes(s) ? [shared] : allowed?.[s] ?? Array.from({ length: m.A }, (_, a) => a)));
    let policy = allow.map((set) => set[0]);
    for (;;) {
      const ev = evaluateIn(F, m, deterministic(F, m.A, policy));
      let changed = false;
      const next = policy.map((a, s) => {
        let b = a;
        for (const c of allow[s]) if (ev.Q[s][c].compare(ev.Q[s][b]) > 0) b = c;
        if (b !== a) changed = true;
        return b;
      });
      if (!changed) {
        if (!best || ev.value.compare(best.value) > 0) best = { value: ev.value, V: ev.V, Q: ev.Q, policy };
        break;
      }
      policy = next;
    }
  }
  if (!best) throw new Error('exactOptimum: the tied states share no allowed action');
  return best;
}

/** States visited from mu (d > 0) when only the actions in actions[s] are taken at s. */
export function visited(mdp: Mdp, actions: (s: number) => number[]): boolean[] {
  const S = mdp.P.length;
  const seen = mdp.mu.map((x) => x > 0);
  const stack = seen.flatMap((x, s) => (x ? [s] : []));
  while (stack.length) {
    const s = stack.pop()!;
    for (const a of actions(s)) mdp.P[s][a].forEach((p, t) => { if (p > 0 && !seen[t]) { seen[t] = true; stack.push(t); } });
  }
  return seen.slice(0, S);
}

let digits64: Scalar<Big> | null = null;
/**
 * 64 digits with doubles read at their exact binary value (digitsScalar reads the shortest decimal):
 * the branch-and-bound cells are dyadic, and their cover of the simplex must survive conversion.
 */
export function digits64Exact(): Scalar<Big> {
  if (digits64) return digits64;
  const math = preciseContext(64).math;
  digits64 = { ...digitsScalar(64), of: (x: number) => math.bignumber(exactDecimalString(x)) as Big };
  return digits64;
}
