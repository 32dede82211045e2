// The sign of A(s, a_Δ) in prop1Hypotheses / prop2Hypotheses is decided beyond 64-digit noise: an
// exact tie (identical actions, |A| = 1, or two actions whose values are equal by symmetry) leaves a
// 64-digit residue of about 1e-64 that zero margin read as "> 0"; a genuine small advantage (1e-30,
// from a reward difference) is still accepted. Each instance is checked to reach the pair the claim
// is decided at and to carry the residue the old test admitted, so the test fails on that test.
import { describe, expect, it } from 'vitest';
import { all, create, type BigNumber } from 'mathjs';
import { stagedBasePoint } from '../../src/engine/objective.ts';
import { preciseEvaluate } from '../../src/precise/index.ts';
import { NOISE_64, sign64 } from '../../src/precise/sign.ts';
import { prop1Hypotheses, prop1Setup, type Prop1Case } from '../../src/claims/prop1Case.ts';
import { prop2Hypotheses, prop2Setup, type Prop2Case } from '../../src/claims/prop2Case.ts';
import { advantagePositive } from '../../src/claims/premises.ts';
import type { Instance } from '../../src/model/types.ts';

const zeros = (n: number) => Array.from({ length: n }, () => new Array<number>(n).fill(0));

/** Linear head W = 0, b = (0, 0.3) (not uniform, so pi is a rounded exp), codes all z_d = e_{d-1}, world model exact at z_d. */
function instance(P: number[][][], R: number[][], gamma: number, d = 3): Instance {
  const S = P.length, A = P[0].length;
  const zd = new Array<number>(d).fill(0);
  zd[d - 1] = 1;
  const mu = new Array<number>(S).fill(0);
  mu[0] = 1;
  return {
    mdp: { P, R, mu, gamma }, encoder: P.map(() => zd.slice()),
    head: { W: Array.from({ length: A }, () => new Array<number>(d).fill(0)), b: A === 1 ? [0] : [0, 0.3] },
    worldModel: { kind: 'affine', M: Array.from({ length: A }, () => zeros(d)), c: Array.from({ length: A }, () => zd.slice()) }, lambda: 1,
  } as Instance;
}

// s0: both actions the same P row and reward (an exact tie); s1 prefers a0, s2 prefers a1 (Assumption 1 of Prop. 1 holds).
const identicalAt0 = (r0: [number, number], d = 3) => instance(
  [[[0, 0.1, 0.777], [0, 0.1, 0.777]], [[0, 0.5, 0], [0, 0, 0.5]], [[0.5, 0, 0], [0, 0, 0]]],
  [r0, [1, 0], [0, 1]], 0.9, d);
// s0: a0 -> s1, a1 -> s2 with s1, s2 the same state twice (A(s0, .) = 0 by symmetry, rows differ);
// s1, s2 prefer a1 (0.5 now), s3 (unreachable) prefers a0.
const symmetricAt0 = (d = 3) => instance(
  [[[0, 0.7, 0, 0], [0, 0, 0.7, 0]], [[0.1, 0, 0, 0], [0, 0, 0, 0]], [[0.1, 0, 0, 0], [0, 0, 0, 0]], [[0.1, 0, 0, 0], [0, 0, 0, 0]]],
  [[0, 0], [0.15, 0.5], [0.15, 0.5], [1, 0]], 0.9, d);

const prop1Case = (inst: Instance): Prop1Case => ({ instance: inst, pair: 0, uPick: [1], k: 1, kScale: 2 });
// Prop. 2 instances take d = 6: Assumption 3 (span) needs dim span(P) = 1 <= d - |A| - 2.
const prop2Case = (inst: Instance): Prop2Case => ({
  partial: { instance: inst, pair: [0, 1] }, pair: 0, uPick: { weights: [1], tilt: null }, wPick: { sign: 1, scale: 1, alpha: 0, beta: [] }, k: 1, kScale: 2,
});

/** The 64-digit decision at (0, 0) itself, as replay and the refiner would meet it. */
function decisionAt00(inst: Instance, name: string) {
  const ev = preciseEvaluate(inst, 64, { jepa: false });
  return advantagePositive(inst.mdp, name, 0, ev.A[0][0], ev.Q);
}

/** The old test's premise: float64 admits (0, 0) as a positive pair and the 64-digit A there is a residue in (0, 1e-60). */
function expectResidueAt00(inst: Instance) {
  const A = inst.mdp.P[0].length;
  expect(stagedBasePoint(inst).advantage[0]).toBeGreaterThan(0);
  const a64 = preciseEvaluate(inst, 64, { jepa: false }).A[0][0];
  expect(a64.gt(0) && a64.lt(1e-60)).toBe(true);
  return A;
}

describe('sign64: a sign only beyond 1e-40 of the scale', () => {
  const math = create(all, { number: 'BigNumber', precision: 64 });
  const big = (x: string) => math.bignumber(x) as BigNumber;
  it('decides values beyond the margin and leaves residues undecided', () => {
    expect(NOISE_64).toBe(1e-40);
    expect(sign64('x', big('1e-65')).sign).toBeNull();
    expect(sign64('x', big('-1e-64')).sign).toBeNull();
    expect(sign64('x', big('1e-30')).sign).toBe(1);
    expect(sign64('x', big('-1e-30')).sign).toBe(-1);
    // Scaled by the magnitude the value is a difference of: 1e-39 is noise against values of 1e3.
    expect(sign64('x', big('1e-39'), 1e3).sign).toBeNull();
    expect(sign64('x', big('1e-39'), 1).sign).toBe(1);
    expect(sign64('A', big('1e-65')).text).toMatch(/^A = 1e-65 is within 64-digit noise of 0 .*: not decided$/);
  });
});

describe('prop1Hypotheses: A(s_Δ, a_Δ) > 0 beyond 64-digit noise', () => {
  it('refuses an exact tie (two identical actions at s_Δ): A = 0 exactly', () => {
    const inst = identicalAt0([0.15, 0.15]);
    expectResidueAt00(inst);
    // The float64 screen no longer offers the tied state's pairs (its positive A is residue) ...
    const s = prop1Setup(prop1Case(inst));
    expect(s.ok && s.setup.pred.state).not.toBe(0);
    expect(s.ok).toBe(true);
    // ... and the 64-digit decision refuses it exactly, should a case name it.
    const h = decisionAt00(inst, 'A(s_Δ, a_Δ)');
    expect(h.holds).toBe(false);
    expect(h.why).toBe('A(s_Δ, a_Δ) = 0 exactly (every action at state 0 has the same P row and reward): not > 0');
  });

  it('refuses a tie by symmetry (different rows, equal values) as not decided', () => {
    const inst = symmetricAt0();
    expectResidueAt00(inst);
    const h = prop1Hypotheses(prop1Case(inst));
    expect(h.holds).toBe(false);
    expect(h.why).toMatch(/^A\(s_Δ, a_Δ\) = 1e-6\d is within 64-digit noise of 0 \(.*\): not decided$/);
  });

  it('accepts a genuine advantage of about 1e-30 (rewards 2e-30 and 0 at s_Δ)', () => {
    const inst = identicalAt0([2e-30, 0]);
    const a64 = preciseEvaluate(inst, 64, { jepa: false }).A[0][0];
    // pi(a0 | s0) = 1 / (1 + e^0.3), so A = (1 - pi_0) 2e-30 (both actions lead to the same next states).
    const pi0 = 1 / (1 + Math.exp(0.3));
    expect(a64.toNumber() / ((1 - pi0) * 2e-30)).toBeCloseTo(1, 12);
    const h = prop1Hypotheses(prop1Case(inst));
    expect(h.why).toMatch(/A\(s_Δ, a_Δ\) = 1\.14\d*e-30 > 0 at 64 digits/);
    expect(h.holds).toBe(true);
  });
});

describe('prop2Hypotheses: A(s_a, a_Δ) > 0 beyond 64-digit noise', () => {
  it('refuses an exact tie (two identical actions at s_a)', () => {
    const inst = identicalAt0([0.15, 0.15], 6);
    expectResidueAt00(inst);
    // Assumption 1 is looked for at the pair's other state instead (the tied state's A is residue) ...
    const s = prop2Setup(prop2Case(inst), 'span');
    expect(s.ok && s.setup.sa).toBe(1);
    // ... and the 64-digit decision refuses the tied state exactly, should a case name it.
    const h = decisionAt00(inst, 'A(s_a, a_Δ)');
    expect(h.holds).toBe(false);
    expect(h.why).toBe('A(s_a, a_Δ) = 0 exactly (every action at state 0 has the same P row and reward): not > 0');
  });

  it('refuses |A| = 1 (the seed-7 P2.combine repair file: one action, A = 0)', () => {
    const inst = instance([[[0.39752139148661353, 0.6024786085133865]], [[0, 1]]], [[0], [-1]], 0.02459716796875, 6);
    expectResidueAt00(inst);
    const h = prop2Hypotheses(prop2Case(inst), 'span', true);
    expect(h.holds).toBe(false);
    expect(h.why).toMatch(/Assumption 1 fails at both collapsed states/);
    expect(decisionAt00(inst, 'A(s_a, a_Δ)').why).toBe('A(s_a, a_Δ) = 0 exactly (|A| = 1): not > 0');
  });

  it('refuses a tie by symmetry as not decided', () => {
    const inst = symmetricAt0(6);
    expectResidueAt00(inst);
    const s = prop2Setup(prop2Case(inst), 'span');
    expect(s.ok && [s.setup.sa, s.setup.action]).toEqual([0, 0]);
    const h = prop2Hypotheses(prop2Case(inst), 'span', true);
    expect(h.holds).toBe(false);
    expect(h.why).toMatch(/^A\(s_a, a_Δ\) = 1e-6\d is within 64-digit noise of 0 \(.*\): not decided$/);
  });

  it('accepts a genuine advantage of about 1e-30', () => {
    const h = prop2Hypotheses(prop2Case(identicalAt0([2e-30, 0], 6)), 'span', true);
    expect(h.why).toMatch(/A\(s_a, a_Δ\) = 1\.14\d*e-30 > 0 at 64 digits/);
    expect(h.holds).toBe(true);
  });
});
