// instanceCorners is written as plain loops (it runs for every decided case); the reference here is
// the same definition written with array methods, read off CLAIMS.md's corner list.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Instance } from '../../src/model/types.ts';
import { reachableStates } from '../../src/engine/mdp.ts';
import { rankOf } from '../../src/construction/nullspace.ts';
import { instanceCorners } from '../../src/search/corners.ts';
import { partialInstanceArbitrary } from '../../src/search/arbitraries/partialInstance.ts';
import { collapsedInstanceArbitrary } from '../../src/search/arbitraries/collapsedInstance.ts';

function reference(instance: Instance): string[] {
  const { mdp, head, encoder, worldModel, lambda } = instance;
  const S = mdp.P.length, A = mdp.P[0].length, d = encoder[0].length;
  const out = [`|S| = ${S}`, `|A| = ${A}`, `d = ${d}`];
  if (S === 2 && A === 2 && d === 2) out.push('smallest size (2, 2, 2)');
  if (mdp.P.flat().some((r) => r.reduce((x, y) => x + y, 0) === 0)) out.push('terminal transition');
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

describe('instanceCorners', () => {
  it('names the corners the array-method definition names, on 3,000 generated instances', () => {
    const instances = [
      ...fc.sample(partialInstanceArbitrary(), { seed: 3, numRuns: 1500 }).map((p) => p.instance),
      ...fc.sample(collapsedInstanceArbitrary(), { seed: 4, numRuns: 1500 }),
    ];
    const seen = new Set<string>();
    for (const instance of instances) {
      const corners = instanceCorners(instance);
      expect(corners).toEqual(reference(instance));
      for (const c of corners) seen.add(c.startsWith('|') || c.startsWith('d =') ? 'size' : c);
    }
    // The sample reaches the corners the loops decide, so each branch was compared both ways.
    for (const c of ['terminal transition', 'absorbing state', 'self-looping state', 'unreachable state', 'tied rewards', 'zero W', 'rank-deficient W', 'z_d = 0', 'L = 0', 'MLP world model']) expect(seen, c).toContain(c);
  });

  it('reads NaN and -0 as the definition does', () => {
    const [instance] = fc.sample(collapsedInstanceArbitrary(), { seed: 5, numRuns: 1 });
    const odd: Instance = { ...instance, head: { ...instance.head, W: instance.head.W.map((r) => r.map(() => -0)) }, mdp: { ...instance.mdp, R: instance.mdp.R.map((r) => r.map(() => Number.NaN)) } };
    expect(instanceCorners(odd)).toEqual(reference(odd));
    expect(instanceCorners(odd)).toContain('zero W');
    expect(instanceCorners(odd)).not.toContain('tied rewards');
  });
});
