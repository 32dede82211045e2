// P2.local's Assumption 3 is decided exactly among its hypotheses (Q9's Q7: it was met by the
// generator and never re-decided, so a case whose other codes span every coordinate replayed as a
// refutation of a claim whose hypotheses it does not meet).
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { configAssumption1, configAssumption3, localCaseArbitrary, localCheck, localConfig, type LocalCase } from '../../src/minimisers/localChecks.ts';
import { exactRank } from '../../src/claims/exactRank.ts';

describe('P2.local: Assumption 3 among the hypotheses', () => {
  const cases = fc.sample(localCaseArbitrary(4), { seed: 5, numRuns: 200 }).filter((c) => c.mdp.P.length >= 3);

  it('the generator meets it (other codes in k = d - |A| - 2 coordinates), and the check says so', () => {
    expect(cases.length).toBeGreaterThan(50);
    for (const c of cases) expect(configAssumption3(c).holds).toBe(true);
    const check = localCheck('tied', 'on-policy');
    const admitted = cases.map((c) => check.hypotheses!(c)).filter((h) => h.holds);
    expect(admitted.length).toBeGreaterThan(0);
    for (const h of admitted) expect(h.why).toMatch(/; Assumption 3: dim span\(P\) = \d <= d - \|A\| - 2 = \d \(exact rank\)$/);
  });

  it('a case whose other codes spread over every coordinate is outside it when their rank exceeds the bound', () => {
    const spread = cases.map((c): LocalCase => ({ ...c, spread: true })).filter((c) => {
      const cfg = localConfig(c, 'tied');
      return exactRank(cfg.E.filter((_, s) => s !== c.pair[0])) > cfg.E[0].length - cfg.W.length - 2;
    });
    // Assumption 1 met, so what refuses them is Assumption 3 alone.
    const meetA1 = spread.filter((c) => configAssumption1(c).holds);
    expect(meetA1.length).toBeGreaterThan(0);
    const check = localCheck('tied', 'on-policy');
    for (const c of meetA1) {
      expect(configAssumption3(c).holds).toBe(false);
      const h = check.hypotheses!(c);
      expect(h.holds).toBe(false);
      expect(h.why).toMatch(/^Assumption 3 fails: dim span\(P\) = \d > d - \|A\| - 2 = \d \(exact rank\)$/);
    }
  });
});
