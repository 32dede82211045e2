// Planted twins of the §7 checks that hold (G.attained, P1.gap, P2.gap, P1.local and P2.local
// repairs): each twin asserts a deliberately wrong statement (a hypothesis that is not enough, a
// criterion with a term dropped) and must be refuted, with an exact certificate, within the default
// budget. The claims' own statements are refuted by their paper checks (the ledger), not listed here.
import { describe, expect, it } from 'vitest';
import { runProperty, type PropertyCheck } from '../../src/claims/framework.ts';
import { attainedRepairCheck } from '../../src/minimisers/attainedChecks.ts';
import { separationCheck } from '../../src/minimisers/gapChecks.ts';
import { localCheck } from '../../src/minimisers/localChecks.ts';
import { crossTermCheck } from '../../src/minimisers/planeChecks.ts';
import { optimalQ } from '../../src/minimisers/exactCache.ts';
import { reachableAssumption1, tiedReachable } from '../../src/minimisers/repairs.ts';
import type { MinCase } from '../../src/minimisers/cases.ts';
import { READINGS } from '../../src/model/types.ts';

// Default budget (1000 runs; the §7 checks cap themselves at 300 decided cases), no refiner, few shrinks.
const refuted = (check: PropertyCheck<any>) => {
  const r = runProperty('twin', { ...check, refine: undefined }, { seed: 42, runs: 1000, counterexampleDir: null, shrinkAttempts: 50 }).result;
  expect(r.verdict, r.detail.slice(-400)).toBe('refuted');
  return r;
};

/** "Some action strictly suboptimal at some state": the repair's reachability dropped. */
const suboptimalAnywhere = (c: Pick<MinCase, 'mdp'>) => optimalQ(c.mdp).argmax.some((xs) => xs.length < c.mdp.P[0].length);

describe('planted twins of the §7 repairs', () => {
  for (const reading of READINGS) {
    it(`G.attained repair (${reading}): the criterion without "reachable" (every action optimal at every state)`, () => {
      refuted(attainedRepairCheck(reading, (mdp) => optimalQ(mdp).argmax.every((xs) => xs.length === mdp.P[0].length)));
    });
  }

  it('P1.gap repair 2: the hypothesis weakened to Assumption 1 at reachable states (no gap certified by branch and bound)', () => {
    refuted(separationCheck('collapsed', { test: reachableAssumption1, why: 'twin: Assumption 1 at reachable states' }));
  });

  it('P2.gap repair 2: "unavoidable" weakened to "reachable"', () => {
    refuted(separationCheck('tied', { test: tiedReachable, why: 'twin: s_a and s_b reachable' }));
  });

  for (const reading of READINGS) {
    it(`P1.local repair (${reading}): a strictly suboptimal action at any state, reachable or not`, () => {
      refuted(localCheck('collapsed', reading, { test: suboptimalAnywhere, why: 'twin: a strictly suboptimal action anywhere', replacesAssumption1: true }));
    });
    it(`P2.local repair (${reading}): the reachability of the collapsed state dropped`, () => {
      refuted(localCheck('tied', reading, { test: () => true, why: 'twin: reachability dropped', reachablePair: false }));
    });
  }
});

describe("planted twin of the local repairs' second-order certificate", () => {
  // The repairs' descent at a stationary configuration rests on d^2 J / d eps d delta = -d pi A on the
  // plane; the twin asserts +d pi A (kappa's sign flipped, a direction that raises J). Not a ledger
  // check (about 10-20 s per 300 cases at 64 digits): the paper's identity is run here on 20 cases.
  for (const cls of ['collapsed', 'tied'] as const) {
    it(`${cls}: the cross term with its sign flipped is refuted at 64 digits (both readings); the paper's holds on 20 cases`, () => {
      for (const reading of READINGS) refuted(crossTermCheck(cls, reading, -1));
      const r = runProperty('cross', crossTermCheck(cls, 'on-policy'), { seed: 42, runs: 20, counterexampleDir: null, minDecided: 20 }).result;
      expect(r.verdict, r.detail.slice(-300)).toBe('holds');
    });
  }
});
