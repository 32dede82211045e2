// verify --claims DIR: a claim file's top-level code runs only on worker threads, each file's
// loading under --timeout (README: "User code ... runs on a worker thread under --timeout"). A file
// that loops, exits or crashes its thread while loading is exit 2 naming it, with nothing written;
// a check that ends its thread is an error result; an errored check's message is on stdout.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BIN, oneCleanLine, ROOT } from './helpers.ts';

const tmp = mkdtempSync(join(tmpdir(), 'jepa-user-sandbox-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
// An ES module project, as README asks of a claims folder; the api and fast-check by absolute path.
writeFileSync(join(tmp, 'package.json'), '{"name": "sandbox-test", "private": true, "type": "module"}');
const api = JSON.stringify(join(ROOT, 'src', 'api.ts'));
const fastCheck = JSON.stringify(import.meta.resolve('fast-check'));

const claimFile = (id: string, body: string, top = '') => `import fc from ${fastCheck};
import { defineClaim } from ${api};
${top}
export default defineClaim({
  id: '${id}', statement: '${id}', paper: 'test', uses: [], hypotheses: [],
  checks: [{ reading: 'any', rule: 'test', corners: () => [], instanceOf: (x: number) => ({ x }),
    arbitrary: () => fc.integer({ min: 0, max: 9 }),
    run: (x: number) => { ${body} } }],
});
`;

/** The real bin, stopped after `limit` ms (the code before this change hung on a looping file). */
function run(args: string[], limit = 40_000) {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: tmp, encoding: 'utf8', timeout: limit, env: { ...process.env, CI: 'true' } });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

function folder(name: string, files: Record<string, string>): string {
  mkdirSync(join(tmp, name));
  for (const [f, text] of Object.entries(files)) writeFileSync(join(tmp, name, f), text);
  return name;
}

describe('claim files load on worker threads only, under --timeout', () => {
  it('a normal folder: no top-level code on the main thread; a throwing check and one that exits its thread are errors with their messages on stdout', () => {
    const marker = join(tmp, 'threads.txt');
    const top = `import { appendFileSync } from 'node:fs';\nimport { isMainThread } from 'node:worker_threads';\nappendFileSync(${JSON.stringify(marker)}, isMainThread ? 'main\\n' : 'worker\\n');`;
    const dir = folder('good', {
      'fine.ts': claimFile('user.fine', "return { kind: 'ok' };", top),
      'throws.ts': claimFile('user.throws', "if (x > 3) throw new Error('boom in run\\nsecond line'); return { kind: 'ok' };"),
      'exits.ts': claimFile('user.exits', 'process.exit(0);'),
    });
    const r = run(['verify', '--claims', dir, '--no-paper', '--runs', '20', '--timeout', '20', '--out', 'good-out']);
    expect(r.code, r.err).toBe(1); // checks errored
    const loads = readFileSync(marker, 'utf8').trim().split('\n');
    expect(loads.length).toBeGreaterThan(0);
    expect(loads.filter((l) => l !== 'worker')).toEqual([]);
    const report = JSON.parse(readFileSync(join(tmp, 'good-out', 'verification.json'), 'utf8'));
    const byId = Object.fromEntries(report.claims.map((c: { id: string; results: { verdict: string; detail: string }[] }) => [c.id, c.results[0]]));
    expect(byId['user.fine'].verdict).not.toBe('error');
    expect(byId['user.exits'].verdict).toBe('error');
    expect(byId['user.exits'].detail).toMatch(/ended its worker thread \(exit code 0/);
    // D18: the message is on stdout, one line per errored check, its first line only.
    expect(r.out).toMatch(/^Errors: user\.exits: the check ended its worker thread \(exit code 0[^\n]*\n {8}user\.throws: the check itself failed: boom in run\n/m);
    expect(r.out).not.toMatch(/second line|Undecided: .*user\.throws/);
  }, 60_000);

  it('a file that loops at its top level is stopped at --timeout: exit 2, one line naming the file and the limit, nothing written', () => {
    const dir = folder('loops', { 'a.ts': claimFile('user.a', "return { kind: 'ok' };"), 'loop.ts': 'while (true) {}\nexport default 1;\n' });
    const r = run(['verify', '--claims', dir, '--no-paper', '--runs', '20', '--timeout', '2', '--out', 'loops-out'], 30_000);
    expect(r.code, r.err).toBe(2);
    expect(oneCleanLine(r.err)).toBe(true);
    expect(r.err).toMatch(/loops\/loop\.ts: did not finish loading within 2 s/);
    expect(existsSync(join(tmp, 'loops-out'))).toBe(false);
  }, 40_000);

  it('a file that calls process.exit or leaves an error uncaught while loading: exit 2, one line naming the file, nothing written', () => {
    const exits = folder('exits', { 'exit.ts': 'process.exit(0);\nexport default 1;\n' });
    const r = run(['verify', '--claims', exits, '--no-paper', '--runs', '20', '--timeout', '20', '--out', 'exits-out']);
    expect(r.code, r.err).toBe(2);
    expect(oneCleanLine(r.err)).toBe(true);
    expect(r.err).toMatch(/exits\/exit\.ts: ended its thread \(exit code 0/);
    expect(existsSync(join(tmp, 'exits-out'))).toBe(false);
    const late = folder('late', { 'late.ts': "await new Promise(() => setTimeout(() => { throw new Error('late boom'); }, 10));\nexport default 1;\n" });
    const s = run(['verify', '--claims', late, '--no-paper', '--runs', '20', '--timeout', '20', '--out', 'late-out']);
    expect(s.code, s.err).toBe(2);
    expect(oneCleanLine(s.err)).toBe(true);
    expect(s.err).toMatch(/late\/late\.ts: crashed its thread \(late boom\)/);
    expect(existsSync(join(tmp, 'late-out'))).toBe(false);
  }, 60_000);
});
