// estimated-lipschitz as configuration overrides: L from the case's sample pairs, read by the
// ledger's own P1.eq4 / P1.eq5 / P1.combine checks.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { configure, lipschitz, prop1CaseArbitraryUnder, prop1Setup, runProperty, worldModelFn, type Prop1Case } from '../../src/api.ts';
import { estimateL, worldModelExactAtZd } from '../../src/claims/lipschitzEstimate.ts';
import { eq4Check } from '../../properties/P1.eq4.ts';

const cfg = configure({ lipschitz: 'estimated', generator: 'world-model-exact-at-zd' });

describe('estimated Lipschitz configuration', () => {
  it('draws sample pairs of the code dimension, and the estimate never exceeds the certified constant', () => {
    fc.assert(fc.property(prop1CaseArbitraryUnder(cfg)(), (c: Prop1Case) => {
      const d = c.instance.encoder[0].length;
      expect(c.lipschitzPairs).toHaveLength(16);
      for (const [z1, z2] of c.lipschitzPairs!) expect([z1.length, z2.length]).toEqual([d, d]);
      const certified = lipschitz(c.instance.worldModel, d).L;
      expect(estimateL(c.instance, c.lipschitzPairs!)).toBeLessThanOrEqual(certified * (1 + 1e-9) + 1e-300);
      const r = prop1Setup(c, false, cfg);
      if (r.ok) expect(r.setup.pred.L).toBe(estimateL(c.instance, c.lipschitzPairs!));
    }), { seed: 5, numRuns: 60 });
  });

  it('worldModelExactAtZd makes an affine W(z_d, a) = z_d', () => {
    fc.assert(fc.property(prop1CaseArbitraryUnder(configure())(), (c: Prop1Case) => {
      if (c.instance.worldModel.kind !== 'affine') return;
      const moved = worldModelExactAtZd(c.instance);
      const zd = moved.encoder[0];
      const f = worldModelFn(moved.worldModel, zd.length, moved.head.W.length);
      for (let a = 0; a < moved.head.W.length; a++) {
        const out = f(Float64Array.from(zd), a, new Float64Array(zd.length));
        out.forEach((x, i) => expect(Math.abs(x - zd[i])).toBeLessThanOrEqual(1e-9 * (1 + Math.abs(zd[i])) * (1 + Math.max(...zd.map(Math.abs)))));
      }
    }), { seed: 6, numRuns: 40 });
  });

  it('a case without sample pairs is outside the configuration, with the field named', () => {
    const c = fc.sample(prop1CaseArbitraryUnder(configure())(), { seed: 1, numRuns: 30 }).find((x) => prop1Setup(x).ok)!;
    const r = prop1Setup(c, true, cfg);
    expect(r.ok).toBe(false);
    expect((r as { reason: string }).reason).toMatch(/case\.lipschitzPairs/);
  });

  it("P1.eq4 under the estimate is refuted, on a case the paper's check (certified L) does not refute", () => {
    const paper = eq4Check(false);
    const variant = paper.under!(cfg);
    expect(variant).not.toBe(paper);
    const run = runProperty('P1.eq4', variant, { seed: 42, runs: 300, counterexampleDir: mkdtempSync(join(tmpdir(), 'h10-lip-')) });
    expect(run.result.verdict).toBe('refuted');
    const c = run.counterexample!.case as Prop1Case;
    expect(estimateL(c.instance, c.lipschitzPairs!)).toBeLessThan(lipschitz(c.instance.worldModel, c.instance.encoder[0].length).L);
    const again = paper.run(c);
    expect(again.kind).not.toBe('violation');
  }, 120_000);
});
