// `report --readme FILE` is checked (exists, a regular file, both findings markers) before anything
// is written: bad input is exit 2 with the report folder untouched (README: "nothing is written").
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { END, START } from '../../src/report/readme.ts';
import { inProcess, oneCleanLine, ROOT, sameSnapshot, snapshot } from './helpers.ts';

const tmp = mkdtempSync(join(tmpdir(), 'jepa-verify-readme-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function report(name: string): string {
  const dir = join(tmp, name);
  cpSync(join(ROOT, 'test', 'fixtures', 'report'), dir, { recursive: true });
  return dir;
}

describe('report --readme FILE', () => {
  const cases: [string, () => string, RegExp][] = [
    ['a missing FILE', () => join(tmp, 'nonexistent.md'), /--readme .*not found/],
    ['a folder', () => { const d = join(tmp, 'a-folder.md'); mkdirSync(d, { recursive: true }); return d; }, /--readme .*not a regular file/],
    ['a FILE without the start marker', () => { const f = join(tmp, 'plain.md'); writeFileSync(f, '# title\n'); return f; }, /--readme .*findings:start/],
    ['a FILE without the end marker', () => { const f = join(tmp, 'half.md'); writeFileSync(f, `# title\n${START}\nold\n`); return f; }, /--readme .*findings:end/],
  ];
  for (const [what, file, message] of cases) {
    it(`${what}: exit 2 naming --readme, nothing written`, async () => {
      const dir = report(what.replace(/\W+/g, '-'));
      const before = snapshot(dir);
      const mtime = statSync(join(dir, 'verification.json')).mtimeMs;
      const readme = file();
      const r = await inProcess(['report', '--out', dir, '--readme', readme]);
      expect(r.code, r.err).toBe(2);
      expect(oneCleanLine(r.err)).toBe(true);
      expect(r.err).toMatch(message);
      expect(r.out).toBe('');
      expect(sameSnapshot(snapshot(dir), before)).toBe(true);
      expect(statSync(join(dir, 'verification.json')).mtimeMs).toBe(mtime);
    });
  }

  it('a FILE with both markers: the report and the findings section are written', async () => {
    const dir = report('good');
    const readme = join(tmp, 'good.md');
    writeFileSync(readme, `# title\n${START}\nold\n${END}\nafter\n`);
    const r = await inProcess(['report', '--out', dir, '--readme', readme]);
    expect(r.code, r.err).toBe(0);
    const text = readFileSync(readme, 'utf8');
    expect(text).not.toContain('\nold\n');
    expect(text.endsWith(`${END}\nafter\n`)).toBe(true);
    expect(statSync(join(dir, 'verification.md')).isFile()).toBe(true);
  });
});

describe('report --out', () => {
  it('a regular file: exit 2, "is a file, not a folder"', async () => {
    const file = join(tmp, 'afile');
    writeFileSync(file, 'x\n');
    const r = await inProcess(['report', '--out', file]);
    expect(r.code).toBe(2);
    expect(oneCleanLine(r.err)).toBe(true);
    expect(r.err).toContain(`--out ${file}: is a file, not a folder`);
  });
});
