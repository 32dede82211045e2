// A §7 certificate whose claimed interval was edited: replay's last line says what exit 1 means
// (the file's certificate no longer holds), not "claim refuted"; an inverted interval is bad input.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { infimumCertificate } from '../../src/minimisers/certificates.ts';
import { inProcess, oneCleanLine } from './helpers.ts';

const tmp = mkdtempSync(join(tmpdir(), 'jepa-verify-certificate-replay-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

// Two absorbing states with rewards 1 and 0 under action 0 (0 and 1 under action 1): V*(mu) = 1, so
// inf J over every policy is -1 exactly.
const mdp = { P: [[[0, 0], [0, 0]], [[0, 0], [0, 0]]], R: [[1, 0], [0, 1]], mu: [0.5, 0.5], gamma: 0.5 };
const file = infimumCertificate(mdp, 1, 'all');

async function replayOf(name: string, data: unknown) {
  const path = join(tmp, name);
  writeFileSync(path, JSON.stringify(data));
  return inProcess(['replay', path]);
}

describe('replay of an edited certificate', () => {
  it('as written: exit 0, the certificate holds', async () => {
    expect(file.interval).toEqual({ lower: -1, upper: -1 });
    const r = await replayOf('as-written.json', file);
    expect(r.code, r.err).toBe(0);
    expect(r.out.trim().split('\n').at(-1)).toBe('certified interval on inf J: [-1, -1]; claimed [-1, -1]: contains it (the certificate holds)');
  });

  it('interval edited to [5, 5]: exit 1 and the words say the certificate no longer holds', async () => {
    const r = await replayOf('edited.json', { ...file, interval: { lower: 5, upper: 5 } });
    expect(r.code, r.err).toBe(1);
    expect(r.out.trim().split('\n').at(-1)).toBe("certified interval on inf J: [-1, -1]; claimed [5, 5]: does NOT contain it (the file's certificate no longer holds)");
    expect(r.out).not.toMatch(/refuted/);
  });

  it('an inverted interval {lower: 5, upper: -5}: exit 2 naming the field', async () => {
    const r = await replayOf('inverted.json', { ...file, interval: { lower: 5, upper: -5 } });
    expect(r.code).toBe(2);
    expect(oneCleanLine(r.err), r.err).toBe(true);
    expect(r.err.trim()).toBe('jepa-verify: interval: lower 5 is above upper -5 (not an interval)');
    expect(r.out).toBe('');
  });
});
