// report reads verification.json as input: a file outside its schema is exit 2 naming the field,
// with nothing written (a verdict 'maybe' was rendered as '❔ maybe').
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { inProcess, oneCleanLine, ROOT, sameSnapshot, snapshot } from './helpers.ts';

const tmp = mkdtempSync(join(tmpdir(), 'jepa-report-schema-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('report --out DIR with a verification.json outside its schema', () => {
  it('is exit 2 naming the field, and writes nothing', async () => {
    const out = join(tmp, 'r');
    cpSync(join(ROOT, 'test', 'fixtures', 'report'), out, { recursive: true });
    const good = await inProcess(['report', '--out', out]);
    expect(good.code, good.err).toBe(0);
    const path = join(out, 'verification.json');
    const report = JSON.parse(readFileSync(path, 'utf8'));
    report.claims[0].results[0].verdict = 'maybe';
    writeFileSync(path, JSON.stringify(report, null, 2));
    const before = snapshot(out);
    const bad = await inProcess(['report', '--out', out]);
    expect(bad.code).toBe(2);
    expect(oneCleanLine(bad.err)).toBe(true);
    expect(bad.err).toMatch(/claims\[0\]\.results\[0\]\.verdict: expected one of .*got "maybe"/);
    expect(sameSnapshot(before, snapshot(out))).toBe(true);
  }, 120_000);
});
