// The corners a case reached, read off the case itself (not off the generator's intent). Computed for
// every decided case, so written as plain loops: the array methods' callbacks were most of its cost.
import type { Instance } from '../model/types.ts';
import { reachableStates } from '../engine/mdp.ts';
import { rankOf } from '../construction/nullspace.ts';

export function instanceCorners(instance: Instance): string[] {
  const { mdp, head, encoder, worldModel, lambda } = instance;
  const S = mdp.P.length;
  const A = mdp.P[0].length;
  const d = encoder[0].length;
  const out: string[] = [`|S| = ${S}`, `|A| = ${A}`, `d = ${d}`];
  if (S === 2 && A === 2 && d === 2) out.push('smallest size (2, 2, 2)');
  if (someRow(mdp.P, (r) => rowSum(r) === 0)) out.push('terminal transition');
  if (someState(mdp.P, (rs, s) => everyRow(rs, (r) => r[s] === 1))) out.push('absorbing state');
  if (someState(mdp.P, (rs, s) => someRowOf(rs, (r) => r[s] > 0 && r[s] < 1))) out.push('self-looping state');
  if (reachableStates(mdp).includes(false)) out.push('unreachable state');
  if (mdp.gamma === 1) out.push('gamma = 1 (certain termination)');
  if (mdp.gamma < 0.05) out.push('gamma near 0');
  if (someRowOf(mdp.R, (r) => allEqualTo(r, r[0]))) out.push('tied rewards');
  if (allZero(head.W)) out.push('zero W');
  else if (rankOf(head.W, d) < Math.min(A, d)) out.push('rank-deficient W');
  const wScale = maxAbs(head.W);
  if (wScale >= 1e3 || (wScale > 0 && wScale <= 1e-3)) out.push('W at extreme scale');
  const zScale = maxAbs(encoder);
  if (zScale === 0) out.push('z_d = 0');
  else if (zScale >= 1e3 || zScale <= 1e-3) out.push('codes at extreme scale');
  if (worldModel.kind === 'mlp') out.push('MLP world model');
  else if (everyMatrix(worldModel.M, allZero)) out.push('L = 0');
  if (lambda <= 1e-3) out.push('lambda <= 1e-3');
  if (lambda >= 1e3) out.push('lambda >= 1e3');
  return out;
}

/** r.reduce((x, y) => x + y, 0): the same sum, in the same order. */
function rowSum(r: readonly number[]): number {
  let total = 0;
  for (let i = 0; i < r.length; i++) total = total + r[i];
  return total;
}

function someRowOf(rows: readonly (readonly number[])[], test: (r: readonly number[]) => boolean): boolean {
  for (let i = 0; i < rows.length; i++) if (test(rows[i])) return true;
  return false;
}

const everyRow = (rows: readonly (readonly number[])[], test: (r: readonly number[]) => boolean): boolean => !someRowOf(rows, (r) => !test(r));

/** Some transition row P[s][a] of any state passes. */
function someRow(P: readonly (readonly (readonly number[])[])[], test: (r: readonly number[]) => boolean): boolean {
  for (let s = 0; s < P.length; s++) if (someRowOf(P[s], test)) return true;
  return false;
}

function someState(P: readonly (readonly (readonly number[])[])[], test: (rows: readonly (readonly number[])[], s: number) => boolean): boolean {
  for (let s = 0; s < P.length; s++) if (test(P[s], s)) return true;
  return false;
}

function allEqualTo(r: readonly number[], x: number): boolean {
  for (let i = 0; i < r.length; i++) if (r[i] !== x) return false;
  return true;
}

const allZero = (m: readonly (readonly number[])[]): boolean => everyRow(m, (r) => allEqualTo(r, 0));

function everyMatrix(ms: readonly (readonly (readonly number[])[])[], test: (m: readonly (readonly number[])[]) => boolean): boolean {
  for (let i = 0; i < ms.length; i++) if (!test(ms[i])) return false;
  return true;
}

/** The largest |entry| (0 for an empty matrix), as the nested reduce of Math.max computed it. */
function maxAbs(m: readonly (readonly number[])[]): number {
  let x = 0;
  for (let i = 0; i < m.length; i++) for (let j = 0; j < m[i].length; j++) x = Math.max(x, Math.abs(m[i][j]));
  return x;
}
