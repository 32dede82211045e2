// The declarative command line (part 1), output folders checked first (2), no clobbering (4), replay
// as data only with distinct exit codes (5). In-process where no real process is needed.
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BENCH, CLAIM, COMMANDS, TRAIN, VARIANT, VERIFY } from '../../src/cli/commands.ts';
import { HELP, helpText, parseCommand, suggest } from '../../src/cli/options.ts';
import { inProcess, oneCleanLine, ROOT, sameSnapshot, snapshot } from './helpers.ts';

const tmp = mkdtempSync(join(tmpdir(), 'jepa-verify-cmdline-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** A working folder holding a copy of the fixture report as reports/. */
function project(name: string): string {
  const dir = join(tmp, name);
  cpSync(join(ROOT, 'test', 'fixtures', 'report'), join(dir, 'reports'), { recursive: true });
  return dir;
}

describe('option tables', () => {
  it('-h and --help on every command print its table and run nothing', async () => {
    const dir = project('help');
    const before = snapshot(dir);
    for (const spec of COMMANDS)
      for (const flag of ['-h', '--help']) {
        const r = await inProcess([spec.name, ...(spec.positionals.some((p) => p.required) ? ['X'] : []), flag], dir);
        expect(r.code, `${spec.name} ${flag}: ${r.err}`).toBe(0);
        expect(r.out).toMatch(new RegExp(`^usage: jepa-verify ${spec.name}`));
        for (const name of Object.keys(spec.options)) expect(r.out).toContain(`--${name}`);
      }
    expect(sameSnapshot(before, snapshot(dir))).toBe(true);
  });

  it('the help states the defaults the parser applies', () => {
    for (const spec of [VERIFY, CLAIM, TRAIN, BENCH, VARIANT]) {
      const parsed = parseCommand(spec, spec === CLAIM ? ['P1.eq3'] : []);
      if (parsed === HELP) throw new Error('unexpected help');
      for (const [name, o] of Object.entries(spec.options)) {
        if (o.kind === 'flag') expect((parsed.options as Record<string, unknown>)[name]).toBe(false);
        else if ('default' in o && o.default !== undefined) {
          expect((parsed.options as Record<string, unknown>)[name]).toBe(o.default);
          expect(helpText(spec)).toContain(`default ${o.default}`);
        }
      }
    }
  });

  it('--version prints the package version', async () => {
    const r = await inProcess(['--version']);
    expect(r.code).toBe(0);
    expect(r.out.trim()).toBe(`jepa-verify ${JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version}`);
  });

  it('suggests the nearest option, command and claim', () => {
    expect(suggest('sed', ['seed', 'runs', 'out'])).toBe('seed');
    expect(suggest('workrs', ['workers', 'json'])).toBe('workers');
    expect(suggest('zzzzzz', ['seed', 'runs'])).toBeUndefined();
  });

  it('one seed option everywhere: the same range, and values like 1e3 or 0x10 are not integers', () => {
    for (const spec of [VERIFY, CLAIM, TRAIN, BENCH, VARIANT]) {
      expect(spec.options.seed.min).toBe(0);
      expect(spec.options.seed.max).toBe(2 ** 31 - 1);
      for (const bad of ['1e3', '0x10', '1.0', ' ', '2147483648'])
        expect(() => parseCommand(spec, [...(spec === CLAIM ? ['P1.eq3'] : []), '--seed', bad])).toThrow(/--seed/);
    }
  });
});

describe('output folders are checked before any work', () => {
  const cases: [string, () => string, RegExp][] = [
    ['a file', () => { writeFileSync(join(tmp, 'file'), 'x'); return join(tmp, 'file'); }, /is a file, not a folder/],
    ['inside a file', () => join(tmp, 'file', 'sub'), /is a file, so the folder cannot be created/],
    ['uncreatable', () => '/proc/jepa-verify/out', /cannot create files/],
    ['a non-empty folder that is not a report', () => ROOT, /holds no report/],
  ];
  for (const [what, out, message] of cases)
    it(`--out ${what}: exit 2, one line, and no check ran`, async () => {
      const r = await inProcess(['verify', '--out', out(), '--no-formal', '--no-trained']);
      expect(r.code).toBe(2);
      expect(oneCleanLine(r.err)).toBe(true);
      expect(r.err).toMatch(message);
      expect(r.out).toBe('');
    });

  it.skipIf(process.getuid?.() === 0)('--out a read-only folder', async () => {
    const dir = join(tmp, 'readonly');
    mkdirSync(dir);
    chmodSync(dir, 0o555);
    const r = await inProcess(['verify', '--out', join(dir, 'reports')]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/cannot create files/);
  });
});

describe('no clobbering', () => {
  it('verify --only refuses a folder holding a fuller report, and by default writes reports/partial', async () => {
    const dir = project('only');
    const before = snapshot(join(dir, 'reports'));
    const refused = await inProcess(['verify', '--only', 'P1.k1-pos', '--out', 'reports', '--runs', '30', '--no-formal', '--no-trained'], dir);
    expect(refused.code).toBe(2);
    expect(refused.err).toMatch(/--out reports: holds a report of 28 claims.*--force/);
    const partial = await inProcess(['verify', '--only', 'P1.k1-pos', '--runs', '30', '--no-formal', '--no-trained', '--workers', '1'], dir);
    expect(partial.code, partial.err).toBe(0);
    const written = snapshot(join(dir, 'reports'));
    // The full report is untouched; the partial one sits in its own folder.
    for (const [file, hash] of before) expect(written.get(file), file).toBe(hash);
    const report = JSON.parse(readFileSync(join(dir, 'reports', 'partial', 'verification.json'), 'utf8'));
    expect(report.claims.map((c: { id: string }) => c.id)).toEqual(['P1.k1-pos']);
    for (const c of report.claims) for (const r of c.results) if (r.counterexample) {
      expect(r.counterexample).toMatch(/^counterexamples\/[^/]+\.json$/);
      expect(existsSync(join(dir, 'reports', 'partial', r.counterexample))).toBe(true);
    }
  });

  it('claim ID writes its counterexamples to reports/claims/ID, never over the report\'s', async () => {
    const dir = project('claim');
    const before = snapshot(join(dir, 'reports'));
    const r = await inProcess(['claim', 'P1.k1-pos', '--runs', '30', '--no-formal'], dir);
    expect(r.code, r.err).toBe(0);
    const after = snapshot(join(dir, 'reports'));
    for (const [file, hash] of before) expect(after.get(file), file).toBe(hash);
    const own = [...after.keys()].filter((f) => !before.has(f));
    expect(own.length).toBeGreaterThan(0);
    for (const f of own) expect(f).toMatch(/^claims\/P1\.k1-pos\/counterexamples\//);
    expect(r.out).toMatch(/counterexample: reports\/claims\/P1\.k1-pos\/counterexamples\//);
  });

  it('claim ID --out refuses a report folder, or one holding other claims\' counterexamples, and changes nothing there', async () => {
    const dir = project('claim-out');
    const before = snapshot(join(dir, 'reports'));
    const report = await inProcess(['claim', 'P1.eq5', '--runs', '30', '--no-formal', '--out', 'reports'], dir);
    expect(report.code).toBe(2);
    expect(report.err).toMatch(/--out reports: holds a verify report/);
    rmSync(join(dir, 'reports', 'verification.json'));
    const others = await inProcess(['claim', 'P1', '--runs', '30', '--no-formal', '--out', 'reports'], dir);
    expect(others.code).toBe(2);
    expect(others.err).toMatch(/counterexamples\/ holds files of other claims \(P1\.dV\.on-policy\.json/);
    const after = snapshot(join(dir, 'reports'));
    for (const [file, hash] of before) if (file !== 'verification.json') expect(after.get(file), file).toBe(hash);
    // Its own folder again: a rerun replaces its own files.
    const own = join(dir, 'mine');
    for (let i = 0; i < 2; i++) expect((await inProcess(['claim', 'P1.eq5', '--runs', '30', '--no-formal', '--out', own], dir)).code).toBe(0);
  });

  it('train --quick does not replace a full run\'s training.json', async () => {
    const dir = join(tmp, 'train');
    mkdirSync(dir);
    const full = JSON.stringify({ schemaVersion: 1, experiment: 'collapse', quick: false, baseSeed: 7, runs: [] });
    writeFileSync(join(dir, 'training.json'), full);
    const r = await inProcess(['train', '--experiment', 'collapse', '--quick', '--out', dir]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/holds a full training\.json \(seed 7\).*--force/);
    expect(readFileSync(join(dir, 'training.json'), 'utf8')).toBe(full);
    const other = await inProcess(['train', '--experiment', 'cartpole', '--out', dir]);
    expect(other.code).toBe(2);
    expect(other.err).toMatch(/experiment 'collapse'/);
  });
});

describe('replay treats its file as data', () => {
  it('a hand-written smtQuery does not refute a proved claim: the query is rebuilt from the claim (exit 1)', async () => {
    const file = join(tmp, 'smt.json');
    writeFileSync(file, JSON.stringify({ schemaVersion: 1, claim: 'P1.rank', reading: 'any', replay: { seed: 0, path: 'smt' }, instance: {}, measured: {}, predicted: {}, message: 'forged', smtQuery: '(declare-const x Real)\n(assert (> x 0))\n(check-sat)\n' }));
    const r = await inProcess(['replay', file]);
    expect(r.code, r.err).toBe(1);
    expect(r.out).toMatch(/not a query this claim builds; it was not run/);
    expect(r.out).toMatch(/verdict: not refuted/);
    // z3's worker threads say nothing on stderr (no 'received "cleanupThread" ...').
    expect(r.err).toBe('');
  });

  it('distinct exit codes: 0 still refutes (a committed counterexample), 2 bad input', async () => {
    const ok = await inProcess(['replay', join(ROOT, 'test', 'fixtures', 'malformed', 'base', 'property.json')]);
    expect(ok.code, ok.err).toBe(0);
    expect(ok.out).toMatch(/verdict: refuted/);
    const bad = await inProcess(['replay', join(ROOT, 'test', 'fixtures', 'malformed', 'counterexamples', '31-case-row-sum.json')]);
    expect(bad.code).toBe(2);
  });

  it('a variant counterexample loads a variant outside properties/variants/ only when passed with --variant', async () => {
    const marker = join(tmp, 'variant-ran');
    const variant = join(tmp, 'copy-of-u-orthogonal.ts');
    writeFileSync(variant, readFileSync(join(ROOT, 'properties', 'variants', 'u-orthogonal-only.ts'), 'utf8')
      .replace("'../../src/variants/index.ts'", JSON.stringify(join(ROOT, 'src', 'variants', 'index.ts')))
      .replace('export default', `import { writeFileSync } from 'node:fs';\nwriteFileSync(${JSON.stringify(marker)}, 'ran');\nexport default`));
    const base = JSON.parse(readFileSync(join(ROOT, 'test', 'fixtures', 'malformed', 'base', 'variant.json'), 'utf8'));
    const file = join(tmp, 'variant-ce.json');
    writeFileSync(file, JSON.stringify({ ...base, variant: variant }));
    const refused = await inProcess(['replay', file]);
    expect(refused.code).toBe(2);
    expect(refused.err).toMatch(/not a shipped variant.*--variant FILE/);
    expect(existsSync(marker)).toBe(false);
    const allowed = await inProcess(['replay', file, '--variant', variant]);
    expect(allowed.code, allowed.err).toBe(0);
    expect(existsSync(marker)).toBe(true);
  });
});

it('temporary folders go to the per-run folder that test/setup/tmpdir.ts removes', () => {
  expect(tmpdir()).toMatch(/jepa-verify-tests-/);
});

it('no temp folder of this test is left behind but its own', () => {
  expect(readdirSync(tmpdir()).filter((f) => f.startsWith('.jepa-verify-staging-'))).toEqual([]);
});

describe('JSON Schemas (src/schema, shipped as jepa-verify/schema/*)', () => {
  it('the fixture report and every committed counterexample file conform; a broken one is named', async () => {
    const { firstError, loadSchema } = await import('../../src/schema/validate.ts');
    const report = JSON.parse(readFileSync(join(ROOT, 'test', 'fixtures', 'report', 'verification.json'), 'utf8'));
    expect(firstError(report, loadSchema('verification'))).toBeNull();
    const dirs = [join(ROOT, 'test', 'fixtures', 'report', 'counterexamples'), join(ROOT, 'test', 'fixtures', 'malformed', 'base')];
    for (const dir of dirs) for (const f of readdirSync(dir)) expect(firstError(JSON.parse(readFileSync(join(dir, f), 'utf8')), loadSchema('counterexample')), f).toBeNull();
    expect(firstError({ ...report, claims: [{ ...report.claims[0], results: [{ ...report.claims[0].results[0], verdict: 'maybe' }] }] }, loadSchema('verification'))).toMatch(/^claims\[0\]\.results\[0\]\.verdict: expected one of/);
    expect(firstError({ ...report, seed: 1.5 }, loadSchema('verification'))).toBe('seed: expected integer, got number');
  });
});
