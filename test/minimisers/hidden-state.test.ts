// The exact solvers' memos kept on the Mdp (a non-enumerable symbol, a WeakMap for frozen ones) and
// their lazy Fractions from shared getter descriptors (engine/getters.ts) instead of WeakMaps and
// literal getters: the MDP shows what it showed before (JSON, keys, deep equality, structured clone),
// a memo hits for the same object and misses for a copy, and the results show a literal's keys in its order.
import fc from 'fast-check';
import { isDeepStrictEqual } from 'node:util';
import { describe, expect, it } from 'vitest';
import { minCaseArbitrary } from '../../src/minimisers/cases.ts';
import { optimalQ, uniformOptimality } from '../../src/minimisers/exactCache.ts';
import { exactOptimum, fieldMdp } from '../../src/minimisers/policyValue.ts';
import { exactScalar } from '../../src/precise/dual.ts';
import { exactOptimalQ } from '../../src/precise/index.ts';

const cases = fc.sample(minCaseArbitrary(4, 3), { numRuns: 60, seed: 5 });
const twins = fc.sample(minCaseArbitrary(4, 3), { numRuns: 60, seed: 5 });
const text = (x: unknown): string => JSON.stringify(x, (_, v) => (typeof v === 'bigint' ? `${v}n` : v));
const attempt = <T>(f: () => T): T | Error => { try { return f(); } catch (e) { return e as Error; } };

describe('exact solvers keep their memos on the MDP, invisibly', () => {
  it('leave the MDP as it was to JSON, keys, deep equality and structured clones; remember per object', () => {
    let solved = 0;
    cases.forEach((c, i) => {
      const mdp = c.mdp, twin = twins[i].mdp;
      const json = JSON.stringify(mdp);
      const keys = Reflect.ownKeys(mdp).filter((k) => typeof k === 'string');
      const q = attempt(() => optimalQ(mdp));
      const u = attempt(() => uniformOptimality(mdp));
      const o = attempt(() => exactOptimum(mdp));
      fieldMdp(exactScalar, mdp);
      expect(JSON.stringify(mdp)).toBe(json);
      expect(Object.keys(mdp)).toEqual(keys);
      expect(isDeepStrictEqual(mdp, twin)).toBe(true);
      expect(isDeepStrictEqual(structuredClone(mdp), structuredClone(twin))).toBe(true);
      expect(isDeepStrictEqual({ ...mdp }, { ...twin })).toBe(true);
      if (q instanceof Error) return;
      solved++;
      expect(optimalQ(mdp)).toBe(q);
      expect(uniformOptimality(mdp)).toBe(u);
      expect(fieldMdp(exactScalar, mdp)).toBe(fieldMdp(exactScalar, mdp));
      const again = optimalQ({ ...mdp });
      expect(again).not.toBe(q);
      // The lazy Fractions are read per object: a fresh solve's equal the independent Fraction route's.
      expect(text(again)).toBe(text(exactOptimalQ(mdp)));
      expect(Object.keys(q)).toEqual(['Qstar', 'Vstar', 'policy', 'argmax', 'commonOptimalActions', 'assumption1', 'reachable', 'commonOptimalActionsOnReachable', 'iterations']);
      if (!(o instanceof Error)) expect(Object.keys(o)).toEqual(['value', 'V', 'Q', 'policy']);
    });
    expect(solved).toBeGreaterThan(20);
  });

  it('work on a frozen MDP (remembered beside it)', () => {
    const c = cases.find((x) => !(attempt(() => exactOptimalQ(x.mdp)) instanceof Error))!;
    const frozen = Object.freeze({ ...c.mdp });
    const q = optimalQ(frozen);
    expect(optimalQ(frozen)).toBe(q);
    expect(uniformOptimality(frozen)).toBe(uniformOptimality(frozen));
    expect(text(q)).toBe(text(exactOptimalQ(c.mdp)));
    expect(text(exactOptimum(frozen))).toBe(text(exactOptimum({ ...c.mdp })));
  });

  it('share one getter per field across results (no object-literal getters)', () => {
    const solved = cases.map((c) => attempt(() => optimalQ({ ...c.mdp }))).filter((q) => !(q instanceof Error));
    const optima = cases.map((c) => attempt(() => exactOptimum({ ...c.mdp }))).filter((q) => !(q instanceof Error));
    for (const [list, fields] of [[solved, ['Qstar', 'Vstar']], [optima, ['V', 'Q']]] as const) {
      for (const f of fields) {
        const gets = new Set(list.map((x) => Object.getOwnPropertyDescriptor(x, f)!.get));
        expect(gets.size).toBe(1);
        expect(Object.getOwnPropertyDescriptor(list[0], f)!.enumerable).toBe(true);
      }
    }
  });
});
