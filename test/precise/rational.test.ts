import { describe, expect, it } from 'vitest';
import { fraction } from 'mathjs';
import type { Mdp } from '../../src/model/types.ts';
import { exactOptimality, exactOptimalQ, exactRational } from '../../src/precise/index.ts';

// States 0, 1 reachable from mu; state 2 is not (nothing leads to it).
//   state 0: both actions give reward 0.5 and lead to state 1 -> tie.
//   state 1: both actions give reward 1 and end the episode -> tie.
//   state 2: action 0 gives 5, action 1 gives 0 -> uniform is improvable, but only off the
//   reachable set, so the certificate must still hold.
const tiedReachable: Mdp = {
  P: [
    [[0, 1, 0], [0, 1, 0]],
    [[0, 0, 0], [0, 0, 0]],
    [[0, 0, 0], [0, 0, 0]],
  ],
  R: [[0.5, 0.5], [1, 1], [5, 0]],
  mu: [1, 0, 0],
  gamma: 0.9,
};

describe('exactOptimality', () => {
  it('certifies the uniform policy when all reachable actions tie', () => {
    const r = exactOptimality(tiedReachable, 'uniform');
    expect(r.reachable).toEqual([0, 1]);
    expect(r.optimal).toBe(true);
    expect(r.violations).toEqual([]);
    // V(0) = 0.5 + 0.9 * 1 exactly as rationals of the doubles 0.5 and 0.9.
    expect(r.V[0].equals(exactRational(0.5).add(exactRational(0.9)))).toBe(true);
    expect(r.A[0].every((a) => a.n === 0n)).toBe(true);
    expect(r.A[2][0].equals(fraction(5n, 2n))).toBe(true); // unreachable, positive, ignored
    // Any policy is optimal here, including a float-valued one that is normalised exactly.
    expect(exactOptimality(tiedReachable, [[0.1, 0.2], [0.7, 0.3], [0.3, 0.7]]).optimal).toBe(true);
  });

  it('refuses when a reachable state is improvable', () => {
    const mdp: Mdp = structuredClone(tiedReachable);
    mdp.R[1] = [1, 0];
    const r = exactOptimality(mdp, 'uniform');
    expect(r.optimal).toBe(false);
    expect(r.violations.map((v) => [v.state, v.action])).toEqual([[1, 0]]);
    expect(r.violations[0].advantage.equals(fraction(1n, 2n))).toBe(true);
    // The greedy deterministic policy is certified.
    expect(exactOptimality(mdp, [[1, 0], [1, 0], [1, 0]]).optimal).toBe(true);
  });

  it('at gamma = 1 demands that every policy ends, and rejects bad input', () => {
    const ends: Mdp = { ...structuredClone(tiedReachable), gamma: 1 };
    expect(exactOptimality(ends, 'uniform').V[0].equals(fraction(3n, 2n))).toBe(true);
    const loops: Mdp = structuredClone(ends);
    loops.P[2][1] = [0, 0, 1]; // unreachable, but some policy loops there forever
    expect(() => exactOptimality(loops, 'uniform')).toThrow(/gamma = 1 but some policy never ends/);
    expect(() => exactOptimality(tiedReachable, [[1, 0]])).toThrow(/^pi:/);
    expect(() => exactOptimality({ ...tiedReachable, mu: [1] }, 'uniform')).toThrow(/mdp\.mu/);
  });
});

describe('exactOptimalQ', () => {
  it('finds exact ties and decides Assumption 1', () => {
    const r = exactOptimalQ(tiedReachable);
    expect(r.argmax).toEqual([[0, 1], [0, 1], [0]]);
    expect(r.commonOptimalActions).toEqual([0]); // action 0 is optimal everywhere
    expect(r.assumption1).toBe(false);
    expect(r.commonOptimalActionsOnReachable).toEqual([0, 1]);
    expect(r.Qstar[2][0].equals(fraction(5n, 1n))).toBe(true);

    const flip: Mdp = structuredClone(tiedReachable);
    flip.R[2] = [0, 5]; // state 2 now wants action 1, state 1 is made to want action 0
    flip.R[1] = [1, 0.75];
    const f = exactOptimalQ(flip);
    expect(f.argmax).toEqual([[0, 1], [0], [1]]);
    expect(f.commonOptimalActions).toEqual([]);
    expect(f.assumption1).toBe(true);
  });

  it('uses exact rationals of the doubles: 0.5 + 0.9 is not the double 1.4', () => {
    // In floating point 0.5 + 0.9 === 1.4, but as rationals 0.5 + 0.9(double) = 1.40000000000000002220...
    // while 1.4(double) = 1.39999999999999991118..., so action 0 is strictly better.
    const mdp: Mdp = {
      P: [[[0, 1], [0, 0]], [[0, 0], [0, 0]]],
      R: [[0.5, 1.4], [1, 1]],
      mu: [1, 0],
      gamma: 0.9,
    };
    expect(0.5 + 0.9 * 1).toBe(1.4);
    expect(exactOptimalQ(mdp).argmax[0]).toEqual([0]);
    // With gamma = 0.5 the tie 0.5 + 0.5 * 1 = 1 is exact.
    expect(exactOptimalQ({ ...mdp, R: [[0.5, 1], [1, 1]], gamma: 0.5 }).argmax[0]).toEqual([0, 1]);
  });

  it('agrees with value iteration on a random MDP and is a fixed point of the Bellman operator', () => {
    let seed = 99;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const nS = 5;
    const nA = 3;
    const P = Array.from({ length: nS }, () =>
      Array.from({ length: nA }, () => {
        const w = Array.from({ length: nS }, () => rnd());
        const sum = w.reduce((a, b) => a + b, 0);
        return w.map((x) => (0.9 * x) / sum);
      }),
    );
    const mdp: Mdp = { P, R: Array.from({ length: nS }, () => Array.from({ length: nA }, () => rnd() - 0.5)), mu: [1, 0, 0, 0, 0], gamma: 0.8 };
    const r = exactOptimalQ(mdp);
    // Exact Bellman optimality: Q*(s,a) = R + gamma sum P max Q*.
    const g = exactRational(mdp.gamma);
    r.Qstar.forEach((row, s) =>
      row.forEach((q, a) => {
        let ev = fraction(0n, 1n);
        P[s][a].forEach((p, t) => (ev = ev.add(exactRational(p).mul(r.Vstar[t]))));
        expect(q.equals(exactRational(mdp.R[s][a]).add(g.mul(ev)))).toBe(true);
        expect(r.Vstar[s].compare(q)).toBeGreaterThanOrEqual(0);
      }),
    );
    // Float value iteration lands on the same values.
    let V = new Array(nS).fill(0);
    for (let it = 0; it < 400; it++) V = P.map((row, s) => Math.max(...row.map((p, a) => mdp.R[s][a] + 0.8 * p.reduce((acc, x, t) => acc + x * V[t], 0))));
    V.forEach((v, s) => expect(Math.abs(v - r.Vstar[s].valueOf())).toBeLessThan(1e-12));
  });
});
