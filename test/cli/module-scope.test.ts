// Claim files are ES modules. Outside a "type": "module" package Node reads them as CommonJS and the
// load fails with an error about require() and cycles; init warns, and verify --claims says why in one line.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { moduleScopeOf } from '../../src/cli/moduleScope.ts';
import { oneCleanLine, ROOT, viaBin } from './helpers.ts';

const tmp = mkdtempSync(join(tmpdir(), 'jepa-module-scope-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('claims outside an ES module package', () => {
  it('moduleScopeOf reads the nearest package.json', () => {
    expect(moduleScopeOf(join(ROOT, 'src', 'cli'))).toEqual({ manifest: join(ROOT, 'package.json'), type: 'module' });
    const cjs = join(tmp, 'cjs');
    mkdirSync(join(cjs, 'claims'), { recursive: true });
    writeFileSync(join(cjs, 'package.json'), '{"name": "x"}');
    expect(moduleScopeOf(join(cjs, 'claims'))).toEqual({ manifest: join(cjs, 'package.json'), type: null });
  });

  it('init warns and verify --claims names the cause in one line (exit 2); inside a module package init does not warn', () => {
    const bare = join(tmp, 'bare');
    mkdirSync(bare);
    const init = viaBin(['init'], bare);
    expect(init.code, init.err).toBe(0);
    // Only when no package.json above the temp folder says "type": "module" (true of a usual tmpdir).
    if (moduleScopeOf(bare).type !== 'module') {
      expect(init.out).toMatch(/note: .*"type": "module"/);
      const run = viaBin(['verify', '--claims', 'claims', '--no-paper', '--runs', '20'], bare);
      expect(run.code).toBe(2);
      expect(oneCleanLine(run.err)).toBe(true);
      expect(run.err).toMatch(/claims\/example\.claim\.ts: failed to load: claim files are ES modules.*"type": "module"/);
      expect(run.err).not.toMatch(/cycle|require\(\)/);
    }
    const esm = join(tmp, 'esm');
    mkdirSync(esm);
    writeFileSync(join(esm, 'package.json'), '{"name": "x", "type": "module"}');
    const quiet = viaBin(['init'], esm);
    expect(quiet.code, quiet.err).toBe(0);
    expect(quiet.out).not.toMatch(/note:/);
  }, 60_000);
});
