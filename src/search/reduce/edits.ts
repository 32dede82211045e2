// Structural edits of an instance for the reduction: delete a state, delete an action, drop a
// latent coordinate. Each returns a new object (the input is never modified) or null when the edit
// makes no valid instance. Whether the edited case still meets the claim's hypotheses is not
// decided here: the driver keeps an edit only if `stillRefutes` accepts it.
import type { Head, Mdp, WorldModel } from '../../model/types.ts';

/** The parts of an Instance a case may carry (a certificate case has only mdp and lambda). */
export interface Model {
  mdp: Mdp;
  encoder?: number[][];
  head?: Head;
  worldModel?: WorldModel;
  lambda?: number;
}

const clone = <T>(x: T): T => JSON.parse(JSON.stringify(x)) as T;

/**
 * Delete state s. Transitions into s are dropped (the episode ends there, which sub-stochastic rows
 * allow) or, with `redirect`, sent to that state instead; mu loses s and is renormalised.
 */
export function deleteState<M extends Model>(m: M, s: number, redirect: number | null): M | null {
  const S = m.mdp.P.length;
  if (S <= 1 || s < 0 || s >= S || redirect === s) return null;
  // The redirect target's index once s is gone.
  const r = redirect === null ? null : redirect > s ? redirect - 1 : redirect;
  const P = m.mdp.P.filter((_, i) => i !== s).map((rows) => rows.map((row) => {
    const out = row.filter((_, t) => t !== s);
    if (r !== null) out[r] += row[s];
    return out;
  }));
  let mu = m.mdp.mu.filter((_, i) => i !== s);
  if (m.mdp.mu[s] > 0) {
    if (r !== null) mu[r] += m.mdp.mu[s];
    else {
      const total = mu.reduce((a, b) => a + b, 0);
      if (total <= 0) return null;
      mu = mu.map((x) => x / total);
    }
  }
  const out = clone(m);
  out.mdp = { ...out.mdp, P, R: m.mdp.R.filter((_, i) => i !== s), mu };
  if (m.encoder) out.encoder = m.encoder.filter((_, i) => i !== s).map((z) => z.slice());
  return out;
}

/** Delete action a everywhere: P, R, the head's row, the world model's per-action part. */
export function deleteAction<M extends Model>(m: M, a: number): M | null {
  const A = m.mdp.P[0].length;
  if (A <= 1 || a < 0 || a >= A) return null;
  const out = clone(m);
  out.mdp = { ...out.mdp, P: m.mdp.P.map((rows) => rows.filter((_, i) => i !== a).map((r) => r.slice())), R: m.mdp.R.map((r) => r.filter((_, i) => i !== a)) };
  if (out.head) out.head = { W: out.head.W.filter((_, i) => i !== a), b: out.head.b.filter((_, i) => i !== a) };
  const wm = out.worldModel;
  if (wm?.kind === 'affine') out.worldModel = { kind: 'affine', M: wm.M.filter((_, i) => i !== a), c: wm.c.filter((_, i) => i !== a) };
  else if (wm?.kind === 'mlp' && out.encoder) {
    const d = out.encoder[0].length;
    wm.layers[0].W = wm.layers[0].W.map((row) => row.filter((_, j) => j !== d + a));
  }
  return out;
}

/**
 * Drop latent coordinate j: the codes, the head and the world model are projected onto the other
 * coordinates (a rotation first would reach other subspaces; coordinate subspaces keep the numbers
 * the reader sees).
 */
export function dropCoordinate<M extends Model>(m: M, j: number): M | null {
  if (!m.encoder) return null;
  const d = m.encoder[0].length;
  if (d <= 1 || j < 0 || j >= d) return null;
  const out = clone(m);
  const drop = <T>(v: T[]) => v.filter((_, i) => i !== j);
  out.encoder = m.encoder.map(drop);
  if (out.head) out.head = { ...out.head, W: out.head.W.map(drop) };
  const wm = out.worldModel;
  if (wm?.kind === 'affine') out.worldModel = { kind: 'affine', M: wm.M.map((Ma) => drop(Ma).map(drop)), c: wm.c.map(drop) };
  else if (wm?.kind === 'mlp') {
    wm.layers[0].W = wm.layers[0].W.map(drop);
    const last = wm.layers[wm.layers.length - 1];
    last.W = drop(last.W);
    last.b = drop(last.b);
  }
  return out;
}

export const sizesOf = (m: Model) => ({ S: m.mdp.P.length, A: m.mdp.P[0]?.length ?? 0, d: m.encoder?.[0]?.length ?? 0 });
