import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { firstError, loadSchema } from '../src/schema/validate.ts';
import { inProcess, viaBin } from './cli/helpers.ts';

const withoutTiming = (text: string) => text.replace(/"(seconds|generatedAt)": [^,\n]+/g, '"$1": 0');
const filesUnder = (dir: string): string[] => readdirSync(dir).flatMap((f) => (statSync(join(dir, f)).isDirectory() ? filesUnder(join(dir, f)) : [join(dir, f)]));

describe('command line', () => {
  const out = mkdtempSync(join(tmpdir(), 'jepa-verify-cli-'));
  afterAll(() => rmSync(out, { recursive: true, force: true }));
  const args = ['verify', '--only', 'P1.k1-pos,P1.eq3', '--runs', '60', '--no-formal', '--no-trained', '--seed', '3', '--workers', '1'];

  it('verify writes the reports and replayable counterexamples; the same seed from another folder gives the same JSON', async () => {
    mkdirSync(join(out, 'cwd1'));
    mkdirSync(join(out, 'cwd2', 'deeper'), { recursive: true });
    const first = await inProcess([...args, '--out', join(out, 'a')], join(out, 'cwd1'));
    expect(first.code, first.err).toBe(0);
    const second = await inProcess([...args, '--out', join(out, 'b')], join(out, 'cwd2', 'deeper'));
    expect(second.code, second.err).toBe(0);
    // Paths are relative to the report folder, so neither the working folder nor --out shows.
    const a = readFileSync(join(out, 'a', 'verification.json'), 'utf8');
    expect(withoutTiming(a)).toBe(withoutTiming(readFileSync(join(out, 'b', 'verification.json'), 'utf8')));
    expect(a).not.toContain(out);
    const report = JSON.parse(a);
    expect(firstError(report, loadSchema('verification'))).toBeNull();
    expect(report.claims.map((c: { id: string }) => c.id)).toEqual(['P1.eq3', 'P1.k1-pos']);
    const files = filesUnder(join(out, 'a', 'counterexamples'));
    expect(files.length).toBeGreaterThan(0);
    for (const file of files) {
      const replay = await inProcess(['replay', file]);
      expect(replay.err).toBe('');
      expect([0, 1]).toContain(replay.code);
    }
    // Every property counterexample the report names is there and still refutes.
    for (const c of report.claims) for (const r of c.results) if (r.counterexample) {
      const replay = await inProcess(['replay', join(out, 'a', r.counterexample)]);
      expect(replay.code, `${r.counterexample}: ${replay.out}${replay.err}`).toBe(0);
      const ce = JSON.parse(readFileSync(join(out, 'a', r.counterexample), 'utf8'));
      expect(firstError(ce, loadSchema('counterexample'))).toBeNull();
    }
  });

  it('bad input through the bin: one line naming the field, exit 2, no stack trace, the old report untouched', () => {
    const dir = join(out, 'keep');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'verification.json'), '{"old": true}\n');
    const bad = viaBin(['verify', '--runs', 'many', '--out', dir]);
    expect(bad.code).toBe(2);
    expect(bad.err.trim().split('\n')).toHaveLength(1);
    expect(bad.err).toMatch(/--runs: expected an integer/);
    expect(readFileSync(join(dir, 'verification.json'), 'utf8')).toBe('{"old": true}\n');
    const file = join(out, 'bad.json');
    writeFileSync(file, JSON.stringify({ schemaVersion: 1, claim: 'P1.eq3', reading: 'on-policy', case: { instance: { mdp: { P: [[[0.75, 0.5], [0, 0]], [[0, 0], [0, 0]]], R: [[0, 0], [0, 0]], mu: [1, 0], gamma: 0.9 } } } }));
    const replay = viaBin(['replay', file]);
    expect(replay.code).toBe(2);
    expect(replay.err).toMatch(/^jepa-verify: case\.instance\.mdp\.P\[0\]\[0\]: row sums to 1\.25 > 1/);
  });

  it('list names every claim file', async () => {
    const listed = await inProcess(['list']);
    expect(listed.code).toBe(0);
    expect(listed.out).toMatch(/^P1\.rank /m);
    expect(listed.out).toMatch(/^P1 /m);
  });
});
