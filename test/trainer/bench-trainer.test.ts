import { describe, expect, it } from 'vitest';
import { trainerStepsWorkload } from '../../src/bench/workloads.ts';

describe('bench workload trainer-steps', () => {
  it('reports steps per second for each pixel environment', async () => {
    const r = await trainerStepsWorkload(600, 1);
    expect(r.workload).toBe('trainer-steps');
    const per = r.perEnv as Record<string, { stepsPerSecond: number; updates: number }>;
    expect(Object.keys(per)).toEqual(['catch', 'cartpole-pixels']);
    for (const v of Object.values(per)) {
      expect(v.stepsPerSecond).toBeGreaterThan(0);
      expect(v.updates).toBeGreaterThan(0);
    }
    // Whole episodes: at least the asked steps in each environment.
    expect(r.cases).toBeGreaterThanOrEqual(1200);
  }, 30_000);
});
