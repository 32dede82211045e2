// An interpretation-only failure is summarised by what it changes against the paper's definitions in
// the same reading (N9's N12: P2.eq3's line, cut for width, showed only the clause it shares with the
// paper's own reading of Assumption 3, so it read as "refuted under §5.2's definition of S").
import { describe, expect, it } from 'vitest';
import { differingClauses } from '../../src/report/findings.ts';
import type { ClaimResult } from '../../src/report/schema.ts';

const result = (interpretation: string, paperDefinition: boolean, reading = 'on-policy'): ClaimResult =>
  ({ reading, interpretation, paperDefinition, verdict: paperDefinition ? 'holds' : 'refuted', method: 'property' }) as unknown as ClaimResult;

describe('differingClauses', () => {
  const shared = 'Assumption 3 read as dim span(P) <= d - |A| - 2 (reading (i): S := span(P); the proof\'s reading)';
  const paper = result(`${shared}; Assumption 1 read on the head's whole policy; J_PG = -mu^T V^pi`, true);
  const other = result(`${shared}; A^{pi_c} of the state-independent policy (Assumption 1 then asks A > 0; for it); J_PG = -mu^T V^pi`, false);

  it('leads with the clauses the paper-definition results do not state, parentheticals kept whole', () => {
    expect(differingClauses(other, [paper, other])).toBe("A^{pi_c} of the state-independent policy (Assumption 1 then asks A > 0; for it) (otherwise as the paper's definitions)");
  });

  it('compares within the reading only, and keeps the whole text when every clause differs', () => {
    const fixed = result(`${shared}; Assumption 1 read on the head's whole policy; J_PG = -mu^T V^pi`, true, 'fixed-data');
    expect(differingClauses(other, [fixed, other])).toBe(other.interpretation);
    const dV = result('delta V(s) := V^{pi\'}(s) - V^{pi_c}(s)', false);
    expect(differingClauses(dV, [paper, dV])).toBe(dV.interpretation);
  });
});
