// The checks that refute the paper's own statement need no planted twin: the statement is the wrong
// twin, and its counterexample is in the ledger. This re-judges every counterexample file of the default
// run (seed 42, the default budget), committed under test/fixtures/ledger-counterexamples because
// reports/ is not in git (float64, high precision, hypotheses re-decided, as replay does), so such a
// check counts as one that can fail only while its file still refutes. Refresh the fixtures with
// `npm run verify && cp reports/counterexamples/*.json test/fixtures/ledger-counterexamples/`.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { recheckCounterexample, type Claim } from '../../src/claims/framework.ts';

const DIR = path.join(import.meta.dirname, '../fixtures/ledger-counterexamples');
const REFUTED_BY_PAPER = ['P1.dV', 'P1.k1-pos', 'P1.eq5', 'P1.combine', 'P1', 'P2.k1-pos', 'P2.eq3', 'P2.jepa', 'P2.combine', 'P2', 'S6.deeper-heads', 'G.attained', 'P1.gap', 'P2.gap', 'P1.local', 'P2.local'];

describe('committed counterexamples of the paper checks still refute', async () => {
  const claims: Claim[] = [];
  for (const f of fs.readdirSync(path.join(import.meta.dirname, '../../properties')).filter((x) => x.endsWith('.ts'))) claims.push((await import(`../../properties/${f.slice(0, -3)}.ts`)).default as Claim);
  const files = fs.readdirSync(DIR).filter((f) => f.endsWith('.json')).map((f) => ({ name: f, file: JSON.parse(fs.readFileSync(path.join(DIR, f), 'utf8')) }));

  it('every claim the paper check refutes has a counterexample file', () => {
    for (const id of REFUTED_BY_PAPER) expect(files.some((f) => f.file.claim === id && !/^repair/.test(f.file.repairLabel ?? '')), id).toBe(true);
  });

  it('each file re-checks as refuted with its hypotheses re-decided', () => {
    for (const { name, file } of files) {
      const r = recheckCounterexample(file, claims);
      expect(r?.status, `${name}: ${r?.lines.join(' | ')}`).toBe('refuted');
    }
  });
});
