// --out a symlink to a report folder: the new report is swapped in where the link points and the
// link stays a link (it was replaced by a real folder, leaving the old report at its target).
import { lstatSync, mkdirSync, mkdtempSync, readFileSync, readlinkSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writeAtomically } from '../../src/cli/output.ts';

const tmp = mkdtempSync(join(tmpdir(), 'jepa-out-symlink-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('writeAtomically through a symlink', () => {
  it('writes the report at the link target and keeps the link', async () => {
    const real = join(tmp, 'real-report');
    mkdirSync(real);
    writeFileSync(join(real, 'verification.json'), '{"old": true}');
    writeFileSync(join(real, 'training.json'), '{"kept": true}');
    const link = join(tmp, 'link');
    symlinkSync(real, link);
    await writeAtomically(link, (staging) => writeFileSync(join(staging, 'verification.json'), '{"new": true}'));
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(readlinkSync(link)).toBe(real);
    expect(readFileSync(join(real, 'verification.json'), 'utf8')).toBe('{"new": true}');
    // what the old folder held beyond the new report is carried over, as for a plain folder
    expect(readFileSync(join(real, 'training.json'), 'utf8')).toBe('{"kept": true}');
  });
});
