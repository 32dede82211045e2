// N9: a shell left in a report folder that `verify`/`report` swapped out sits in a deleted directory;
// the bin must say so in one line (exit 2) instead of dying in tsx's loader with a uv_cwd stack trace.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN } from '../cli/helpers.ts';

describe('bin run from a folder that no longer exists', () => {
  it('prints one line naming the cause and exits 2', () => {
    const parent = mkdtempSync(join(tmpdir(), 'cli9-gone-'));
    try {
      // The shell enters the folder, the folder is removed under it, then the bin starts there.
      const script = `cd "${parent}" && mkdir here && cd here && rmdir "${parent}/here" && exec "${process.execPath}" "${BIN}" replay x.json`;
      const r = spawnSync('sh', ['-c', script], { encoding: 'utf8', env: { ...process.env, CI: 'true' } });
      expect(r.status).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toBe('jepa-verify: the current folder no longer exists (a report swapped in replaced it?): cd into it again\n');
    } finally {
      rmSync(parent, { recursive: true, force: true });
    }
  });
});
