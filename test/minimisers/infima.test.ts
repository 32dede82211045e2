// Certified infima against brute force: value iteration (an independent evaluator) on a fine grid
// over the constant-policy simplex, and Bellman optimality iteration for V*, on 2-state 2-action MDPs.
import { describe, expect, it } from 'vitest';
import type { Mdp } from '../../src/model/types.ts';
import { certifiedInfimum } from '../../src/minimisers/infima.ts';
import { infimumCertificate, replayInfimumCertificate } from '../../src/minimisers/certificates.ts';

function rng(seed: number) {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
}

function randomMdp(seed: number): Mdp {
  const r = rng(seed);
  const row = () => { const a = r(), b = r(), keep = 0.5 + 0.5 * r(); return [keep * a / (a + b), keep * b / (a + b)]; };
  return { P: [[row(), row()], [row(), row()]], R: [[r() * 2 - 1, r() * 2 - 1], [r() * 2 - 1, r() * 2 - 1]], mu: [1, 0], gamma: 0.5 + 0.4 * r() };
}

/** mu . V by value iteration for the stochastic policy pi[s][a]. */
function valueIteration(m: Mdp, pi: number[][]): number {
  let V = [0, 0];
  for (let it = 0; it < 100000; it++) {
    const next = V.map((_, s) => pi[s].reduce((acc, p, a) => acc + p * (m.R[s][a] + m.gamma * m.P[s][a].reduce((x, q, t) => x + q * V[t], 0)), 0));
    const change = Math.max(...next.map((v, s) => Math.abs(v - V[s])));
    V = next;
    if (change < 1e-14) break;
  }
  return m.mu.reduce((acc, w, s) => acc + w * V[s], 0);
}

function optimalValue(m: Mdp): number {
  let V = [0, 0];
  for (let it = 0; it < 100000; it++) {
    const next = V.map((_, s) => Math.max(...[0, 1].map((a) => m.R[s][a] + m.gamma * m.P[s][a].reduce((x, q, t) => x + q * V[t], 0))));
    const change = Math.max(...next.map((v, s) => Math.abs(v - V[s])));
    V = next;
    if (change < 1e-14) break;
  }
  return m.mu.reduce((acc, w, s) => acc + w * V[s], 0);
}

describe('certified infima (2 states, 2 actions)', () => {
  for (const seed of [1, 2, 3, 4, 5, 6]) {
    it(`seed ${seed}: inf over all = -V* and inf over collapsed agree with brute force`, () => {
      const m = randomMdp(seed);
      const all = certifiedInfimum(m, 0.5, 'all');
      expect(all.interval.lower).toBeCloseTo(-optimalValue(m), 10);
      const col = certifiedInfimum(m, 0.5, 'collapsed');
      let best = -Infinity;
      for (let i = 0; i <= 10000; i++) {
        const p = i / 10000;
        best = Math.max(best, valueIteration(m, [[p, 1 - p], [p, 1 - p]]));
      }
      // The grid's best is a value of the class: never above the certified maximum, and within the
      // grid's resolution of it.
      expect(-best).toBeGreaterThanOrEqual(col.interval.lower - 1e-11);
      expect(-best - col.interval.upper).toBeLessThan(1e-6);
      expect(col.interval.upper - col.interval.lower).toBeLessThan(1e-8);
      // The collapsed infimum is never below the overall one.
      expect(col.interval.upper).toBeGreaterThanOrEqual(all.interval.lower - 1e-12);
    });
  }

  it('a planted wrong infimum (off by 1e-6) is refuted on replay; the right one holds', () => {
    const m = randomMdp(3);
    const file = infimumCertificate(m, 0.5, 'collapsed');
    expect(replayInfimumCertificate(file).holds).toBe(true);
    const planted = { ...file, interval: { lower: file.interval.lower + 1e-6, upper: file.interval.upper + 1e-6 } };
    expect(replayInfimumCertificate(planted).holds).toBe(false);
    const below = { ...file, interval: { lower: file.interval.lower - 1e-6, upper: file.interval.lower - 1e-6 } };
    expect(replayInfimumCertificate(below).holds).toBe(false);
  });

  it('a certificate whose leaves no longer cover the simplex is rejected', () => {
    const file = infimumCertificate(randomMdp(4), 0.5, 'collapsed');
    expect(file.leaves.length).toBeGreaterThan(1);
    expect(() => replayInfimumCertificate({ ...file, leaves: file.leaves.slice(1) })).toThrow(/partition/);
  });

  it('a deterministic constant optimum that never visits the improvable state closes the gap exactly', () => {
    // state 0: action 0 stays (reward 1), action 1 moves to state 1 (reward 0); state 1 prefers action 1.
    const m: Mdp = { P: [[[1, 0], [0, 1]], [[0, 1], [0, 1]]], R: [[1, 0], [0, 1.05]], mu: [1, 0], gamma: 0.9 };
    const col = certifiedInfimum(m, 1, 'collapsed');
    const all = certifiedInfimum(m, 1, 'all');
    expect(col.decision.noGap).toBe(true);
    expect(col.interval.exactLower).toBe(all.interval.exactLower);
  });
});
