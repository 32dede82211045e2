import { describe, expect, it } from 'vitest';
import { Rng, Tensor, constant, gradcheck, logSoftmax, mul, sum } from '../../src/autodiff/index.ts';
import { chain, frozenLake } from '../../src/envs/tabular.ts';
import { a2cLoss, collectBatch, tabularEpisodic } from '../../src/trainer/a2c.ts';
import { exactObjective, exactProblem } from '../../src/trainer/exact.ts';
import {
  type Net, allParams, encode, encoderParams, headParams, initNet, policyLogits, predictNext, valueOf, valueParams, worldParams,
} from '../../src/trainer/model.ts';

const small = (obsDim: number, nActions: number, seed: number): Net => initNet({ obsDim, nActions, d: 4, encHidden: 5, wmHidden: 5 }, seed);

function weigh(y: Tensor): Tensor {
  const w = constant(Array.from({ length: y.size }, (_, i) => Math.cos(0.9 * i) + 0.2), y.rows, y.cols);
  return sum(mul(y, w));
}
function expectPass(f: () => Tensor, params: Tensor[]) {
  const r = gradcheck(f, params);
  expect(r.failures, JSON.stringify(r.failures.slice(0, 3))).toEqual([]);
}

function randomObs(n: number, d: number, seed: number): Tensor {
  const r = new Rng(seed);
  return constant(Array.from({ length: n * d }, () => r.normal()), n, d);
}

describe('gradcheck of every model', () => {
  const net = small(3, 2, 11);
  // Bigger head and world-model weights than at initialisation, so the checks are not near-linear.
  for (const p of [...headParams(net), ...valueParams(net)]) for (let i = 0; i < p.size; i++) p.data[i] *= 10;
  const X = randomObs(6, 3, 1);
  it('encoder E_phi', () => expectPass(() => weigh(encode(net, X)), encoderParams(net)));
  it('policy head (log-softmax of W z + b), through the encoder', () => {
    expectPass(() => weigh(logSoftmax(policyLogits(net, encode(net, X)))), [...encoderParams(net), ...headParams(net)]);
  });
  it('value head', () => expectPass(() => weigh(valueOf(net, encode(net, X))), [...encoderParams(net), ...valueParams(net)]));
  it('world model W_psi on [z; onehot(a)], through the encoder', () =>
    expectPass(() => weigh(predictNext(net, encode(net, X), [0, 1, 1, 0, 1, 0])), [...encoderParams(net), ...worldParams(net)]));
});

describe('exact objective: analytic gradient = finite differences of J', () => {
  const envs = [frozenLake(true), frozenLake(false), chain()];
  for (const env of envs)
    for (const reading of ['on-policy', 'fixed-data'] as const)
      for (const rlIntoEncoder of [true, false])
        it(`${env.name}, ${reading}, RL -> E ${rlIntoEncoder}`, () => {
          const prob = exactProblem(env);
          const net = small(env.obs[0].length, prob.nA, 3);
          for (const p of headParams(net)) for (let i = 0; i < p.size; i++) p.data[i] *= 20;
          const opts = { lambda: 0.7, rlIntoEncoder, stopGradTarget: !rlIntoEncoder, reading };
          // J itself (what training differentiates), and each part separately.
          expectPass(() => exactObjective(net, prob, opts).J, allParams(net));
          expectPass(() => exactObjective(net, prob, opts).jPG, allParams(net));
          expectPass(() => exactObjective(net, prob, opts).valueLoss, valueParams(net));
        });

  it('V from the linear solve matches iterative policy evaluation, d sums to the discounted length', () => {
    const env = frozenLake(true);
    const prob = exactProblem(env);
    const net = small(16, 4, 9);
    const ev = exactObjective(net, prob, { lambda: 1, rlIntoEncoder: true, stopGradTarget: false, reading: 'on-policy' });
    const { P, R, gamma } = env.mdp;
    let V = new Array(16).fill(0);
    for (let it = 0; it < 3000; it++)
      V = V.map((_, s) => [0, 1, 2, 3].reduce((acc, a) => acc + ev.pi.get(s, a) * (R[s][a] + gamma * P[s][a].reduce((x, p, t) => x + p * V[t], 0)), 0));
    for (let s = 0; s < 16; s++) expect(ev.V.data[s]).toBeCloseTo(V[s], 10);
    // d^T 1 = sum_t gamma^t Pr(alive at t) >= 1 (the start state counts once).
    expect(ev.d.data.reduce((a, b) => a + b, 0)).toBeGreaterThan(1);
  });
});

describe('A2C loss: analytic gradient = finite differences (detached values held fixed)', () => {
  for (const slippery of [false, true])
    for (const rlIntoEncoder of [true, false])
      for (const stopGradTarget of [false, true])
        it(`frozenlake slippery=${slippery}, RL -> E ${rlIntoEncoder}, stop-grad target ${stopGradTarget}`, () => {
          const env = tabularEpisodic(frozenLake(slippery));
          const net = small(16, 4, 5);
          const batch = collectBatch(net, env, 3, new Rng(2));
          const opts = { lambda: 1.3, rlIntoEncoder, stopGradTarget, valueCoef: 0.5 };
          expectPass(() => a2cLoss(net, batch, opts).loss, allParams(net));
        });
});
