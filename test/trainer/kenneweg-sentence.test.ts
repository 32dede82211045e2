// The sentence on batch against scale-free variance calls RL's batch variance larger only when the
// printed medians say so (training.md once said "larger" of two equal medians, 0.0128 and 0.0128).
import { describe, expect, it } from 'vitest';
import { kennewegSentence, type KennewegRow } from '../../src/trainer/report.ts';

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
