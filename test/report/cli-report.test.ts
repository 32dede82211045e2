// `verify` into a fresh folder outside the project, then `report` on a copy: the same HTML and
// Markdown byte for byte, every counterexample shown; a second run into the same folder shows only
// its own counterexamples. One small claim at a small budget keeps this a few seconds.

import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expandPacked } from '../../src/report/html/pack.ts';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';

const root = mkdtempSync(join(tmpdir(), 'jepa-cli-report-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

async function quiet(argv: string[]): Promise<number> {
  const out = process.stdout.write.bind(process.stdout);
  const err = process.stderr.write.bind(process.stderr);
  process.stdout.write = (() => true) as typeof process.stdout.write;
  process.stderr.write = (() => true) as typeof process.stderr.write;
  try {
    return await main(argv);
  } finally {
    process.stdout.write = out;
    process.stderr.write = err;
  }
}

describe('verify --out a fresh folder, then report', () => {
  const out = join(root, 'run');
  const small = ['--no-formal', '--no-trained', '--runs', '60', '--workers', '1'];

  it('shows every counterexample, and `report` rebuilds the same bytes', async () => {
    expect(await quiet(['verify', '--only', 'P1.k1-pos', ...small, '--out', out])).toBe(0);
    const report = JSON.parse(readFileSync(join(out, 'verification.json'), 'utf8'));
    const files = report.claims.flatMap((c: { results: Array<{ counterexample: string | null }> }) => c.results.map((r) => r.counterexample).filter(Boolean));
    expect(files.length).toBeGreaterThan(0);
    const html = expandPacked(readFileSync(join(out, 'verification.html'), 'utf8'));
    expect(html).not.toContain('Could not read the counterexample file');
    for (const f of files) {
      expect(existsSync(join(out, f)), f).toBe(true);
      expect(html).toContain(`href="${f}"`);
    }
    const copy = join(root, 'copy');
    cpSync(out, copy, { recursive: true });
    expect(await quiet(['report', '--out', copy])).toBe(0);
    for (const f of ['verification.html', 'verification.md']) expect(readFileSync(join(copy, f)).equals(readFileSync(join(out, f))), f).toBe(true);
  }, 120_000);

  it('a second run into the same folder shows only its own counterexamples', async () => {
    expect(await quiet(['verify', '--only', 'P1.rank', ...small, '--force', '--out', out])).toBe(0);
    const html = expandPacked(readFileSync(join(out, 'verification.html'), 'utf8'));
    expect(html).not.toContain('P1.k1-pos.any.json');
    expect(JSON.parse(readFileSync(join(out, 'verification.json'), 'utf8')).claims.map((c: { id: string }) => c.id)).toEqual(['P1.rank']);
    const left = existsSync(join(out, 'counterexamples')) ? readdirSync(join(out, 'counterexamples')) : [];
    expect(left.filter((f) => f.startsWith('P1.k1-pos'))).toEqual([]);
  }, 120_000);
});
