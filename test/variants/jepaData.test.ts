// jepa-fixed-data / jepa-offline-data as configuration overrides: J_JEPA over configured data.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { configure, type Prop1Setup, deltaSeries, deltaSeriesUnder, preciseDeltaUnder, prop1CaseArbitrary, prop1Perturbation, prop1Setup, type Prop1Case } from '../../src/api.ts';

const cases = fc.sample(prop1CaseArbitrary(), { seed: 21, numRuns: 80 }).filter((c: Prop1Case) => prop1Setup(c).ok && c.instance.mdp.P.length <= 4).slice(0, 6);

const setupOf = (r: ReturnType<typeof prop1Setup>): Prop1Setup => {
  if (!r.ok) throw new Error(r.reason);
  return r.setup;
};

describe('J_JEPA over configured data', () => {
  it('replay: Delta J = Delta J_PG (the reading) + Delta J_JEPA (fixed data)', () => {
    const cfg = configure({ jepaData: 'replay' });
    for (const c of cases) {
      const { base, u, pred } = setupOf(prop1Setup(c));
      const p = prop1Perturbation(pred.state, pred.action, u, c.k, 0);
      const got = deltaSeriesUnder(cfg, base, p, 'on-policy', 'deltaJ');
      const pg = deltaSeries(base, p, 'on-policy', 'deltaJ_PG');
      const jepa = deltaSeries(base, p, 'fixed-data', 'deltaJ_JEPA');
      got.forEach((g, i) => expect(g.delta).toBe(pg[i].delta + jepa[i].delta));
    }
    expect(cases.length).toBeGreaterThan(2);
  });

  it('offline-uniform: the float64 Delta J_JEPA agrees with the 64-digit one (separate implementations)', () => {
    const cfg = configure({ jepaData: 'offline-uniform' });
    let moved = 0;
    for (const c of cases) {
      const { base, u, pred } = setupOf(prop1Setup(c, true, cfg));
      expect(pred.m).toBe(1);
      const p = prop1Perturbation(pred.state, pred.action, u, c.k, 0);
      const eps = 1e-2;
      const f64 = deltaSeriesUnder(cfg, base, p, 'on-policy', 'deltaJ_JEPA', [eps])[0];
      const hp = preciseDeltaUnder(cfg, c.instance, p, 'on-policy', 'deltaJ_JEPA', eps);
      expect(Math.abs(f64.delta - hp)).toBeLessThanOrEqual(f64.noise + 1e-9 * Math.abs(hp));
      if (Math.abs(hp) > 1e-12) moved++;
    }
    expect(moved).toBeGreaterThan(0);
  }, 60_000);
});
