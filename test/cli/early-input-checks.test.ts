// A whole-paper verify starts its ledger workers before it loads the claims (issue 17); the inputs
// a probe can judge without loading a claim (--out, the --claims folder) are judged first, so bad
// input exits 2 without paying a worker start-up (about a second of CPU each).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import * as threads from '../../src/ledger/workerThreads.ts';
import { verifyCommand } from '../../src/cli/verify.ts';
import { InputError } from '../../src/model/validate.ts';

vi.mock('../../src/ledger/workerThreads.ts', async (original) => {
  const actual = await original<typeof import('../../src/ledger/workerThreads.ts')>();
  return { ...actual, startLedgerWorkers: vi.fn(actual.startLedgerWorkers) };
});

const tmp = mkdtempSync(join(tmpdir(), 'jepa-early-input-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('verify judges --out and --claims before starting workers', () => {
  const file = join(tmp, 'a-file');
  writeFileSync(file, 'not a folder\n');
  const cases: [string, string[], RegExp][] = [
    ['--out is a file', ['--out', file, '--workers', '2'], /--out .*is a file/],
    ['--out holds other files', ['--out', tmp, '--workers', '2'], /--out .*holds no report/],
    ['--claims names no folder', ['--out', join(tmp, 'fresh'), '--claims', join(tmp, 'nowhere'), '--workers', '2'], /--claims .*no such folder/],
  ];
  for (const [what, argv, message] of cases) {
    it(what, async () => {
      vi.mocked(threads.startLedgerWorkers).mockClear();
      await expect(verifyCommand(argv)).rejects.toThrow(InputError);
      await expect(verifyCommand(argv)).rejects.toThrow(message);
      expect(threads.startLedgerWorkers).not.toHaveBeenCalled();
    });
  }
});
