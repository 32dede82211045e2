import { describe, expect, it } from 'vitest';
import { InputError, validateInstance, validateMdp } from '../src/model/validate.ts';

const good = { P: [[[0.5, 0.5], [1, 0]], [[0, 0], [0, 0.5]]], R: [[0, 1], [1, 0]], mu: [1, 0], gamma: 0.9 };

describe('input validation names the field', () => {
  const cases: [string, unknown, RegExp][] = [
    ['non-stochastic row', { ...good, P: [[[0.7, 0.5], [1, 0]], [[0, 0], [0, 0.5]]] }, /^mdp\.P\[0\]\[0\]: row sums to 1\.2/],
    ['negative probability', { ...good, P: [[[-0.1, 0.5], [1, 0]], [[0, 0], [0, 0.5]]] }, /^mdp\.P\[0\]\[0\]\[0\]: probability -0\.1 is negative/],
    ['NaN reward', { ...good, R: [[0, NaN], [1, 0]] }, /^mdp\.R\[0\]\[1\]: expected a finite number/],
    ['wrong shape', { ...good, R: [[0, 1]] }, /^mdp\.R: expected 2 rows/],
    ['mu not a distribution', { ...good, mu: [0.5, 0.2] }, /^mdp\.mu: sums to 0\.7/],
    ['gamma out of range', { ...good, gamma: 1.5 }, /^mdp\.gamma: expected a number in \(0, 1\]/],
    ['gamma = 1 with a trap', { ...good, gamma: 1 }, /^mdp\.gamma: gamma = 1 needs every policy to end episodes/],
  ];
  for (const [name, mdp, message] of cases) {
    it(name, () => {
      expect(() => validateMdp(mdp)).toThrow(InputError);
      expect(() => validateMdp(mdp)).toThrow(message);
    });
  }

  it('accepts gamma = 1 when every policy terminates', () => {
    expect(() => validateMdp({ ...good, P: [[[0.5, 0.4], [0, 0]], [[0, 0], [0, 0.5]]], gamma: 1 })).not.toThrow();
  });

  it('checks instance shapes', () => {
    const instance = { mdp: good, encoder: [[0, 1], [1, 0]], head: { W: [[1, 0], [0, 1]], b: [0, 0] }, worldModel: { kind: 'affine', M: [[[1, 0], [0, 1]], [[1, 0], [0, 1]]], c: [[0, 0], [0, 0]] }, lambda: 1 };
    expect(() => validateInstance(instance)).not.toThrow();
    expect(() => validateInstance({ ...instance, head: { W: [[1, 0, 0], [0, 1, 0]], b: [0, 0] } })).toThrow(/^instance\.head\.W\[0\]: expected length 2, got 3/);
    expect(() => validateInstance({ ...instance, worldModel: { kind: 'mlp', activation: 'relu', layers: [] } })).toThrow(/^instance\.worldModel\.activation/);
    expect(() => validateInstance({ ...instance, lambda: -1 })).toThrow(/^instance\.lambda/);
  });
});
