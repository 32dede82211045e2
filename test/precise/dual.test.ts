import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { digitsScalar, dualField, exactScalar, firstOrder, float64Scalar, NotRationalError, secondOrder } from '../../src/precise/dual.ts';
import { preciseDelta } from '../../src/precise/evaluate.ts';
import { delta, basePoint, prepare, baseObjective } from '../../src/engine/objective.ts';
import { collapsedInstanceOfSize } from '../../src/search/arbitraries/collapsedInstance.ts';
import { partialInstanceArbitrary } from '../../src/search/arbitraries/partialInstance.ts';
import { READINGS, type Instance } from '../../src/model/types.ts';
import { exactRational } from '../../src/precise/exact.ts';

const rel = (a: number, b: number) => Math.abs(a - b) / (1e-300 + Math.max(Math.abs(a), Math.abs(b)));

function cases(n: number, seed: number) {
  const arb = fc.record({
    S: fc.integer({ min: 2, max: 4 }), A: fc.integer({ min: 2, max: 3 }), d: fc.integer({ min: 2, max: 4 }),
  }).chain((sz) => fc.record({
    inst: fc.oneof(collapsedInstanceOfSize(sz), partialInstanceArbitrary().map((p) => p.instance)),
    state: fc.nat(8), action: fc.nat(8), k: fc.double({ min: -2, max: 2, noNaN: true }),
    u: fc.array(fc.double({ min: -1, max: 1, noNaN: true }), { minLength: 16, maxLength: 16 }),
    r: fc.array(fc.double({ min: -1, max: 1, noNaN: true }), { minLength: 16, maxLength: 16 }),
  }));
  return fc.sample(arb, { seed, numRuns: n }).map(({ inst, state, action, k, u, r }) => {
    const d = inst.encoder[0].length;
    return { inst, p: { state: state % inst.mdp.P.length, action: action % inst.head.W.length, k, u: u.slice(0, d), r: r.slice(0, d) } };
  });
}

describe('dual numbers', () => {
  it('obey the product and quotient rules', () => {
    const D = dualField(float64Scalar);
    const x = { re: 3, du: 2 };
    const y = { re: 5, du: -1 };
    expect(D.mul(x, y)).toEqual({ re: 15, du: 3 * -1 + 2 * 5 });
    expect(D.div(x, y).du).toBeCloseTo((2 * 5 - 3 * -1) / 25, 15);
  });

  it('dDelta J/deps at 0 (64 digits) matches the 64-digit engine\'s difference quotient on random instances', () => {
    const S = digitsScalar(64);
    let checked = 0;
    for (const { inst, p } of cases(12, 7)) {
      if (inst.mdp.gamma === 1 || inst.worldModel.kind === 'mlp' && checked > 6) continue;
      for (const reading of READINGS) {
        let fo;
        try {
          fo = firstOrder(S, inst, { ...p, u: p.u.map(S.of), r: p.r.map(S.of), k: S.of(p.k) }, reading);
        } catch { continue; }
        const eps = 1e-30;
        const at = preciseDelta(inst, { ...p, eps }, reading, 64);
        const zero = preciseDelta(inst, { ...p, eps: 0 }, reading, 64);
        for (const part of ['deltaJ_PG', 'deltaJ_JEPA', 'deltaJ'] as const) {
          const fd = at[part].minus(zero[part]).div(eps).toNumber();
          const dual = S.toNumber(part === 'deltaJ_PG' ? fo.dJ_PG : part === 'deltaJ_JEPA' ? fo.dJ_JEPA : fo.dJ);
          expect(rel(fd, dual) < 1e-12 || Math.abs(fd - dual) < 1e-25).toBe(true);
        }
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(6);
  });

  it('nested duals give the second derivative: matches the 64-digit engine\'s second difference', () => {
    const S = digitsScalar(64);
    let checked = 0;
    for (const { inst, p } of cases(10, 23)) {
      if (inst.mdp.gamma === 1) continue;
      for (const reading of READINGS) {
        let so;
        try { so = secondOrder(S, inst, { ...p, u: p.u.map(S.of), r: p.r.map(S.of), k: S.of(p.k) }, reading); } catch { continue; }
        const h = 1e-12;
        const at = (eps: number) => preciseDelta(inst, { ...p, eps }, reading, 64).deltaJ;
        const fd = at(h).plus(at(-h)).minus(at(0).times(2)).div(h * h).toNumber();
        const d2 = S.toNumber(so.d2J);
        expect(rel(fd, d2) < 1e-8 || Math.abs(fd - d2) < 1e-20).toBe(true);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(5);
  });

  it('float64 duals match central finite differences of the float64 engine', () => {
    let checked = 0;
    for (const { inst, p } of cases(15, 11)) {
      if (inst.worldModel.kind === 'mlp') continue;
      const base = basePoint(prepare(inst));
      for (const reading of READINGS) {
        let fo;
        try { fo = firstOrder(float64Scalar, inst, p, reading); } catch { continue; }
        const h = 1e-5;
        const at = baseObjective(base, reading);
        const plus = delta(base, { ...p, eps: h }, reading, at).deltaJ;
        const minus = delta(base, { ...p, eps: -h }, reading, at).deltaJ;
        const fd = (plus - minus) / (2 * h);
        const scale = Math.abs(fo.dJ) + Math.abs(at.J_PG) + Math.abs(at.J_JEPA) + 1;
        expect(Math.abs(fd - fo.dJ)).toBeLessThan(1e-5 * scale);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(5);
  });

  it('is exact when the policy is rational, and agrees with 64 digits there', () => {
    // Collapsed, W = 0: every logit row is constant, pi = 1/|A|.
    const inst: Instance = {
      mdp: { P: [[[0.5, 0.5], [0, 1]], [[1, 0], [0.25, 0.5]]], R: [[1, 0], [0, 2]], mu: [0.75, 0.25], gamma: 0.5 },
      encoder: [[1, 0, 0], [1, 0, 0]],
      head: { W: [[0, 0, 0], [0, 0, 0]], b: [0, 0] },
      worldModel: { kind: 'affine', M: [[[1, 0, 0], [0, 0.5, 0], [0, 0, 1]], [[0, 0, 0], [0, 1, 0], [0, 0, 0.5]]], c: [[0, 0, 0], [0.5, 0, 0]] },
      lambda: 0.5,
    };
    const u = [0, 0, 1];
    const big = digitsScalar(64);
    for (const reading of READINGS) {
      const ex = firstOrder(exactScalar, inst, { state: 0, action: 1, u: u.map(exactRational), r: u.map(exactRational), k: exactRational(2) }, reading);
      const hi = firstOrder(big, inst, { state: 0, action: 1, u: u.map(big.of), r: u.map(big.of), k: big.of(2) }, reading);
      expect(ex.dJ.d <= 1n << 20n).toBe(true);
      expect(rel(ex.dJ.valueOf(), hi.dJ.toNumber())).toBeLessThan(1e-15);
      expect(rel(ex.dJ_PG.valueOf(), hi.dJ_PG.toNumber())).toBeLessThan(1e-15);
      // The logit of a_Δ moves by k |u|^2 = 2 per unit eps, the others not at all.
      expect(ex.dLogits.map((x) => x.valueOf())).toEqual([0, 2]);
    }
  });

  it('refuses an irrational policy in the exact field', () => {
    const inst: Instance = {
      mdp: { P: [[[0, 1], [0, 1]], [[0, 0], [0, 0]]], R: [[1, 0], [0, 0]], mu: [1, 0], gamma: 0.5 },
      encoder: [[1, 0], [1, 0]], head: { W: [[1, 0], [0, 0]], b: [0, 0] },
      worldModel: { kind: 'affine', M: [[[1, 0], [0, 1]], [[1, 0], [0, 1]]], c: [[0, 0], [0, 0]] }, lambda: 1,
    };
    const z = exactRational(0);
    expect(() => firstOrder(exactScalar, inst, { state: 0, action: 0, u: [z, exactRational(1)], r: [z, z], k: z }, 'on-policy')).toThrow(NotRationalError);
  });
});
