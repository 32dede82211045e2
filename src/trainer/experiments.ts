// The experiment grid of issue 5: JEPA with vs without the policy-gradient path into the encoder,
// lambda in {0.1, 1, 10}, 5 seeds, on FrozenLake (deterministic and slippery; exact and A2C) and
// CartPole (A2C). Each run is a pure function of its spec, so runs can go to worker threads in
// any order and the report is still byte-identical for a seed.

import { hashSeed } from '../autodiff/rng.ts';
import { frozenLake } from '../envs/tabular.ts';
import { A2C_DEFAULTS, type A2CConfig, trainA2CCartPole, trainA2CTabular } from './a2c.ts';
import { EXACT_DEFAULTS, trainExact } from './exact.ts';
import type { RunRecord, TrainMode } from './records.ts';
import { KENNEWEG_CONFIGS, KENNEWEG_HYPER, type KennewegConfig, type KennewegEnv, trainKenneweg } from './kenneweg.ts';

export type EnvName = 'frozenlake' | 'frozenlake-slippery' | 'cartpole' | KennewegEnv;

export interface RunSpec {
  env: EnvName;
  mode: TrainMode;
  rlIntoEncoder: boolean;
  lambda: number;
  seed: number;
  quick: boolean;
  stopGradTarget: boolean;
  /** Set for the kenneweg experiment's runs: the configuration and whether the JEPA target is an EMA encoder. */
  config?: KennewegConfig;
  ema?: boolean;
}

export const LAMBDAS = [0.1, 1, 10];
export const SEEDS_FULL = 5;
export const SEEDS_QUICK = 1;

/** Budgets: full fits < 10 min on 2 cores, quick < 1 min on one. */
export const BUDGET = {
  exact: { full: { steps: 1000, logEvery: 50 }, quick: { steps: 120, logEvery: 20 } },
  a2cTabular: { full: { updates: 300, episodes: 16, logEvery: 15 }, quick: { updates: 30, episodes: 8, logEvery: 10 } },
  a2cCartPole: { full: { updates: 300, episodes: 8, logEvery: 15 }, quick: { updates: 25, episodes: 8, logEvery: 5 } },
} as const;

export interface Experiment {
  description: string;
  combos: { env: EnvName; mode: TrainMode }[];
  /** 'kenneweg': the four-configuration grid of kenneweg.ts instead of the lambda x RL grid. */
  grid?: 'kenneweg';
}

const FROZENLAKE_COMBOS: Experiment['combos'] = [
  { env: 'frozenlake', mode: 'exact' },
  { env: 'frozenlake-slippery', mode: 'exact' },
  { env: 'frozenlake', mode: 'a2c' },
  { env: 'frozenlake-slippery', mode: 'a2c' },
];

export const EXPERIMENTS: Record<string, Experiment> = {
  collapse: {
    description: 'JEPA-only encoder vs JEPA + RL on FrozenLake (exact and A2C, deterministic and slippery) and CartPole (A2C)',
    combos: [...FROZENLAKE_COMBOS, { env: 'cartpole', mode: 'a2c' }],
  },
  frozenlake: { description: 'the FrozenLake part of collapse', combos: FROZENLAKE_COMBOS },
  cartpole: { description: 'the CartPole part of collapse', combos: [{ env: 'cartpole', mode: 'a2c' }] },
};
EXPERIMENTS.kenneweg = {
  description:
    "Kenneweg et al. (2025)'s four configurations (no JEPA + RL, JEPA + RL, JEPA only, JEPA + variance regulariser), with and without an EMA target encoder, A2C, on pixel Catch and pixel CartPole",
  combos: [
    { env: 'catch', mode: 'a2c' },
    { env: 'cartpole-pixels', mode: 'a2c' },
  ],
  grid: 'kenneweg',
};

/** Configurations x EMA of the kenneweg grid; without a JEPA loss an EMA target has nothing to do, so 'rl' runs once. */
export const KENNEWEG_CELLS: { config: KennewegConfig; ema: boolean }[] = (Object.keys(KENNEWEG_CONFIGS) as KennewegConfig[]).flatMap((config) =>
  KENNEWEG_CONFIGS[config].jepa ? [{ config, ema: true }, { config, ema: false }] : [{ config, ema: false }],
);

export function experimentSpecs(name: string, quick: boolean, baseSeed: number, stopGradTarget: boolean): RunSpec[] {
  const exp = EXPERIMENTS[name];
  if (!exp) throw new Error(`unknown experiment '${name}'`);
  const nSeeds = quick ? SEEDS_QUICK : SEEDS_FULL;
  const specs: RunSpec[] = [];
  if (exp.grid === 'kenneweg') {
    for (const { env, mode } of exp.combos)
      for (const { config, ema } of KENNEWEG_CELLS)
        for (let k = 0; k < nSeeds; k++)
          specs.push({ env, mode, config, ema, rlIntoEncoder: KENNEWEG_CONFIGS[config].rlIntoEncoder, lambda: KENNEWEG_CONFIGS[config].jepa ? KENNEWEG_HYPER.lambda : 0, seed: baseSeed + k, quick, stopGradTarget: ema });
    return specs;
  }
  for (const { env, mode } of exp.combos)
    for (const lambda of LAMBDAS)
      for (const rlIntoEncoder of [false, true])
        for (let k = 0; k < nSeeds; k++) specs.push({ env, mode, rlIntoEncoder, lambda, seed: baseSeed + k, quick, stopGradTarget });
  return specs;
}

/**
 * The network initialisation depends on (seed, env, mode) only, so the two conditions and the
 * three lambdas of one seed start from the same weights: differences are due to training alone.
 */
export function initSeed(spec: RunSpec): number {
  let h = hashSeed(spec.seed, 0);
  for (const ch of `${spec.env}/${spec.mode}`) h = hashSeed(h, ch.charCodeAt(0));
  return h;
}

export function executeRun(spec: RunSpec): RunRecord {
  const b = spec.quick ? 'quick' : 'full';
  const seed = initSeed(spec);
  let record: RunRecord;
  if (spec.config !== undefined) {
    if (spec.env !== 'catch' && spec.env !== 'cartpole-pixels') throw new Error(`the kenneweg grid has no environment '${spec.env}'`);
    record = trainKenneweg({ env: spec.env, config: spec.config, ema: spec.ema === true, seed: spec.seed, quick: spec.quick }, seed);
  } else if (spec.mode === 'exact') {
    if (spec.env !== 'frozenlake' && spec.env !== 'frozenlake-slippery') throw new Error('exact mode needs a tabular environment');
    const env = frozenLake(spec.env === 'frozenlake-slippery');
    record = trainExact(env, { ...EXACT_DEFAULTS, ...BUDGET.exact[b], lambda: spec.lambda, rlIntoEncoder: spec.rlIntoEncoder, stopGradTarget: spec.stopGradTarget }, seed).record;
  } else if (spec.env === 'cartpole') {
    const cfg: A2CConfig = { ...A2C_DEFAULTS, ...BUDGET.a2cCartPole[b], lambda: spec.lambda, rlIntoEncoder: spec.rlIntoEncoder, stopGradTarget: spec.stopGradTarget };
    record = trainA2CCartPole(cfg, seed).record;
  } else {
    if (spec.env !== 'frozenlake' && spec.env !== 'frozenlake-slippery') throw new Error(`a2c on '${spec.env}' needs the kenneweg grid`);
    const cfg: A2CConfig = { ...A2C_DEFAULTS, ...BUDGET.a2cTabular[b], lambda: spec.lambda, rlIntoEncoder: spec.rlIntoEncoder, stopGradTarget: spec.stopGradTarget };
    record = trainA2CTabular(frozenLake(spec.env === 'frozenlake-slippery'), cfg, seed).record;
  }
  // The record names the user-facing seed; the derived initialisation seed is an implementation detail.
  return { ...record, seed: spec.seed };
}
