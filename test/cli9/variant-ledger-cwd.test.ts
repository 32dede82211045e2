// N8: `variant`'s default `--ledger file` read ./reports/verification.json from the working
// directory, so the same command gave a ledger column in the package folder and 'not run' elsewhere.
// It now reads jepa-verify's own reports/verification.json wherever it runs (another report with
// --ledger-file PATH), and the report is the same bytes from any working directory and --out.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { inProcess, oneCleanLine, ROOT } from '../cli/helpers.ts';

const dir = mkdtempSync(join(tmpdir(), 'cli9-ledger-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const INDEX = JSON.stringify(join(ROOT, 'src', 'variants', 'index.ts'));
const file = join(dir, 'u.ts');
writeFileSync(file, `import { defineVariant } from ${INDEX};
export default defineVariant({ name: 'u-only', description: 'drops W u = 0', claims: ['P1.eq3'], configuration: { construction: 'u-orthogonal-only' } });
`);
const PACKAGE_LEDGER = join(ROOT, 'reports', 'verification.json');
const timeless = (path: string) => JSON.stringify(JSON.parse(readFileSync(path, 'utf8'), (k, v) => (k === 'seconds' || k === 'generatedAt' ? undefined : v)));

describe('variant --ledger file', () => {
  it('gives the same report from the package folder and from an empty folder', async () => {
    const elsewhere = join(dir, 'elsewhere');
    mkdirSync(elsewhere);
    const a = await inProcess(['variant', file, '--runs', '20', '--out', join(dir, 'out-a')], ROOT);
    const b = await inProcess(['variant', file, '--runs', '20', '--out', join(dir, 'out-b')], elsewhere);
    expect([a.code, b.code]).toEqual([0, 0]);
    const [ja, jb] = [join(dir, 'out-a', 'u-only.json'), join(dir, 'out-b', 'u-only.json')];
    expect(timeless(jb)).toBe(timeless(ja));
    const md = (out: string) => readFileSync(join(dir, out, 'u-only.md'), 'utf8').replace(/\d+(\.\d+)? s\b/g, 'T s').replace(/\d{4}-\d\d-\d\dT[\d:.]+Z/g, 'DATE');
    expect(md('out-b')).toBe(md('out-a'));
    const ledger = (JSON.parse(readFileSync(jb, 'utf8')) as { claims: { ledger: { source: string } | null }[] }).claims[0].ledger;
    // The package's own report, named without a path that depends on where the command ran.
    if (existsSync(PACKAGE_LEDGER)) expect(ledger?.source).toMatch(/^jepa-verify's reports\/verification\.json \(seed \d+, \d+ runs\)$/);
    else expect(ledger).toBeNull();
  });

  it('--ledger-file PATH reads that report and names it as given', async () => {
    const r = await inProcess(['variant', file, '--runs', '20', '--ledger-file', 'test/fixtures/report/verification.json', '--out', join(dir, 'out-c')], ROOT);
    expect(r.code).toBe(0);
    const fixture = JSON.parse(readFileSync(join(ROOT, 'test/fixtures/report/verification.json'), 'utf8')) as { seed: number; budget: { runsPerClaim: number }; claims: { id: string; results: unknown[] }[] };
    const entry = (JSON.parse(readFileSync(join(dir, 'out-c', 'u-only.json'), 'utf8')) as { claims: { ledger: { source: string; results: unknown[] } | null }[] }).claims[0];
    const expected = fixture.claims.find((c) => c.id === 'P1.eq3');
    if (expected) {
      expect(entry.ledger?.source).toBe(`test/fixtures/report/verification.json (seed ${fixture.seed}, ${fixture.budget.runsPerClaim} runs)`);
      expect(entry.ledger?.results).toEqual(expected.results);
    } else expect(entry.ledger).toBeNull();
  });

  it.each([
    [['--ledger-file', 'no/such.json'], '--ledger-file no/such.json: no such file'],
    [['--ledger-file', 'package.json'], '--ledger-file package.json: not a verification.json (no claims array, as verify writes)'],
    [['--ledger', 'none', '--ledger-file', 'package.json'], '--ledger-file package.json: only with --ledger file (--ledger none reads no file)'],
  ])('%j: exit 2, one line', async (args, message) => {
    const r = await inProcess(['variant', file, '--runs', '20', ...args, '--out', join(dir, 'out-x')], ROOT);
    expect(r.code).toBe(2);
    expect(oneCleanLine(r.err)).toBe(true);
    expect(r.err).toContain(message);
    expect(existsSync(join(dir, 'out-x', 'u-only.json'))).toBe(false);
  });
});
