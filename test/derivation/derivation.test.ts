import { describe, expect, it } from 'vitest';
import { perturbationDerivation } from '../../src/derivation/perturbation.ts';
import { conclude } from '../../src/derivation/conclude.ts';
import { certificateDerivation } from '../../src/derivation/certificate.ts';
import { formatDerivation } from '../../src/derivation/format.ts';
import { recognise, sqrtRational } from '../../src/derivation/exactValues.ts';
import type { Instance } from '../../src/model/types.ts';

// Two states, two actions, d = 1, everything collapsed at z = 0, W_psi = 0. State 0: action 1 leads to
// state 1, action 0 ends; state 1: action 0 pays 1 and ends. By hand: pi = 1/2, V = (1/4, 1/2),
// d_pi = (1, 1/2), A(1, 0) = 1/2, k1 = 1/2 * 1/2 * 1/2 = 1/8. Moving z_1 by eps moves the target of
// the one transition (0, 1) -> 1, so Delta J_JEPA = lambda d(0) pi(1|0) eps^2 = eps^2 / 2: slope 0, f'' = 1.
const inst: Instance = {
  mdp: { P: [[[0, 0], [0, 1]], [[0, 0], [0, 0]]], R: [[0, 0], [1, 0]], mu: [1, 0], gamma: 1 },
  encoder: [[0], [0]], head: { W: [[0], [0]], b: [0, 0] },
  worldModel: { kind: 'affine', M: [[[0]], [[0]]], c: [[0], [0]] }, lambda: 1,
};

describe('derivations', () => {
  const built = perturbationDerivation({ instance: inst, state: 1, action: 0, u: [1], r: [1], k: 1, uExact: ['1'], rExact: ['1'] });
  const step = (s: string) => built.derivation.steps.find((x) => x.symbol === s)!;

  it('computes the chain exactly, matching the hand computation', () => {
    expect(built.facts.exact).toBe(true);
    expect(step('pi').value).toBe('[[1/2, 1/2], [1/2, 1/2]]');
    expect(step('V').value).toBe('[1/4, 1/2]');
    expect(step('d_pi').value).toBe('[1, 1/2]');
    expect(step('k1').value).toBe('1/8');
    expect(step('E_max').value).toBe('0');
    expect(step('C').value).toBe('0');
    expect(step('dJ_PG/deps (on-policy)').value).toBe('-1/8');
    expect(step('dJ_JEPA/deps (on-policy)').value).toBe('0');
    expect(step('d2J_JEPA/deps2 (on-policy)').value).toBe('1');
    expect(step('d2J_JEPA/deps2 (fixed-data)').value).toBe('1');
  });

  it('concludes eq. (5) fails at second order under both readings, and eq. (3) holds here', () => {
    const eq5 = conclude('eq5', built.facts);
    expect(eq5.failing).toEqual(['on-policy', 'fixed-data']);
    expect(conclude('eq3', built.facts).failing).toEqual([]);
    expect(conclude('k1', built.facts).failing).toEqual([]);
  });

  it('certificate derivation: uniform policy optimal on the reachable states', () => {
    const mdp = { P: [[[0, 0], [0, 0]], [[0, 0], [0, 0]]], R: [[1, 1], [0, 5]], mu: [1, 0], gamma: 0.5 };
    const d = certificateDerivation(mdp);
    expect(d.steps.find((s) => s.symbol === 'J_PG')!.value).toBe('-1');
    expect(d.conclusion).toMatch(/global minimiser/);
  });

  it('formatDerivation prints one line per step and the notes', () => {
    const text = formatDerivation({ derivation: { ...built.derivation, conclusion: 'done' }, minimality: ['none smaller'], explain: { free: ['mdp.R[0][0]'], fixed: ['mu'] } });
    expect(text).toMatch(/k1 +=\s1\/8/);
    expect(text).toMatch(/=> done/);
    expect(text).toMatch(/free entries.*mdp\.R\[0\]\[0\]/);
  });

  it('recognises rationals and exact square roots', () => {
    expect(recognise(0.6)!.valueOf()).toBe(0.6);
    expect(recognise(Math.SQRT1_2)).toBeNull();
    expect(sqrtRational(recognise(9 / 16)!)!.valueOf()).toBe(0.75);
    expect(sqrtRational(recognise(0.5)!)).toBeNull();
  });
});
