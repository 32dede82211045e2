// The corners a case reached, read off the case itself (not off the generator's intent).
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
  const rows = mdp.P.flat();
  const rowSum = (r: number[]) => r.reduce((x, y) => x + y, 0);
  if (rows.some((r) => rowSum(r) === 0)) out.push('terminal transition');
  if (mdp.P.some((rs, s) => rs.every((r) => r[s] === 1))) out.push('absorbing state');
  if (mdp.P.some((rs, s) => rs.some((r) => r[s] > 0 && r[s] < 1))) out.push('self-looping state');
  if (reachableStates(mdp).some((x) => !x)) out.push('unreachable state');
  if (mdp.gamma === 1) out.push('gamma = 1 (certain termination)');
  if (mdp.gamma < 0.05) out.push('gamma near 0');
  if (mdp.R.some((r) => r.every((x) => x === r[0]))) out.push('tied rewards');
  if (head.W.every((r) => r.every((x) => x === 0))) out.push('zero W');
  else if (rankOf(head.W, d) < Math.min(A, d)) out.push('rank-deficient W');
  const maxAbs = (m: number[][]) => m.reduce((x, r) => r.reduce((y, v) => Math.max(y, Math.abs(v)), x), 0);
  const wScale = maxAbs(head.W);
  if (wScale >= 1e3 || (wScale > 0 && wScale <= 1e-3)) out.push('W at extreme scale');
  const zScale = maxAbs(encoder);
  if (zScale === 0) out.push('z_d = 0');
  else if (zScale >= 1e3 || zScale <= 1e-3) out.push('codes at extreme scale');
  if (worldModel.kind === 'mlp') out.push('MLP world model');
  else if (worldModel.M.every((M) => M.every((r) => r.every((x) => x === 0)))) out.push('L = 0');
  if (lambda <= 1e-3) out.push('lambda <= 1e-3');
  if (lambda >= 1e3) out.push('lambda >= 1e3');
  return out;
}
