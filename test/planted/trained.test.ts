// Planted twins of the checks on trained networks (method 'trained'), on the configurations verify
// studies: trainedStudies with verify's options (seed 42, quick), i.e. each environment after 150 and
// after 1000 Adam steps, trained once here. A construction with k1 (or k1') 1% too large, or eq. (5)'s
// bound with L = 0 (so C = C' = 0), must be refuted with the 64-digit confirmation, on the 1000-step
// configurations (where verify's P1.eq3 / P1.eq5 rest on frozenlake-slippery) and on all of them
// together; unplanted, no check is refuted on the same studies. A planted error on configurations
// outside the hypotheses (P1 at 150 steps: Assumption 1 fails) must not refute.
// The bound twin is coarse on purpose: on these configurations Delta J_JEPA is 1-30% of C eps + C' eps^2
// (about 1% as eps -> 0), so only a bound wrong by a large factor can be seen there.
import { describe, expect, it } from 'vitest';
import { trainedRuns, trainedStudies, resultsFromStudies } from '../../src/trainedChecks/index.ts';
import type { ConfigStudy, Construction } from '../../src/trainedChecks/analysis.ts';
import { eq5Constants } from '../../src/construction/prop1.ts';

// The training verify's trained results use (src/cli/verify.ts: trainedResults({ seed, quick: true })).
const OPTS = { seed: 42, quick: true };
const runs = trainedRuns(OPTS);
const at = (steps: number) => (s: ConfigStudy) => s.label.includes(`@ ${steps} steps`);
const resultsOf = (plant?: (c: Construction) => Construction) => {
  // rollouts 0: a sampled interval can make a result inconclusive, never refuted
  const studies = trainedStudies(OPTS, runs, { rollouts: 0, plant });
  return { all: resultsFromStudies(studies, 42), late: resultsFromStudies(studies.filter(at(1000)), 42), early: resultsFromStudies(studies.filter(at(150)), 42) };
};
const verdicts = (r: ReturnType<typeof resultsFromStudies>, id: string) => r.get(id)!.map((x) => x.verdict);

const once = <T>(f: () => T) => { let v: T | undefined; return () => (v ??= f()); };
const k1Off = once(() => resultsOf((c) => ({ ...c, k1: 1.01 * c.k1, precisePredicted: (k) => 1.01 * c.precisePredicted(k) })));
const noL = once(() => resultsOf((c) => ({ ...c, pred: { ...c.pred, L: 0, ...eq5Constants(c.instance.lambda, c.pred.m, 0, c.pred.Emax) } })));

describe('planted twins of the trained checks, on the configurations verify uses', () => {
  const paper = resultsOf();

  it('verify trains 150 and 1000 steps of one run per environment; unplanted, nothing is refuted, and every claim has a 1000-step configuration meeting its hypotheses', () => {
    expect(runs.map((r) => r.steps)).toEqual([150, 1000]);
    for (const id of ['P1.eq3', 'P1.eq5', 'P2.eq3', 'P2.jepa']) {
      for (const r of [paper.all, paper.late]) expect(verdicts(r, id)).not.toContain('refuted');
      // the twins below refute on a case inside the hypotheses only if there is one
      for (const r of paper.late.get(id)!) expect(r.decided).toBeGreaterThanOrEqual(1);
    }
  });

  for (const id of ['P1.eq3', 'P2.eq3']) {
    it(`${id} (trained): k1 1% too large is refuted in both readings, on the 1000-step configurations`, () => {
      const twin = k1Off();
      expect(verdicts(twin.late, id)).toEqual(['refuted', 'refuted']);
      expect(verdicts(twin.all, id)).toEqual(['refuted', 'refuted']);
      for (const r of twin.late.get(id)!) expect((r as { counterexampleFile?: { replay: { path: string } } }).counterexampleFile?.replay.path).toMatch(/@ 1000 steps/);
      if (id === 'P1.eq3') expect(verdicts(twin.early, id)).toEqual(['inconclusive', 'inconclusive']); // Assumption 1 fails there
    });
  }

  for (const id of ['P1.eq5', 'P2.jepa']) {
    it(`${id} (trained): the bound with L = 0 (C = C' = 0) is refuted in both readings, on the 1000-step configurations`, () => {
      const twin = noL();
      expect(verdicts(twin.late, id)).toEqual(['refuted', 'refuted']);
      expect(verdicts(twin.all, id)).toEqual(['refuted', 'refuted']);
      for (const r of twin.late.get(id)!) expect(r.margins?.highPrecision).toBeGreaterThan(0);
      if (id === 'P1.eq5') expect(verdicts(twin.early, id)).toEqual(['inconclusive', 'inconclusive']);
    });
  }
});
