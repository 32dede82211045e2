// The paper column of a variant run is the ledger's verdicts: same checks, same seeds, same cases.
import { describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadClaims } from '../../src/ledger/claims.ts';
import { runLedger } from '../../src/ledger/run.ts';
import { runVariant } from '../../src/variants/run.ts';

describe('variant paper column', () => {
  it('equals the ledger run on its own for the same claim and seed', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'h9-paper-'));
    const spec = { name: 'paper-col', description: 'd', claims: ['P1.logit-gain', 'P1.eq4'] as const, configuration: { construction: 'u-orthogonal-only' as const } };
    const { report } = await runVariant({ ...spec, claims: [...spec.claims] }, { seed: 11, runs: 40, file: 'x.ts', ledger: { mode: 'none' } });
    const claims = await loadClaims();
    for (const entry of report.claims) {
      const ledger = runLedger(claims, { seed: 11, runs: 40, only: [entry.id], counterexampleDir: join(dir, 'ledger') }).report.claims[0].results
        .filter((r) => r.paperDefinition !== false);
      const key = (r: { reading: string; verdict: string; cases: number; decided?: number }) => `${r.reading} ${r.verdict} ${r.cases} ${r.decided}`;
      expect(entry.paperResults.map(key)).toEqual(ledger.map(key));
      expect(entry.paperResults.length).toBeGreaterThan(0);
    }
  }, 120_000);
});
