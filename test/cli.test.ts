import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const cli = (args: string[], cwd = process.cwd()) => spawnSync(process.execPath, ['--import', 'tsx', join(process.cwd(), 'src/cli/main.ts'), ...args], { cwd, encoding: 'utf8', env: { ...process.env, CI: 'true' } });
const withoutTiming = (text: string) => text.replace(/"(seconds|generatedAt)": [^,\n]+/g, '"$1": 0').replace(/\/[ab]\/counterexamples/g, '/X/counterexamples');

describe('command line', () => {
  const out = mkdtempSync(join(tmpdir(), 'jepa-verify-cli-'));
  const args = ['verify', '--only', 'P1.k1-pos,P1.eq3', '--runs', '60', '--no-formal', '--seed', '3'];

  it('verify writes the reports and a replayable counterexample; the same seed gives the same JSON', () => {
    const first = cli([...args, '--out', join(out, 'a')]);
    expect(first.status).toBe(0);
    const second = cli([...args, '--out', join(out, 'b')]);
    expect(second.status).toBe(0);
    const a = readFileSync(join(out, 'a', 'verification.json'), 'utf8');
    expect(withoutTiming(a)).toBe(withoutTiming(readFileSync(join(out, 'b', 'verification.json'), 'utf8')));
    const report = JSON.parse(a);
    expect(report.claims.map((c: { id: string }) => c.id)).toEqual(['P1.eq3', 'P1.k1-pos']);
    expect(existsSync(join(out, 'a', 'verification.html'))).toBe(true);
    for (const file of readdirSync(join(out, 'a', 'counterexamples'))) {
      const replay = cli(['replay', join(out, 'a', 'counterexamples', file)]);
      expect(replay.stdout).toMatch(/verdict: refuted/);
      expect(replay.status).toBe(0);
    }
  });

  it('bad input: one line naming the field, exit 2, no stack trace, and the old report untouched', () => {
    const dir = join(out, 'keep');
    execFileSync('mkdir', ['-p', dir]);
    writeFileSync(join(dir, 'verification.json'), '{"old": true}\n');
    const bad = cli(['verify', '--runs', 'many', '--out', dir]);
    expect(bad.status).toBe(2);
    expect(bad.stderr.trim().split('\n')).toHaveLength(1);
    expect(bad.stderr).toMatch(/--runs: expected an integer/);
    expect(readFileSync(join(dir, 'verification.json'), 'utf8')).toBe('{"old": true}\n');
    const file = join(out, 'bad.json');
    writeFileSync(file, JSON.stringify({ schemaVersion: 1, claim: 'P1.eq3', reading: 'on-policy', case: { instance: { mdp: { P: [[[0.75, 0.5], [0, 0]], [[0, 0], [0, 0]]], R: [[0, 0], [0, 0]], mu: [1, 0], gamma: 0.9 } } } }));
    const replay = cli(['replay', file]);
    expect(replay.status).toBe(2);
    expect(replay.stderr).toMatch(/^jepa-verify: case\.instance\.mdp\.P\[0\]\[0\]: row sums to 1\.25 > 1/);
    expect(cli(['claim', 'P9']).status).toBe(2);
    expect(cli(['frobnicate']).stderr).toMatch(/unknown command/);
  });

  it('list names every claim file', () => {
    const listed = cli(['list']);
    expect(listed.status).toBe(0);
    expect(listed.stdout).toMatch(/^P1\.rank /m);
    expect(listed.stdout).toMatch(/^P1 /m);
  });
});
