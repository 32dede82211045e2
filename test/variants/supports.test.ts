// A variant runs a claim only where every check of it declares the fields the variant overrides: a
// check that never heard of a field would otherwise run the paper's setting under the variant's name.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { configure, unsupportedFields } from '../../src/claims/configuration.ts';
import { loadClaims } from '../../src/ledger/claims.ts';
import { InputError } from '../../src/model/validate.ts';
import { assertSupported, paperUnits } from '../../src/variants/configured.ts';
import type { VariantSpec } from '../../src/variants/types.ts';

const claims = await loadClaims();
const DIR = join(import.meta.dirname, '../../properties/variants');

describe('configuration fields a check supports', () => {
  it('every shipped variant names only claims whose checks support its overrides', async () => {
    const files = readdirSync(DIR).filter((f) => f.endsWith('.ts'));
    expect(files.length).toBe(7);
    for (const f of files) {
      const spec = (await import(join(DIR, f))).default as VariantSpec;
      expect(() => assertSupported(claims, spec, f)).not.toThrow();
    }
  });

  it('refuses a claim whose checks assume the linear head, naming the claim, its index and the field', () => {
    const spec = { claims: ['P1.eq3', 'P1.k1-pos'], configuration: { head: 'two-layer-tanh' } } as unknown as VariantSpec;
    expect(() => assertSupported(claims, spec, 'v.ts')).toThrow(InputError);
    expect(() => assertSupported(claims, spec, 'v.ts')).toThrow(/^v\.ts: claims\[1\]: P1\.k1-pos's checks do not run under head \(claims that do: head: .*P1\.eq3/);
  });

  it('refuses Prop. 2 checks under a Prop. 1 field and accepts them under Assumption 3', () => {
    const head = { claims: ['P2.eq3'], configuration: { head: 'two-layer-tanh' } } as unknown as VariantSpec;
    expect(() => assertSupported(claims, head, 'v.ts')).toThrow(/P2\.eq3's checks do not run under head/);
    const a3 = { claims: ['P2.eq3'], configuration: { assumption3: 'construction-only' } } as unknown as VariantSpec;
    expect(() => assertSupported(claims, a3, 'v.ts')).not.toThrow();
  });

  it("a check's `under` itself refuses an unsupported field, so no caller can run it by mistake", () => {
    const cfg = configure({ jepaData: 'replay' });
    const unit = paperUnits(claims, 'P2.eq3')[0];
    expect(unsupportedFields(unit.check, cfg)).toEqual(['jepaData']);
    expect(() => unit.check.under?.(cfg)).toThrow(/does not run under jepaData/);
    const eq3 = paperUnits(claims, 'P1.eq3')[0];
    expect(unsupportedFields(eq3.check, cfg)).toEqual([]);
    expect(eq3.check.under?.(cfg)).not.toBe(eq3.check);
  });
});

describe('underConfiguration, the one way a variant gets a check', () => {
  it('refuses a check without a hook under any override, and runs it unchanged under the paper', async () => {
    const { underConfiguration } = await import('../../src/variants/configured.ts');
    const unit = paperUnits(claims, 'P1.k1-pos')[0];
    expect(unit.check.under).toBeUndefined();
    expect(() => underConfiguration(unit.check, configure({ head: 'two-layer-tanh' }))).toThrow(InputError);
    expect(underConfiguration(unit.check, configure())).toBe(unit.check);
  });
});
