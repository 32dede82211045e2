// ablate ID is the per-claim view of verify's necessity table: with its defaults it gives the rows
// verify reports for the same seed, and bad input is exit 2 with one line.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { verifyNecessity } from '../../src/minimisers/ablate.ts';
import { inProcess, oneCleanLine } from './helpers.ts';

const tmp = mkdtempSync(join(tmpdir(), 'jepa-ablate-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const core = (rows: { claim: string; hypothesis: string; construction: string; verdict: string; cases: number }[]) => rows.map(({ claim, hypothesis, construction, verdict, cases }) => ({ claim, hypothesis, construction, verdict, cases }));

describe('ablate', () => {
  it('with its defaults gives the rows of verify\'s necessity table for the same seed', async () => {
    const r = await inProcess(['ablate', 'P1.combine', '--json']);
    expect(r.code, r.err).toBe(0);
    expect(core(JSON.parse(r.out))).toEqual(core(verifyNecessity(42, ['P1.combine']).rows));
  }, 120_000);

  it('--out a file and an unknown --hypothesis are exit 2 with one line naming the option', async () => {
    const file = join(tmp, 'afile');
    writeFileSync(file, 'x\n');
    const out = await inProcess(['ablate', 'P1.combine', '--out', file]);
    expect(out.code).toBe(2);
    expect(oneCleanLine(out.err)).toBe(true);
    expect(out.err).toMatch(/--out .*is a file/);
    const h = await inProcess(['ablate', 'P1.combine', '--hypothesis', 'nope']);
    expect(h.code).toBe(2);
    expect(oneCleanLine(h.err)).toBe(true);
    expect(h.err).toMatch(/--hypothesis: P1\.combine has no hypothesis "nope"; its hypotheses are "Assumption 1"/);
  });
});
