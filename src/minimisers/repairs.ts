// Repair hypotheses of the refuted §7 claims, decided exactly (the weakest the analysis found).
import type { Mdp } from '../model/types.ts';
import { optimalQ } from './exactCache.ts';
import { visited } from './policyValue.ts';
import type { MinCase } from './cases.ts';

/**
 * P1.gap: Assumption 1 over visited states: every constant deterministic policy a is strictly
 * improvable (Q*(s, a) < V*(s)) at some state it visits from mu. Equivalent to the gap (infima.ts).
 */
export function visitedAssumption1(c: Pick<MinCase, 'mdp'>): boolean {
  const q = optimalQ(c.mdp);
  const A = c.mdp.P[0].length;
  for (let a = 0; a < A; a++) {
    const vis = visited(c.mdp, () => [a]);
    if (vis.every((v, s) => !v || q.argmax[s].includes(a))) return false;
  }
  return true;
}

/** Whether every policy visits s from mu (greatest set of states from which s can be avoided forever). */
export function unavoidable(mdp: Mdp, s: number): boolean {
  const S = mdp.P.length;
  const safe = Array.from({ length: S }, (_, t) => t !== s);
  for (let changed = true; changed; ) {
    changed = false;
    for (let t = 0; t < S; t++) {
      if (!safe[t]) continue;
      const canStay = mdp.P[t].some((row) => row.every((p, u) => p === 0 || safe[u]));
      if (!canStay) { safe[t] = false; changed = true; }
    }
  }
  return mdp.mu.some((m, t) => m > 0 && !safe[t]);
}

/** P2.gap: no action optimal at both s_a and s_b, and both visited by every policy. */
export function tiedRepair(c: Pick<MinCase, 'mdp' | 'pair'>): boolean {
  const q = optimalQ(c.mdp);
  const [sa, sb] = c.pair;
  return !q.argmax[sa].some((a) => q.argmax[sb].includes(a)) && unavoidable(c.mdp, sa) && unavoidable(c.mdp, sb);
}

/** P1.local / P2.local: some action is strictly suboptimal at a state reachable from mu (at s_a or s_b for P2). */
export function strictlySuboptimalReachable(c: Pick<MinCase, 'mdp' | 'pair'>, states?: number[]): boolean {
  const q = optimalQ(c.mdp);
  const A = c.mdp.P[0].length;
  return q.reachable.some((s) => (!states || states.includes(s)) && q.argmax[s].length < A);
}

/** P1's own repair (reachable improvable state): no action is optimal at every state reachable from mu. */
export function reachableAssumption1(c: Pick<MinCase, 'mdp'>): boolean {
  return optimalQ(c.mdp).commonOptimalActionsOnReachable.length === 0;
}

/** P2 with both collapsed states reachable from mu (and no action optimal at both). */
export function tiedReachable(c: Pick<MinCase, 'mdp' | 'pair'>): boolean {
  const q = optimalQ(c.mdp);
  const [sa, sb] = c.pair;
  return !q.argmax[sa].some((a) => q.argmax[sb].includes(a)) && q.reachable.includes(sa) && q.reachable.includes(sb);
}
