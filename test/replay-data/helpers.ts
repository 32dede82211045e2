// Edited copies of the §7 files (certificates, necessity counterexamples) replayed as a user would:
// in this process when the old code ended quickly on the edit, through the real bin under a time
// limit when it hung (a regression then fails the test instead of hanging the run).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BIN, inProcess, ROOT, type Ran } from '../cli/helpers.ts';

export const FIX = join(ROOT, 'test', 'replay-data', 'fixtures');
const tmp = mkdtempSync(join(tmpdir(), 'jepa-verify-replay-data-'));

export const fixture = (name: string): Record<string, any> => JSON.parse(readFileSync(join(FIX, name), 'utf8'));

/** A copy of the fixture with `edit` applied, written to a temporary file; its path. */
export function edited(name: string, edit: (f: Record<string, any>) => void, as = name): string {
  const f = fixture(name);
  edit(f);
  const path = join(tmp, `${Math.random().toString(36).slice(2)}-${as}`);
  writeFileSync(path, JSON.stringify(f));
  return path;
}

export const replayHere = (path: string): Promise<Ran> => inProcess(['replay', path]);

/** Through bin/jepa-verify.mjs, killed after `seconds` (code -1 then). */
export function replayBounded(path: string, seconds = 60): Ran {
  const r = spawnSync(process.execPath, [BIN, 'replay', path], { cwd: ROOT, encoding: 'utf8', timeout: seconds * 1000, env: { ...process.env, CI: 'true' } });
  return { code: r.status ?? -1, out: r.stdout ?? '', err: r.stderr ?? '' };
}

export { tmp };
