// N15: errors name what the user typed. `merge DIR` on a folder without shards named "--out DIR" (no
// --out was given) and complained the folder holds no report; `init FILE` said EEXIST.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { inProcess, oneCleanLine } from '../cli/helpers.ts';

const dir = mkdtempSync(join(tmpdir(), 'cli9-names-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('error lines name the argument given', () => {
  it('merge DIR without shard files says so, not "--out"', async () => {
    const d = join(dir, 'nonempty');
    mkdirSync(d);
    writeFileSync(join(d, 'x'), 'x');
    const r = await inProcess(['merge', d]);
    expect(r.code).toBe(2);
    expect(oneCleanLine(r.err)).toBe(true);
    expect(r.err).toBe(`jepa-verify: merge: ${d}: no shard-i-of-n.json files (run jepa-verify verify --shard i/n --out ${d} first)\n`);
  });

  it('init FILE: "is a file, not a folder"', async () => {
    const f = join(dir, 'afile');
    writeFileSync(f, 'x');
    const r = await inProcess(['init', f]);
    expect(r.code).toBe(2);
    expect(r.err).toBe(`jepa-verify: DIR ${f}: is a file, not a folder\n`);
  });
});
