// The replay line verify prints runs where the user stands: from a report folder outside any project
// that has jepa-verify, the stored `npx jepa-verify replay counterexamples/X.json` would ask the npm
// registry; the printed line adds --prefix and a path relative to the working directory.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { npxFindsJepaVerify, PACKAGE_ROOT, replayHere } from '../../src/cli/replayHere.ts';
import { ROOT } from './helpers.ts';

const tmp = mkdtempSync(join(tmpdir(), 'jepa-replay-here-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const stored = 'npx jepa-verify replay counterexamples/P1.k1-pos.any.json';

describe('replayHere', () => {
  it('inside the project: the path from the working directory, plain npx', () => {
    expect(replayHere(stored, 'reports', '/p', true)).toBe('npx jepa-verify replay reports/counterexamples/P1.k1-pos.any.json');
    expect(replayHere(stored, '/p/reports', '/p/reports', true)).toBe(stored);
    expect(replayHere(stored, '../r', '/p/x', true)).toBe('npx jepa-verify replay ../r/counterexamples/P1.k1-pos.any.json');
  });

  it('outside it: --prefix the package, and paths with spaces quoted', () => {
    expect(replayHere(stored, '/tmp/r', '/tmp/r', false, '/opt/jepa')).toBe('npx --prefix /opt/jepa jepa-verify replay counterexamples/P1.k1-pos.any.json');
    expect(replayHere(stored, '/tmp/my r', '/tmp', false, '/opt/j v')).toBe("npx --prefix '/opt/j v' jepa-verify replay 'my r/counterexamples/P1.k1-pos.any.json'");
    expect(replayHere('not a replay command', 'r', '/p', false)).toBe('not a replay command');
  });

  it('knows where npx finds jepa-verify: this package, not a folder outside any project', () => {
    expect(PACKAGE_ROOT).toBe(ROOT);
    expect(npxFindsJepaVerify(ROOT)).toBe(true);
    expect(npxFindsJepaVerify(join(ROOT, 'test', 'fixtures'))).toBe(true);
    expect(npxFindsJepaVerify(tmp)).toBe(false);
  });

  it('the printed line, run as printed from a report folder outside the project, replays the file', () => {
    const out = join(tmp, 'report');
    mkdirSync(join(out, 'counterexamples'), { recursive: true });
    cpSync(join(ROOT, 'test', 'fixtures', 'ledger-counterexamples', 'P1.k1-pos.any.json'), join(out, 'counterexamples', 'P1.k1-pos.any.json'));
    const line = replayHere(stored, out, out, npxFindsJepaVerify(out));
    expect(line).toContain('--prefix');
    const run = spawnSync('sh', ['-c', line], { cwd: out, encoding: 'utf8', env: { ...process.env, npm_config_offline: 'true', npm_config_update_notifier: 'false' } });
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/verdict: refuted/);
  }, 120_000);
});
