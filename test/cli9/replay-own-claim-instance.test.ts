// N15: the replay of a counterexample of a claim with no derivation (a claim of your own) printed
// margins only; it now shows the file's instance, as a paper counterexample's replay does.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { defineClaim } from '../../src/api.ts';
import { replay } from '../../src/cli/replay.ts';

const tmp = mkdtempSync(join(tmpdir(), 'cli9-own-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

type Case = { logits: number[] };
const claim = defineClaim({
  id: 'my.sums-to-1.01', statement: 'softmax sums to 1.01', paper: 'test', uses: [], hypotheses: [],
  checks: [{
    reading: 'any', rule: 'sum against 1.01', corners: () => [], instanceOf: (c: Case) => ({ logits: c.logits }),
    arbitrary: () => fc.record({ logits: fc.array(fc.integer({ min: -3, max: 3 }), { minLength: 1, maxLength: 3 }) }),
    run: () => ({ kind: 'violation', margin: 0.01, noise: 0, message: 'sum 1', measured: {}, predicted: {}, confirm: () => ({ confirmed: true, margin: 0.01, digits: 16, message: 'sum 1' }) }),
  }],
});

describe('replay of a claim without a derivation', () => {
  it('prints the instance before the verdict', async () => {
    const path = join(tmp, 'c.json');
    writeFileSync(path, JSON.stringify({ schemaVersion: 1, claim: 'my.sums-to-1.01', reading: 'any', instance: { logits: [0] }, case: { logits: [0] } }));
    const out = await replay(path, [claim]);
    expect(out.refutes).toBe(true);
    const i = out.lines.indexOf("instance (the case's):");
    expect(i).toBeGreaterThan(0);
    expect(out.lines[i + 1]).toBe('  logits = [0]');
    expect(out.lines.at(-1)).toBe('verdict: refuted');
  });
});
