import { describe, expect, it } from 'vitest';
import { flatten } from '../src/engine/mdp.ts';
import { evaluatePolicy, optimalValues } from '../src/engine/evaluate.ts';
import { basePoint, baseObjective, delta, prepare } from '../src/engine/objective.ts';
import type { Instance, Mdp } from '../src/model/types.ts';
import { preciseDelta, preciseEvaluate } from '../src/precise/index.ts';

// Hand-solved: from state 0, action 0 moves to state 1, action 1 ends the episode; state 1 ends it.
// R = [[0, 1], [2, 2]], gamma = 1/2, uniform policy: V(1) = 2, Q(0,0) = 0 + 1/2 * 2 = 1, Q(0,1) = 1,
// V(0) = 1, d(0) = 1, d(1) = gamma * pi(0|0) = 1/4, J_PG = -1. With E(0) = [1,0], E(1) = [0,1] and
// W_psi(z, a) = 0, the only transition (0,0) -> 1 has error ||0 - [0,1]||^2 = 1, so
// J_JEPA = lambda d(0) pi(0|0) * 1 = 2 * 1 * 1/2 = 1.
const handMdp: Mdp = { P: [[[0, 1], [0, 0]], [[0, 0], [0, 0]]], R: [[0, 1], [2, 2]], mu: [1, 0], gamma: 0.5 };
const handInstance: Instance = {
  mdp: handMdp,
  encoder: [[1, 0], [0, 1]],
  head: { W: [[0, 0], [0, 0]], b: [0, 0] },
  worldModel: { kind: 'affine', M: [[[0, 0], [0, 0]], [[0, 0], [0, 0]]], c: [[0, 0], [0, 0]] },
  lambda: 2,
};

describe('exact engine', () => {
  it('matches the hand-solved 2-state MDP', () => {
    const base = basePoint(prepare(handInstance));
    expect(Array.from(base.evaluation.V)).toEqual([1, 2]);
    expect(Array.from(base.evaluation.Q)).toEqual([1, 1, 2, 2]);
    expect(Array.from(base.evaluation.d)).toEqual([1, 0.25]);
    const J = baseObjective(base, 'on-policy');
    expect(J.J_PG).toBe(-1);
    expect(J.J_JEPA).toBe(1);
  });

  it('optimal values by policy iteration match a hand value', () => {
    // Best from 0: action 0 gives 0 + 1/2 * 2 = 1, action 1 gives 1: V*(0) = 1, V*(1) = 2.
    const { V } = optimalValues(flatten(handMdp));
    expect(Array.from(V)).toEqual([1, 2]);
  });

  it('agrees with Monte-Carlo rollouts within 4 standard errors (V(mu) and d_pi)', () => {
    let seed = 7;
    const rand = () => ((seed = (seed * 1664525 + 1013904223) >>> 0) / 2 ** 32);
    const S = 4;
    const A = 2;
    const P = Array.from({ length: S }, () => Array.from({ length: A }, () => {
      const w = Array.from({ length: S }, rand);
      const total = w.reduce((a, b) => a + b, 0) / 0.8;
      return w.map((x) => x / total);
    }));
    const R = Array.from({ length: S }, () => Array.from({ length: A }, () => rand() * 2 - 1));
    const mdp: Mdp = { P, R, mu: [0.25, 0.25, 0.25, 0.25], gamma: 0.9 };
    const pi = Float64Array.from([0.3, 0.7, 0.5, 0.5, 0.9, 0.1, 0.2, 0.8]);
    const ev = evaluatePolicy(flatten(mdp), pi);
    const episodes = 20000;
    const returns: number[] = [];
    const visits = new Array<number>(S).fill(0);
    for (let e = 0; e < episodes; e++) {
      let s = Math.floor(rand() * S);
      let discount = 1;
      let G = 0;
      for (let t = 0; t < 500; t++) {
        visits[s] += discount;
        const a = rand() < pi[s * A] ? 0 : 1;
        G += discount * R[s][a];
        discount *= mdp.gamma;
        let u = rand();
        let next = -1;
        for (let t2 = 0; t2 < S; t2++) { u -= P[s][a][t2]; if (u < 0) { next = t2; break; } }
        if (next < 0) break;
        s = next;
      }
      returns.push(G);
    }
    const mean = returns.reduce((a, b) => a + b, 0) / episodes;
    const sd = Math.sqrt(returns.reduce((a, b) => a + (b - mean) ** 2, 0) / (episodes - 1));
    const Vmu = ev.V.reduce((a, v, s) => a + mdp.mu[s] * v, 0);
    expect(Math.abs(mean - Vmu)).toBeLessThan(4 * sd / Math.sqrt(episodes));
    for (let s = 0; s < S; s++) expect(Math.abs(visits[s] / episodes - ev.d[s])).toBeLessThan(0.05 * ev.d[s] + 0.02);
  });

  it('agrees with the independent 64-digit engine on J and Delta J under both readings', () => {
    const instance: Instance = {
      ...handInstance,
      mdp: { ...handMdp, P: [[[0.2, 0.5], [0.3, 0.1]], [[0.5, 0.25], [0, 0.75]]] },
      head: { W: [[0.5, -1], [1.5, 0.25]], b: [0.1, -0.2] },
      worldModel: { kind: 'affine', M: [[[0.5, 0], [0.25, -0.5]], [[0, 1], [1, 0]]], c: [[0.1, 0], [0, -0.1]] },
    };
    const base = basePoint(prepare(instance));
    const precise = preciseEvaluate(instance);
    expect(baseObjective(base, 'on-policy').J_PG).toBeCloseTo(precise.J_PG.toNumber(), 13);
    expect(baseObjective(base, 'on-policy').J_JEPA).toBeCloseTo(precise.J_JEPA.toNumber(), 13);
    const p = { state: 1, action: 0, u: [0.6, 0.8], r: [0.6, 0.8], k: 2, eps: 1e-3 };
    for (const reading of ['on-policy', 'fixed-data'] as const) {
      const d = delta(base, p, reading);
      const q = preciseDelta(instance, p, reading);
      expect(d.deltaJ_PG).toBeCloseTo(q.numbers.deltaJ_PG, 12);
      expect(d.deltaJ_JEPA).toBeCloseTo(q.numbers.deltaJ_JEPA, 12);
    }
  });
});
