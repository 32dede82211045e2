// The committed corpus of malformed inputs (test/fixtures/malformed/): counterexample files, variant
// files and command lines. Each must end with its documented exit code (2), one line on stderr
// naming the problem, no stack trace, no "internal error", and leave an existing report (and the
// rest of the working folder) byte-identical. Runs in-process, so the corpus costs seconds.
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inProcess, oneCleanLine, ROOT, sameSnapshot, snapshot } from './helpers.ts';

const CORPUS = join(ROOT, 'test', 'fixtures', 'malformed');
const tmp = mkdtempSync(join(tmpdir(), 'jepa-verify-malformed-'));
const project = join(tmp, 'project');
const marker = join(tmp, 'evil-was-imported');
const evil = join(tmp, 'evil.ts');
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

interface Case { code: number; stderr: string }
const read = <T>(name: string) => JSON.parse(readFileSync(join(CORPUS, name), 'utf8')) as T;
const files = read<(Case & { file: string })[]>('counterexamples.json');
const variants = read<(Case & { file: string })[]>('variants.json');
const commands = read<(Case & { argv: string[] })[]>('commands.json');

const subst = (s: string) => s
  .replaceAll('@SRC@', join(ROOT, 'src'))
  .replaceAll('@EVIL@', evil)
  .replaceAll('@FILE@', join(tmp, 'a-file'))
  .replaceAll('@DIR@', join(tmp, 'a-folder.json'))
  .replaceAll('@FIFO@', join(tmp, 'a-fifo.json'))
  .replaceAll('@BASE@', join(CORPUS, 'base', 'property.json'))
  .replaceAll('@VBASE@', join(CORPUS, 'base', 'variant.json'));

beforeAll(() => {
  cpSync(join(ROOT, 'test', 'fixtures', 'report'), join(project, 'reports'), { recursive: true });
  writeFileSync(join(tmp, 'a-file'), 'not a folder\n');
  mkdirSync(join(tmp, 'a-folder.json'));
  execFileSync('mkfifo', [join(tmp, 'a-fifo.json')]);
  writeFileSync(evil, readFileSync(join(CORPUS, 'evil.ts.txt'), 'utf8').replace("process.env.JEPA_EVIL_MARKER ?? '/tmp/jepa-evil-marker'", JSON.stringify(marker)));
  mkdirSync(join(tmp, 'counterexamples'));
  for (const f of files) writeFileSync(join(tmp, 'counterexamples', f.file), subst(readFileSync(join(CORPUS, 'counterexamples', f.file), 'utf8')));
  mkdirSync(join(tmp, 'variants'));
  for (const v of variants) writeFileSync(join(tmp, 'variants', v.file.replace(/\.txt$/, '')), subst(readFileSync(join(CORPUS, 'variants', v.file), 'utf8')));
});

async function expectRejected(argv: string[], c: Case) {
  const before = snapshot(project);
  const r = await inProcess(argv, project);
  expect(r.code, r.err).toBe(c.code);
  expect(oneCleanLine(r.err), r.err).toBe(true);
  expect(r.err).toMatch(/^jepa-verify( train)?: /);
  expect(r.err.trim()).toMatch(new RegExp(c.stderr));
  expect(sameSnapshot(before, snapshot(project)), 'the working folder changed').toBe(true);
}

describe('malformed inputs', () => {
  it('the corpus has at least 60 cases, every file listed', () => {
    expect(files.length + variants.length + commands.length).toBeGreaterThanOrEqual(60);
    expect(readdirSync(join(CORPUS, 'counterexamples')).sort()).toEqual(files.map((f) => f.file).sort());
    expect(readdirSync(join(CORPUS, 'variants')).sort()).toEqual(variants.map((f) => f.file).sort());
  });

  describe('counterexample files (replay)', () => {
    for (const f of files) it(f.file, () => expectRejected(['replay', join(tmp, 'counterexamples', f.file)], f));
  });

  describe('variant files (variant FILE, user code on a worker thread)', () => {
    for (const v of variants)
      it(v.file, () => expectRejected(['variant', join(tmp, 'variants', v.file.replace(/\.txt$/, '')), '--out', 'reports/variants', '--ledger', 'none', '--runs', '5', '--timeout', '3'], v));
  });

  describe('command lines', () => {
    for (const c of commands) it(c.argv.join(' ') || '(none)', () => expectRejected(c.argv.map(subst), c));
  });

  it('no code a counterexample names was imported', () => {
    expect(existsSync(marker)).toBe(false);
  });
});
