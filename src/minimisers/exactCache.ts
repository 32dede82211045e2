// exact Q* once per MDP object: the hypotheses of a case (Assumption 1 in its readings, the repairs)
// all read it, and the necessity analysis decides several of them on every drawn case.
import type { Fraction } from 'mathjs';
import type { Mdp } from '../model/types.ts';
import { fraction } from 'mathjs';
import { exactOptimalQ, exactOptimality, optimalActions, reachableStates, type ExactOptimality, type ExactOptimalQ } from '../precise/index.ts';
import { assertAllPoliciesTerminate } from '../precise/termination.ts';
import { HiddenTable } from '../engine/getters.ts';
import { compareQ, deterministicPolicy, evaluateExactly, qAsFractions, uniformPolicy, valuesAsFractions, withLazyFractions, type IntEvaluation } from './exactSolve.ts';

// Kept on the Mdp (HiddenTable): a WeakMap's value survives scavenges while its key lives, so a
// per-case entry was copied and promoted.
const optimalQs = new HiddenTable<Mdp, ExactOptimalQ>('optimalQ');
const uniforms = new HiddenTable<Mdp, ExactOptimality>('uniformOptimality');

export function optimalQ(mdp: Mdp): ExactOptimalQ {
  return optimalQs.get(mdp) ?? optimalQs.set(mdp, wellFormed(mdp) ? integerOptimalQ(mdp) : exactOptimalQ(mdp));
}

/**
 * Finite, well-shaped numbers and gamma in (0, 1]: what integerOptimalQ assumes; anything else takes
 * exactOptimalQ's checks and errors. gamma = 1 makes exactOptimalQ's termination check first, with its error.
 */
function wellFormed(mdp: Mdp): boolean {
  const S = mdp?.P?.length ?? 0, A = mdp?.P?.[0]?.length ?? 0;
  const ok = (v: unknown, n: number) => Array.isArray(v) && v.length === n && v.every((x) => typeof x === 'number' && Number.isFinite(x));
  return S > 0 && A > 0 && mdp.gamma > 0 && mdp.gamma <= 1 && ok(mdp.mu, S) && Array.isArray(mdp.R) && mdp.R.length === S && mdp.R.every((r) => ok(r, A))
    && mdp.P.every((row) => Array.isArray(row) && row.length === A && row.every((p) => ok(p, S) && p.every((x) => x >= 0)));
}

/**
 * exactOptimalQ's policy iteration step for step (the same start, the same strict improvements, so
 * the same policy and iteration count), with each exact evaluation done on integers (exactSolve.ts);
 * Q* and V* are unique, so the Fractions returned equal exactOptimalQ's.
 */
function integerOptimalQ(mdp: Mdp): ExactOptimalQ {
  if (mdp.gamma === 1) assertAllPoliciesTerminate(mdp.P);
  const A = mdp.P[0].length;
  // Doubles compare as their exact rationals do.
  let policy = mdp.R.map((row) => row.reduce((best, r, a) => (r > row[best] ? a : best), 0));
  let iterations = 0;
  for (;;) {
    iterations++;
    const ev: IntEvaluation = evaluateExactly(mdp, deterministicPolicy(A, policy), 'I - gamma P_pi (exact)');
    let changed = false;
    const next = policy.map((a, s) => {
      let best = a;
      for (let b = 0; b < A; b++) if (compareQ(ev, s, b, best) > 0) best = b;
      if (best !== a) changed = true;
      return best;
    });
    if (!changed) {
      const argmax = policy.map((p, s) => Array.from({ length: A }, (_, a) => a).filter((a) => compareQ(ev, s, a, p) === 0));
      // Q* and V* as Fractions (a gcd per entry) only when read: most callers read argmax alone.
      // Getters from shared descriptors, not a literal's (a hidden class per object: getters.ts).
      const o = withLazyFractions({}, ev, [['Qstar', 'Q'], ['Vstar', 'V']]) as ExactOptimalQ;
      o.policy = policy;
      Object.assign(o, optimalActions(mdp, A, argmax));
      o.iterations = iterations;
      return o;
    }
    policy = next;
  }
}

/**
 * exactOptimality(mdp, 'uniform') once per MDP object, solved on integers: the uniform policy's V, Q
 * and A are unique rationals, so they equal exactOptimality's (the tests compare them).
 */
export function uniformOptimality(mdp: Mdp): ExactOptimality {
  return uniforms.get(mdp) ?? uniforms.set(mdp, wellFormed(mdp) ? integerUniform(mdp) : exactOptimality(mdp, 'uniform'));
}

function integerUniform(mdp: Mdp): ExactOptimality {
  if (mdp.gamma === 1) assertAllPoliciesTerminate(mdp.P);
  const S = mdp.P.length, A = mdp.P[0].length;
  const ev = evaluateExactly(mdp, uniformPolicy(S, A), 'I - gamma P_pi (exact)');
  const u = fraction(1n, BigInt(A));
  const policy = Array.from({ length: S }, () => new Array<Fraction>(A).fill(u));
  const V = valuesAsFractions(ev);
  const Q = qAsFractions(ev);
  // A = Q - V = (Qn D - X Qd) / (Qd D), normalised once.
  const adv = ev.Qn.map((row, s) => row.map((n, a) => fraction(n * ev.D - ev.X[s] * ev.Qd[s][a], ev.Qd[s][a] * ev.D)));
  const reachable = reachableStates(mdp);
  const violations: ExactOptimality['violations'] = [];
  for (const s of reachable) adv[s].forEach((x, a) => x.n !== 0n && x.s > 0n && violations.push({ state: s, action: a, advantage: x }));
  return { policy, V, Q, A: adv, reachable, violations, optimal: violations.length === 0 };
}

