// verify --claims DIR: user claim files beside or instead of the paper's; each check of user code
// runs on a worker thread under --timeout, so a check that loops ends as an 'error' result while
// the other checks still run.
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { inProcess, ROOT, snapshot } from './helpers.ts';

const tmp = mkdtempSync(join(tmpdir(), 'jepa-verify-user-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const api = JSON.stringify(join(ROOT, 'src', 'api.ts'));
// A claims folder outside the repository: fast-check by its resolved URL, as a user's own project would resolve it.
const fastCheck = JSON.stringify(import.meta.resolve('fast-check'));

const claimFile = (id: string, body: string) => `import fc from ${fastCheck};
import { defineClaim } from ${api};
export default defineClaim({
  id: '${id}', statement: '${id}', paper: 'test', uses: [], hypotheses: [],
  checks: [{ reading: 'any', rule: 'test', corners: () => [], instanceOf: (x: number) => ({ x }),
    arbitrary: () => fc.integer({ min: 0, max: 9 }),
    run: (x: number) => { ${body} } }],
});
`;

describe('verify --claims', () => {
  it('a looping check is stopped at --timeout and reported as an error; the others still run', async () => {
    const dir = join(tmp, 'claims');
    mkdirSync(dir);
    writeFileSync(join(dir, 'loops.ts'), claimFile('user.loops', 'for (;;) {}'));
    writeFileSync(join(dir, 'fine.ts'), claimFile('user.fine', "return { kind: 'ok' };"));
    const r = await inProcess(['verify', '--claims', dir, '--no-paper', '--runs', '20', '--timeout', '2', '--out', join(tmp, 'out'), '--json']);
    expect(r.code, r.err).toBe(1); // a check errored
    const report = JSON.parse(readFileSync(join(tmp, 'out', 'verification.json'), 'utf8'));
    const byId = Object.fromEntries(report.claims.map((c: { id: string; results: { verdict: string; detail: string }[] }) => [c.id, c.results[0]]));
    expect(byId['user.loops'].verdict).toBe('error');
    expect(byId['user.loops'].detail).toMatch(/did not finish within 2 s/);
    expect(byId['user.fine'].verdict).not.toBe('error');
  });

  it('a user claim may not take a paper claim\'s id; a file without a claim is named', async () => {
    const dir = join(tmp, 'clash');
    mkdirSync(dir);
    writeFileSync(join(dir, 'clash.ts'), claimFile('P1.eq3', "return { kind: 'ok' };"));
    const clash = await inProcess(['verify', '--claims', dir, '--out', join(tmp, 'o2')]);
    expect(clash.code).toBe(2);
    expect(clash.err).toMatch(/claim id "P1\.eq3" is also a claim of the paper/);
    const bad = join(tmp, 'bad');
    mkdirSync(bad);
    writeFileSync(join(bad, 'helper.ts'), 'export const x = 1;\n');
    const none = await inProcess(['verify', '--claims', bad, '--no-paper', '--out', join(tmp, 'o3')]);
    expect(none.code).toBe(2);
    expect(none.err).toMatch(/helper\.ts: default export: expected export default defineClaim/);
  });
});

describe('verify --claims DIR --no-paper without --out', () => {
  it('writes reports/partial and leaves a full report in reports/ as it was (README: a partial run)', async () => {
    const project = join(tmp, 'project');
    const dir = join(project, 'claims');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'fine.ts'), claimFile('user.fine', "return { kind: 'ok' };"));
    cpSync(join(ROOT, 'test', 'fixtures', 'report'), join(project, 'reports'), { recursive: true });
    const before = snapshot(join(project, 'reports'));
    const r = await inProcess(['verify', '--claims', 'claims', '--no-paper', '--runs', '20'], project);
    expect(r.code, r.err).toBe(0);
    const after = snapshot(join(project, 'reports'));
    for (const [file, hash] of before) expect(after.get(file), file).toBe(hash);
    const report = JSON.parse(readFileSync(join(project, 'reports', 'partial', 'verification.json'), 'utf8'));
    expect(report.claims.map((c: { id: string }) => c.id)).toEqual(['user.fine']);
  });
});

describe('verify() as a function', () => {
  it('checks a claim object and returns the report, writing nothing', async () => {
    const { verify, defineClaim } = await import('../../src/api.ts');
    const fc = (await import('fast-check')).default;
    const claim = defineClaim({
      id: 'api.square-nonnegative', statement: 'x^2 >= 0', paper: 'test', uses: [], hypotheses: [],
      checks: [{
        reading: 'any', rule: 'x^2 against 0', corners: () => [], instanceOf: (x: number) => ({ x }),
        arbitrary: () => fc.integer({ min: -50, max: 50 }),
        // A planted false claim: x^2 > 100 fails for |x| <= 10.
        run: (x: number) => (x * x > 100 ? { kind: 'ok' } : { kind: 'violation', margin: 101 - x * x, noise: 0, message: `x^2 = ${x * x}`, measured: { x2: x * x }, predicted: { bound: 100 }, confirm: () => ({ confirmed: true, margin: 101 - x * x, digits: Infinity, message: 'exact integers' }) }),
      }],
    });
    const { report, counterexamples } = await verify({ claims: [claim], runs: 50, seed: 1 });
    expect(report.claims.map((c) => c.id)).toEqual(['api.square-nonnegative']);
    expect(report.claims[0].results[0].verdict).toBe('refuted');
    expect(counterexamples[0].path).toMatch(/^counterexamples\//);
    await expect(verify({ claims: [{ ...claim, id: 'P1.eq3' }], paper: true, runs: 1 })).rejects.toThrow(/also a claim of the paper/);
  });
});
