// Exact policy evaluation (CLAIMS.md, "The objects"): V, Q, A, d_pi and J_PG of a stochastic policy.
import { luFactor, luSolve, luSolveTransposed } from './linalg.ts';
import type { FlatMdp } from './mdp.ts';

export interface PolicyEvaluation {
  pi: Float64Array; // S*A
  V: Float64Array; // S
  Q: Float64Array; // S*A
  d: Float64Array; // discounted visitation counts from mu: sum_t gamma^t Pr(s_t = s)
  /** max_s expected discounted number of steps from s = ||(I - gamma P_pi)^{-1}||_inf: the system's condition scale. */
  horizon: number;
  J_PG: number; // -mu . V
}

export class SingularSystemError extends Error {
  override name = 'SingularSystemError';
}

/** Above this many expected steps the solve is too ill-conditioned to trust to float64. */
export const MAX_HORIZON = 1e12;

export function softmaxRowsInto(logits: Float64Array, S: number, A: number, out: Float64Array): Float64Array {
  for (let s = 0; s < S; s++) {
    let max = -Infinity;
    for (let a = 0; a < A; a++) max = Math.max(max, logits[s * A + a]);
    let z = 0;
    for (let a = 0; a < A; a++) z += (out[s * A + a] = Math.exp(logits[s * A + a] - max));
    for (let a = 0; a < A; a++) out[s * A + a] /= z;
  }
  return out;
}

export function logSoftmaxRows(logits: Float64Array, S: number, A: number): Float64Array {
  return logSoftmaxRowsInto(logits, S, A, new Float64Array(S * A));
}

export function logSoftmaxRowsInto(logits: Float64Array, S: number, A: number, out: Float64Array): Float64Array {
  for (let s = 0; s < S; s++) {
    let max = -Infinity;
    for (let a = 0; a < A; a++) max = Math.max(max, logits[s * A + a]);
    let z = 0;
    for (let a = 0; a < A; a++) z += Math.exp(logits[s * A + a] - max);
    const logZ = max + Math.log(z);
    for (let a = 0; a < A; a++) out[s * A + a] = logits[s * A + a] - logZ;
  }
  return out;
}

/** Scratch for evaluatePolicyInto, so a hot loop evaluating many policies allocates nothing. */
export interface EvaluationWorkspace {
  S: number;
  system: Float64Array; // S*S, overwritten by its LU factors
  rPi: Float64Array;
  piv: Int32Array;
  ones: Float64Array;
  steps: Float64Array;
  scratch: Float64Array;
}

export function evaluationWorkspace(S: number): EvaluationWorkspace {
  return { S, system: new Float64Array(S * S), rPi: new Float64Array(S), piv: new Int32Array(S), ones: new Float64Array(S).fill(1), steps: new Float64Array(S), scratch: new Float64Array(S) };
}

export function evaluatePolicy(mdp: FlatMdp, pi: Float64Array): PolicyEvaluation {
  const { S, A } = mdp;
  return evaluatePolicyOnto(mdp, pi, new Float64Array(S), new Float64Array(S * A), new Float64Array(S));
}

/** evaluatePolicy writing V, Q and d into the caller's (zeroed, right-sized) arrays: the same object shape and numbers. */
export function evaluatePolicyOnto(mdp: FlatMdp, pi: Float64Array, V: Float64Array, Q: Float64Array, d: Float64Array): PolicyEvaluation {
  const out = { pi, V, Q, d, horizon: 0, J_PG: 0 };
  return evaluatePolicyInto(mdp, pi, sharedWorkspace(mdp.S), out, true);
}

// evaluatePolicy's workspace, one per size: evaluatePolicyInto writes every buffer before reading
// it (ones is only read), and nothing it returns is a view into the workspace.
const workspaces = new Map<number, EvaluationWorkspace>();
function sharedWorkspace(S: number): EvaluationWorkspace {
  let ws = workspaces.get(S);
  if (!ws) workspaces.set(S, (ws = evaluationWorkspace(S)));
  return ws;
}

/**
 * evaluatePolicy into caller-owned arrays (out.V, out.d and, with wantQ, out.Q); sets out.pi,
 * out.horizon and out.J_PG. The one implementation behind evaluatePolicy, so both agree bit for bit.
 */
export function evaluatePolicyInto(mdp: FlatMdp, pi: Float64Array, ws: EvaluationWorkspace, out: PolicyEvaluation, wantQ: boolean): PolicyEvaluation {
  const { S, A, P, R, mu, gamma } = mdp;
  const { system, rPi, piv } = ws;
  system.fill(0); // I - gamma P_pi
  for (let s = 0; s < S; s++) {
    system[s * S + s] = 1;
    let r = 0;
    for (let a = 0; a < A; a++) {
      const p = pi[s * A + a];
      if (p === 0) continue;
      r += p * R[s * A + a];
      const base = (s * A + a) * S;
      for (let t = 0; t < S; t++) system[s * S + t] -= gamma * p * P[base + t];
    }
    rPi[s] = r;
  }
  if (!luFactor(system, S, piv)) throw new SingularSystemError('I - gamma P_pi is singular: the policy can stay forever with gamma = 1');
  const V = luSolve(system, S, piv, rPi, out.V);
  luSolveTransposed(system, S, piv, mu, out.d, ws.scratch);
  const steps = luSolve(system, S, piv, ws.ones, ws.steps);
  let horizon = 0;
  for (let s = 0; s < S; s++) horizon = Math.max(horizon, Math.abs(steps[s]));
  if (!(horizon < MAX_HORIZON)) throw new SingularSystemError(`I - gamma P_pi is near-singular (expected episode length ${horizon.toExponential(2)} steps)`);
  if (wantQ) {
    const Q = out.Q;
    for (let s = 0; s < S; s++)
      for (let a = 0; a < A; a++) {
        const base = (s * A + a) * S;
        let next = 0;
        for (let t = 0; t < S; t++) next += P[base + t] * V[t];
        Q[s * A + a] = R[s * A + a] + gamma * next;
      }
  }
  let J = 0;
  for (let s = 0; s < S; s++) J -= mu[s] * V[s];
  out.pi = pi;
  out.horizon = horizon;
  out.J_PG = J;
  return out;
}

/** A(s,a) = Q(s,a) - V(s). */
export function advantage(ev: PolicyEvaluation, S: number, A: number): Float64Array {
  return advantageInto(ev, S, A, new Float64Array(S * A));
}

/** advantage() into a caller's array (every entry written). */
export function advantageInto(ev: PolicyEvaluation, S: number, A: number, adv: Float64Array): Float64Array {
  for (let s = 0; s < S; s++) for (let a = 0; a < A; a++) adv[s * A + a] = ev.Q[s * A + a] - ev.V[s];
  return adv;
}

/** Optimal values by policy iteration (exact solves, so it stops on a policy that is greedy to 1e-12). */
export function optimalValues(mdp: FlatMdp): { V: Float64Array; Q: Float64Array; policy: Int32Array } {
  const { S, A } = mdp;
  const policy = new Int32Array(S);
  // One policy array, workspace and output for every iteration: evaluatePolicyInto writes every
  // entry it reads back, so each iteration computes what a fresh evaluatePolicy would.
  const pi = new Float64Array(S * A);
  const ws = evaluationWorkspace(S);
  const ev: PolicyEvaluation = { pi, V: new Float64Array(S), Q: new Float64Array(S * A), d: new Float64Array(S), horizon: 0, J_PG: 0 };
  for (let iteration = 0; iteration < 10_000; iteration++) {
    pi.fill(0);
    for (let s = 0; s < S; s++) pi[s * A + policy[s]] = 1;
    evaluatePolicyInto(mdp, pi, ws, ev, true);
    let changed = false;
    for (let s = 0; s < S; s++) {
      let best = policy[s];
      for (let a = 0; a < A; a++) if (ev.Q[s * A + a] > ev.Q[s * A + best] + 1e-12 * (1 + Math.abs(ev.Q[s * A + best]))) best = a;
      if (best !== policy[s]) { policy[s] = best; changed = true; }
    }
    if (!changed) return { V: ev.V, Q: ev.Q, policy };
  }
  throw new Error('policy iteration did not converge');
}
