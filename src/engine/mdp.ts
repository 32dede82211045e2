// Flat, cached form of an Mdp for the hot loops (P[s][a][s'] -> P[(s*A + a)*S + s']).
import type { Mdp } from '../model/types.ts';
import { HiddenTable } from './getters.ts';

export interface FlatMdp {
  S: number;
  A: number;
  P: Float64Array;
  R: Float64Array;
  mu: Float64Array;
  gamma: number;
}

// The flat form is kept on the Mdp object itself (HiddenTable: a WeakMap entry per case kept the
// case alive through scavenges).
const flatOf = new HiddenTable<Mdp, FlatMdp>('flatMdp');

export function flatten(mdp: Mdp): FlatMdp {
  const hit = flatOf.get(mdp);
  if (hit) return hit;
  const S = mdp.P.length;
  const A = mdp.P[0].length;
  // One buffer for P, R and mu (views): one backing store per MDP instead of three.
  const buf = new Float64Array(S * A * S + S * A + mdp.mu.length);
  const P = buf.subarray(0, S * A * S);
  const R = buf.subarray(S * A * S, S * A * S + S * A);
  const mu = buf.subarray(S * A * S + S * A);
  for (let s = 0; s < mdp.mu.length; s++) mu[s] = mdp.mu[s];
  for (let s = 0; s < S; s++)
    for (let a = 0; a < A; a++) {
      R[s * A + a] = mdp.R[s][a];
      const row = mdp.P[s][a];
      for (let t = 0; t < S; t++) P[(s * A + a) * S + t] = row[t];
    }
  return flatOf.set(mdp, { S, A, P, R, mu, gamma: mdp.gamma });
}

/** States reachable from supp(mu) under some action sequence (P > 0): a policy with full support reaches exactly these. */
export function reachableStates(mdp: Mdp): boolean[] {
  const { S, A, P, mu } = flatten(mdp);
  const seen = new Array<boolean>(S).fill(false);
  const stack: number[] = [];
  for (let s = 0; s < S; s++) if (mu[s] > 0) { seen[s] = true; stack.push(s); }
  while (stack.length) {
    const s = stack.pop()!;
    for (let a = 0; a < A; a++)
      for (let t = 0; t < S; t++)
        if (P[(s * A + a) * S + t] > 0 && !seen[t]) { seen[t] = true; stack.push(t); }
  }
  return seen;
}
