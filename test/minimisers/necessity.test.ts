// The necessity analysis on a planted spec: the on-policy gap (decided exactly) with one essential
// hypothesis (Assumption 1 at visited states, equivalent to the gap) and one planted redundant one
// (lambda >= 1: the on-policy gap does not depend on lambda).
import { describe, expect, it } from 'vitest';
import { minCaseArbitrary, type MinCase } from '../../src/minimisers/cases.ts';
import { gapExplained } from '../../src/minimisers/conclusions.ts';
import { ablateClaim, replayNecessity, type ClaimSpec, type NecessityCounterexample } from '../../src/minimisers/necessity.ts';
import { visitedAssumption1 } from '../../src/minimisers/repairs.ts';

const spec: ClaimSpec<MinCase> = {
  claim: 'planted.gap',
  arbitrary: () => minCaseArbitrary(3, 2),
  hypotheses: [
    { name: 'essential: Assumption 1 at visited states', holds: (c) => visitedAssumption1(c) },
    { name: 'redundant: lambda >= 1', holds: (c) => c.lambda >= 1 },
  ],
  explain: (c, k) => gapExplained(c, 'collapsed', k),
  instanceOf: (c) => c,
};

describe('hypothesis necessity', () => {
  const files: NecessityCounterexample[] = [];
  const rows = ablateClaim(spec, { seed: 7, cases: 30, draws: 900, write: (name, file) => { files.push(file); return name; } });
  const row = (h: string) => rows.find((r) => r.hypothesis.startsWith(h) && r.construction === 'free')!;

  it('reports the essential hypothesis as needed, with a counterexample that replays', () => {
    expect(row('essential').verdict).toBe('needed');
    const file = files.find((f) => f.hypothesis.startsWith('essential') && f.construction === 'free')!;
    expect(replayNecessity(spec, file).refutes).toBe(true);
  });

  it('reports the planted redundant hypothesis as not needed', () => {
    expect(row('redundant').verdict).toBe('not needed');
    expect(row('redundant').cases).toBeGreaterThanOrEqual(20);
  });
});
