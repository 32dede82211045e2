// Report folders written through a staging folder: the folder swapped in has the mode a plain mkdir
// would give under the process umask (or the replaced folder's mode), never mkdtemp's 0700.
import { chmodSync, cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { writeAtomically } from '../../src/cli/output.ts';
import { inProcess, ROOT, sameSnapshot, snapshot, viaBin } from './helpers.ts';

const tmp = mkdtempSync(join(tmpdir(), 'jepa-verify-folders-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const mode = (p: string) => statSync(p).mode & 0o7777;

describe('the mode of a swapped-in report folder', () => {
  const umask = process.umask();
  afterEach(() => void process.umask(umask));

  for (const mask of [0o022, 0o027, 0o002]) {
    it(`a new folder under umask ${mask.toString(8)} is ${(0o777 & ~mask).toString(8)}, as mkdir makes it`, async () => {
      process.umask(mask);
      const plain = join(tmp, `plain-${mask}`);
      mkdirSync(plain);
      const dir = join(tmp, `new-${mask}`);
      await writeAtomically(dir, (staging) => writeFileSync(join(staging, 'verification.json'), '{}'));
      expect(mode(dir).toString(8)).toBe((0o777 & ~mask).toString(8));
      expect(mode(dir)).toBe(mode(plain));
    });
  }

  it('a replaced folder keeps its own mode (0755 under umask 077, 0750 under umask 022)', async () => {
    for (const [old, mask] of [[0o755, 0o077], [0o750, 0o022]] as const) {
      process.umask(mask);
      const dir = join(tmp, `old-${old}`);
      mkdirSync(dir);
      writeFileSync(join(dir, 'verification.json'), '{}');
      chmodSync(dir, old);
      await writeAtomically(dir, (staging) => writeFileSync(join(staging, 'verification.json'), '{"new":1}'));
      expect(mode(dir).toString(8)).toBe(old.toString(8));
    }
  });

  it('report --out on a shared 0755 report leaves it 0755', async () => {
    process.umask(0o022);
    const dir = join(tmp, 'shared');
    cpSync(join(ROOT, 'test', 'fixtures', 'report'), dir, { recursive: true });
    chmodSync(dir, 0o755);
    const r = await inProcess(['report', '--out', dir]);
    expect(r.code, r.err).toBe(0);
    expect(mode(dir).toString(8)).toBe('755');
  });
});

// README: "Output folders are checked before any work (... a non-empty folder that holds no report:
// exit 2 at once)". Each command recognises its own kind of output, so a rerun into its own folder works.
describe('a non-empty folder of something else', () => {
  const userFolder = (name: string) => {
    const dir = join(tmp, name);
    mkdirSync(dir);
    writeFileSync(join(dir, 'x.txt'), 'hi\n');
    writeFileSync(join(dir, 'u-orthogonal-only.json'), '{"my":"data"}\n');
    return dir;
  };
  const refused = (r: { code: number; err: string; out: string }, dir: string) => {
    expect(r.code, r.err).toBe(2);
    expect(r.err.trim().split('\n')).toHaveLength(1);
    expect(r.err).toContain(`--out ${dir}: a non-empty folder`);
    expect(r.out).toBe('');
  };

  it('variant --out refuses it, leaves it as it was, and reruns into its own folder', () => {
    const dir = userFolder('variant-user');
    const before = snapshot(dir);
    const args = ['variant', 'properties/variants/u-orthogonal-only.ts', '--runs', '1', '--ledger', 'none'];
    refused(viaBin([...args, '--out', dir]), dir);
    expect(sameSnapshot(snapshot(dir), before)).toBe(true);
    const own = join(tmp, 'variant-own');
    expect(viaBin([...args, '--out', own]).code).toBe(0);
    const second = viaBin([...args, '--out', own]);
    expect(second.code, second.err).toBe(0);
    expect(JSON.parse(readFileSync(join(own, 'u-orthogonal-only.json'), 'utf8')).kind).toBe('variant');
  });

  it('ablate --out refuses it, leaves it as it was, and reruns into its own folder', async () => {
    const dir = userFolder('ablate-user');
    writeFileSync(join(dir, 'P1.combine.notes.json'), '{}\n');
    const before = snapshot(dir);
    const args = ['ablate', 'P1.combine', '--cases', '5', '--draws', '20'];
    refused(await inProcess([...args, '--out', dir]), dir);
    expect(sameSnapshot(snapshot(dir), before)).toBe(true);
    const own = join(tmp, 'ablate-own');
    expect((await inProcess([...args, '--out', own])).code).toBe(0);
    const second = await inProcess([...args, '--seed', '9', '--out', own]);
    expect(second.code, second.err).toBe(0);
  });

  it('train --out names what train looks for', async () => {
    const dir = userFolder('train-user');
    const r = await inProcess(['train', '--experiment', 'collapse', '--quick', '--out', dir]);
    expect(r.code).toBe(2);
    expect(r.err).toContain('training.json');
  });
});
