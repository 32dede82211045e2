// The four configurations of Kenneweg et al. (2025), each with and without an EMA target encoder,
// on pixel inputs (bsuite Catch, CartPole frames). The RL algorithm is A2C (eq. (1) of the paper:
// Monte-Carlo returns, value baseline), not the PPO Kenneweg et al. use; the JEPA loss, the heads and
// the network are those of a2c.ts. Learning is measured, not assumed: each run ends with evaluation
// episodes whose mean return and 95% interval the table compares with a random policy.

import { Rng, hashSeed } from '../autodiff/rng.ts';
import { Adam } from '../autodiff/nn.ts';
import { cloneLayers, emaUpdate } from '../autodiff/kernels.ts';
import { constant } from '../autodiff/index.ts';
import { type CatchState, catchObs, catchRandomReturn, catchReset, catchStep } from '../envs/catch.ts';
import { CARTPOLE, cartPoleReset, cartPoleStep } from '../envs/cartpole.ts';
import {
  CARTPOLE_REWARD_THRESHOLD, FRAME_SIZE, PIXELS, type PixelCartPoleState, pixelCartPoleObs, pixelCartPoleReset, pixelCartPoleStep,
} from '../envs/pixel-cartpole.ts';
import { type EpisodicEnv, a2cLoss, collectBatch } from './a2c.ts';
import { collapseMetrics } from './metrics.ts';
import { type Net, allParams, encode, headNorm, initNet } from './model.ts';
import { type CurvePoint, type MetricPoint, type RunRecord, metricPoint, num } from './records.ts';

export type KennewegEnv = 'catch' | 'cartpole-pixels';
export type KennewegConfig = 'rl' | 'jepa+rl' | 'jepa' | 'jepa+var';

/** The four configurations: which losses train the encoder. */
export const KENNEWEG_CONFIGS: Record<KennewegConfig, { label: string; jepa: boolean; rlIntoEncoder: boolean; varReg: boolean }> = {
  rl: { label: 'no JEPA + RL', jepa: false, rlIntoEncoder: true, varReg: false },
  'jepa+rl': { label: 'JEPA + RL', jepa: true, rlIntoEncoder: true, varReg: false },
  jepa: { label: 'JEPA only', jepa: true, rlIntoEncoder: false, varReg: false },
  'jepa+var': { label: 'JEPA + variance regulariser', jepa: true, rlIntoEncoder: false, varReg: true },
};

export const KENNEWEG_HYPER = {
  lambda: 1,
  /** Weight of the variance hinge (VICReg's variance term, target std 1, eps 1e-4). */
  varCoef: 1,
  /** EMA target encoder: target <- tau target + (1 - tau) online after every update. */
  emaTau: 0.99,
  valueCoef: 0.5,
  lr: 0.003,
  clip: 10,
  d: 16,
  hidden: 32,
  gamma: 0.99,
  /** Value targets G x (1 - gamma), so they stay below 1 however long an episode. */
  returnScale: 0.01,
  normaliseAdvantage: true,
};

export interface KennewegBudget {
  /** Environment steps of training. */
  steps: number;
  /** An update uses whole episodes, at least this many steps. */
  batchSteps: number;
  /** Curve points every so many updates. */
  logEvery: number;
  evalEpisodes: number;
}

export const KENNEWEG_BUDGET: Record<KennewegEnv, { full: KennewegBudget; quick: KennewegBudget }> = {
  catch: { full: { steps: 200_000, batchSteps: 72, logEvery: 60, evalEpisodes: 200 }, quick: { steps: 2_000, batchSteps: 72, logEvery: 4, evalEpisodes: 40 } },
  'cartpole-pixels': {
    full: { steps: 250_000, batchSteps: 400, logEvery: 15, evalEpisodes: 20 },
    quick: { steps: 1_600, batchSteps: 400, logEvery: 1, evalEpisodes: 5 },
  },
};

export function catchEpisodic(): EpisodicEnv<CatchState> {
  return {
    name: 'catch', obsDim: 50, nActions: 3, gamma: KENNEWEG_HYPER.gamma, horizon: 9,
    reset: (rng) => catchReset(rng),
    step: (s, a) => {
      const r = catchStep(s, a);
      return { next: r.state, reward: r.reward, terminated: r.terminated };
    },
    observe: catchObs,
  };
}

export function pixelCartPoleEpisodic(): EpisodicEnv<PixelCartPoleState> {
  return {
    name: 'cartpole-pixels', obsDim: PIXELS.frames * FRAME_SIZE, nActions: 2, gamma: KENNEWEG_HYPER.gamma, horizon: CARTPOLE.maxSteps,
    reset: (rng) => pixelCartPoleReset(rng),
    step: (s, a) => {
      const r = pixelCartPoleStep(s, a);
      return { next: r.state, reward: 1, terminated: r.terminated };
    },
    observe: pixelCartPoleObs,
  };
}

export function kennewegEnv(name: KennewegEnv): EpisodicEnv<unknown> {
  return (name === 'catch' ? catchEpisodic() : pixelCartPoleEpisodic()) as EpisodicEnv<unknown>;
}

/** What a run's return is compared with: a random policy (exact or simulated) and the optimum / threshold. */
export interface Reference {
  random: number;
  /** Half-width of the 95% interval of the random policy's mean (0 when exact). */
  randomCi: number;
  optimum: number;
  optimumKind: 'optimum' | 'reward threshold';
}

export const RANDOM_EPISODES = 1000;

export function reference(name: KennewegEnv): Reference {
  if (name === 'catch') return { random: catchRandomReturn(), randomCi: 0, optimum: 1, optimumKind: 'optimum' };
  // The random policy's mean CartPole return, by simulation from a fixed seed. The dynamics don't
  // depend on the pixels, so the state environment gives the same episodes without rendering.
  const rng = new Rng(hashSeed(20250, 1));
  const rets: number[] = [];
  for (let e = 0; e < RANDOM_EPISODES; e++) {
    let s = cartPoleReset(rng), ret = 0;
    for (let t = 0; t < CARTPOLE.maxSteps; t++) {
      const r = cartPoleStep(s, rng.int(2));
      ret += 1;
      if (r.terminated) break;
      s = r.state;
    }
    rets.push(ret);
  }
  const { mean, half } = meanCi(rets, 1.96);
  return { random: mean, randomCi: half, optimum: CARTPOLE_REWARD_THRESHOLD, optimumKind: 'reward threshold' };
}

export function meanCi(xs: number[], z: number): { mean: number; half: number } {
  const n = xs.length;
  const mean = xs.reduce((a, b) => a + b, 0) / n;
  const sd = n > 1 ? Math.sqrt(xs.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1)) : 0;
  return { mean, half: n > 1 ? (z * sd) / Math.sqrt(n) : Infinity };
}

export const PROBE_SIZE = 256;

/** First PROBE_SIZE observations of random-policy episodes from the run's seed: fixed, so curves compare like with like. */
export function probeBatch(env: EpisodicEnv<unknown>, seed: number): number[][] {
  const rng = new Rng(hashSeed(seed, 77));
  const probe: number[][] = [];
  while (probe.length < PROBE_SIZE) {
    let s = env.reset(rng);
    for (let t = 0; t < env.horizon && probe.length < PROBE_SIZE; t++) {
      probe.push(env.observe(s));
      const r = env.step(s, rng.int(env.nActions), rng);
      if (r.terminated || r.next === null) break;
      s = r.next;
    }
  }
  return probe;
}

export interface KennewegRunSpec {
  env: KennewegEnv;
  config: KennewegConfig;
  ema: boolean;
  seed: number;
  quick: boolean;
}

/** budget overrides the experiment's (the bench times a fixed number of steps). */
export function trainKenneweg(spec: KennewegRunSpec, initSeed: number, budgetOverride?: KennewegBudget): RunRecord {
  const H = KENNEWEG_HYPER, C = KENNEWEG_CONFIGS[spec.config];
  const budget = budgetOverride ?? KENNEWEG_BUDGET[spec.env][spec.quick ? 'quick' : 'full'];
  const env = kennewegEnv(spec.env);
  const net: Net = initNet({ obsDim: env.obsDim, nActions: env.nActions, d: H.d, encHidden: H.hidden, wmHidden: H.hidden }, initSeed);
  const opt = new Adam(allParams(net), { lr: H.lr, clip: H.clip });
  const target = spec.ema && C.jepa ? cloneLayers(net.encoder) : null;
  const probe = probeBatch(env, initSeed);
  const X = constant(probe.flat(), probe.length, env.obsDim);
  const measure = (ret: number, withSpectrum = false): MetricPoint => {
    const Z = encode(net, X);
    return metricPoint(collapseMetrics(Z.data, Z.rows, Z.cols), ret, headNorm(net), withSpectrum);
  };
  const rng = new Rng(hashSeed(initSeed, 11));
  const curve: CurvePoint[] = [];
  const opts = {
    lambda: C.jepa ? H.lambda : 0, rlIntoEncoder: C.rlIntoEncoder, stopGradTarget: false, valueCoef: H.valueCoef, target,
    returnScale: H.returnScale, normaliseAdvantage: H.normaliseAdvantage, varCoef: C.varReg ? H.varCoef : 0,
  };
  let steps = 0, u = 0;
  while (steps < budget.steps) {
    const batch = collectUntil(net, env, budget.batchSteps, rng);
    steps += batch.obs.length;
    const ret = batch.episodeReturns.reduce((x, y) => x + y, 0) / batch.episodeReturns.length;
    if (u % budget.logEvery === 0) curve.push({ step: steps, ...measure(ret) });
    opt.zeroGrad();
    a2cLoss(net, batch, opts).loss.backward();
    opt.step();
    if (target) emaUpdate(target, net.encoder, H.emaTau);
    u++;
  }
  const evalRng = new Rng(hashSeed(initSeed, 99));
  const ev = collectBatch(net, env, budget.evalEpisodes, evalRng).episodeReturns;
  const { mean, half } = meanCi(ev, 1.96);
  const final: MetricPoint = { ...measure(mean, true), returnCi: num(half) };
  curve.push({ step: steps, ...measure(mean) });
  return {
    env: spec.env, mode: 'a2c', rlIntoEncoder: C.rlIntoEncoder, lambda: opts.lambda, seed: spec.seed, stopGradTarget: target !== null,
    returnKind: 'mean-episode-return', codeSet: `fixed probe of ${PROBE_SIZE} random-policy observations`, steps, final, curve,
    config: spec.config, ema: spec.ema, varCoef: opts.varCoef, algorithm: 'a2c', updates: u,
  };
}

/** Whole episodes until the batch holds at least minSteps steps. */
function collectUntil(net: Net, env: EpisodicEnv<unknown>, minSteps: number, rng: Rng) {
  const b = collectBatch(net, env, 1, rng);
  while (b.obs.length < minSteps) {
    const more = collectBatch(net, env, 1, rng);
    const off = b.obs.length;
    b.obs.push(...more.obs);
    b.actions.push(...more.actions);
    b.returns.push(...more.returns);
    b.nextSrc.push(...more.nextSrc.map((i) => i + off));
    b.nextObs.push(...more.nextObs);
    b.episodeReturns.push(...more.episodeReturns);
  }
  return b;
}
