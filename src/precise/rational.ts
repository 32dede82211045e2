// Exact policy evaluation and exact Q* in rational arithmetic (mathjs Fraction = fraction.js,
// BigInt numerator and denominator). Floating point cannot decide a tie between two advantages
// or whether an advantage is <= 0 when it is 0 in truth; these questions decide Assumption 1 and
// the global-minimiser certificates, so they are answered on the exact rationals the doubles of
// the instance denote.
//
// gamma = 1: the results are only meaningful when every policy ends episodes with certainty
// (CLAIMS.md). Both functions check this structurally first (termination.ts) and throw a clear
// error otherwise; a singular system that slips past would also throw (SingularSystemError).

import { fraction, type Fraction } from 'mathjs';
import type { Mdp } from '../model/types.ts';
import { exactRational } from './exact.ts';
import { gaussSolve, type Field } from './linalg.ts';
import { assertAllPoliciesTerminate } from './termination.ts';

const ZERO = fraction(0n, 1n);
const ONE = fraction(1n, 1n);

const F: Field<Fraction> = {
  zero: ZERO,
  one: ONE,
  add: (a, b) => a.add(b),
  sub: (a, b) => a.sub(b),
  mul: (a, b) => a.mul(b),
  div: (a, b) => a.div(b),
  cmpAbs: (a, b) => a.abs().compare(b.abs()),
  negligible: (p) => p.n === 0n,
};

interface ExactMdp {
  nS: number;
  nA: number;
  P: Fraction[][][];
  R: Fraction[][];
  mu: Fraction[];
  gamma: Fraction;
}

function exactMdp(mdp: Mdp): ExactMdp {
  const nS = mdp?.P?.length ?? 0;
  const nA = mdp.P?.[0]?.length ?? 0;
  if (nS === 0 || nA === 0) throw new Error('mdp.P: need at least one state and one action');
  const ok = (v: unknown, n: number) => Array.isArray(v) && v.length === n && v.every((x) => typeof x === 'number' && Number.isFinite(x));
  if (!mdp.P.every((row) => Array.isArray(row) && row.length === nA && row.every((p) => ok(p, nS) && p.every((x) => x >= 0)))) {
    throw new Error(`mdp.P: must be ${nS} x ${nA} x ${nS} finite numbers >= 0`);
  }
  if (!(Array.isArray(mdp.R) && mdp.R.length === nS && mdp.R.every((r) => ok(r, nA)))) throw new Error(`mdp.R: must be ${nS} x ${nA}`);
  if (!ok(mdp.mu, nS)) throw new Error(`mdp.mu: must have length ${nS}`);
  if (!(mdp.gamma > 0 && mdp.gamma <= 1)) throw new Error('mdp.gamma: must be in (0, 1]');
  if (mdp.gamma === 1) assertAllPoliciesTerminate(mdp.P);
  return {
    nS,
    nA,
    P: mdp.P.map((row) => row.map((p) => p.map(exactRational))),
    R: mdp.R.map((r) => r.map(exactRational)),
    mu: mdp.mu.map(exactRational),
    gamma: exactRational(mdp.gamma),
  };
}

/** V^pi solving (I - gamma P_pi) V = r_pi, and Q^pi = R + gamma P V, for a stochastic policy. */
function evaluate(m: ExactMdp, pi: Fraction[][]): { V: Fraction[]; Q: Fraction[][] } {
  const M: Fraction[][] = [];
  const r: Fraction[][] = [];
  for (let s = 0; s < m.nS; s++) {
    const row: Fraction[] = [];
    for (let t = 0; t < m.nS; t++) {
      let p = ZERO;
      for (let a = 0; a < m.nA; a++) if (pi[s][a].n !== 0n) p = p.add(pi[s][a].mul(m.P[s][a][t]));
      row.push((s === t ? ONE : ZERO).sub(m.gamma.mul(p)));
    }
    M.push(row);
    let rs = ZERO;
    for (let a = 0; a < m.nA; a++) rs = rs.add(pi[s][a].mul(m.R[s][a]));
    r.push([rs]);
  }
  const V = gaussSolve(F, M, r, 'I - gamma P_pi (exact)').map((x) => x[0]);
  const Q = m.R.map((row, s) =>
    row.map((rsa, a) => {
      let ev = ZERO;
      m.P[s][a].forEach((p, t) => {
        if (p.n !== 0n) ev = ev.add(p.mul(V[t]));
      });
      return rsa.add(m.gamma.mul(ev));
    }),
  );
  return { V, Q };
}

/** States reachable from supp(mu) when any action may be taken (edges where P > 0). */
export function reachableStates(mdp: Mdp): number[] {
  const seen = mdp.mu.map((m) => m > 0);
  const stack = seen.flatMap((x, s) => (x ? [s] : []));
  while (stack.length > 0) {
    const s = stack.pop()!;
    for (const p of mdp.P[s]) {
      p.forEach((v, t) => {
        if (v > 0 && !seen[t]) {
          seen[t] = true;
          stack.push(t);
        }
      });
    }
  }
  return seen.flatMap((x, s) => (x ? [s] : []));
}

export interface ExactOptimality {
  /** The policy evaluated: the given rows as exact rationals, each divided by its exact sum. */
  policy: Fraction[][];
  V: Fraction[];
  Q: Fraction[][];
  A: Fraction[][];
  reachable: number[];
  /** A(s,a) > 0 at a reachable s: the certificate fails there. */
  violations: { state: number; action: number; advantage: Fraction }[];
  /**
   * No violation: A(s,a) <= 0 for every reachable s and every a. The reachable set is closed
   * under all actions, so on that sub-MDP V^pi satisfies the Bellman optimality equation, whose
   * solution is unique; hence V^pi = V* there and V^pi(mu) = V*(mu).
   */
  optimal: boolean;
}

/**
 * Exact evaluation of a stochastic policy and the optimality certificate above. A double-valued
 * policy row rarely sums to exactly 1 as rationals; it is divided by its exact sum, which
 * changes it by rounding-level amounts and keeps V = sum_a pi Q, which the argument needs.
 */
export function exactOptimality(mdp: Mdp, pi: number[][] | 'uniform'): ExactOptimality {
  const m = exactMdp(mdp);
  let policy: Fraction[][];
  if (pi === 'uniform') {
    const u = fraction(1n, BigInt(m.nA));
    policy = Array.from({ length: m.nS }, () => new Array<Fraction>(m.nA).fill(u));
  } else {
    if (!(Array.isArray(pi) && pi.length === m.nS && pi.every((r) => Array.isArray(r) && r.length === m.nA))) {
      throw new Error(`pi: must be ${m.nS} x ${m.nA} or 'uniform'`);
    }
    policy = pi.map((row, s) => {
      if (!row.every((x) => Number.isFinite(x) && x >= 0)) throw new Error(`pi[${s}]: entries must be finite and >= 0`);
      const q = row.map(exactRational);
      const sum = q.reduce((a, b) => a.add(b), ZERO);
      if (sum.n === 0n) throw new Error(`pi[${s}]: row sums to 0`);
      return q.map((x) => x.div(sum));
    });
  }
  const { V, Q } = evaluate(m, policy);
  const A = Q.map((row, s) => row.map((q) => q.sub(V[s])));
  const reachable = reachableStates(mdp);
  const violations: ExactOptimality['violations'] = [];
  for (const s of reachable) A[s].forEach((adv, a) => adv.compare(ZERO) > 0 && violations.push({ state: s, action: a, advantage: adv }));
  return { policy, V, Q, A, reachable, violations, optimal: violations.length === 0 };
}

export interface ExactOptimalQ {
  Qstar: Fraction[][];
  Vstar: Fraction[];
  /** The deterministic optimal policy policy iteration ended with. */
  policy: number[];
  /** argmax[s]: every action with Q*(s,a) = max_a Q*(s,.) exactly. */
  argmax: number[][];
  /** Actions optimal in every state (intersection of argmax over all states). */
  commonOptimalActions: number[];
  /**
   * Assumption 1 of Prop. 1, decided exactly: no single action is optimal in every state
   * (commonOptimalActions is empty). This is equivalent to the paper's wording "every
   * state-independent pi_c has Q^{pi_c}(s,a) > V^{pi_c}(s) somewhere": a pi_c improvable nowhere
   * is optimal by the policy improvement theorem, so all its actions lie in every argmax set;
   * conversely an action optimal everywhere is itself a state-independent policy improvable nowhere.
   */
  assumption1: boolean;
  reachable: number[];
  /** Intersection of argmax over the reachable states only (for the reachable-state variant). */
  commonOptimalActionsOnReachable: number[];
  iterations: number;
}

/**
 * What policy iteration reports once no state improves, from the argmax sets of Q*: the actions optimal
 * everywhere (Assumption 1 is that there are none) and those optimal at every reachable state.
 */
export function optimalActions(mdp: Mdp, nA: number, argmax: number[][]): Pick<ExactOptimalQ, 'argmax' | 'commonOptimalActions' | 'assumption1' | 'reachable' | 'commonOptimalActionsOnReachable'> {
  const reachable = reachableStates(mdp);
  const all = Array.from({ length: nA }, (_, a) => a);
  const commonOptimalActions = all.filter((a) => argmax.every((set) => set.includes(a)));
  const commonOptimalActionsOnReachable = all.filter((a) => reachable.every((s) => argmax[s].includes(a)));
  return { argmax, commonOptimalActions, assumption1: commonOptimalActions.length === 0, reachable, commonOptimalActionsOnReachable };
}

/**
 * Exact Q* by policy iteration. A state switches action only when another is strictly better,
 * so each iteration strictly improves the value and the loop ends after finitely many
 * iterations (there are finitely many deterministic policies), exactly, on rational inputs.
 */
export function exactOptimalQ(mdp: Mdp): ExactOptimalQ {
  const m = exactMdp(mdp);
  let policy = m.R.map((row) => row.reduce((best, r, a) => (r.compare(row[best]) > 0 ? a : best), 0));
  let iterations = 0;
  for (;;) {
    iterations++;
    const det = policy.map((a) => Array.from({ length: m.nA }, (_, b) => (b === a ? ONE : ZERO)));
    const { V, Q } = evaluate(m, det);
    let changed = false;
    const next = policy.map((a, s) => {
      let best = a;
      Q[s].forEach((q, b) => {
        if (q.compare(Q[s][best]) > 0) best = b;
      });
      if (best !== a) changed = true;
      return best;
    });
    if (!changed) {
      const argmax = Q.map((row, s) => row.flatMap((q, a) => (q.compare(row[policy[s]]) === 0 ? [a] : [])));
      return { Qstar: Q, Vstar: V, policy, ...optimalActions(mdp, m.nA, argmax), iterations };
    }
    policy = next;
  }
}
