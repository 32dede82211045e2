// `variant --all --out DIR` interrupted (D26 of the new-user walkthrough): DIR is left exactly as it
// was, never with some variants' reports and no index.md. The runs finish before anything is
// written, and the reports are swapped in whole through the staging folder verify uses, so an
// interrupt during the runs or during the write leaves the old folder byte for byte, no staging
// folder, and nothing on stdout naming a report that was not written.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { constants, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT, sameSnapshot, snapshot, spawnBin, viaBin } from '../cli/helpers.ts';

const tmp = mkdtempSync(join(tmpdir(), 'jepa-variant-interrupt-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

// The smallest budget the command accepts, and no ledger column: the run stays a few seconds.
const RUN = ['--runs', '1', '--ledger', 'none'];
const SHIPPED = readdirSync(join(ROOT, 'properties', 'variants')).filter((f) => f.endsWith('.ts')).map((f) => f.replace(/\.ts$/, '')).sort();

/** The exit status a shell reports: the code, or 128 + the signal's number for a process a signal ended. */
const shellStatus = (code: number | null, signal: NodeJS.Signals | null) => code ?? 128 + constants.signals[signal!];

const stagingIn = (dir: string) => readdirSync(dir).filter((f) => f.startsWith('.jepa-verify-staging-'));

/** A user's variant (not shipped, so `--all` does not rerun it): its report must survive every run. */
function previousReport(name: string): string {
  const dir = join(tmp, name);
  mkdirSync(join(tmp, 'mine'), { recursive: true });
  const file = join(tmp, 'mine', 'u-perp-mine.ts');
  writeFileSync(file, `import { defineVariant } from ${JSON.stringify(join(ROOT, 'src', 'variants', 'index.ts'))};
export default defineVariant({ name: 'u-perp-mine', description: 'u orthogonal to z_d only.', claims: ['P1.logit-gain'], configuration: { construction: 'u-orthogonal-only' } });
`);
  const r = viaBin(['variant', file, ...RUN, '--out', join(dir, 'variants')]);
  expect(r.code, r.err).toBe(0);
  expect(readdirSync(join(dir, 'variants')).sort()).toEqual(['index.md', 'u-perp-mine', 'u-perp-mine.json', 'u-perp-mine.md']);
  return join(dir, 'variants');
}

interface Interrupted {
  status: number;
  code: number | null;
  out: string;
  err: string;
}

/** Runs `variant --all`, sends SIGINT once `ready(stderr)` holds, and waits for the process to end. */
function interruptAll(out: string, ready: (err: string) => boolean, env: Record<string, string> = {}): Promise<Interrupted> {
  const child = spawnBin(['variant', '--all', ...RUN, '--out', out], ROOT, env);
  let stdout = '', stderr = '', sent = false;
  child.stdout.on('data', (d) => (stdout += String(d)));
  const poll = setInterval(() => {
    if (!sent && ready(stderr)) {
      sent = true;
      child.kill('SIGINT');
    }
  }, 20);
  child.stderr.on('data', (d) => {
    stderr += String(d);
    if (!sent && ready(stderr)) {
      sent = true;
      child.kill('SIGINT');
    }
  });
  return new Promise((resolve) =>
    child.on('exit', (code, signal) => {
      clearInterval(poll);
      resolve({ status: shellStatus(code, signal), code, out: stdout, err: stderr });
    }),
  );
}

describe('variant --all interrupted', () => {
  it('SIGINT after the first variant finished: exit 130, the folder as it was (no new report, index unchanged), no staging folder, nothing on stdout', async () => {
    const out = previousReport('during-runs');
    const before = snapshot(out);
    // A moment after the first variant's line: the code before this fix wrote that variant's reports
    // right after printing it, so the interrupt must not race that write.
    let firstAt = 0;
    const r = await interruptAll(out, (err) => {
      if (!firstAt && /^\[1\/\d+\] \S+ done at \d+ s$/m.test(err)) firstAt = Date.now();
      return firstAt > 0 && Date.now() - firstAt >= 300;
    });
    // The first variant had finished and the run had not: the interrupt fell between them.
    expect(r.err).toMatch(new RegExp(`^\\[1/${SHIPPED.length}\\] ${SHIPPED[0]} done at \\d+ s$`, 'm'));
    expect(r.err).not.toMatch(new RegExp(`\\[${SHIPPED.length}/${SHIPPED.length}\\]`));
    expect(r.status).toBe(130);
    expect(sameSnapshot(before, snapshot(out)), [...snapshot(out).keys()].join(', ')).toBe(true);
    expect(stagingIn(join(out, '..'))).toEqual([]);
    // stdout names reports; none was written, so it names none.
    expect(r.out).toBe('');
    // Nothing of the run is left to write later.
    await new Promise((res) => setTimeout(res, 1000));
    expect(sameSnapshot(before, snapshot(out))).toBe(true);
  }, 120_000);

  it('SIGINT while the complete new folder is staged: exit 130, the old folder byte for byte, the staging folder removed', async () => {
    const out = previousReport('during-write');
    const before = snapshot(out);
    const parent = join(out, '..');
    // The test hook holds the filled staging folder before the swap (output.ts writeAtomically).
    const staged = () => stagingIn(parent).some((s) => existsSync(join(parent, s, 'index.md')));
    const r = await interruptAll(out, (err) => new RegExp(`\\[${SHIPPED.length}/${SHIPPED.length}\\]`).test(err) && staged(), { JEPA_VERIFY_TEST_HOLD_STAGING_MS: '60000' });
    expect(r.code).toBe(130);
    expect(sameSnapshot(before, snapshot(out))).toBe(true);
    expect(stagingIn(parent)).toEqual([]);
    expect(r.out).toBe('');
  }, 120_000);

  it('run to the end into the same folder: every shipped variant and the earlier report, each in the index', () => {
    const out = previousReport('complete');
    const mine = [...snapshot(out)].filter(([k]) => k.startsWith('u-perp-mine'));
    const r = viaBin(['variant', '--all', ...RUN, '--out', out]);
    expect(r.code, r.err).toBe(0);
    const after = snapshot(out);
    // The earlier report is carried over unchanged.
    for (const [k, v] of mine) expect(after.get(k)).toBe(v);
    for (const name of SHIPPED) {
      expect(after.has(`${name}.json`)).toBe(true);
      expect(after.has(`${name}.md`)).toBe(true);
      expect(JSON.parse(readFileSync(join(out, `${name}.json`), 'utf8')).variant.name).toBe(name);
    }
    const index = readFileSync(join(out, 'index.md'), 'utf8');
    for (const name of [...SHIPPED, 'u-perp-mine']) expect(index).toContain(`[${name}](${name}.md)`);
    expect(index).not.toContain('not run yet');
    expect(stagingIn(join(out, '..'))).toEqual([]);
    // Every report stdout names exists.
    const named = [...r.out.matchAll(/^ {2}report: (.+)$/gm)].map((m) => m[1]);
    expect(named).toHaveLength(SHIPPED.length);
    for (const p of named) expect(existsSync(p)).toBe(true);
  }, 120_000);
});
