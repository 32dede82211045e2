import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { parseTrainArgs, runTrain } from '../../src/cli/train.ts';
import type { TrainingReport } from '../../src/trainer/records.ts';
import { kennewegComparison, trainingMarkdown } from '../../src/trainer/report.ts';

const root = mkdtempSync(join(tmpdir(), 'jepa-train-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** Runs the CLI with stdout/stderr captured. */
async function run(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '', err = '';
  const o = vi.spyOn(process.stdout, 'write').mockImplementation((s) => ((out += String(s)), true));
  const e = vi.spyOn(process.stderr, 'write').mockImplementation((s) => ((err += String(s)), true));
  try {
    return { code: await runTrain(argv), out, err };
  } finally {
    o.mockRestore();
    e.mockRestore();
  }
}

describe('train --quick', () => {
  it('completes, writes the schema, and is byte-identical for the same seed', async () => {
    const a = await run(['--experiment', 'collapse', '--quick', '--seed', '3', '--out', join(root, 'a'), '--json']);
    const b = await run(['train', '--experiment=collapse', '--quick', '--seed=3', '--out', join(root, 'b'), '--json']);
    expect(a.code).toBe(0);
    expect(b.code).toBe(0);
    expect(a.err).toBe('');
    const ja = readFileSync(join(root, 'a', 'training.json'), 'utf8');
    expect(readFileSync(join(root, 'b', 'training.json'), 'utf8')).toBe(ja);
    expect(a.out).toBe(ja);
    const rep = JSON.parse(ja) as TrainingReport;
    expect(rep.schemaVersion).toBe(1);
    expect(rep.runs.length).toBe(5 * 3 * 2);
    const keys = ['return', 'rankMe', 'meanNorm', 'scaleFreeVariance', 'batchVariance', 'distinctCodes', 'headNorm'];
    for (const r of rep.runs) {
      expect(['frozenlake', 'frozenlake-slippery', 'cartpole']).toContain(r.env);
      expect(['exact', 'a2c']).toContain(r.mode);
      expect(typeof r.rlIntoEncoder).toBe('boolean');
      expect([0.1, 1, 10]).toContain(r.lambda);
      expect(r.seed).toBe(3);
      for (const p of [r.final, ...r.curve]) for (const k of keys) expect(p[k as keyof typeof p] === null || Number.isFinite(p[k as keyof typeof p])).toBe(true);
      expect(r.curve.length).toBeGreaterThan(1);
      expect(r.curve.every((c, i) => i === 0 || c.step > r.curve[i - 1].step)).toBe(true);
    }
    // The markdown section and the comparison are derived from the JSON alone.
    const md = trainingMarkdown(rep);
    expect(md).toContain('Kenneweg');
    expect(md).toBe(readFileSync(join(root, 'a', 'training.md'), 'utf8'));
    expect(kennewegComparison(rep).length).toBe(5);
  }, 60_000);

  it('a different seed gives different runs; worker threads give the same bytes as in-process', async () => {
    const one = await run(['--experiment', 'cartpole', '--quick', '--seed', '4', '--out', join(root, 'c1'), '--json', '--jobs', '1']);
    const two = await run(['--experiment', 'cartpole', '--quick', '--seed', '4', '--out', join(root, 'c2'), '--json', '--jobs', '2']);
    const other = await run(['--experiment', 'cartpole', '--quick', '--seed', '5', '--out', join(root, 'c3'), '--json']);
    expect([one.code, two.code, other.code]).toEqual([0, 0, 0]);
    expect(two.out).toBe(one.out);
    expect(other.out).not.toBe(one.out);
  }, 60_000);

  it('without --json prints the comparison to stdout and, not on a TTY, plain progress lines on stderr (a line per tenth of the runs)', async () => {
    const r = await run(['--experiment', 'cartpole', '--quick', '--out', join(root, 'd')]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/Kenneweg et al\. \(2025\) comparison/);
    expect(r.out).toMatch(/cartpole \(a2c\): JEPA only \d+\/3 collapsed/);
    const lines = r.err.trim().split('\n');
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.length).toBeLessThanOrEqual(11);
    for (const line of lines) expect(line).toMatch(/^\[\d+\/\d+\] \S+ \S+ RL->E=(yes|no) lambda=\S+ seed=\d+ \(\d+ s\)$/);
    expect(lines.at(-1)).toMatch(/^\[(\d+)\/\1\] /);
    expect(r.err).not.toMatch(/\r|\x1b/);
  }, 60_000);
});

describe('train --experiment kenneweg --quick', () => {
  it('writes the four-configuration grid on both pixel environments, with the table and the generated findings', async () => {
    const r = await run(['--experiment', 'kenneweg', '--quick', '--seed', '2', '--out', join(root, 'k'), '--json']);
    expect(r.code).toBe(0);
    const rep = JSON.parse(readFileSync(join(root, 'k', 'training.json'), 'utf8')) as TrainingReport;
    // 4 configurations, 3 of them with and without an EMA target, 2 environments, 1 seed (quick).
    expect(rep.runs.length).toBe(7 * 2);
    expect(new Set(rep.runs.map((x) => x.env))).toEqual(new Set(['catch', 'cartpole-pixels']));
    for (const x of rep.runs) {
      expect(['rl', 'jepa+rl', 'jepa', 'jepa+var']).toContain(x.config);
      expect(x.rlIntoEncoder).toBe(x.config === 'rl' || x.config === 'jepa+rl');
      expect(x.lambda).toBe(x.config === 'rl' ? 0 : 1);
      expect(typeof x.final.spread).toBe('number');
      expect(typeof x.final.collapsedKenneweg).toBe('boolean');
      expect(x.final.collapsedKenneweg).toBe(x.final.batchVariance! < 1e-7);
      expect(x.final.spectrum!.length).toBe(16);
      expect(x.curve.length).toBeGreaterThan(1);
    }
    const md = readFileSync(join(root, 'k', 'training.md'), 'utf8');
    expect(md).toBe(trainingMarkdown(rep));
    expect(md).toContain('| JEPA + variance regulariser | yes |');
    expect(md).toMatch(/F1: without RL gradients .* \| (reproduces|partly|does not reproduce|not assessed) \|/);
    // With one seed and 2000 steps nothing may be called learnt unless its return interval clears the random policy's.
    expect(kennewegComparison(rep).length).toBe(4);
  }, 60_000);
});

describe('train argument errors: one line on stderr, exit 2', () => {
  const bad = [
    [],
    ['--quick'],
    ['--experiment'],
    ['--experiment', 'nope'],
    ['--experiment', 'collapse', '--seed', '-1'],
    ['--experiment', 'collapse', '--seed', 'x'],
    ['--experiment', 'collapse', '--jobs', '0'],
    ['--experiment', 'collapse', '--frobnicate'],
    ['--experiment', 'collapse', 'extra'],
  ];
  for (const argv of bad)
    it(JSON.stringify(argv), async () => {
      const r = await run(argv);
      expect(r.code).toBe(2);
      expect(r.out).toBe('');
      expect(r.err.trim().split('\n').length).toBe(1);
      expect(r.err).toMatch(/^jepa-verify train: /);
    });

  it('--help prints usage and exits 0', async () => {
    const r = await run(['--help']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/usage: jepa-verify train/);
  });

  it('parses defaults', () => {
    expect(parseTrainArgs(['--experiment', 'cartpole'])).toEqual({
      experiment: 'cartpole', quick: false, seed: 1, out: 'reports', json: false, jobs: null, stopGradTarget: false,
    });
  });
});
