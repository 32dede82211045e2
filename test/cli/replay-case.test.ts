// A counterexample file's `case` that the check cannot run is bad input named by its field, never a
// JavaScript error's text: the required fields come from the check's own cases (replayCase.ts), and
// a field they cannot tell (a union) is named by re-running the check on a watched copy.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { defineClaim } from '../../src/api.ts';
import { replay } from '../../src/cli/replay.ts';
import { missingFieldRead, requireCaseFields } from '../../src/cli/replayCase.ts';

const tmp = mkdtempSync(join(tmpdir(), 'jepa-verify-replay-case-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

type Case = { a?: { b: number }; x?: number; y?: number };
// A union case: { a: { b } } or { x }, so no field is common to every case the check generates.
const claim = (run: (c: Case) => boolean) =>
  defineClaim({
    id: 'test.union', statement: 'b <= 100', paper: 'test', uses: [], hypotheses: [],
    checks: [{
      reading: 'any', rule: 'b against 100', corners: () => [], instanceOf: (c: Case) => ({ c }),
      arbitrary: () => fc.oneof(fc.record({ a: fc.record({ b: fc.integer({ min: 0, max: 9 }) }) }), fc.record({ x: fc.integer() })) as fc.Arbitrary<Case>,
      run: (c: Case) => (run(c) ? { kind: 'ok' } : { kind: 'violation', margin: 1, noise: 0, message: 'b > 100', measured: {}, predicted: {}, confirm: () => ({ confirmed: true, margin: 1, digits: Infinity, message: 'exact' }) }),
    }],
  });

function file(name: string, c: unknown): string {
  const path = join(tmp, name);
  writeFileSync(path, JSON.stringify({ schemaVersion: 1, claim: 'test.union', reading: 'any', instance: { c }, case: c }));
  return path;
}

describe('a case the check cannot run', () => {
  it('names the field the check read and the case lacks (a union the samples cannot require)', async () => {
    const check = claim((c) => ('x' in c ? true : c.a!.b <= 100));
    await expect(replay(file('ok.json', { a: { b: 101 } }), [check])).resolves.toMatchObject({ refutes: true });
    const error = await replay(file('no-a.json', { y: 1 }), [check]).then(() => null, (e: Error) => e);
    expect(error?.name).toBe('InputError');
    expect(error?.message).toBe("case.a: missing (test.union's check reads it)");
  });

  it('a JavaScript error whose field cannot be found: one line without its text', async () => {
    // The missing read of a is followed by a read of y that exists: the failure is not at a's read.
    const check = claim((c) => {
      const a = c.a;
      return c.y === 1 || a!.b <= 100;
    });
    const error = await replay(file('late.json', { y: 2 }), [check]).then(() => null, (e: Error) => e);
    expect(error?.name).toBe('InputError');
    expect(error?.message).toMatch(/^case: does not fit test\.union's check \(run: a field is missing or of the wrong type/);
    expect(error?.message).not.toMatch(/Cannot read|undefined/);
  });
});

describe('requireCaseFields', () => {
  const samples = [{ k: 1, pick: { w: [1], t: null }, opt: 1 }, { k: 2, pick: { w: [2], t: 0.1 } }];
  it('requires every field all samples have, recursively; optional and nullable ones as the samples are', () => {
    expect(() => requireCaseFields({ pick: { w: [1], t: null } }, samples, 'case')).toThrow(/^case\.k: missing$/);
    expect(() => requireCaseFields({ k: 1, pick: { t: null } }, samples, 'case')).toThrow(/^case\.pick\.w: missing$/);
    expect(() => requireCaseFields({ k: null, pick: { w: [1], t: null } }, samples, 'case')).toThrow(/^case\.k: expected a number, got null$/);
    expect(() => requireCaseFields({ k: 1, pick: { w: [1], t: null } }, samples, 'case')).not.toThrow();
  });
});

describe('missingFieldRead', () => {
  it('names the last read when it is of a missing field, and nothing when the function runs', () => {
    expect(missingFieldRead({ p: { q: [1, 2] } }, (c: any) => c.p.r.s, 'case')).toBe('case.p.r');
    expect(missingFieldRead({ p: { q: [1, 2] } }, (c: any) => c.p.q[5].s, 'case')).toBe('case.p.q[5]');
    expect(missingFieldRead({ p: { q: [1, 2] } }, (c: any) => c.p.q.map((x: number) => x + 1), 'case')).toBeNull();
  });
});
