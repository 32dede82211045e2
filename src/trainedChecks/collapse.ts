// Collapse on trained codes, defined with a stated tolerance: trained encoders rarely map two
// states to bit-identical codes, so states are grouped when their codes lie within
// COLLAPSE_TOL x (mean code norm) of each other (single linkage: a chain of close pairs joins a
// group; each group's diameter is reported, so the chaining is visible). The paper's
// constructions need exact equality, so the configuration they are applied to has each group's
// codes replaced by the group mean ("snapping"): that moves the encoder's output table (not the
// trained encoder MLP, which cannot in general produce it) by the reported distances.
import type { Instance } from '../model/types.ts';
import { reachableStates } from '../engine/mdp.ts';

/** Codes within this fraction of the mean code norm of each other count as collapsed. */
export const COLLAPSE_TOL = 1e-2;

export interface CollapseGroups {
  tol: number;
  /** Mean Euclidean norm of the codes (all states). */
  meanNorm: number;
  /** Groups of states (each sorted, groups ordered by their first state); singletons included. */
  groups: number[][];
  /** Largest pairwise code distance inside each group, relative to meanNorm. */
  diameters: number[];
  reachable: boolean[];
}

const dist = (a: number[], b: number[]): number => {
  let s = 0;
  for (let j = 0; j < a.length; j++) s += (a[j] - b[j]) ** 2;
  return Math.sqrt(s);
};

export function collapseGroups(instance: Instance, tol = COLLAPSE_TOL): CollapseGroups {
  const E = instance.encoder;
  const S = E.length;
  const meanNorm = E.reduce((s, z) => s + Math.hypot(...z), 0) / S;
  const parent = E.map((_, i) => i);
  const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i])));
  for (let i = 0; i < S; i++)
    for (let k = i + 1; k < S; k++) if (dist(E[i], E[k]) <= tol * meanNorm) parent[find(i)] = find(k);
  const byRoot = new Map<number, number[]>();
  for (let s = 0; s < S; s++) byRoot.set(find(s), [...(byRoot.get(find(s)) ?? []), s]);
  const groups = [...byRoot.values()].sort((a, b) => a[0] - b[0]);
  const diameters = groups.map((g) => {
    let m = 0;
    for (const i of g) for (const k of g) m = Math.max(m, dist(E[i], E[k]));
    return meanNorm > 0 ? m / meanNorm : 0;
  });
  return { tol, meanNorm, groups, diameters, reachable: reachableStates(instance.mdp) };
}

/** The group holding every reachable state, if any (Prop. 1's full collapse, read on the states J sees). */
export function fullCollapseGroup(c: CollapseGroups): number[] | null {
  const reach = c.reachable.map((r, s) => (r ? s : -1)).filter((s) => s >= 0);
  return c.groups.find((g) => reach.every((s) => g.includes(s))) ?? null;
}

export interface Snapped {
  instance: Instance;
  /** Largest distance a code moved, absolute and relative to the mean code norm. */
  maxMove: number;
  maxMoveRel: number;
  /** Frobenius norm of the change of the code table. */
  frobenius: number;
}

/** Each group's codes replaced by the group mean (identical arrays, so equal bit for bit). */
export function snapGroups(instance: Instance, c: CollapseGroups): Snapped {
  const E = instance.encoder.map((z) => [...z]);
  const d = E[0].length;
  let maxMove = 0;
  let frob = 0;
  for (const g of c.groups) {
    if (g.length < 2) continue;
    const mean = Array.from({ length: d }, (_, j) => g.reduce((s, i) => s + instance.encoder[i][j], 0) / g.length);
    for (const i of g) {
      const m = dist(instance.encoder[i], mean);
      maxMove = Math.max(maxMove, m);
      frob += m * m;
      E[i] = [...mean];
    }
  }
  return {
    instance: { ...instance, encoder: E },
    maxMove,
    maxMoveRel: c.meanNorm > 0 ? maxMove / c.meanNorm : 0,
    frobenius: Math.sqrt(frob),
  };
}
