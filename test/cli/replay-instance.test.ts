// replay prints the instance its derivation starts from, before the derivation, so a reader can
// check the chain by hand from the terminal alone.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { inProcess, ROOT } from './helpers.ts';

describe('replay shows the instance', () => {
  it('one field a line, before the derivation, from the file\'s instance', async () => {
    const r = await inProcess(['replay', join(ROOT, 'test', 'fixtures', 'ledger-counterexamples', 'P1.k1-pos.any.json')]);
    expect(r.code, r.err).toBe(0);
    const lines = r.out.split('\n');
    const at = lines.findIndex((l) => l.startsWith('instance (the case'));
    expect(at).toBeGreaterThan(0);
    expect(lines.findIndex((l) => l === 'derivation:')).toBeGreaterThan(at);
    expect(lines).toContain('  mdp.mu = [1,0]');
    expect(lines).toContain('  mdp.gamma = 1');
    expect(lines.some((l) => l.startsWith('  mdp.P = [['))).toBe(true);
  });
});

describe('replay shows the hypotheses it re-decided', () => {
  it("P2.combine's repair: exact ranks, A at 64 digits, the check's own and the k rule at 64 digits", async () => {
    const r = await inProcess(['replay', join(ROOT, 'test', 'fixtures', 'ledger-counterexamples', 'P2.combine.fixed-data.repair1-2.json')]);
    expect(r.code, r.err).toBe(0);
    const line = r.out.split('\n').find((l) => l.startsWith('hypotheses, decided exactly or at 64 digits: '));
    expect(line).toBeDefined();
    expect(line).toContain('with exact ranks');
    expect(line).toContain("the check's own hypotheses hold");
    expect(line).toContain("k = 1 > 2C/k1' = 0 at 64 digits (C = 0, k1' = 0.125");
  });
});
