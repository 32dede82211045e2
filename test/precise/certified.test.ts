import { describe, expect, it } from 'vitest';
import { fraction, type Fraction } from 'mathjs';
import type { Instance, Mdp } from '../../src/model/types.ts';
import { bellmanBound, bigToFraction, certifiedAssumption1 } from '../../src/precise/certified.ts';
import { exactOptimalQ } from '../../src/precise/index.ts';
import { preciseContext } from '../../src/precise/evaluate.ts';
import { flatten } from '../../src/engine/mdp.ts';
import { optimalValues } from '../../src/engine/evaluate.ts';
import { noActionOptimalEverywhere } from '../../src/claims/prop1Case.ts';
import { assumption1Exact, EXACT_A1_MAX_STATES } from '../../src/claims/assumptions.ts';
import { exactRational } from '../../src/precise/exact.ts';
import { gaussSeidel, sparsePolicyIteration, sparseRefinedSolve, type SparseModel } from '../../src/precise/certifiedSolve.ts';
import { refinedSolve } from '../../src/precise/refine.ts';
import type { Big } from '../../src/precise/evaluate.ts';

function lcg(seed: number) {
  let x = seed >>> 0 || 1;
  return () => (x = (Math.imul(x, 1664525) + 1013904223) >>> 0) / 2 ** 32;
}

/**
 * Small MDPs with many exact ties (rewards on a coarse grid, shared successors). gamma = 1 only with
 * transitions to later states, so every policy ends; rows may then carry mass 1 (the weighted bound).
 */
function randomMdp(seed: number): Mdp {
  const rand = lcg(seed);
  const S = 2 + Math.floor(rand() * 6), A = 1 + Math.floor(rand() * 3);
  const gamma = [0.5, 0.9, 0.99, 1][Math.floor(rand() * 4)];
  const P = Array.from({ length: S }, (_, s) =>
    Array.from({ length: A }, () => {
      const row = new Array<number>(S).fill(0);
      const lo = gamma === 1 ? s + 1 : 0;
      if (lo >= S || rand() < 0.2) return row;
      const mass = rand() < 0.5 ? 1 : 0.75;
      const t1 = lo + Math.floor(rand() * (S - lo)), t2 = lo + Math.floor(rand() * (S - lo));
      row[t1] += mass / 2;
      row[t2] += mass / 2;
      return row;
    }),
  );
  const R = Array.from({ length: S }, () => Array.from({ length: A }, () => [0, 0.5, 1][Math.floor(rand() * 3)]));
  return { P, R, mu: [1, ...new Array(S - 1).fill(0)], gamma };
}

/**
 * Two planted states: state 0 has a0 -> reward gamma then the end, a1 -> reward x then state 1 (value
 * 1), so Q*(0, a1) - Q*(0, a0) = x exactly; state 1 prefers a1 by 1. Then `pad` more states, a chain
 * where a1 is better by 1. x = -2^-133 (~ -1e-40): Assumption 1 holds (a1 loses at state 0 only);
 * x = +2^-133: a1 is optimal everywhere, so it fails; x = 0: a tie. float64 sees neither margin.
 */
function planted(x: number, gamma: number, pad = 0): Mdp {
  const S = 2 + pad;
  const row = (t: number, p = 1) => Object.assign(new Array<number>(S).fill(0), t < S ? { [t]: p } : {});
  const P = [[row(S), row(1)], [row(S), row(S)], ...Array.from({ length: pad }, (_, k) => [row(3 + k, 0.5), row(3 + k, 0.5)])];
  const R = [[gamma, x], [0, 1], ...Array.from({ length: pad }, () => [0, 1])];
  return { P, R, mu: [1, ...new Array(S - 1).fill(0)], gamma };
}

const instanceOf = (mdp: Mdp): Instance => ({
  mdp,
  encoder: mdp.P.map(() => [0]),
  head: { W: mdp.P[0].map(() => [0]), b: mdp.P[0].map(() => 0) },
  worldModel: { kind: 'affine', M: mdp.P[0].map(() => [[0]]), c: mdp.P[0].map(() => [0]) },
  lambda: 1,
});

describe('bigToFraction', () => {
  it('reads a BigNumber as its exact decimal value', () => {
    const c = preciseContext(64);
    expect(bigToFraction(c.math.bignumber('1.25e-3') as never).equals(fraction(1n, 800n))).toBe(true);
    expect(bigToFraction(c.math.bignumber('-12345e20') as never).equals(fraction(-12345n * 10n ** 20n, 1n))).toBe(true);
    expect(bigToFraction(c.zero).equals(fraction(0n, 1n))).toBe(true);
    const third = c.one.div(3);
    expect(bigToFraction(third).equals(fraction(BigInt('3'.repeat(64)), 10n ** 64n))).toBe(true);
  });
});

describe('bellmanBound', () => {
  it('contains the exact Q* for crude and accurate candidates alike', () => {
    let weighted = 0;
    for (let seed = 1; seed <= 60; seed++) {
      const mdp = randomMdp(seed);
      const exact = exactOptimalQ(mdp);
      const A = mdp.P[0].length;
      const rand = lcg(seed + 1000);
      const candidates: Fraction[][] = [
        Array.from(optimalValues(flatten(mdp)).V, exactRational),
        exact.Vstar.map((v) => v.add(exactRational((rand() - 0.5) * 1e-3))),
        exact.Vstar,
      ];
      for (const V of candidates) {
        const b = bellmanBound(mdp, V);
        if (typeof b === 'string') throw new Error(b);
        if (b.h) weighted++;
        exact.Qstar.forEach((row, s) =>
          row.forEach((q, a) => {
            expect(b.lo[s * A + a].compare(q)).toBeLessThanOrEqual(0);
            expect(b.hi[s * A + a].compare(q)).toBeGreaterThanOrEqual(0);
          }),
        );
        // ||V* - V̂||_h <= delta, with h = 1 unless weighted.
        exact.Vstar.forEach((v, s) => expect(v.sub(V[s]).abs().compare(b.h ? b.delta.mul(b.h[s]) : b.delta)).toBeLessThanOrEqual(0));
      }
      // At V̂ = V* the residual, hence the bound, is exactly 0.
      const atStar = bellmanBound(mdp, exact.Vstar);
      expect(typeof atStar !== 'string' && atStar.delta.n).toBe(0n);
    }
    expect(weighted).toBeGreaterThan(0);
  });
});

describe('certifiedAssumption1', () => {
  it('agrees with exact rational policy iteration whenever it decides, and leaves ties undecided', () => {
    const seen = { holds: 0, fails: 0, undecided: 0 };
    for (let seed = 1; seed <= 150; seed++) {
      const mdp = randomMdp(seed);
      const c = certifiedAssumption1(mdp);
      const exact = exactOptimalQ(mdp).assumption1;
      if (c.decided) {
        expect(c.holds, `seed ${seed}`).toBe(exact);
        seen[c.holds ? 'holds' : 'fails']++;
        expect(c.delta).toBeLessThan(1e-55);
      } else seen.undecided++;
    }
    expect(seen.holds).toBeGreaterThan(10);
    expect(seen.fails).toBeGreaterThan(10);
    expect(seen.undecided).toBeGreaterThan(5);
  });

  it('sees a margin of 1e-40 that float64 cannot, both ways, and falls back on an exact tie', () => {
    const margin = 2 ** -133;
    for (const gamma of [1, 0.9]) {
      const holdsBy = planted(-margin, gamma);
      expect(noActionOptimalEverywhere(flatten(holdsBy))).toBe(false); // float64 sees a tie at state 0
      expect(exactOptimalQ(holdsBy).assumption1).toBe(true);
      const c = certifiedAssumption1(holdsBy);
      expect([c.decided, c.holds, c.suboptimalAt]).toEqual([true, true, [1, 0]]);

      const failsBy = planted(margin, gamma);
      expect(exactOptimalQ(failsBy).assumption1).toBe(false);
      const f = certifiedAssumption1(failsBy);
      expect([f.decided, f.holds, f.optimalEverywhere]).toEqual([true, false, [1]]);

      const tie = certifiedAssumption1(planted(0, gamma));
      expect(tie.decided).toBe(false);
      expect(exactOptimalQ(planted(0, gamma)).assumption1).toBe(false);
    }
    // gamma = 1 with a row of mass 1 needs the episode-length weights.
    expect(certifiedAssumption1(planted(-margin, 1)).why).toContain('weighted by episode length');
  });

  it('one action is optimal everywhere, trivially', () => {
    const c = certifiedAssumption1({ P: [[[0, 1]], [[0, 0]]], R: [[1], [2]], mu: [1, 0], gamma: 1 });
    expect([c.decided, c.holds, c.optimalEverywhere]).toEqual([true, false, [0]]);
  });
});

describe('assumption1Exact at scale', () => {
  it('decides a planted 1e-40 margin on 250 states by the certified bound', () => {
    const margin = 2 ** -133;
    const holds = assumption1Exact(instanceOf(planted(-margin, 0.95, 248)));
    expect(holds.holds).toBe(true);
    expect(holds.why).toContain('certified');
    const fails = assumption1Exact(instanceOf(planted(margin, 0.95, 248)));
    expect(fails.holds).toBe(false);
    expect(fails.why).toContain('action(s) 1 optimal in every state');
  });

  it('a random sparse 250-state MDP: the certified answer matches float64 where float64 has clear margins', () => {
    const rand = lcg(7);
    const S = 250, A = 3;
    const mdp: Mdp = {
      P: Array.from({ length: S }, () => Array.from({ length: A }, () => {
        const row = new Array<number>(S).fill(0);
        row[Math.floor(rand() * S)] += 0.45;
        row[Math.floor(rand() * S)] += 0.45;
        return row;
      })),
      R: Array.from({ length: S }, () => Array.from({ length: A }, () => Math.round(rand() * 64) / 16)),
      mu: new Array(S).fill(1 / S),
      gamma: 0.97,
    };
    const { Q } = optimalValues(flatten(mdp));
    // Float64 margins: the smallest gap between an action and the best one, where nonzero.
    let gap = Infinity;
    for (let s = 0; s < S; s++) {
      const best = Math.max(...Q.slice(s * A, s * A + A));
      for (let a = 0; a < A; a++) if (Q[s * A + a] < best) gap = Math.min(gap, best - Q[s * A + a]);
    }
    expect(gap).toBeGreaterThan(1e-6);
    const r = assumption1Exact(instanceOf(mdp));
    expect(r.holds).toBe(noActionOptimalEverywhere(flatten(mdp)));
    expect(r.why).toContain('certified');
  });

  it('falls back to exact rationals on a tie just above the threshold', () => {
    const tie = assumption1Exact(instanceOf(planted(0, 0.9, EXACT_A1_MAX_STATES - 1)));
    expect(tie.holds).toBe(false);
    expect(tie.why).toContain('exact rational Q*; the certified bound could not decide');
  });
});

function sparseOf(mdp: Mdp): SparseModel {
  const S = mdp.P.length, A = mdp.P[0].length;
  const succ: number[][] = [], prob: number[][] = [];
  for (let s = 0; s < S; s++)
    for (let a = 0; a < A; a++) {
      succ.push(mdp.P[s][a].flatMap((x, t) => (x !== 0 ? [t] : [])));
      prob.push(mdp.P[s][a].filter((x) => x !== 0));
    }
  return { S, A, succ, prob, gamma: mdp.gamma };
}

describe('certifiedSolve (the sparse candidate solves)', () => {
  it('policy iteration and the 64-digit solve match the dense engine and refine.ts', () => {
    const c = preciseContext(64);
    for (let seed = 1; seed <= 40; seed++) {
      const mdp = randomMdp(seed);
      const m = sparseOf(mdp);
      const R = (i: number) => mdp.R[Math.floor(i / m.A)][i % m.A];
      const dense = optimalValues(flatten(mdp));
      const sparse = sparsePolicyIteration(m, R);
      if (!sparse) throw new Error(`seed ${seed}: no sparse policy`);
      sparse.V.forEach((v, s) => expect(Math.abs(v - dense.V[s])).toBeLessThanOrEqual(1e-12 * (1 + Math.abs(dense.V[s]))));
      // The same policy's V at 64 digits, by both refinements.
      const x = sparseRefinedSolve(c, m, sparse.policy, R)!;
      const M: Big[][] = Array.from({ length: m.S }, (_, s) => Array.from({ length: m.S }, (_, t) => {
        const i = s * m.A + sparse.policy[s];
        const p = m.succ[i].reduce((acc, u, k) => (u === t ? acc.plus(c.big(m.prob[i][k])) : acc), c.zero);
        return (s === t ? c.one : c.zero).minus(c.big(mdp.gamma).times(p));
      }));
      const y = refinedSolve(c, M, Array.from({ length: m.S }, (_, s) => c.big(R(s * m.A + sparse.policy[s]))), false)!;
      x.forEach((v, s) => expect(v.minus(y[s]).abs().toNumber()).toBeLessThanOrEqual(1e-55 * (1 + Math.abs(y[s].toNumber()))));
    }
  });

  it('returns null for a policy that never ends an episode at gamma = 1', () => {
    const m: SparseModel = { S: 2, A: 1, succ: [[1], [0]], prob: [[1], [1]], gamma: 1 };
    expect(gaussSeidel(m, [0, 0], [1, 1])).toBeNull();
  });
});
