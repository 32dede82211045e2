// Bridges the trainer to the paper's constructions: trained networks as Instances (types.ts), an
// exact evaluation of J for any Instance, and a Monte-Carlo estimate of the change in J_PG under
// a Perturbation, for checking the first-order claims against sampled returns.

import { Rng, hashSeed, sampleIndex } from '../autodiff/rng.ts';
import { constant, solveNumeric } from '../autodiff/index.ts';
import { type TabularEnv, chain, frozenLake, gridworld } from '../envs/tabular.ts';
import type { Instance, Perturbation, WorldModel } from '../model/types.ts';
import type { Linear } from '../autodiff/nn.ts';
import { EXACT_DEFAULTS, exactObjective, trainExact, type ExactProblem } from './exact.ts';
import type { RunRecord } from './records.ts';
import { type Net, encode } from './model.ts';
import { fmt } from './report.ts';

/** The paper's W (out x in) from a layer stored as in x out. */
function paperMatrix(l: Linear): number[][] {
  const nIn = l.w.rows, nOut = l.w.cols;
  return Array.from({ length: nOut }, (_, o) => Array.from({ length: nIn }, (_, i) => l.w.data[i * nOut + o]));
}

export function netToInstance(net: Net, env: TabularEnv, lambda: number): Instance {
  const Z = encode(net, constant(env.obs.flat(), env.obs.length, env.obs[0].length));
  return {
    mdp: structuredClone(env.mdp),
    encoder: Z.toArray(),
    head: { W: paperMatrix(net.head), b: Array.from(net.head.b.data) },
    worldModel: { kind: 'mlp', activation: 'tanh', layers: net.world.map((l) => ({ W: paperMatrix(l), b: Array.from(l.b.data) })) },
    lambda,
  };
}

export interface TrainedConfiguration {
  env: string;
  instance: Instance;
  note: string;
}

export const TRAINED_ENVS = ['frozenlake', 'frozenlake-slippery', 'chain', 'gridworld'] as const;
export const TRAINED_LAMBDA = 1;

/**
 * Exact-mode training (J = J_PG + lambda J_JEPA, on-policy, RL gradient into the encoder,
 * lambda = 1) on each tabular environment; the trained network becomes an Instance whose
 * encoder table is the code of each state's observation.
 */
export function trainedConfigurations(opts: { seed: number; quick: boolean }): TrainedConfiguration[] {
  const steps = opts.quick ? 150 : 1000;
  return trainedConfigurationsAt(opts.seed, [steps]).get(steps)!;
}

/**
 * trainedConfigurations after each of several training lengths, from one run per environment to
 * the longest: the shorter runs are its first steps (trainExact's checkpoints), so each length's
 * configurations equal those of a run trained to that length alone.
 */
export function trainedConfigurationsAt(seed: number, lengths: readonly number[]): Map<number, TrainedConfiguration[]> {
  const longest = Math.max(...lengths);
  const envs: Record<(typeof TRAINED_ENVS)[number], () => TabularEnv> = {
    frozenlake: () => frozenLake(false),
    'frozenlake-slippery': () => frozenLake(true),
    chain: () => chain(),
    gridworld: () => gridworld(),
  };
  const out = new Map<number, TrainedConfiguration[]>(lengths.map((n) => [n, []]));
  TRAINED_ENVS.forEach((name, k) => {
    const env = envs[name]();
    const run = trainExact(
      env,
      { ...EXACT_DEFAULTS, lambda: TRAINED_LAMBDA, rlIntoEncoder: true, steps: longest, logEvery: longest },
      hashSeed(seed, 1000 + k),
      lengths.filter((n) => n < longest),
    );
    for (const steps of lengths) {
      const { net, record } = steps === longest ? run : run.snapshots.get(steps)!;
      out.get(steps)!.push(configuration(name, env, net, run.prob, record, steps, seed));
    }
  });
  return out;
}

function configuration(name: string, env: TabularEnv, net: Net, prob: ExactProblem, record: RunRecord, steps: number, seed: number): TrainedConfiguration {
  const ev = exactObjective(net, prob, { ...EXACT_DEFAULTS, lambda: TRAINED_LAMBDA, rlIntoEncoder: true });
  const f = record.final;
  const note =
    `${name}: exact-mode training, ${steps} Adam steps (lr ${EXACT_DEFAULTS.lr}), lambda ${TRAINED_LAMBDA}, RL gradient into the encoder, seed ${seed}; ` +
    `final J_PG ${fmt(ev.jPG.item(), 4)}, J_JEPA ${fmt(ev.jJEPA.item(), 4)}, return ${fmt(f.return, 4)}, batch variance ${fmt(f.batchVariance)}, ` +
    `distinct codes ${f.distinctCodes}/${prob.nS}, RankMe ${fmt(f.rankMe)}, head norm ${fmt(f.headNorm)}; world model = the trained tanh MLP on [z; onehot(a)].`;
  return { env: name, instance: netToInstance(net, env, TRAINED_LAMBDA), note };
}

// ---------- exact evaluation of an Instance (plain numbers, no tape) ----------

function logitsOf(W: number[][], b: number[], z: number[]): number[] {
  return W.map((row, a) => row.reduce((s, w, j) => s + w * z[j], b[a]));
}

function softmaxOf(l: number[]): number[] {
  const m = Math.max(...l);
  const e = l.map((x) => Math.exp(x - m));
  const s = e.reduce((x, y) => x + y, 0);
  return e.map((x) => x / s);
}

export function worldModelApply(wm: WorldModel, z: number[], a: number, nA: number): number[] {
  if (wm.kind === 'affine') return wm.M[a].map((row, i) => row.reduce((s, m, j) => s + m * z[j], wm.c[a][i]));
  let h = [...z, ...Array.from({ length: nA }, (_, i) => (i === a ? 1 : 0))];
  wm.layers.forEach((l, k) => {
    const o = l.W.map((row, i) => row.reduce((s, w, j) => s + w * h[j], l.b[i]));
    h = k + 1 < wm.layers.length ? o.map(Math.tanh) : o;
  });
  return h;
}

export function policyTable(instance: Instance): number[][] {
  return instance.encoder.map((z) => softmaxOf(logitsOf(instance.head.W, instance.head.b, z)));
}

/** J_PG = -mu^T V^pi and J_JEPA (CLAIMS.md, on-policy reading) of an Instance, exactly. */
export function exactJ(instance: Instance): { jPG: number; jJEPA: number; J: number; V: number[]; d: number[] } {
  const { P, R, mu, gamma } = instance.mdp;
  const nS = P.length, nA = instance.head.W.length;
  const pi = policyTable(instance);
  const M = new Float64Array(nS * nS);
  const r = new Float64Array(nS);
  for (let s = 0; s < nS; s++) {
    M[s * nS + s] += 1;
    for (let a = 0; a < nA; a++) {
      r[s] += pi[s][a] * R[s][a];
      for (let t = 0; t < nS; t++) M[s * nS + t] -= gamma * pi[s][a] * P[s][a][t];
    }
  }
  const V = Array.from(solveNumeric(M, nS, r, 1));
  const Mt = new Float64Array(nS * nS);
  for (let i = 0; i < nS; i++) for (let j = 0; j < nS; j++) Mt[j * nS + i] = M[i * nS + j];
  const d = Array.from(solveNumeric(Mt, nS, Float64Array.from(mu), 1));
  let jJEPA = 0;
  for (let s = 0; s < nS; s++)
    for (let a = 0; a < nA; a++) {
      if (!P[s][a].some((p) => p > 0)) continue;
      const pred = worldModelApply(instance.worldModel, instance.encoder[s], a, nA);
      for (let t = 0; t < nS; t++) {
        if (P[s][a][t] === 0) continue;
        const e = pred.reduce((acc, p, j) => acc + (p - instance.encoder[t][j]) ** 2, 0);
        jJEPA += d[s] * pi[s][a] * P[s][a][t] * e;
      }
    }
  jJEPA *= instance.lambda;
  const jPG = -mu.reduce((acc, m, s) => acc + m * V[s], 0);
  return { jPG, jJEPA, J: jPG + jJEPA, V, d };
}

/** The Instance after the Perturbation: code of `state` + eps u, head W + k e_action r^T. */
export function perturbInstance(instance: Instance, p: Perturbation): Instance {
  const encoder = instance.encoder.map((z, s) => (s === p.state ? z.map((v, j) => v + p.eps * p.u[j]) : [...z]));
  const W = instance.head.W.map((row, a) => (a === p.action ? row.map((w, j) => w + p.k * p.r[j]) : [...row]));
  return { ...instance, encoder, head: { W, b: [...instance.head.b] } };
}

/**
 * Monte-Carlo estimate of J_PG(perturbed) - J_PG(base), J_PG = -E[sum_t gamma^t R(s_t, a_t)],
 * episodes cut at `horizon`. Common random numbers: rollout i of both policies is driven by the
 * same uniforms (one for the start, then one for the action and one for the transition at each
 * step, by inverse CDF), so the two trajectories coincide until the policies' draws part, and
 * the difference has far lower variance than two independent estimates.
 */
export function sampledDeltaJ(instance: Instance, perturbation: Perturbation, opts: { rollouts: number; seed: number; horizon: number }): { mean: number; ci95: [number, number] } {
  const { P, R, mu, gamma } = instance.mdp;
  const piBase = policyTable(instance);
  const piPert = policyTable(perturbInstance(instance, perturbation));
  const us = new Float64Array(1 + 2 * opts.horizon);
  const run = (pi: number[][]): number => {
    let s = sampleIndex(mu, us[0], true);
    let G = 0, disc = 1;
    for (let t = 0; t < opts.horizon && s >= 0; t++) {
      const a = sampleIndex(pi[s], us[1 + 2 * t], true);
      G += disc * R[s][a];
      disc *= gamma;
      s = sampleIndex(P[s][a], us[2 + 2 * t]);
    }
    return G;
  };
  const n = opts.rollouts;
  let mean = 0, m2 = 0;
  for (let i = 0; i < n; i++) {
    const rng = new Rng(hashSeed(opts.seed, i));
    for (let j = 0; j < us.length; j++) us[j] = rng.next();
    const delta = -(run(piPert) - run(piBase));
    // Welford: stable for the many near-zero differences that common random numbers produce.
    const dm = delta - mean;
    mean += dm / (i + 1);
    m2 += dm * (delta - mean);
  }
  const half = n > 1 ? (1.96 * Math.sqrt(m2 / (n - 1))) / Math.sqrt(n) : 0;
  return { mean, ci95: [mean - half, mean + half] };
}
