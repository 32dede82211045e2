// The sentence on batch against scale-free variance calls RL's batch variance larger only when the
// printed medians say so (training.md once said "larger" of two equal medians, 0.0128 and 0.0128).
import { describe, expect, it } from 'vitest';
import { kennewegComparison, kennewegSentence, type KennewegRow } from '../../src/trainer/report.ts';
import type { TrainingReport } from '../../src/trainer/records.ts';

const cond = (batch: number, scaleFree: number) => ({ runs: 5, collapsed: 0, medianBatchVariance: batch, medianScaleFreeVariance: scaleFree, medianReturn: 0.9 });
const row = (a: number, b: number): KennewegRow => ({ env: 'frozenlake', mode: 'a2c', jepaOnly: cond(a, 0.5), jepaPlusRl: cond(b, 0.25), verdict: 'does not reproduce' } as unknown as KennewegRow);

describe('kennewegSentence', () => {
  it('equal printed batch variances are not called larger', () => {
    const s = kennewegSentence(row(0.0128, 0.01280001));
    expect(s).toMatch(/scale-free variance is lower WITH RL/);
    expect(s).not.toMatch(/larger batch variance/);
    expect(s).toMatch(/batch variances equal to the digits shown/);
  });

  it('a larger one is', () => {
    expect(kennewegSentence(row(0.0128, 0.05))).toMatch(/the RL condition's larger batch variance comes with a larger common offset/);
  });

  it('a smaller one gets no reason', () => {
    const s = kennewegSentence(row(0.05, 0.0128));
    expect(s).not.toMatch(/larger batch variance/);
    expect(s).toMatch(/\(0\.2500 vs 0\.5000\)\.$|\(0\.25\d* vs 0\.5\d*\)\.$/);
  });
});

// N9's N14: training.md said "does not reproduce" for A2C FrozenLake runs whose policy never learned
// (every return 0.0137), and "lower WITH RL" of 0.8 against 0.803.
describe('kennewegComparison: a comparison without RL signal is not assessed', () => {
  const point = (ret: number, batchVariance: number) => ({ return: ret, batchVariance, scaleFreeVariance: 0.8, rankMe: 1, distinctCodes: 16, meanNorm: 1, headNorm: 1 });
  const run = (rlIntoEncoder: boolean, start: number, end: number, batchVariance: number) => ({
    env: 'frozenlake', mode: 'a2c', seed: 1, lambda: 1, rlIntoEncoder, stopGradTarget: true,
    curve: [{ step: 0, ...point(start, 1) }], final: point(end, batchVariance),
  });
  const report = (runs: unknown[]) => ({ experiment: 'collapse', quick: true, runs }) as unknown as TrainingReport;

  it('no JEPA + RL run learns (0.0122 -> 0.0137, as the quick A2C FrozenLake runs): not assessed, and the sentence says why', () => {
    const rows = kennewegComparison(report([run(false, 0.0122, 0.0137, 1e-9), run(true, 0.0122, 0.0137, 1e-3)]));
    expect(rows[0].verdict).toBe('not assessed');
    expect(kennewegSentence(rows[0])).toMatch(/the policy barely learned, so little RL signal reached the encoder/);
  });

  it('a JEPA + RL run that learns is compared as before', () => {
    const rows = kennewegComparison(report([run(false, 0.0137, 0.0137, 1e-9), run(true, 0.0137, 0.5, 1e-3)]));
    expect(rows[0].verdict).toBe('reproduces');
  });

  it('scale-free variances within 5% are not called lower', () => {
    const cond = (sf: number) => ({ runs: 3, collapsed: 0, medianBatchVariance: 0.01, medianScaleFreeVariance: sf, medianReturn: 0.9, learned: 3 });
    const r = { env: 'frozenlake', mode: 'a2c', jepaOnly: cond(0.803), jepaPlusRl: cond(0.8), verdict: 'does not reproduce' } as unknown as KennewegRow;
    expect(kennewegSentence(r)).not.toMatch(/lower WITH RL/);
  });
});
