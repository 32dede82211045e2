// The head and encoder classes of the configuration (src/engine/classes.ts, src/claims/classModel.ts)
// against independently computed values: finite differences of h, a hand-derived two-state J, the
// least-squares spread in closed form, the kernel on the paper's classes, and float64 against 64 digits.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Instance } from '../../src/model/types.ts';
import { InputError } from '../../src/model/validate.ts';
import { FLOAT, headFeatures, headJacobian, linearFeaturesSpread, type TwoLayerParams } from '../../src/engine/classes.ts';
import { BIG, classBasePoint, classesOf, classModel } from '../../src/claims/classModel.ts';
import { configure } from '../../src/claims/configuration.ts';
import { prop1CaseArbitrary, prop1CaseArbitraryUnder, prop1Setup, type Prop1Case } from '../../src/claims/prop1Case.ts';
import { deltaSeries } from '../../src/claims/prop1Checks.ts';
import { basePoint, prepare } from '../../src/engine/objective.ts';
import { hidden, twoLayerLogits, twoLayerPoint } from '../../src/construction/twoLayerHead.ts';
import { preciseTwoLayerPoint } from '../../src/construction/twoLayerPrecise.ts';
import { twoLayerArbitrary } from '../../src/claims/classArbitraries.ts';

const TWO_LAYER = configure({ head: 'two-layer-tanh' });
const FEATURES = configure({ encoder: 'linear-features' });

describe('head class', () => {
  it('dh/dz equals central finite differences of h, and the 64-digit h, dh/dz agree with float64', () => {
    const samples = fc.sample(fc.integer({ min: 1, max: 5 }).chain((d) => fc.tuple(twoLayerArbitrary(d), fc.array(fc.double({ min: -2, max: 2, noNaN: true }), { minLength: d, maxLength: d }))), { seed: 5, numRuns: 60 });
    let compared = 0;
    for (const [p, z] of samples) {
      if (p.W1.some((row) => row.some((w) => Math.abs(w) > 10))) continue; // saturated: finite differences say nothing
      const J = headJacobian(FLOAT, p, z);
      const delta = 1e-6;
      for (let j = 0; j < z.length; j++) {
        const up = headFeatures(FLOAT, p, z.map((x, i) => (i === j ? x + delta : x)));
        const down = headFeatures(FLOAT, p, z.map((x, i) => (i === j ? x - delta : x)));
        up.forEach((x, i) => expect(Math.abs((x - down[i]) / (2 * delta) - J[i][j])).toBeLessThanOrEqual(1e-6 * (1 + Math.abs(J[i][j]))));
      }
      const z64 = z.map(BIG.of);
      headFeatures(BIG, p, z64).forEach((x, i) => expect(Math.abs(x.toNumber() - Math.tanh(p.W1[i].reduce((s, w, j) => s + w * z[j], p.b1[i])))).toBeLessThanOrEqual(1e-14));
      headJacobian(BIG, p, z64).forEach((row, i) => row.forEach((x, j) => expect(Math.abs(x.toNumber() - J[i][j])).toBeLessThanOrEqual(1e-13 * (1 + Math.abs(J[i][j])))));
      compared++;
    }
    expect(compared).toBeGreaterThan(20);
  });

  it("is the same definition as §6's two-layer head (src/construction/twoLayerHead.ts), bit for bit", () => {
    const samples = fc.sample(fc.integer({ min: 1, max: 4 }).chain((d) => fc.tuple(twoLayerArbitrary(d), fc.array(fc.double({ min: -3, max: 3, noNaN: true }), { minLength: d, maxLength: d }))), { seed: 9, numRuns: 40 });
    for (const [p, z] of samples) {
      // The formulas as twoLayerHead.ts wrote them before they moved to src/engine/classes.ts.
      let pre = p.W1.map((row, i) => { let s = 0; for (let j = 0; j < z.length; j++) s += row[j] * z[j]; return p.b1[i] + s; });
      expect(hidden({ ...p, W2: [], b2: [] }, z)).toEqual({ pre, h: pre.map(Math.tanh) });
      const W2 = [p.W1[0], p.b1];
      const b2 = [0.25, -1.5];
      const l = twoLayerLogits({ ...p, W2, b2 }, Float64Array.from(z), 1, z.length);
      pre = pre.map(Math.tanh);
      expect(Array.from(l)).toEqual(W2.map((row, a) => { let s = 0; for (let j = 0; j < row.length; j++) s += row[j] * pre[j]; return b2[a] + s; }));
    }
  });

  it("gives §6's S6 objective the same policy, in float64 and at 64 digits (one definition)", () => {
    let compared = 0;
    for (const c of fc.sample(prop1CaseArbitraryUnder(TWO_LAYER)(), { seed: 8, numRuns: 30 })) {
      const r = prop1Setup(c, true, TWO_LAYER);
      if (!r.ok || compared >= 3) continue;
      const head = { ...c.twoLayer!, W2: c.instance.head.W, b2: c.instance.head.b };
      expect(Array.from(r.setup.base.evaluation.pi)).toEqual(Array.from(twoLayerPoint(c.instance, head).evaluation.pi));
      const { state, action } = r.setup.pred;
      const m = classModel(c.instance, { head: c.twoLayer!, features: null }, r.setup.base, state, action, TWO_LAYER);
      expect(m.preciseBase().p.eq(preciseTwoLayerPoint(c.instance, head).pi[state][action])).toBe(true);
      compared++;
    }
    expect(compared).toBe(3);
  });
});

describe('encoder class', () => {
  it('spreads the move as the least-squares g says: all states alike for the constant feature only, e_state for one-hot features', () => {
    expect(linearFeaturesSpread(FLOAT, [[1], [1], [1]], 1)).toEqual([1, 1, 1]);
    const oneHot = linearFeaturesSpread(FLOAT, [[1, 1, 0, 0], [1, 0, 1, 0], [1, 0, 0, 1]], 2)!;
    oneHot.forEach((x, s) => expect(x).toBeCloseTo(s === 2 ? 1 : 0, 12));
    // x(s) = [1, s]: X^T X = [[3, 3], [3, 5]], X^+ e_2 = (X^T X)^-1 x(2) = [-1/6, 1/2], so g^T x(s) = -1/6 + s/2 = -1/6, 1/3, 5/6, over 5/6.
    const line = linearFeaturesSpread(FLOAT, [[1, 0], [1, 1], [1, 2]], 2)!;
    [-0.2, 0.4, 1].forEach((v, s) => expect(line[s]).toBeCloseTo(v, 12));
    const big = linearFeaturesSpread(BIG, [[1, 0], [1, 1], [1, 2]], 2)!;
    expect(big[2].toNumber()).toBe(1);
  });
});

/** Two states, each absorbing, start in state 0: J_PG = -pi . R(0) / (1 - gamma) with pi = softmax(W h(z_d) + b). */
function twoStates(z: number, head: TwoLayerParams, W: number[][], b: number[]): Instance {
  return {
    mdp: { P: [[[1, 0], [1, 0]], [[0, 1], [0, 1]]], R: [[1, -2], [0.5, 3]], mu: [1, 0], gamma: 0.5 },
    encoder: [[z], [z]],
    head: { W, b },
    worldModel: { kind: 'affine', M: [[[1]], [[1]]], c: [[0], [0]] },
    lambda: 0.3,
  };
}

describe('J under the classes', () => {
  it('gives the hand-derived J_PG of a two-state MDP through a two-layer head (J_JEPA = 0: the model predicts z_d exactly)', () => {
    const head = { W1: [[2]], b1: [-0.5] };
    const W = [[1.5], [-0.7]];
    const b = [0.1, 0];
    const instance = twoStates(0.8, head, W, b);
    const h = Math.tanh(2 * 0.8 - 0.5);
    const l = [1.5 * h + 0.1, -0.7 * h];
    const e = l.map((x) => Math.exp(x - Math.max(...l)));
    const pi = e.map((x) => x / (e[0] + e[1]));
    const handJ = -(pi[0] * 1 + pi[1] * -2) / (1 - 0.5);
    const base = classBasePoint(instance, head);
    expect(base.evaluation.J_PG).toBeCloseTo(handJ, 14);
    // Move s_0's code by eps u (u = 1) with k = 0: logits move by W (tanh(2 (z + eps) - 0.5) - h), so J_PG does too.
    const m = classModel(instance, { head, features: null }, base, 0, 0, TWO_LAYER);
    const eps = 1e-3;
    const h2 = Math.tanh(2 * (0.8 + eps) - 0.5);
    const l2 = [1.5 * h2 + 0.1, -0.7 * h2];
    const e2 = l2.map((x) => Math.exp(x - Math.max(...l2)));
    const pi2 = e2.map((x) => x / (e2[0] + e2[1]));
    const hand2 = -(pi2[0] * 1 + pi2[1] * -2) / (1 - 0.5);
    const [pt] = m.series({ state: 0, action: 0, u: [1], r: [1], k: 0 }, 'on-policy', 'deltaJ', [eps]);
    expect(pt.delta).toBeCloseTo(hand2 - handJ, 13);
    expect(m.preciseDelta({ state: 0, action: 0, u: [1], r: [1], k: 0 }, 'on-policy', 'deltaJ', eps)).toBeCloseTo(hand2 - handJ, 13);
  });

  it("equals the kernel's Delta J on the paper's classes (the readable path is an independent route)", () => {
    let compared = 0;
    for (const c of fc.sample(prop1CaseArbitrary(), { seed: 11, numRuns: 60 })) {
      const r = prop1Setup(c);
      if (!r.ok) continue;
      const { pred, u } = r.setup;
      const m = classModel(c.instance, { head: null, features: null }, classBasePoint(c.instance, null), pred.state, pred.action, configure());
      const p = { state: pred.state, action: pred.action, u, r: u, k: c.k };
      for (const reading of ['on-policy', 'fixed-data'] as const) {
        let ours, theirs;
        try {
          ours = m.series(p, reading, 'deltaJ', [1e-3, 1e-5]);
          theirs = deltaSeries(basePoint(prepare(c.instance)), p, reading, 'deltaJ', [1e-3, 1e-5]);
        } catch {
          continue; // near-singular policy evaluation: both refuse
        }
        ours.forEach((x, i) => expect(Math.abs(x.delta - theirs[i].delta)).toBeLessThanOrEqual(10 * (x.noise + theirs[i].noise)));
        compared++;
      }
    }
    expect(compared).toBeGreaterThan(20);
  });

  it('float64 (engine objective) and 64 digits (src/precise) agree under both classes', () => {
    for (const cfg of [TWO_LAYER, FEATURES]) {
      let compared = 0;
      for (const c of fc.sample(prop1CaseArbitraryUnder(cfg)(), { seed: 4, numRuns: 80 })) {
        const r = prop1Setup(c, true, cfg);
        if (!r.ok || compared >= 4) continue;
        const { model } = r.setup;
        const p = model.perturbation(c.k);
        for (const reading of ['on-policy', 'fixed-data'] as const) {
          let pt;
          try {
            [pt] = model.series(p, reading, 'deltaJ', [1e-4]);
          } catch {
            continue;
          }
          const precise = model.preciseDelta(p, reading, 'deltaJ', 1e-4);
          // The float64 series has the head tweak's eps-independent part in it too; both are tiny here, so compare with the noise.
          const zero = model.preciseDelta(p, reading, 'deltaJ', 0);
          expect(zero).toBe(0);
          expect(Math.abs(pt.delta - precise)).toBeLessThanOrEqual(10 * pt.noise + 1e-6 * Math.abs(precise) + 1e-12);
        }
        compared++;
      }
      expect(compared).toBe(4);
    }
  });
});

describe('class parameters of a case', () => {
  it('are validated with one line naming the field', () => {
    const c = fc.sample(prop1CaseArbitraryUnder(TWO_LAYER)(), { seed: 2, numRuns: 1 })[0] as Prop1Case;
    const S = c.instance.mdp.P.length;
    const d = c.instance.encoder[0].length;
    expect(() => classesOf({}, TWO_LAYER, S, d)).toThrow(/^case\.twoLayer: missing/);
    expect(() => classesOf({ twoLayer: { W1: c.twoLayer!.W1.slice(1), b1: c.twoLayer!.b1 } }, TWO_LAYER, S, d)).toThrow(/^case\.twoLayer\.W1: expected \d+ rows/);
    expect(() => classesOf({ twoLayer: { W1: c.twoLayer!.W1, b1: [NaN, ...c.twoLayer!.b1.slice(1)] } }, TWO_LAYER, S, d)).toThrow(/^case\.twoLayer\.b1\[0\]: expected a finite number/);
    expect(() => classesOf({}, FEATURES, S, d)).toThrow(InputError);
    expect(() => classesOf({ features: Array.from({ length: S }, () => [2]) }, FEATURES, S, d)).toThrow(/^case\.features: every feature vector starts with the constant feature 1/);
    expect(() => prop1Setup({ ...c, twoLayer: undefined }, true, TWO_LAYER)).toThrow(/case\.twoLayer/);
  });
});
