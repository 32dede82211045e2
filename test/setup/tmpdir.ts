// Every test's temporary folders (os.tmpdir(), for this process and every process it starts) go
// into one folder made for this run and removed at its end, so no test can leave a folder behind
// in the system's temp folder, whatever its name, even when it fails half-way.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export default function setup(): () => void {
  const root = mkdtempSync(join(tmpdir(), 'jepa-verify-tests-'));
  process.env.TMPDIR = root;
  return () => rmSync(root, { recursive: true, force: true });
}
