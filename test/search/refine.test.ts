// End to end: a claim file's check with its refiner wired in produces a counterexample a reader can
// check by hand: small, dyadic, exactly derived, with interpretations, minimality, explain and a witness.
import { describe, expect, it } from 'vitest';
import eq5 from '../../properties/P1.eq5.ts';
import { runProperty } from '../../src/claims/framework.ts';
import { maxDenominator } from '../../src/search/reduce/numbers.ts';
import { formatDerivation } from '../../src/derivation/format.ts';
import { rederive } from '../../src/claims/rederive.ts';

describe('refined counterexample (P1.eq5, fixed data)', () => {
  const check = eq5.checks.find((c) => c.reading === 'fixed-data')!;
  const file = runProperty('P1.eq5', check, { seed: 42, runs: 300, counterexampleDir: null }).counterexample as Record<string, any>;

  it('is small and dyadic, and still a confirmed refutation', () => {
    expect(file).not.toBeNull();
    const inst = file.instance;
    expect(inst.mdp.P.length).toBeLessThanOrEqual(3);
    expect(inst.head.W.length).toBeLessThanOrEqual(3);
    expect(inst.encoder[0].length).toBeLessThanOrEqual(3);
    expect(maxDenominator(inst)).toBeLessThanOrEqual(16);
  });

  it('carries an exact derivation whose conclusion matches the readings it claims to refute', () => {
    expect(file.decision.exact).toBe(true);
    expect(file.derivation.steps.every((s: { exact: boolean; symbol: string }) => s.exact || s.symbol === 'L')).toBe(true);
    expect(file.interpretations.some((t: string) => t.startsWith('fixed-data'))).toBe(true);
    expect(file.minimality.length).toBeGreaterThan(0);
    expect(file.explain.fixed.length).toBeGreaterThan(0);
    // The witness is where the excess dwarfs float64 noise (the check's own eps is the smallest failing one).
    expect(Math.max(...file.witness.map((w: { noiseRatio: number }) => w.noiseRatio))).toBeGreaterThan(1e6);
    expect(formatDerivation(file)).toMatch(/k1 += /);
  });

  it('the derivation is recomputed from the file alone (JSON round trip), equal to the stored one', () => {
    const fromDisk = JSON.parse(JSON.stringify(file));
    expect(fromDisk.derivationSource).toBe('prop1:eq5:free');
    expect(rederive(fromDisk)).toEqual(fromDisk.derivation);
    expect(rederive({ ...fromDisk, derivationSource: 'nonsense' })).toBeNull();
  });
});
