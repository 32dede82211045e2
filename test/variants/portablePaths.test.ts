// A variant report names files as verify's does: a shipped variant by its place in the package
// (properties/variants/NAME.ts, the same in every checkout), a user's variant file as the user gave
// it, and counterexamples and replay commands relative to the report folder. So one run gives the
// same bytes for any --out and working directory, and its counterexamples replay from elsewhere.
import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { isAbsolute, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ClaimResult } from '../../src/report/schema.ts';
import type { VariantReport } from '../../src/variants/run.ts';
import { inProcess, ROOT, snapshot, viaBin } from '../cli/helpers.ts';

const tmp = mkdtempSync(join(tmpdir(), 'jepa-variant-paths-'));
const SHIPPED = 'properties/variants/u-orthogonal-only.ts';
const RUN = ['--runs', '40', '--seed', '42', '--ledger', 'none'];

const read = (path: string) => JSON.parse(readFileSync(path, 'utf8'));
/** The report without its timing fields, the only ones a rerun may change. */
const untimed = (x: unknown): unknown =>
  Array.isArray(x) ? x.map(untimed) : x && typeof x === 'object' ? Object.fromEntries(Object.entries(x).filter(([k]) => k !== 'seconds' && k !== 'generatedAt').map(([k, v]) => [k, untimed(v)])) : x;
/** The Markdown without its timings (seconds, the run's date). */
const untimedText = (md: string) => md.replace(/\d+(\.\d+)? s\b/g, 'T s').replace(/\d{4}-\d\d-\d\dT[\d:.]+Z/g, 'DATE');
/** Every string in a JSON value. */
const strings = (x: unknown): string[] => (typeof x === 'string' ? [x] : x && typeof x === 'object' ? Object.values(x).flatMap(strings) : []);
const results = (r: VariantReport): ClaimResult[] => r.claims.flatMap((c) => [...c.variantResults, ...c.paperResults]);
/** A user's variant file, importing the public module by path. */
const userCopy = (name: string) => `import { defineVariant } from ${JSON.stringify(join(ROOT, 'src', 'api.ts'))};
export default defineVariant({ name: '${name}', description: 'u orthogonal to z_d only.', claims: ['P1.logit-gain'], configuration: { construction: 'u-orthogonal-only' } });
`;
/** `npx jepa-verify replay X [--variant F]` as CLI arguments. */
const replayArgs = (command: string) => command.replace(/^npx jepa-verify /, '').split(' ');

describe('variant report paths', () => {
  const a = join(tmp, 'a');
  const elsewhere = join(tmp, 'elsewhere');

  it('a shipped variant: the same bytes for two --out folders and working directories, no absolute path, replay commands run from the report folder', async () => {
    const first = await inProcess(['variant', SHIPPED, ...RUN, '--out', a, '--json'], ROOT);
    expect(first.code, first.err).toBe(0);
    mkdirSync(elsewhere);
    // From another folder, the same file by its absolute path, into a relative --out.
    const second = await inProcess(['variant', join(ROOT, SHIPPED), ...RUN, '--out', 'b', '--json'], elsewhere);
    expect(second.code, second.err).toBe(0);
    const b = join(elsewhere, 'b');
    const reportA = read(join(a, 'u-orthogonal-only.json')) as VariantReport;
    expect(untimed(read(join(b, 'u-orthogonal-only.json')))).toEqual(untimed(reportA));
    const cxA = snapshot(join(a, 'u-orthogonal-only'));
    expect(cxA.size).toBeGreaterThanOrEqual(2);
    expect([...snapshot(join(b, 'u-orthogonal-only'))]).toEqual([...cxA]);
    expect(untimedText(readFileSync(join(b, 'u-orthogonal-only.md'), 'utf8'))).toBe(untimedText(readFileSync(join(a, 'u-orthogonal-only.md'), 'utf8')));

    expect(reportA.variant.file).toBe(SHIPPED);
    for (const s of strings(reportA)) expect(isAbsolute(s), s).toBe(false);
    for (const text of [readFileSync(join(a, 'u-orthogonal-only.md'), 'utf8'), ...[...cxA.keys()].map((f) => readFileSync(join(a, 'u-orthogonal-only', f), 'utf8'))]) {
      expect(text).not.toContain(ROOT);
      expect(text).not.toContain(tmp);
    }
    for (const f of cxA.keys()) if (f.includes('/variant/')) expect(read(join(a, 'u-orthogonal-only', f)).variant).toBe(SHIPPED);

    // One refutation of each side, by the report's own replay command, from the report folder.
    const refuted = results(reportA).filter((r) => r.counterexample);
    for (const side of ['variant', 'paper']) {
      const r = refuted.find((x) => x.counterexample!.startsWith(`u-orthogonal-only/counterexamples/${side}/`))!;
      expect(r, side).toBeDefined();
      expect(r.replayCommand).toBe(`npx jepa-verify replay ${r.counterexample}`);
      const replayed = await inProcess(replayArgs(r.replayCommand!), a);
      expect(replayed.code, replayed.err).toBe(0);
      expect(replayed.out).toMatch(/verdict: refuted/);
    }
  });

  it('a shipped variant\'s counterexample, copied out of its report, replays from another folder (another checkout reads the same name)', () => {
    // The run from another folder, given the variant's absolute path.
    const b = join(elsewhere, 'b');
    const report = read(join(b, 'u-orthogonal-only.json')) as VariantReport;
    const r = results(report).find((x) => x.counterexample?.includes('/variant/'))!;
    // Standing in another checkout: its own properties/variants/ holds a file of that name (here one
    // that is not this package's); the name still means this package's shipped variant.
    const other = join(tmp, 'other-checkout');
    mkdirSync(join(other, 'properties', 'variants'), { recursive: true });
    writeFileSync(join(other, 'properties', 'variants', 'u-orthogonal-only.ts'), userCopy('other-copy'));
    cpSync(join(b, r.counterexample!), join(other, 'cx.json'));
    expect(read(join(other, 'cx.json')).variant).toBe(SHIPPED);
    const replayed = viaBin(['replay', 'cx.json'], other);
    expect(replayed.code, replayed.err).toBe(0);
    expect(replayed.out).toMatch(new RegExp(`under variant u-orthogonal-only \\(${ROOT.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/${SHIPPED}\\)`));
    expect(replayed.out).toMatch(/verdict: refuted/);
  });

  it("a user's variant is recorded as the user gave it, and replays only with --variant (the report's command says so)", async () => {
    mkdirSync(join(tmp, 'mine'));
    writeFileSync(join(tmp, 'mine', 'u-perp.ts'), `import { defineVariant } from ${JSON.stringify(join(ROOT, 'src', 'variants', 'index.ts'))};
export default defineVariant({ name: 'u-perp-user', description: 'u orthogonal to z_d only.', claims: ['P1.logit-gain'], configuration: { construction: 'u-orthogonal-only' } });
`);
    const wd = join(tmp, 'wd');
    mkdirSync(wd);
    const ran = await inProcess(['variant', '../mine/u-perp.ts', ...RUN, '--out', 'reports/variants', '--json'], wd);
    expect(ran.code, ran.err).toBe(0);
    const out = join(wd, 'reports', 'variants');
    const report = read(join(out, 'u-perp-user.json')) as VariantReport;
    expect(report.variant.file).toBe('../mine/u-perp.ts');
    const r = report.claims[0].variantResults.find((x) => x.verdict === 'refuted')!;
    expect(r).toBeDefined();
    expect(r.counterexample).toBe('u-perp-user/counterexamples/variant/P1.logit-gain.any.json');
    expect(read(join(out, r.counterexample!)).variant).toBe('../mine/u-perp.ts');
    // From the report folder, the variant file is ../../../mine/u-perp.ts.
    expect(r.replayCommand).toBe(`npx jepa-verify replay ${r.counterexample} --variant ../../../mine/u-perp.ts`);
    const replayed = await inProcess(replayArgs(r.replayCommand!), out);
    expect(replayed.code, replayed.err).toBe(0);
    expect(replayed.out).toMatch(/verdict: refuted/);
    // Without --variant, replay runs no code a file names.
    const refused = await inProcess(['replay', r.counterexample!], out);
    expect(refused.code).toBe(2);
    expect(refused.err).toMatch(/pass the variant file (yourself )?with --variant FILE/);
  });

  it("a user's copy at a shipped variant's place in the user's project is recorded by its absolute path, never as the shipped name", async () => {
    const project = join(tmp, 'project-with-copy');
    mkdirSync(join(project, 'properties', 'variants'), { recursive: true });
    const copy = join(project, 'properties', 'variants', 'u-orthogonal-only.ts');
    writeFileSync(copy, userCopy('my-copy'));
    const ran = await inProcess(['variant', SHIPPED, ...RUN, '--out', 'out', '--json'], project);
    expect(ran.code, ran.err).toBe(0);
    const report = read(join(project, 'out', 'my-copy.json')) as VariantReport;
    expect(report.variant.file).toBe(copy);
    const r = report.claims[0].variantResults.find((x) => x.counterexample)!;
    expect(read(join(project, 'out', r.counterexample!)).variant).toBe(copy);
    expect(r.replayCommand).toBe(`npx jepa-verify replay ${r.counterexample} --variant ${copy}`);
    const refused = await inProcess(['replay', r.counterexample!], join(project, 'out'));
    expect(refused.code).toBe(2);
    expect(refused.err).toMatch(/is not a shipped variant/);
  });
});
