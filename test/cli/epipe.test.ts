// A reader that stops reading (`jepa-verify list | head -1`): the write fails with EPIPE, and the
// command ends quietly (exit 0, nothing on stderr) instead of an unhandled 'error' event's stack trace.
import { describe, expect, it } from 'vitest';
import { spawnBin } from './helpers.ts';

/** Runs the bin with its stdout pipe closed by the reader before the command writes anything. */
function closedStdout(argv: string[]): Promise<{ code: number | null; signal: NodeJS.Signals | null; err: string }> {
  const child = spawnBin(argv);
  // Closing our end at once: the child (still starting tsx) writes into a pipe nobody reads.
  child.stdout.destroy();
  let err = '';
  child.stderr.on('data', (d) => (err += String(d)));
  return new Promise((resolve) => child.on('close', (code, signal) => resolve({ code, signal, err })));
}

describe('a closed stdout', () => {
  for (const argv of [['list'], ['variant', '--list'], ['variant', '--list', '--json'], ['--help']]) {
    it(`${argv.join(' ')}: exit 0, no stack trace`, async () => {
      const r = await closedStdout(argv);
      expect(r.err).toBe('');
      expect(r.signal).toBe(null);
      expect(r.code).toBe(0);
    });
  }
});
