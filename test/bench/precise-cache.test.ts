// The 64-digit engine keeps base points and squared errors between calls; that must change nothing:
// warm and cold calls give the same BigNumbers digit for digit, and an instance changed in place is
// never served its old value.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { prop1CaseArbitrary, prop1Setup } from '../../src/claims/prop1Case.ts';
import { prop1Perturbation } from '../../src/construction/prop1.ts';
import { clearPreciseCache, preciseDelta, preciseEvaluate, preciseLocalShift } from '../../src/precise/evaluate.ts';
import { READINGS } from '../../src/model/types.ts';

const digitsOf = (d: ReturnType<typeof preciseDelta>) => [d.deltaJ_PG, d.deltaJ_JEPA, d.deltaJ, d.base.J_PG, d.perturbed.J_JEPA].map((x) => x.toString());

describe('precise engine caches', () => {
  const cases = fc.sample(prop1CaseArbitrary(), { seed: 23, numRuns: 120 }).map((c) => ({ c, r: prop1Setup(c) })).filter((x) => x.r.ok).slice(0, 6);

  it('warm calls (base point and squared errors reused) equal cold ones digit for digit, both readings', () => {
    expect(cases.length).toBeGreaterThan(3);
    const calls = cases.flatMap(({ c, r }) => {
      const { u, pred } = (r as Extract<typeof r, { ok: true }>).setup;
      const p = prop1Perturbation(pred.state, pred.action, u, c.k, 0);
      return READINGS.flatMap((reading) => [1e-3, 1e-12, 0].map((eps) => () => digitsOf(preciseDelta(c.instance, { ...p, eps }, reading, 64))));
    });
    const warm = calls.map((f) => f());
    const cold = calls.map((f) => { clearPreciseCache(); return f(); });
    expect(warm).toEqual(cold);
    // Deltas are not all zero, so the comparison covers real arithmetic.
    expect(warm.some((w) => w[0] !== '0' && w[1] !== '0')).toBe(true);
  });

  it("only = 'deltaJ_PG' (no JEPA errors) gives the same Delta J_PG digits as the full evaluation, and NaN for the JEPA part", () => {
    for (const { c, r } of cases) {
      const { u, pred } = (r as Extract<typeof r, { ok: true }>).setup;
      const p = prop1Perturbation(pred.state, pred.action, u, c.k, 1e-9);
      for (const reading of READINGS) {
        clearPreciseCache();
        const pg = preciseDelta(c.instance, p, reading, 64, 'deltaJ_PG');
        clearPreciseCache();
        const full = preciseDelta(c.instance, p, reading, 64);
        expect(pg.deltaJ_PG.toString()).toBe(full.deltaJ_PG.toString());
        expect(pg.deltaJ_JEPA.isNaN()).toBe(true);
        // Warm: a full point cached first serves the J_PG-only request with the same digits.
        expect(preciseDelta(c.instance, p, reading, 64, 'deltaJ_PG').deltaJ_PG.toString()).toBe(full.deltaJ_PG.toString());
      }
    }
  });

  it('preciseEvaluate without JEPA errors gives the full evaluation\'s V, Q, A, d, pi and J_PG digit for digit', () => {
    const text = (e: ReturnType<typeof preciseEvaluate>) => JSON.stringify([e.V, e.Q, e.A, e.d, e.pi, e.J_PG].map((x) => String(x)));
    for (const { c } of cases) {
      clearPreciseCache();
      const pg = preciseEvaluate(c.instance, 64, { jepa: false });
      expect(pg.J_JEPA.isNaN()).toBe(true);
      clearPreciseCache();
      const full = preciseEvaluate(c.instance, 64);
      expect(full.J_JEPA.isNaN()).toBe(false);
      expect(text(pg)).toBe(text(full));
      // Asked for in the other order, the cached point serves both alike.
      expect(text(preciseEvaluate(c.instance, 64, { jepa: false }))).toBe(text(full));
    }
  });

  it('preciseLocalShift warm (base and moved points kept) equals cold, and its pi and Q are the base evaluation\'s', () => {
    const digits = (x: ReturnType<typeof preciseLocalShift>) => JSON.stringify([x.pi, x.piPrime, x.deltaPi, x.Q, x.oneStep, x.trueDeltaV].map((v) => String(v)));
    let moved = 0;
    for (const { c, r } of cases) {
      const { u, pred } = (r as Extract<typeof r, { ok: true }>).setup;
      const p = prop1Perturbation(pred.state, pred.action, u, c.k, 0);
      const calls = [1e-12, 0, 1e-16, 0, 1e-12].map((eps) => () => digits(preciseLocalShift(c.instance, { ...p, eps })));
      const warm = calls.map((f) => f());
      const cold = calls.map((f) => { clearPreciseCache(); return f(); });
      expect(warm).toEqual(cold);
      const shift = preciseLocalShift(c.instance, { ...p, eps: 1e-3 });
      clearPreciseCache();
      const ev = preciseEvaluate(c.instance, 64);
      expect(shift.pi.map(String)).toEqual(ev.pi[pred.state].map(String));
      expect(shift.Q.map(String)).toEqual(ev.Q[pred.state].map(String));
      if (!shift.trueDeltaV.isZero()) moved++;
    }
    expect(moved).toBeGreaterThan(0);
  });

  it('an instance changed in place is evaluated afresh, and -0 is not served 0\'s entry', () => {
    const { c } = cases[0];
    const instance = structuredClone(c.instance);
    const before = preciseEvaluate(instance, 64).J_PG.toString();
    instance.mdp.R[0][0] += 1;
    const after = preciseEvaluate(instance, 64).J_PG.toString();
    clearPreciseCache();
    expect(after).toBe(preciseEvaluate(instance, 64).J_PG.toString());
    expect(after).not.toBe(before);
    const zero = structuredClone(c.instance);
    zero.head.b[0] = 0;
    const negative = structuredClone(zero);
    negative.head.b[0] = -0;
    preciseEvaluate(zero, 64);
    const warmNeg = preciseEvaluate(negative, 64).pi.flat().map(String);
    clearPreciseCache();
    expect(warmNeg).toEqual(preciseEvaluate(negative, 64).pi.flat().map(String));
  });
});
