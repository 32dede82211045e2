// N16: `claim ID` showed no progress at all. Without a TTY it now prints a plain line per check as it
// finishes (and one for the Z3 phase), as verify does per phase; nothing with --json.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { inProcess } from '../cli/helpers.ts';
import { ledgerUnits } from '../../src/ledger/run.ts';
import { loadClaims } from '../../src/ledger/claims.ts';

const dir = mkdtempSync(join(tmpdir(), 'cli9-claim-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('claim ID progress', () => {
  it('a line per check without a TTY, numbered over the claim\'s checks', async () => {
    const units = ledgerUnits(await loadClaims(), { only: ['P1.combine'] });
    const r = await inProcess(['claim', 'P1.combine', '--runs', '20', '--no-formal', '--out', join(dir, 'a')]);
    expect(r.code).toBe(0);
    const lines = r.err.trim().split('\n');
    expect(lines).toHaveLength(units.length);
    lines.forEach((line, i) => expect(line).toMatch(new RegExp(`^\\[${i + 1}/${units.length}\\] ${units[i].what.replace(/[()]/g, '\\$&')} done at \\d+ s$`)));
  }, 120_000);

  it('nothing on stderr with --json', async () => {
    const r = await inProcess(['claim', 'P1.eq2', '--runs', '20', '--no-formal', '--json', '--out', join(dir, 'b')]);
    expect(r.code).toBe(0);
    expect(r.err).toBe('');
  });
});
