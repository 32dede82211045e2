// Planted twins of the checks on trained networks (method 'trained'): the constructions built on the
// quick trained configurations, with k1' doubled (P2.eq3) or eq. (5)'s L set to 0, so C = C' = 0
// (P2.jepa), must be refuted, with the 64-digit confirmation; unplanted, both are inconclusive on the
// same studies (no violation, but fewer than 200 configurations meet every hypothesis).
import { describe, expect, it } from 'vitest';
import { trainedConfigurations } from '../../src/trainer/trained.ts';
import { studyConfiguration, type Construction } from '../../src/trainedChecks/analysis.ts';
import { resultsFromStudies } from '../../src/trainedChecks/index.ts';
import { eq5Constants } from '../../src/construction/prop1.ts';

const configs = trainedConfigurations({ seed: 42, quick: true });
const verdicts = (plant?: (c: Construction) => Construction) => {
  const studies = configs.map((cfg, i) => studyConfiguration(cfg, i, { seed: 42, quick: true, rollouts: 0, plant }));
  const r = resultsFromStudies(studies, 42);
  return (id: string) => r.get(id)!.map((x) => x.verdict);
};

describe('planted twins of the trained checks', () => {
  const paper = verdicts();
  it("P2.eq3 (trained): k1' doubled is refuted in both readings", () => {
    expect(paper('P2.eq3')).toEqual(['inconclusive', 'inconclusive']);
    const twin = verdicts((c) => ({ ...c, k1: 2 * c.k1, precisePredicted: (k) => 2 * c.precisePredicted(k) }));
    expect(twin('P2.eq3')).toEqual(['refuted', 'refuted']);
  });
  it('P2.jepa (trained): the bound with L = 0 (C = C\' = 0) is refuted in both readings', () => {
    expect(paper('P2.jepa')).toEqual(['inconclusive', 'inconclusive']);
    const twin = verdicts((c) => ({ ...c, pred: { ...c.pred, L: 0, ...eq5Constants(c.instance.lambda, c.pred.m, 0, c.pred.Emax) } }));
    expect(twin('P2.jepa')).toEqual(['refuted', 'refuted']);
  });
});
