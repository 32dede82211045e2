// One variant end to end through the CLI entry: reports, index, counterexamples, and their replay.
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runVariant } from '../../src/cli/variant.ts';
import { isVariantCounterexample, replayVariant } from '../../src/variants/replay.ts';
import type { VariantReport } from '../../src/variants/run.ts';

const ROOT = resolve(import.meta.dirname, '..', '..');
const dir = mkdtempSync(join(tmpdir(), 'jepa-variant-e2e-'));
const out = join(dir, 'reports');
const variantFile = join(dir, 'u-perp.ts');
writeFileSync(variantFile, `import { defineVariant } from ${JSON.stringify(join(ROOT, 'src', 'variants', 'index.ts'))};
export default defineVariant({
  name: 'u-perp-test',
  description: 'The construction without W u = 0.',
  claims: ['P1.logits-fixed', 'P1.logit-gain', 'P1.eq3'],
  configuration: { construction: 'u-orthogonal-only' },
});
`);

describe('variant end to end', () => {
  it('writes the reports and replayable counterexamples', async () => {
    // 200 runs: a 'holds' needs at least 200 decided cases.
    const code = await runVariant([variantFile, '--runs', '200', '--seed', '7', '--out', out, '--ledger', 'none']);
    expect(code).toBe(0);
    const report = JSON.parse(readFileSync(join(out, 'u-perp-test.json'), 'utf8')) as VariantReport;
    expect(report.kind).toBe('variant');
    expect(report.seed).toBe(7);
    expect(report.claims.map((c) => c.id)).toEqual(['P1.logits-fixed', 'P1.logit-gain', 'P1.eq3']);
    const byId = Object.fromEntries(report.claims.map((c) => [c.id, c]));
    // (W + k e u^T) z_d = W z_d needs only u ⊥ z_d: the collapsed states' logits stay put.
    expect(byId['P1.logits-fixed'].variantResults.map((r) => r.verdict)).toEqual(['holds']);
    // Without W u = 0, s_Δ's other logits move by eps W u: the exact identity fails, confirmed at 64 digits.
    expect(byId['P1.logit-gain'].paperResults.map((r) => r.verdict)).toEqual(['holds']);
    expect(byId['P1.logit-gain'].variantResults.map((r) => r.verdict)).toEqual(['refuted']);
    expect(byId['P1.logit-gain'].changed).toBe(true);
    expect(byId['P1.eq3'].paperResults.map((r) => r.reading)).toEqual(['on-policy', 'fixed-data']);
    expect(report.outcome).toMatch(/P1\.logit-gain holds → refuted/);
    expect(readFileSync(join(out, 'u-perp-test.md'), 'utf8')).toMatch(/\*\*holds → refuted\*\*/);
    expect(readFileSync(join(out, 'index.md'), 'utf8')).toMatch(/\[u-perp-test\]\(u-perp-test\.md\)/);

    const refuted = byId['P1.logit-gain'].variantResults[0];
    // Relative to the report folder, as verify's.
    expect(refuted.counterexample!.startsWith('u-perp-test/counterexamples/variant/')).toBe(true);
    const path = join(out, refuted.counterexample!);
    expect(existsSync(path)).toBe(true);
    const file = JSON.parse(readFileSync(path, 'utf8'));
    expect(file.variant).toBe(variantFile);
    expect(file.side).toBe('variant');
    expect(isVariantCounterexample(path)).toBe(true);
    const replayed = await replayVariant(path);
    expect(replayed.refutes).toBe(true);
    expect(replayed.lines.at(-1)).toBe('verdict: refuted');
  });
});
