// Top-level --help gives every command its one-line summary; variant --list takes no contradictory
// option and prints JSON with --json.
import { describe, expect, it } from 'vitest';
import { ABLATE } from '../../src/cli/ablate.ts';
import { COMMANDS } from '../../src/cli/commands.ts';
import { inProcess, oneCleanLine } from './helpers.ts';
import { shippedVariantFiles } from '../../src/variants/loader.ts';
import { relative } from 'node:path';
import { ROOT } from './helpers.ts';

describe('jepa-verify --help', () => {
  it('lists every command with its summary (ablate included)', async () => {
    const r = await inProcess(['--help']);
    expect(r.code).toBe(0);
    for (const spec of [...COMMANDS, ABLATE]) {
      const line = r.out.split('\n').find((l) => l.trimStart().startsWith(spec.name + ' '));
      expect(line, spec.name).toBeDefined();
      expect(line).toContain(spec.summary);
    }
    expect(r.out).not.toMatch(/\(jepa-verify \w+ --help\)\n/);
  });
});

describe('variant --list', () => {
  for (const argv of [['--all', '--list'], ['--list', 'properties/variants/linear-encoder.ts'], ['--list', '--runs', '5'], ['--list', '--out', 'x']]) {
    it(`variant ${argv.join(' ')}: exit 2, one line naming --list`, async () => {
      const r = await inProcess(['variant', ...argv]);
      expect(r.code).toBe(2);
      expect(oneCleanLine(r.err)).toBe(true);
      expect(r.err).toContain('--list');
      expect(r.out).toBe('');
    });
  }

  it('--json prints a JSON list of the shipped variants', async () => {
    const r = await inProcess(['variant', '--list', '--json'], ROOT);
    expect(r.code, r.err).toBe(0);
    const list = JSON.parse(r.out) as { name: string; file: string; description: string; claims: string[] }[];
    expect(list.map((v) => v.file).sort()).toEqual(shippedVariantFiles().map((f) => relative(ROOT, f)).sort());
    for (const v of list) {
      expect(v.name).toMatch(/\S/);
      expect(v.claims.length).toBeGreaterThan(0);
    }
  });
});
