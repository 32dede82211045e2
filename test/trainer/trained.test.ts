import { describe, expect, it } from 'vitest';
import { chain, frozenLake } from '../../src/envs/tabular.ts';
import { EXACT_DEFAULTS, exactObjective, trainExact } from '../../src/trainer/exact.ts';
import { exactJ, netToInstance, perturbInstance, sampledDeltaJ, trainedConfigurations, trainedConfigurationsAt } from '../../src/trainer/trained.ts';

describe('trainedConfigurations', () => {
  const configs = trainedConfigurations({ seed: 2, quick: true });

  it('gives one well-formed Instance per tabular environment', () => {
    expect(configs.map((c) => c.env)).toEqual(['frozenlake', 'frozenlake-slippery', 'chain', 'gridworld']);
    for (const { instance, note } of configs) {
      const nS = instance.mdp.P.length, nA = instance.mdp.R[0].length, d = instance.encoder[0].length;
      expect(instance.encoder.length).toBe(nS);
      expect(instance.head.W.length).toBe(nA);
      expect(instance.head.W.every((r) => r.length === d)).toBe(true);
      expect(instance.head.b.length).toBe(nA);
      expect(instance.worldModel.kind).toBe('mlp');
      if (instance.worldModel.kind !== 'mlp') return;
      const [l1, l2] = instance.worldModel.layers;
      expect(l1.W[0].length).toBe(d + nA);
      expect(l2.W.length).toBe(d);
      expect(l2.W[0].length).toBe(l1.W.length);
      expect(instance.lambda).toBe(1);
      expect(JSON.stringify(instance)).not.toMatch(/null|NaN|Infinity/);
      expect(note.length).toBeGreaterThan(20);
    }
  });

  it('is deterministic per seed', () => {
    expect(JSON.stringify(trainedConfigurations({ seed: 2, quick: true }))).toBe(JSON.stringify(configs));
  });
});

describe('training checkpoints', () => {
  // Runs trained to each length alone are the oracle: a checkpoint must reproduce them bit for bit.
  it('give the net and record of a run trained to that length alone', () => {
    const opts = { ...EXACT_DEFAULTS, lambda: 0.5, rlIntoEncoder: true, steps: 30, logEvery: 10 };
    for (const env of [frozenLake(true), chain()]) {
      const long = trainExact(env, opts, 5, [7, 20]);
      expect([...long.snapshots.keys()]).toEqual([7, 20]);
      for (const c of [7, 20]) {
        const alone = trainExact(env, { ...opts, steps: c, logEvery: c }, 5);
        const snap = long.snapshots.get(c)!;
        expect(JSON.stringify(snap.record)).toBe(JSON.stringify(alone.record));
        expect(JSON.stringify(netToInstance(snap.net, env, 0.5))).toBe(JSON.stringify(netToInstance(alone.net, env, 0.5)));
        // The snapshot is a copy: the long run trained on after it.
        expect(JSON.stringify(netToInstance(snap.net, env, 0.5))).not.toBe(JSON.stringify(netToInstance(long.net, env, 0.5)));
      }
      expect(JSON.stringify(long.record)).toBe(JSON.stringify(trainExact(env, opts, 5).record));
    }
  });

  it('give trainedConfigurations of each length', () => {
    const both = trainedConfigurationsAt(3, [150, 1000]);
    expect(JSON.stringify(both.get(150))).toBe(JSON.stringify(trainedConfigurations({ seed: 3, quick: true })));
    expect(JSON.stringify(both.get(1000))).toBe(JSON.stringify(trainedConfigurations({ seed: 3, quick: false })));
  }, 60_000);
});

describe('netToInstance + exactJ reproduce the trainer objective', () => {
  for (const env of [frozenLake(true), chain()])
    it(env.name, () => {
      const opts = { ...EXACT_DEFAULTS, lambda: 0.5, rlIntoEncoder: true, steps: 20, logEvery: 20 };
      const { net, prob } = trainExact(env, opts, 7);
      const ev = exactObjective(net, prob, opts);
      const J = exactJ(netToInstance(net, env, 0.5));
      expect(J.jPG).toBeCloseTo(ev.jPG.item(), 12);
      expect(J.jJEPA).toBeCloseTo(ev.jJEPA.item(), 12);
    });
});

describe('sampledDeltaJ (Monte Carlo with common random numbers)', () => {
  const inst = trainedConfigurations({ seed: 3, quick: true }).find((c) => c.env === 'chain')!.instance;
  const d = inst.encoder[0].length;
  const u = Array.from({ length: d }, (_, j) => (j === 1 ? 1 : 0));

  it('a null perturbation gives exactly 0 with a zero-width interval', () => {
    const r = sampledDeltaJ(inst, { state: 1, action: 0, u, r: u, k: 0, eps: 0 }, { rollouts: 500, seed: 1, horizon: 100 });
    expect(r).toEqual({ mean: 0, ci95: [0, 0] });
  });

  it('its 95% interval covers the exact change of J_PG', () => {
    for (const [action, k] of [[0, 4], [1, -4]] as const) {
      const p = { state: 1, action, u, r: u, k, eps: 1 };
      const exact = exactJ(perturbInstance(inst, p)).jPG - exactJ(inst).jPG;
      const est = sampledDeltaJ(inst, p, { rollouts: 20000, seed: 11, horizon: 300 });
      expect(est.ci95[0]).toBeLessThanOrEqual(exact);
      expect(est.ci95[1]).toBeGreaterThanOrEqual(exact);
      // The estimate resolves the sign, i.e. common random numbers did their job.
      expect(Math.abs(exact)).toBeGreaterThan(est.ci95[1] - est.ci95[0]);
    }
  });
});
