// replay --variant FILE belongs to a variant counterexample: given with any other file it would be
// silently ignored, so it is bad input (exit 2, one line naming --variant).
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { verifyNecessity } from '../../src/minimisers/ablate.ts';
import { writeText } from '../../src/cli/output.ts';
import { inProcess, oneCleanLine, ROOT } from './helpers.ts';

const tmp = mkdtempSync(join(tmpdir(), 'jepa-verify-replay-variant-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const VARIANT = join(ROOT, 'properties', 'variants', 'linear-encoder.ts');

describe('replay --variant with a file that is not a variant counterexample', () => {
  it('a paper counterexample: exit 2 naming --variant; without --variant it replays (exit 0)', async () => {
    const file = join(tmp, 'P1.eq5.on-policy.json');
    cpSync(join(ROOT, 'test', 'fixtures', 'ledger-counterexamples', 'P1.eq5.on-policy.json'), file);
    expect((await inProcess(['replay', file])).code).toBe(0);
    const r = await inProcess(['replay', file, '--variant', VARIANT]);
    expect(r.code).toBe(2);
    expect(oneCleanLine(r.err)).toBe(true);
    expect(r.err).toMatch(/^jepa-verify: --variant /);
    expect(r.out).toBe('');
  });

  it('a necessity counterexample (its own replay): exit 2 naming --variant', async () => {
    const { files } = verifyNecessity(42, ['P1.combine']);
    expect(files.length).toBeGreaterThan(0);
    const file = join(tmp, 'necessity.json');
    writeText(file, JSON.stringify(files[0].file, null, 2) + '\n');
    expect((await inProcess(['replay', file])).code).toBe(0);
    const r = await inProcess(['replay', file, '--variant', VARIANT]);
    expect(r.code).toBe(2);
    expect(oneCleanLine(r.err)).toBe(true);
    expect(r.err).toMatch(/^jepa-verify: --variant /);
  });
});
