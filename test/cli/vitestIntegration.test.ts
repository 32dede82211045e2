// jepa-verify/vitest's verdict rule on the committed counterexample: the test of a check fails
// exactly when the CLI says 'refuted' (confirmed violation, hypotheses holding), here on a case the
// CLI refuted and on the same case with the claim's conclusion made true.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { PropertyCheck } from '../../src/claims/framework.ts';
import { loadClaims } from '../../src/ledger/claims.ts';
import { refutation } from '../../src/vitest.ts';
import { inProcess, ROOT } from './helpers.ts';

describe('jepa-verify/vitest', () => {
  it('refutation() agrees with replay on a committed counterexample', async () => {
    const path = join(ROOT, 'test', 'fixtures', 'malformed', 'base', 'property.json');
    const file = JSON.parse(readFileSync(path, 'utf8'));
    const claim = (await loadClaims()).find((c) => c.id === file.claim)!;
    const check = claim.checks.find((c) => c.reading === file.reading) as PropertyCheck<unknown>;
    const why = refutation(check, file.case);
    const replay = await inProcess(['replay', path]);
    expect(replay.code).toBe(0);
    expect(why).not.toBeNull();
    // A check whose run finds nothing passes, whatever the case.
    expect(refutation({ ...check, run: () => ({ kind: 'ok' }) }, file.case)).toBeNull();
    // A violation that high precision does not confirm is not a refutation.
    expect(refutation({ ...check, run: () => ({ kind: 'violation', margin: 1, noise: 0, message: 'm', measured: {}, predicted: {}, confirm: () => ({ confirmed: false, margin: 0, digits: 64, message: 'vanishes' }) }) }, file.case)).toBeNull();
  });
});
