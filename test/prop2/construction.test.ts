// §5.3 construction over random partially collapsed instances: u, w, v and the tweak meet every
// identity the proof uses, and Assumption 3 (any reading) always yields a u.
import { describe, expect } from 'vitest';
import { it as fcIt } from '@fast-check/vitest';
import { it } from 'vitest';
import { all, create, type BigNumber } from 'mathjs';
import { exactDecimalString } from '../../src/precise/index.ts';
import { prop2CaseArbitrary, prop2Setup } from '../../src/claims/prop2Case.ts';
import { A3_READINGS, assumption3, chooseU, chooseW, OUTSIDE_TOL, projectN, subspaces } from '../../src/construction/prop2.ts';
import { dot, matVec, norm } from '../../src/construction/nullspace.ts';
import { partialInstanceArbitrary } from '../../src/search/arbitraries/partialInstance.ts';

const rel = (x: number, scale: number) => Math.abs(x) / Math.max(scale, 1e-300);

describe('§5.3 construction (u, w, v, dW)', () => {
  fcIt.prop([prop2CaseArbitrary()], { numRuns: 300, seed: 3 })('W u = 0, u^T z_d = 0, |u| = 1, u not in span(P), w ⊥ P, (u + v)^T P = 0, 1 + v^T u = w^T u', (c) => {
    const r = prop2Setup(c, null, { needA1: false });
    if (!r.ok) return;
    const { u, w, v, r: t, zd, sa, instance, wTu, chosen } = r.setup;
    const { W } = instance.head;
    const scaleW = Math.max(...W.flat().map(Math.abs));
    const P = [zd, ...instance.encoder.filter((_, s) => s !== sa)];
    expect(Math.abs(norm(u) - 1)).toBeLessThan(1e-12);
    if (scaleW > 0) expect(norm(matVec(W, u)) / scaleW).toBeLessThan(1e-12);
    expect(rel(dot(u, zd), norm(zd))).toBeLessThan(1e-12);
    expect(chosen.distance).toBeGreaterThan(OUTSIDE_TOL);
    for (const z of P) {
      expect(rel(dot(w, z), norm(w) * norm(z))).toBeLessThan(1e-12);
      expect(rel(dot(t, z), (norm(u) + norm(w)) * norm(z))).toBeLessThan(1e-12);
    }
    expect(Math.abs(1 + dot(v, u) - wTu)).toBeLessThan(1e-12 * (1 + norm(w)));
    expect(Math.abs(wTu)).toBeGreaterThan(0);
  });

  fcIt.prop([partialInstanceArbitrary()], { numRuns: 300, seed: 4 })('under every reading of Assumption 3 a u in U \\ span(P) exists (the readings are nested: (ii) => (iii) => (i) => (iv))', (p) => {
    const sub = subspaces(p.instance.head.W, p.instance.encoder, p.pair[0]);
    const holds = A3_READINGS.map((r) => assumption3(sub, r).holds);
    const [span, states, codes, rankW] = holds;
    if (states) expect(codes).toBe(true);
    if (codes) expect(span).toBe(true);
    if (span) expect(rankW).toBe(true);
    if (rankW) expect(chooseU(sub, { weights: [1], tilt: null })).not.toBeNull();
  });

  fcIt.prop([prop2CaseArbitrary()], { numRuns: 200, seed: 5 })('w ranges over both signs of w^T u and is always in span(P)^⊥', (c) => {
    const { instance, pair } = c.partial;
    const sub = subspaces(instance.head.W, instance.encoder, pair[0]);
    const chosen = chooseU(sub, c.uPick);
    if (!chosen) return;
    const { w } = chooseW(sub, chosen.u, c.wPick);
    const inN = projectN(sub.N, w);
    expect(norm(inN.map((x, j) => x - w[j]))).toBeLessThan(1e-12 * norm(w));
    expect(Math.sign(dot(w, chosen.u))).not.toBe(0);
  });

  it('the search reaches w^T u < 0 and u nearly inside span(P)', async () => {
    const fc = (await import('fast-check')).default;
    let negative = 0;
    let tilted = 0;
    for (const c of fc.sample(prop2CaseArbitrary(), { numRuns: 300, seed: 6 })) {
      const r = prop2Setup(c, null, { needA1: false });
      if (!r.ok) continue;
      if (r.setup.wTu < 0) negative++;
      if (r.setup.chosen.how === 'tilted') tilted++;
    }
    expect(negative).toBeGreaterThan(30);
    expect(tilted).toBeGreaterThan(0);
  });

  fcIt.prop([prop2CaseArbitrary()], { numRuns: 40, seed: 7 })('the 70-digit directions meet W u = 0, u ⊥ z_d and w ⊥ P far below float64 rounding', (c) => {
    const r = prop2Setup(c, null, { needA1: false });
    if (!r.ok) return;
    const e = r.setup.exact();
    if (!e) return;
    const math = create(all, { number: 'BigNumber', precision: 80 });
    const big = (x: number | string) => math.bignumber(typeof x === 'number' ? exactDecimalString(x) : x) as BigNumber;
    const bdot = (x: string[], y: number[]) => x.reduce((s, v, j) => s.plus(big(v).times(big(y[j]))), big(0)).abs().toNumber();
    const { instance, sa, zd } = r.setup;
    const scale = (z: number[]) => Math.max(1, norm(z));
    for (const z of [zd, ...instance.encoder.filter((_, s) => s !== sa)]) expect(bdot(e.rExact, z) / scale(z)).toBeLessThan(1e-50 * Math.max(1, norm(r.setup.w)));
    for (const row of [...instance.head.W, zd]) expect(bdot(e.uExact, row) / scale(row)).toBeLessThan(1e-50);
  });
});
