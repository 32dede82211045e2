// N15: the variant's hypothesis list read "unit u with W u = 0 ..." beside "override: ... without W u = 0".
// A hypothesis the override states otherwise is left out of the variant's list (the paper's list keeps it).
import { describe, expect, it } from 'vitest';
import { runVariant } from '../../src/variants/run.ts';
import { loadClaims } from '../../src/ledger/claims.ts';

describe('u-orthogonal-only hypotheses', () => {
  it.each(['P1.logits-fixed', 'P1.eq3'] as const)('%s: no "W u = 0" hypothesis beside the override', async (id) => {
    const claim = (await loadClaims()).find((c) => c.id === id)!;
    const spec = { name: 'u', description: 'd', claims: [id], configuration: { construction: 'u-orthogonal-only' } } as const;
    const { report } = await runVariant(spec as never, { seed: 1, runs: 5, file: 'u.ts', ledger: { mode: 'none' } });
    const h = report.claims[0].hypotheses;
    expect(h.paper).toEqual(claim.hypotheses);
    const kept = claim.hypotheses.filter((x) => !/W u = 0/.test(x));
    expect(kept.length).toBeLessThan(claim.hypotheses.length);
    expect(h.variant.slice(0, kept.length)).toEqual(kept);
    expect(h.variant.slice(kept.length)).toEqual([expect.stringMatching(/^override: construction: §4\.2 without W u = 0/)]);
  }, 60_000);
});
