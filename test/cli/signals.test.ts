// SIGTERM and SIGINT at several moments of a real `jepa-verify verify` (through the bin): the
// process ends, no staging folder is left, and the report folder is either the old one byte for
// byte or a complete new one.
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT, sameSnapshot, snapshot, spawnBin, viaBin } from './helpers.ts';

const tmp = mkdtempSync(join(tmpdir(), 'jepa-verify-signals-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const ARGS = ['verify', '--only', 'P1.k1-pos', '--runs', '40', '--no-formal', '--no-trained', '--workers', '1', '--force'];

function freshReport(name: string): string {
  const dir = join(tmp, name);
  cpSync(join(ROOT, 'test', 'fixtures', 'report'), join(dir, 'reports'), { recursive: true });
  return dir;
}

const staging = (dir: string) => readdirSync(dir).filter((f) => f.startsWith('.jepa-verify-staging-'));

async function waitFor(cond: () => boolean, ms: number): Promise<boolean> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (cond()) return true;
    await new Promise((r) => setTimeout(r, 20));
  }
  return cond();
}

describe('signals', () => {
  // The files a completed run leaves: what "the new report" must look like.
  let complete: Set<string>;
  it('a complete run, for reference', () => {
    const dir = freshReport('reference');
    const r = viaBin([...ARGS, '--out', 'reports'], dir);
    expect(r.code, r.err).toBe(0);
    complete = new Set(snapshot(join(dir, 'reports')).keys());
    expect(complete.has('verification.json')).toBe(true);
  });

  const moments: { signal: NodeJS.Signals; afterMs?: number; inStaging?: boolean }[] = [
    { signal: 'SIGTERM', afterMs: 300 },
    { signal: 'SIGINT', afterMs: 1500 },
    { signal: 'SIGTERM', afterMs: 3500 },
    { signal: 'SIGTERM', inStaging: true },
    { signal: 'SIGINT', inStaging: true },
  ];
  for (const m of moments)
    it(`${m.signal} ${m.inStaging ? 'while the staging folder is complete' : `after ${m.afterMs} ms`}`, async () => {
      const dir = freshReport(`${m.signal}-${m.afterMs ?? 'staging'}`);
      const old = snapshot(join(dir, 'reports'));
      const child = spawnBin([...ARGS, '--out', 'reports'], dir, m.inStaging ? { JEPA_VERIFY_TEST_HOLD_STAGING_MS: '60000' } : {});
      const exited = new Promise<number | null>((resolve) => child.on('exit', (code, signal) => resolve(code ?? (signal ? -1 : null))));
      if (m.inStaging) expect(await waitFor(() => staging(dir).length > 0 && existsSync(join(dir, staging(dir)[0], 'verification.json')), 120_000)).toBe(true);
      else await new Promise((r) => setTimeout(r, m.afterMs));
      child.kill(m.signal);
      const code = await exited;
      if (m.inStaging) expect(code).toBe(m.signal === 'SIGINT' ? 130 : 143);
      expect(staging(dir)).toEqual([]);
      const after = snapshot(join(dir, 'reports'));
      const isOld = sameSnapshot(old, after);
      const isNew = after.size === complete.size && [...after.keys()].every((k) => complete.has(k)) && JSON.parse(readFileSync(join(dir, 'reports', 'verification.json'), 'utf8')).claims.length === 1;
      expect(isOld || isNew, `neither old nor new: ${[...after.keys()].join(', ')}`).toBe(true);
      if (m.inStaging) expect(isOld).toBe(true);
      // Nothing of the run survives the bin's exit: the folder does not change afterwards.
      await new Promise((r) => setTimeout(r, 1500));
      expect(sameSnapshot(after, snapshot(join(dir, 'reports')))).toBe(true);
      expect(staging(dir)).toEqual([]);
    });
});
