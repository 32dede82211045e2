// claim ID --json prints what verify's report would hold for the claim: schema-valid, every path
// relative to the claim's folder (results and repairs alike), §7 certificates as files it cites.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { firstError, loadSchema } from '../../src/schema/validate.ts';
import { inProcess } from './helpers.ts';

const tmp = mkdtempSync(join(tmpdir(), 'jepa-claim-json-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('claim ID --json', () => {
  it('is schema-valid, its paths are the claim folder\'s, its certificates are files; a rerun into the folder works', async () => {
    const out = join(tmp, 'gap');
    const r = await inProcess(['claim', 'P1.gap', '--runs', '50', '--no-formal', '--out', out, '--json']);
    expect(r.code, r.err).toBe(0);
    const report = JSON.parse(r.out);
    expect(firstError(report, loadSchema('verification'))).toBeNull();
    const results = report.claims.flatMap((c: { results: unknown[]; repairs: { results: unknown[] }[] }) => [...c.results, ...c.repairs.flatMap((p) => p.results)]) as { counterexample: string | null; interval?: { certificate?: string; certificateFile?: unknown } }[];
    const cited = results.flatMap((x) => [x.counterexample, x.interval?.certificate].filter((p): p is string => typeof p === 'string'));
    expect(cited.some((p) => p.startsWith('counterexamples/certificates/'))).toBe(true);
    for (const p of cited) {
      expect(p).toMatch(/^counterexamples\//);
      expect(existsSync(join(out, p)), p).toBe(true);
    }
    expect(results.some((x) => x.interval?.certificateFile !== undefined)).toBe(false);
    expect((await inProcess(['claim', 'P1.gap', '--runs', '50', '--no-formal', '--out', out, '--json'])).code).toBe(0);
  }, 120_000);
});
