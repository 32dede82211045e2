// bench: --cases never turns the 500-state scale workload into a long run (it keeps its one case and
// says so), and each workload announces itself on stderr as it starts (nothing with --json).
import { describe, expect, it } from 'vitest';
import { BENCH } from '../../src/cli/commands.ts';
import { helpText } from '../../src/cli/options.ts';
import { inProcess } from './helpers.ts';

const records = (out: string) => out.trim().split('\n').map((l) => JSON.parse(l) as { workload: string; cases: number });

describe('bench', () => {
  it('--cases N leaves scale at its one case, with a one-line note; prop1 takes N', async () => {
    const r = await inProcess(['bench', '--workload', 'prop1,scale', '--cases', '30']);
    expect(r.code, r.err).toBe(0);
    const byName = Object.fromEntries(records(r.out).map((x) => [x.workload, x]));
    expect(byName.prop1.cases).toBe(30);
    expect(byName.scale.cases).toBe(1);
    expect(r.err.split('\n').filter((l) => /scale/.test(l) && /--cases/.test(l))).toHaveLength(1);
    expect(helpText(BENCH)).toMatch(/scale.*one/);
  });

  it('without a TTY: one plain line per workload as it starts, before its result', async () => {
    const r = await inProcess(['bench', '--workload', 'prop1-reference,prop1', '--cases', '20']);
    expect(r.code, r.err).toBe(0);
    const lines = r.err.trim().split('\n');
    const start = (w: string) => lines.findIndex((l) => l.startsWith('[') && l.includes(` ${w} `));
    const result = (w: string) => lines.findIndex((l) => l.startsWith(w.padEnd(16)));
    expect(lines.some((l) => l.includes('\x1b') || l.includes('\r'))).toBe(false);
    for (const w of ['prop1-reference', 'prop1']) {
      expect(start(w), w).toBeGreaterThanOrEqual(0);
      expect(start(w)).toBeLessThan(result(w));
    }
    expect(lines[start('prop1-reference')]).toMatch(/^\[1\/2\] prop1-reference /);
    expect(lines[start('prop1')]).toMatch(/^\[2\/2\] prop1 /);
  });

  it('--json: nothing on stderr', async () => {
    const r = await inProcess(['bench', '--workload', 'prop1,scale', '--cases', '20', '--json']);
    expect(r.code, r.err).toBe(0);
    expect(r.err).toBe('');
    expect(records(r.out).map((x) => x.workload)).toEqual(['prop1', 'scale']);
  });
});
