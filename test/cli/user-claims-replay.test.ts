// replay FILE --claims DIR: a counterexample of the user's own claim replays against that claim
// (exit 0 still refutes, 1 no longer, 2 bad input), its files loaded as verify --claims loads them
// (worker threads, --timeout). verify's replayCommand for it carries --claims DIR relative to the
// report folder, so it runs from there and the JSON is the same for any working directory.
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, oneCleanLine, ROOT } from './helpers.ts';

const tmp = mkdtempSync(join(tmpdir(), 'jepa-user-replay-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const project = join(tmp, 'project');
const api = JSON.stringify(join(ROOT, 'src', 'api.ts'));
const fastCheck = JSON.stringify(import.meta.resolve('fast-check'));

/** A planted false claim "x < bound" over the integers 0..9 (refuted by x = bound when bound <= 9). */
const boundClaim = (bound: number, top = '') => `import fc from ${fastCheck};
import { defineClaim } from ${api};
${top}
export default defineClaim({
  id: 'wrong.x', statement: 'x < ${bound}', paper: 'test', uses: [], hypotheses: [],
  checks: [{ reading: 'any', rule: 'x against ${bound}', corners: () => [], instanceOf: (x: number) => ({ x }),
    arbitrary: () => fc.integer({ min: 0, max: 9 }),
    run: (x: number) => (x < ${bound} ? { kind: 'ok' } : { kind: 'violation', margin: x - ${bound} + 1, noise: 0, message: 'x = ' + x, measured: { x }, predicted: { bound: ${bound} },
      confirm: () => ({ confirmed: true, margin: x - ${bound} + 1, digits: Infinity, message: 'exact integers' }) }) }],
});
`;

function bin(args: string[], cwd: string) {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8', timeout: 40_000, env: { ...process.env, CI: 'true' } });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

/** bin, asynchronously: independent runs go side by side. */
function binAsync(args: string[], cwd: string): Promise<{ code: number | null; out: string; err: string }> {
  const child = spawn(process.execPath, [BIN, ...args], { cwd, timeout: 40_000, env: { ...process.env, CI: 'true' }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '', err = '';
  child.stdout.on('data', (d) => (out += String(d)));
  child.stderr.on('data', (d) => (err += String(d)));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, out, err })));
}

const stored = (out: string) => {
  const report = JSON.parse(readFileSync(join(out, 'verification.json'), 'utf8'));
  return report.claims[0].results[0] as { verdict: string; counterexample: string; replayCommand: string };
};

let printed = '';
beforeAll(async () => {
  mkdirSync(join(project, 'claims'), { recursive: true });
  writeFileSync(join(project, 'package.json'), '{"name": "replay-test", "private": true, "type": "module"}');
  writeFileSync(join(project, 'claims', 'wrong.claim.ts'), boundClaim(5));
  for (const [name, claim] of [['fixed', boundClaim(50)], ['loops', boundClaim(5, 'while (true) {}')]]) {
    mkdirSync(join(project, name));
    writeFileSync(join(project, name, 'wrong.claim.ts'), claim);
  }
  const [a, b] = await Promise.all([
    binAsync(['verify', '--claims', 'claims', '--no-paper', '--runs', '50', '--out', 'out'], project),
    // The same run from another working directory, every path absolute, into a folder at the same depth.
    binAsync(['verify', '--claims', join(project, 'claims'), '--no-paper', '--runs', '50', '--out', join(project, 'out2')], tmpdir()),
  ]);
  expect(a.code, a.err).toBe(0);
  expect(b.code, b.err).toBe(0);
  printed = a.out;
}, 90_000);

describe('replay FILE --claims DIR', () => {
  it("verify stores a replayCommand with --claims DIR relative to the report folder, the same from any working directory; the printed line runs from where verify ran", () => {
    const r = stored(join(project, 'out'));
    expect(r.verdict).toBe('refuted');
    expect(r.replayCommand).toBe('npx jepa-verify replay counterexamples/wrong.x.any.json --claims ../claims');
    expect(stored(join(project, 'out2')).replayCommand).toBe(r.replayCommand);
    expect(printed).toMatch(/replay: npx (--prefix \S+ )?jepa-verify replay out\/counterexamples\/wrong\.x\.any\.json --claims claims\n/);
  });

  it('the stored command, run in the report folder, replays the counterexample against the claim (exit 0, refuted)', () => {
    const args = stored(join(project, 'out')).replayCommand.replace(/^npx jepa-verify /, '').split(' ');
    const r = bin(args, join(project, 'out'));
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(/^claim wrong\.x \(any\)\n/);
    expect(r.out).toMatch(/verdict: refuted\n$/);
  }, 40_000);

  it('against a corrected claim it no longer refutes (exit 1); without --claims it says to pass it (exit 2); a looping claims folder is stopped (exit 2)', async () => {
    const file = join('out', 'counterexamples', 'wrong.x.any.json');
    const [fixed, bare, loops] = await Promise.all([
      binAsync(['replay', file, '--claims', 'fixed'], project),
      binAsync(['replay', file], project),
      binAsync(['replay', file, '--claims', 'loops', '--timeout', '2'], project),
    ]);
    expect(fixed.code, fixed.err).toBe(1);
    expect(fixed.out).toMatch(/verdict: not refuted/);
    expect(bare.code).toBe(2);
    expect(oneCleanLine(bare.err)).toBe(true);
    expect(bare.err).toMatch(/unknown claim ID "wrong\.x".*--claims DIR/);
    expect(loops.code).toBe(2);
    expect(oneCleanLine(loops.err)).toBe(true);
    expect(loops.err).toMatch(/loops\/wrong\.claim\.ts: did not finish loading within 2 s/);
  }, 60_000);
});

describe('the --claims argument of a replay command', () => {
  it('is DIR relative to the report folder, quoted when it must be, and the printed line makes it relative to the working directory', async () => {
    const { claimsArgument } = await import('../../src/cli/userClaims.ts');
    const { replayHere } = await import('../../src/cli/replayHere.ts');
    expect(claimsArgument('/p/out', '/p/claims')).toBe(' --claims ../claims');
    expect(claimsArgument('/p/reports/partial', '/p/my claims')).toBe(" --claims '../../my claims'");
    expect(claimsArgument('/p/out', '/p/out')).toBe(' --claims .');
    const stored = `npx jepa-verify replay counterexamples/x.any.json${claimsArgument('/p/reports/partial', "/p/it's mine")}`;
    expect(replayHere(stored, 'reports/partial', '/p', true)).toBe("npx jepa-verify replay reports/partial/counterexamples/x.any.json --claims 'it'\\''s mine'");
    expect(replayHere('npx jepa-verify replay counterexamples/x.any.json --claims ../claims', '/tmp/r', '/p', true)).toBe('npx jepa-verify replay ../tmp/r/counterexamples/x.any.json --claims ../tmp/claims');
  });
});
