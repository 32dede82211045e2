// G.attained: does J attain inf J = -V*(mu) (+ 0)? Decided exactly from Q*.
//
// A softmax head plays only full-support policies, so d_pi(s) pi(a|s) > 0 at every state s reachable
// from mu. By the performance difference V^pi(mu) - V*(mu) = sum_s d_pi(s) sum_a pi(a|s) A*(s,a), each
// term <= 0, J_PG = -V*(mu) needs A*(s,a) = 0 for every action at every reachable state. Conversely
// then the fully collapsed configuration z = 0, W = 0, b = 0, W_psi(z, a) = z has J_PG = -V*(mu) and
// J_JEPA = 0. So J attains its infimum iff every action is optimal at every reachable state.
// Fixed-data (a minimiser theta0 of J_fd(.; theta0)): at a base with some non-zero advantage at a
// visited state, J_fd(.; theta0) is unbounded below once codes can separate states (d >= |S| - 1),
// and with every advantage zero theta0's policy is optimal with every action tied; the same criterion.
import type { Fraction } from 'mathjs';
import type { Mdp } from '../model/types.ts';
import { optimalQ, uniformOptimality } from './exactCache.ts';
import { showExact } from './infima.ts';
import { exactRational } from '../precise/exact.ts';

export interface Attainment {
  attained: boolean;
  Vstar: Fraction;
  /** When not attained: a reachable state and an action with Q*(s,a) < V*(s), and the exact gap. */
  witness?: { state: number; action: number; advantage: string };
  /** When attained: the uniform collapsed configuration's exact optimality certificate holds. */
  uniformOptimal?: boolean;
  message: string;
}

export function attainment(mdp: Mdp): Attainment {
  const q = optimalQ(mdp);
  const A = mdp.P[0].length;
  let Vstar = q.Vstar[0].mul(0);
  mdp.mu.forEach((m, s) => { Vstar = Vstar.add(q.Vstar[s].mul(exactRational(m))); });
  for (const s of q.reachable) {
    if (q.argmax[s].length === A) continue;
    const a = Array.from({ length: A }, (_, b) => b).find((b) => !q.argmax[s].includes(b))!;
    const adv = q.Qstar[s][a].sub(q.Vstar[s]);
    return {
      attained: false, Vstar,
      witness: { state: s, action: a, advantage: showExact(adv) },
      message: `not attained: state ${s} is reachable and A*(${s}, ${a}) = ${showExact(adv)} < 0 exactly, so every softmax policy has V^pi(mu) < V*(mu) and J > -V*(mu) = inf J = ${showExact(Vstar.neg())}`,
    };
  }
  const cert = uniformOptimality(mdp);
  return {
    attained: cert.optimal, Vstar, uniformOptimal: cert.optimal,
    message: cert.optimal
      ? `attained: every action is optimal at every reachable state [${q.reachable.join(', ')}] (exact Q*), so the collapsed configuration z = 0, W = 0, b = 0, W_psi(z, a) = z has J = -V*(mu) + 0 = ${showExact(Vstar.neg())}`
      : 'inconsistent exact computations (uniform policy not certified optimal although every action is optimal at every reachable state)',
  };
}


