import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ClaimResult, VerificationReport } from '../../src/report/schema.ts';

export const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'report');

export function loadFixture(): VerificationReport {
  return JSON.parse(readFileSync(join(FIXTURES, 'verification.json'), 'utf8')) as VerificationReport;
}

export function loadTraining(): unknown {
  return JSON.parse(readFileSync(join(FIXTURES, 'training.json'), 'utf8')) as unknown;
}

/**
 * A fresh output directory laid out like the project's reports/: counterexample files under
 * counterexamples/, optionally training.json beside them. A `fixed` name gives a known directory
 * under the OS temp dir, emptied first, for output meant to be looked at after the run.
 */
export function freshOutDir(withTraining = true, fixed?: string): string {
  let dir: string;
  if (fixed) {
    dir = join(tmpdir(), fixed);
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
  } else dir = mkdtempSync(join(tmpdir(), 'jepa-report-'));
  cpSync(join(FIXTURES, 'counterexamples'), join(dir, 'counterexamples'), { recursive: true });
  if (withTraining) cpSync(join(FIXTURES, 'training.json'), join(dir, 'training.json'));
  return dir;
}

export function allResults(r: VerificationReport): ClaimResult[] {
  return r.claims.flatMap((c) => [...c.results, ...c.repairs.flatMap((rep) => rep.results)]);
}

/** A verification.json around the given claims (seed 42, the header every report test needs). */
export function reportOf(claims: VerificationReport['claims'], runsPerClaim = 300): VerificationReport {
  return { schemaVersion: 1, tool: { name: 'jepa-verify', version: '0.1.0' }, seed: 42, budget: { runsPerClaim }, claims };
}
