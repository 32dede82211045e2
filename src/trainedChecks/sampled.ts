// Monte-Carlo change of J_PG and J_JEPA under a Perturbation: the estimator of
// src/trainer/trained.ts sampledDeltaJ (common random numbers: one uniform for the start, then
// one for the action and one for the transition at each step, by inverse CDF), extended to
// J_JEPA on the same trajectories. Its J_PG part is sampledDeltaJ's number bit for bit (a test
// checks it); the uniforms are drawn on demand, which makes it much cheaper when episodes end
// long before the horizon. J_JEPA = lambda E[sum_t gamma^t ||W_psi(E(s_t), a_t) - E(s_{t+1})||^2]
// (CLAIMS.md); a step that ends the episode (the missing mass of P) adds nothing.
import { Rng, hashSeed, sampleIndex } from '../autodiff/rng.ts';
import type { Instance, Perturbation } from '../model/types.ts';
import { perturbInstance, policyTable, worldModelApply } from '../trainer/trained.ts';

export interface SampledDelta {
  mean: number;
  ci95: [number, number];
  /** Rollouts whose difference is not 0 (with common random numbers, the rest contribute exactly 0). */
  nonzero: number;
}

/** errSq[s][a][s'] = ||W_psi(E(s), a) - E(s')||^2. */
function errorTable(instance: Instance): number[][][] {
  const nA = instance.head.W.length;
  return instance.encoder.map((z, s) =>
    Array.from({ length: nA }, (_, a) => {
      const pred = worldModelApply(instance.worldModel, z, a, nA);
      return instance.encoder.map((t, sp) => (instance.mdp.P[s][a][sp] > 0 ? pred.reduce((acc, p, j) => acc + (p - t[j]) ** 2, 0) : 0));
    }),
  );
}

/** Monte-Carlo J_PG and J_JEPA changes (perturbed - base) from the same rollouts, 95% normal intervals. */
export function sampledDeltas(instance: Instance, perturbation: Perturbation, opts: { rollouts: number; seed: number; horizon: number }): { pg: SampledDelta; jepa: SampledDelta } {
  const { P, R, mu, gamma } = instance.mdp;
  const moved = perturbInstance(instance, perturbation);
  const piBase = policyTable(instance);
  const piPert = policyTable(moved);
  const errBase = errorTable(instance);
  const errPert = errorTable(moved);
  const lambda = instance.lambda;
  // The uniforms of one rollout, drawn on demand in the order sampledDeltaJ draws them all up
  // front (so the numbers, and the estimates of J_PG, are identical), but only as far as the
  // longer of the two episodes reaches: far cheaper when episodes end well before the horizon.
  const us = new Float64Array(1 + 2 * opts.horizon);
  let rng = new Rng(0);
  let filled = 0;
  const u = (i: number): number => {
    while (filled <= i) us[filled++] = rng.next();
    return us[i];
  };
  const run = (pi: number[][], err: number[][][]): [number, number] => {
    let s = sampleIndex(mu, u(0), true);
    let G = 0, C = 0, disc = 1;
    for (let t = 0; t < opts.horizon && s >= 0; t++) {
      const a = sampleIndex(pi[s], u(1 + 2 * t), true);
      G += disc * R[s][a];
      const next = sampleIndex(P[s][a], u(2 + 2 * t));
      if (next >= 0) C += disc * err[s][a][next];
      disc *= gamma;
      s = next;
    }
    return [G, lambda * C];
  };
  const acc = { pg: welford(), jepa: welford() };
  for (let i = 0; i < opts.rollouts; i++) {
    rng = new Rng(hashSeed(opts.seed, i));
    filled = 0;
    const [g1, c1] = run(piPert, errPert);
    const [g0, c0] = run(piBase, errBase);
    acc.pg.add(-(g1 - g0));
    acc.jepa.add(c1 - c0);
  }
  return { pg: acc.pg.result(), jepa: acc.jepa.result() };
}

function welford() {
  let n = 0, mean = 0, m2 = 0, nonzero = 0;
  return {
    add(x: number) {
      n++;
      if (x !== 0) nonzero++;
      const dm = x - mean;
      mean += dm / n;
      m2 += dm * (x - mean);
    },
    result(): SampledDelta {
      const half = n > 1 ? (1.96 * Math.sqrt(m2 / (n - 1))) / Math.sqrt(n) : 0;
      return { mean, ci95: [mean - half, mean + half], nonzero };
    },
  };
}

/** Rollout horizon at which the discounted tail is below 1e-6 of a step (capped). */
export const horizonFor = (gamma: number, cap = 2000): number => (gamma < 1 ? Math.min(cap, Math.ceil(Math.log(1e-6) / Math.log(gamma))) : cap);
