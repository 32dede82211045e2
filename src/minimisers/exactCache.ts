// exact Q* once per MDP object: the hypotheses of a case (Assumption 1 in its readings, the repairs)
// all read it, and the necessity analysis decides several of them on every drawn case.
import type { Mdp } from '../model/types.ts';
import { exactOptimalQ, type ExactOptimalQ } from '../precise/index.ts';

const cache = new WeakMap<Mdp, ExactOptimalQ>();

export function optimalQ(mdp: Mdp): ExactOptimalQ {
  let q = cache.get(mdp);
  if (!q) cache.set(mdp, (q = exactOptimalQ(mdp)));
  return q;
}
