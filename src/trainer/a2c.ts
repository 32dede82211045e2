// Mode (b): sampled A2C as eq. (1). Each update collects N episodes with the current policy,
// then minimises, per time step of the batch,
//   -log pi(a_t | E(s_t)) A_t  +  c_v (V(E(s_t)) - G_t)^2  +  lambda ||W_psi(E(s_t), a_t) - E(s_{t+1})||^2
// with A_t = G_t - V(E(s_t)) (value head, detached), G_t the discounted Monte-Carlo return
// (bootstrapped with the value head at a truncation). The JEPA sum is undiscounted, as eq. (1)
// writes it. rlIntoEncoder=false detaches the code fed to both heads, so only JEPA trains E.

import { Rng, hashSeed, sampleIndex } from '../autodiff/rng.ts';
import { Tensor, add, constant, gatherRows, logSoftmax, mul, pick, scale, square, stopGrad, sub, sum, sumRows } from '../autodiff/index.ts';
import { Adam, type Linear, applyMlpRaw } from '../autodiff/nn.ts';
import { varianceHinge } from '../autodiff/kernels.ts';
import { type CartPoleState, CARTPOLE, cartPoleReset, cartPoleStep } from '../envs/cartpole.ts';
import { type TabularEnv, tabularReset, tabularStep } from '../envs/tabular.ts';
import { type Net, actRaw, allParams, encode, headNorm, initNet, policyLogits, predictNext, valueOf } from './model.ts';
import { collapseMetrics } from './metrics.ts';
import { type CurvePoint, type MetricPoint, type RunRecord, metricPoint } from './records.ts';
import { exactProblem, exactReturn, tabularMetrics } from './exact.ts';

export interface EpisodicEnv<S> {
  name: string;
  obsDim: number;
  nActions: number;
  gamma: number;
  horizon: number;
  reset(rng: Rng): S;
  /** next = null when the episode ends with no next observation (missing mass). */
  step(s: S, a: number, rng: Rng): { next: S | null; reward: number; terminated: boolean };
  observe(s: S): number[];
}

export function tabularEpisodic(env: TabularEnv): EpisodicEnv<number> {
  return {
    name: env.name,
    obsDim: env.obs[0].length,
    nActions: env.mdp.R[0].length,
    gamma: env.mdp.gamma,
    horizon: env.horizon,
    reset: (rng) => tabularReset(env, rng.next()),
    step: (s, a, rng) => {
      const r = tabularStep(env, s, a, rng.next());
      return { next: r.next < 0 ? null : r.next, reward: r.reward, terminated: r.done };
    },
    observe: (s) => env.obs[s],
  };
}

export function cartPoleEpisodic(gamma = 0.99): EpisodicEnv<CartPoleState> {
  return {
    name: 'cartpole',
    obsDim: 4,
    nActions: 2,
    gamma,
    horizon: CARTPOLE.maxSteps,
    reset: (rng) => cartPoleReset(rng),
    step: (s, a) => {
      const r = cartPoleStep(s, a);
      return { next: r.state, reward: 1, terminated: r.terminated };
    },
    observe: (s) => [...s],
  };
}

export interface Batch {
  obs: number[][];
  actions: number[];
  /** Discounted Monte-Carlo returns G_t (bootstrapped at truncation). */
  returns: number[];
  /** For every step that has a next observation: the step's index and that observation. */
  nextSrc: number[];
  nextObs: number[][];
  /** Undiscounted return of each episode. */
  episodeReturns: number[];
}

export function collectBatch<S>(net: Net, env: EpisodicEnv<S>, episodes: number, rng: Rng): Batch {
  const b: Batch = { obs: [], actions: [], returns: [], nextSrc: [], nextObs: [], episodeReturns: [] };
  for (let e = 0; e < episodes; e++) {
    let s = env.reset(rng);
    const rewards: number[] = [];
    const start = b.obs.length;
    let bootstrap = 0;
    for (let t = 0; t < env.horizon; t++) {
      const o = env.observe(s);
      const { probs } = actRaw(net, o);
      const a = sampleIndex(probs, rng.next(), true);
      const r = env.step(s, a, rng);
      b.obs.push(o);
      b.actions.push(a);
      rewards.push(r.reward);
      if (r.next !== null) {
        b.nextSrc.push(b.obs.length - 1);
        b.nextObs.push(env.observe(r.next));
      }
      if (r.terminated || r.next === null) break;
      s = r.next;
      // A time-limit cut is not a termination: the tail is estimated by the value head.
      if (t + 1 === env.horizon) bootstrap = actRaw(net, env.observe(s)).value;
    }
    let G = bootstrap;
    const G_: number[] = new Array(rewards.length);
    for (let t = rewards.length - 1; t >= 0; t--) G_[t] = G = rewards[t] + env.gamma * G;
    for (let t = 0; t < rewards.length; t++) b.returns[start + t] = G_[t];
    b.episodeReturns.push(rewards.reduce((x, y) => x + y, 0));
  }
  return b;
}

export interface A2COptions {
  lambda: number;
  rlIntoEncoder: boolean;
  stopGradTarget: boolean;
  valueCoef: number;
  /** An EMA target encoder: the JEPA target is its (constant) code of s_{t+1}, not E_phi's. */
  target?: Linear[] | null;
  /** The value head fits G_t x returnScale (CartPole's returns reach 100; the head starts near 0). */
  returnScale?: number;
  /** Advantages standardised over the batch (mean 0, std 1), as PPO implementations do. */
  normaliseAdvantage?: boolean;
  /** Weight of the variance regulariser (VICReg's hinge on the per-dimension std of the batch's codes). */
  varCoef?: number;
}

export interface A2CLoss {
  loss: Tensor;
  pg: Tensor;
  value: Tensor;
  jepa: Tensor;
  /** Codes of the batch's observations s_t. */
  Z: Tensor;
}

/** Eq. (1) as a loss to minimise, each sum over t divided by the batch's step count. */
export function a2cLoss(net: Net, batch: Batch, opts: A2COptions): A2CLoss {
  const T = batch.obs.length, K = batch.nextObs.length, o = net.cfg.obsDim;
  const X = constant(new Float64Array((T + K) * o), T + K, o);
  batch.obs.forEach((row, i) => X.data.set(row, i * o));
  batch.nextObs.forEach((row, i) => X.data.set(row, (T + i) * o));
  // One encoder pass for s_t and s_{t+1}, so both are outputs of the same E_phi.
  const Zall = encode(net, X);
  const steps = [...Array(T).keys()];
  const Z = gatherRows(Zall, steps);
  const Zrl = opts.rlIntoEncoder ? Z : stopGrad(Z);
  const logp = logSoftmax(policyLogits(net, Zrl));
  const lp = pick(logp, steps, batch.actions);
  const V = valueOf(net, Zrl);
  const rs = opts.returnScale ?? 1;
  const G = constant(rs === 1 ? batch.returns : batch.returns.map((g) => g * rs), T, 1);
  // The advantage is a constant of the loss (the policy-gradient estimator's weight).
  let adv = sub(G, stopGrad(V));
  if (opts.normaliseAdvantage && T > 1) adv = constant(standardise(adv.data), T, 1);
  const pg = scale(sum(mul(lp, adv)), -1 / T);
  const value = scale(sum(square(sub(V, G))), opts.valueCoef / T);
  let jepa: Tensor = constant([0], 1, 1);
  if (K > 0 && opts.lambda !== 0) {
    const Zn = opts.target
      ? constant(applyMlpRaw(opts.target, X.data.subarray(T * o), K, o), K, net.cfg.d)
      : gatherRows(Zall, [...Array(K).keys()].map((i) => T + i));
    const pred = predictNext(net, gatherRows(Z, batch.nextSrc), batch.nextSrc.map((t) => batch.actions[t]));
    const err = sumRows(square(sub(pred, opts.stopGradTarget ? stopGrad(Zn) : Zn)));
    jepa = scale(sum(err), opts.lambda / T);
  }
  let loss = add(add(pg, value), jepa);
  if (opts.varCoef) loss = add(loss, scale(varianceHinge(Z), opts.varCoef));
  return { loss, pg, value, jepa, Z };
}

function standardise(x: Float64Array): Float64Array {
  const n = x.length;
  let m = 0, v = 0;
  for (const a of x) m += a / n;
  for (const a of x) v += (a - m) ** 2 / n;
  const sd = Math.sqrt(v) + 1e-8;
  return x.map((a) => (a - m) / sd);
}

export interface A2CConfig extends A2COptions {
  updates: number;
  episodes: number;
  lr: number;
  logEvery: number;
  d: number;
  hidden: number;
  /** Gradient-norm clip for the sampled gradients. */
  clip: number;
}

export const A2C_DEFAULTS = { valueCoef: 0.5, lr: 0.005, d: 16, hidden: 32, clip: 10, stopGradTarget: false };

interface Measure {
  codeSet: string;
  returnKind: RunRecord['returnKind'];
  /** Metrics at a curve point; batchReturn is the mean episode return of the last batch. */
  point(net: Net, batchReturn: number): MetricPoint;
  final(net: Net): MetricPoint;
}

function tabularMeasure(env: TabularEnv): Measure {
  const prob = exactProblem(env);
  const m = (net: Net) => tabularMetrics(net, prob, exactReturn(net, prob));
  return { codeSet: `all ${prob.nS} states`, returnKind: 'exact-discounted', point: (net) => m(net), final: m };
}

export const CARTPOLE_PROBE = 256;
export const CARTPOLE_EVAL_EPISODES = 20;

/**
 * CartPole has no state table, so the codes are measured on a fixed probe batch: the first 256
 * observations of uniformly random-action episodes drawn from the run's seed. Fixed so that the
 * curve compares like with like; random-policy states sit near the upright start, the region
 * every policy visits.
 */
function cartPoleMeasure(env: EpisodicEnv<CartPoleState>, seed: number): Measure {
  const rng = new Rng(hashSeed(seed, 77));
  const probe: number[][] = [];
  while (probe.length < CARTPOLE_PROBE) {
    let s = env.reset(rng);
    for (let t = 0; t < env.horizon && probe.length < CARTPOLE_PROBE; t++) {
      probe.push(env.observe(s));
      const r = env.step(s, rng.int(2), rng);
      if (r.terminated || r.next === null) break;
      s = r.next;
    }
  }
  const X = constant(probe.flat(), probe.length, env.obsDim);
  const metrics = (net: Net, ret: number): MetricPoint => {
    const Z = encode(net, X);
    return metricPoint(collapseMetrics(Z.data, Z.rows, Z.cols), ret, headNorm(net));
  };
  return {
    codeSet: `fixed probe of ${CARTPOLE_PROBE} random-policy observations`,
    returnKind: 'mean-episode-return',
    point: metrics,
    final: (net) => {
      const evalRng = new Rng(hashSeed(seed, 99));
      const b = collectBatch(net, env, CARTPOLE_EVAL_EPISODES, evalRng);
      return metrics(net, b.episodeReturns.reduce((x, y) => x + y, 0) / b.episodeReturns.length);
    },
  };
}

export function trainA2C<S>(env: EpisodicEnv<S>, measure: Measure, cfg: A2CConfig, seed: number): { net: Net; record: RunRecord } {
  const net = initNet({ obsDim: env.obsDim, nActions: env.nActions, d: cfg.d, encHidden: cfg.hidden, wmHidden: cfg.hidden }, seed);
  const opt = new Adam(allParams(net), { lr: cfg.lr, clip: cfg.clip });
  const rng = new Rng(hashSeed(seed, 11));
  const curve: CurvePoint[] = [];
  let lastReturn = NaN;
  for (let u = 0; u < cfg.updates; u++) {
    const batch = collectBatch(net, env, cfg.episodes, rng);
    lastReturn = batch.episodeReturns.reduce((x, y) => x + y, 0) / batch.episodeReturns.length;
    if (u % cfg.logEvery === 0) curve.push({ step: u, ...measure.point(net, lastReturn) });
    opt.zeroGrad();
    a2cLoss(net, batch, cfg).loss.backward();
    opt.step();
  }
  const final = measure.final(net);
  curve.push({ step: cfg.updates, ...final });
  return {
    net,
    record: {
      env: env.name, mode: 'a2c', rlIntoEncoder: cfg.rlIntoEncoder, lambda: cfg.lambda, seed, stopGradTarget: cfg.stopGradTarget,
      returnKind: measure.returnKind, codeSet: measure.codeSet, steps: cfg.updates, final, curve,
    },
  };
}

export function trainA2CTabular(env: TabularEnv, cfg: A2CConfig, seed: number) {
  return trainA2C(tabularEpisodic(env), tabularMeasure(env), cfg, seed);
}

export function trainA2CCartPole(cfg: A2CConfig, seed: number) {
  const env = cartPoleEpisodic();
  return trainA2C(env, cartPoleMeasure(env, seed), cfg, seed);
}
