// A variant file can live anywhere in a user's project: it imports defineVariant from the public
// module ('jepa-verify', src/api.ts), as claim files do, instead of a path into src/.
import { mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as api from '../../src/api.ts';
import { defineVariant } from '../../src/variants/index.ts';
import { loadVariant } from '../../src/variants/loader.ts';
import { renderIndex } from '../../src/variants/report.ts';
import type { VariantReport } from '../../src/variants/run.ts';
import { inProcess, ROOT } from '../cli/helpers.ts';

const tmp = mkdtempSync(join(tmpdir(), 'jepa-variant-public-'));

describe('a variant file outside properties/variants/', () => {
  it("imports defineVariant from 'jepa-verify' in a user's project, loads and runs", async () => {
    // A project of the user's: an ES module package with jepa-verify installed (here: linked).
    const project = join(tmp, 'study');
    mkdirSync(join(project, 'node_modules'), { recursive: true });
    writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'study', type: 'module', private: true }));
    symlinkSync(ROOT, join(project, 'node_modules', 'jepa-verify'), 'dir');
    mkdirSync(join(project, 'what-if'));
    writeFileSync(join(project, 'what-if', 'u-perp.ts'), `import { defineVariant, type VariantClaimId, type VariantSpec } from 'jepa-verify';
const claims: VariantClaimId[] = ['P1.logit-gain'];
const spec: VariantSpec = { name: 'u-perp-public', description: 'u orthogonal to z_d only.', claims, configuration: { construction: 'u-orthogonal-only' } };
export default defineVariant(spec);
`);
    const r = await inProcess(['variant', 'what-if/u-perp.ts', '--runs', '20', '--ledger', 'none', '--out', 'out', '--json'], project);
    expect(r.code, r.err).toBe(0);
    const report = JSON.parse(readFileSync(join(project, 'out', 'u-perp-public.json'), 'utf8')) as VariantReport;
    expect(report.variant.file).toBe('what-if/u-perp.ts');
    expect(report.claims.map((c) => c.id)).toEqual(['P1.logit-gain']);
    // Both columns ran the ledger's check (20 runs: no 'holds' is possible, but no error either).
    for (const x of [...report.claims[0].paperResults, ...report.claims[0].variantResults]) expect(x.verdict).not.toBe('error');
    expect(report.claims[0].variantResults.length).toBeGreaterThan(0);
  });

  it('imports the public module by path as well (as a claim file outside the project does)', async () => {
    const path = join(tmp, 'by-path.ts');
    writeFileSync(path, `import { defineVariant } from ${JSON.stringify(join(ROOT, 'src', 'api.ts'))};
export default defineVariant({ name: 'by-path', description: 'd.', claims: ['P1.eq3'], configuration: { encoder: 'linear-features' } });
`);
    const { spec, file, shipped } = await loadVariant(path);
    expect(spec).toEqual({ name: 'by-path', description: 'd.', claims: ['P1.eq3'], configuration: { encoder: 'linear-features' } });
    expect(file).toBe(path);
    expect(shipped).toBe(false);
  });

  it("the public module's defineVariant is the one shipped variants use, and the index says how to write one anywhere", () => {
    expect((api as Record<string, unknown>).defineVariant).toBe(defineVariant);
    const index = renderIndex([]);
    expect(index).toContain("import { defineVariant } from 'jepa-verify'");
    expect(index).toContain('--variant FILE');
    expect(index).not.toMatch(/copy a file/);
  });
});
