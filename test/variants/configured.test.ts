// A variant given as configuration overrides runs the ledger's own checks under both configurations.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadClaims } from '../../src/ledger/claims.ts';
import { assumption3Exact, type Prop2Case } from '../../src/api.ts';
import { loadVariant } from '../../src/variants/loader.ts';
import { replayVariant } from '../../src/variants/replay.ts';
import { runVariant } from '../../src/variants/run.ts';
import { validateVariant } from '../../src/variants/define.ts';
import { configure, PAPER_CONFIGURATION } from '../../src/claims/configuration.ts';

describe('configured variants', () => {
  it('assumption3-weakest admits cases where Assumption 3 fails; its counterexample replays', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'h9-configured-'));
    const { spec, file } = await loadVariant('properties/variants/assumption3-weakest.ts');
    const { report, counterexamples } = await runVariant({ ...spec, claims: ['P2.k1-pos'] }, { seed: 3, runs: 60, file, ledger: { mode: 'none' } });
    const entry = report.claims[0];
    const refuted = entry.variantResults.find((r) => r.verdict === 'refuted');
    expect(refuted).toBeDefined();
    const cx = counterexamples.find((c) => c.path === refuted!.counterexample)!;
    expect(cx.file.side).toBe('variant');
    // The variant's refutation is of a case the paper's Assumption 3 (reading (i)) excludes.
    expect(assumption3Exact(cx.file.case as Prop2Case, 'span').holds).toBe(false);
    expect(entry.notes.join(' ')).toMatch(/Assumption 3 \(span\) fails/);
    const { writeFileSync, mkdirSync } = await import('node:fs');
    mkdirSync(join(dir, 'x'), { recursive: true });
    const path = join(dir, 'x', 'cx.json');
    writeFileSync(path, JSON.stringify(cx.file));
    const replayed = await replayVariant(path);
    expect(replayed.refutes).toBe(true);
    // The same file read as the paper's side is outside the paper's hypotheses.
    writeFileSync(path, JSON.stringify({ ...JSON.parse(readFileSync(path, 'utf8')), side: 'paper' }));
    expect((await replayVariant(path)).refutes).toBe(false);
  }, 300_000);

  it('two-layer-head: a refutation replays, and a file whose class parameters are missing or malformed is bad input naming the field', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'h11a-classes-'));
    const { spec, file } = await loadVariant('properties/variants/two-layer-head.ts');
    const { report, counterexamples } = await runVariant({ ...spec, claims: ['P1.logit-gain'] }, { seed: 3, runs: 100, file, ledger: { mode: 'none' } });
    const refuted = report.claims[0].variantResults.find((r) => r.verdict === 'refuted');
    expect(refuted).toBeDefined();
    const cx = counterexamples.find((c) => c.path === refuted!.counterexample)!;
    const { writeFileSync } = await import('node:fs');
    const path = join(dir, 'cx.json');
    writeFileSync(path, JSON.stringify(cx.file));
    expect((await replayVariant(path)).refutes).toBe(true);
    const c = cx.file.case as { twoLayer: { W1: number[][]; b1: number[] } };
    writeFileSync(path, JSON.stringify({ ...cx.file, case: { ...c, twoLayer: undefined } }));
    // Named as replay names a missing field of any counterexample's case (checked before the case runs).
    await expect(replayVariant(path)).rejects.toThrow(/^case\.twoLayer: missing$/);
    writeFileSync(path, JSON.stringify({ ...cx.file, case: { ...c, twoLayer: { ...c.twoLayer, W1: c.twoLayer.W1.slice(1) } } }));
    await expect(replayVariant(path)).rejects.toThrow(/case\.twoLayer\.W1: expected \d+ rows/);
  }, 300_000);

  it('the paper configuration leaves every ledger check as it is', async () => {
    const claims = await loadClaims();
    for (const claim of claims) for (const check of claim.checks) expect(check.under?.(configure()) ?? check).toBe(check);
    expect(configure()).toEqual(PAPER_CONFIGURATION);
  });

  it('rejects unknown configuration fields and values, a missing configuration, and the removed overrides', () => {
    const base = { name: 'x', description: 'd', claims: ['P2.eq3'] };
    expect(() => validateVariant({ ...base, configuration: { foo: 'bar' } }, 'v.ts')).toThrow(/configuration\.foo: unknown field/);
    expect(() => validateVariant({ ...base, configuration: { assumption3: 'none' } }, 'v.ts')).toThrow(/configuration\.assumption3: expected one of/);
    expect(() => validateVariant({ ...base }, 'v.ts')).toThrow(/v\.ts: configuration: missing/);
    // The second framework's overrides are gone: each is one line naming the field and its configuration field.
    for (const [field, instead] of [['generator', 'configuration.generator'], ['head', 'configuration.head'], ['encoder', 'configuration.encoder'], ['construction', 'configuration.construction'], ['hypotheses', 'configuration'], ['readings', 'configuration.jepaData'], ['lipschitz', 'configuration.lipschitz'], ['worldModel', 'no configuration field']] as const) {
      expect(() => validateVariant({ ...base, configuration: { assumption3: 'construction-only' }, [field]: {} }, 'v.ts')).toThrow(new RegExp(`^v\\.ts: ${field}: no longer a variant field .*${instead.replace('.', '\\.')}`));
    }
  });
});
