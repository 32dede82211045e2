// Lazy fields from shared getter descriptors (engine/getters.ts) instead of object-literal getters:
// perturbationFacts' per-reading slopes and signs (second derivatives on first read) and
// prop1Direction's rankW. Each shows the literal's keys in their order, one getter per field shared
// by every object, and the values the eager computation gives.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Instance } from '../../src/model/types.ts';
import { READINGS } from '../../src/model/types.ts';
import { perturbationDerivation, perturbationFacts, type PerturbationInput } from '../../src/derivation/perturbation.ts';
import { channelCaseArbitrary, configure, prop1Direction, type ChannelCase } from '../../src/api.ts';
import { channelU } from '../../src/construction/prop1.ts';

const text = (x: unknown) => JSON.stringify(x, (_k, v) => (Object.is(v, -0) ? '-0' : typeof v === 'number' && !Number.isFinite(v) ? String(v) : v));

const inst = (w: number, m: number): Instance => ({
  mdp: { P: [[[0, 1], [0.5, 0]], [[0, 0], [0, 0]]], R: [[1, 0], [2, 0]], mu: [1, 0], gamma: 0.5 },
  encoder: [[0.3], [-0.7]],
  head: { W: [[w], [-0.25]], b: [0.1, 0] },
  worldModel: { kind: 'affine', M: [[[m]], [[0]]], c: [[1], [2]] },
  lambda: 1,
});

describe('perturbationFacts without steps', () => {
  it('gives the derivation\'s facts in the same key order, through one shared getter per lazy field', () => {
    const gets = new Map<string, Set<unknown>>();
    for (const [w, m, k] of [[0.5, 0.5, 0.5], [0, 0, 1], [0.25, -1, 0], [2, 0.125, 3]]) {
      const inp: PerturbationInput = { instance: inst(w, m), state: 0, action: 1, u: [1], r: [1], k };
      const facts = perturbationFacts(inp);
      expect(text(facts)).toBe(text(perturbationDerivation(inp).facts));
      for (const rd of READINGS) {
        expect(Object.keys(facts.slopes[rd])).toEqual(['PG', 'JEPA', 'J', 'd2JEPA', 'd2J']);
        expect(Object.keys(facts.signs[rd])).toEqual(['JEPAminusC', 'JEPAorder', 'J', 'Jorder', 'PGminusPred']);
        for (const [o, f] of [[facts.slopes[rd], 'd2JEPA'], [facts.slopes[rd], 'd2J'], [facts.signs[rd], 'JEPAminusC'], [facts.signs[rd], 'J']] as const) {
          const d = Object.getOwnPropertyDescriptor(o, f)!;
          expect(d.enumerable).toBe(true);
          if (!gets.has(f)) gets.set(f, new Set());
          gets.get(f)!.add(d.get);
        }
        expect({ ...facts.signs[rd] }).toEqual(JSON.parse(JSON.stringify(facts.signs[rd])));
      }
    }
    for (const s of gets.values()) expect(s.size).toBe(1);
  });
});

describe('prop1Direction', () => {
  it('shows u, space, rankW, dimIntersection, exact, kernelOfW in order; rankW is channelU\'s', () => {
    const cfg = configure({});
    const gets = new Set<unknown>();
    fc.assert(fc.property(channelCaseArbitrary(), (c: ChannelCase) => {
      const dir = prop1Direction(c.W, c.zd, c.uPick, cfg);
      expect(Object.keys(dir)).toEqual(['u', 'space', 'rankW', 'dimIntersection', 'exact', 'kernelOfW']);
      gets.add(Object.getOwnPropertyDescriptor(dir, 'rankW')!.get);
      expect(Object.getOwnPropertySymbols(dir).every((s) => !Object.getOwnPropertyDescriptor(dir, s)!.enumerable)).toBe(true);
      expect(dir.rankW).toBe(channelU(c.W, c.zd, c.uPick).rankW);
      expect(dir.kernelOfW).toBe(true);
    }), { seed: 3, numRuns: 60 });
    expect(gets.size).toBe(1);
  });
});
