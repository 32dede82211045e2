// Mode (a): the exact expected objective on a tabular MDP, differentiated end to end.
//   J_PG   = -mu^T V^pi,            V = (I - gamma P_pi)^{-1} r_pi
//   J_JEPA = lambda sum_s d(s) sum_a pi(a|s) sum_s' P(s'|s,a) ||W_psi(E(s), a) - E(s')||^2,
//            d^T = mu^T (I - gamma P_pi)^{-1} (discounted visitation).
// On the 'on-policy' reading (CLAIMS.md) the weights d(s) pi(a|s) move with theta and phi and are
// differentiated; on 'fixed-data' they are held at their current values (detached).

import {
  Tensor, add, constant, eye, gatherCols, gatherRows, matmul, mean, mul, neg, pick, scale, softmax,
  solve, square, stopGrad, sub, sum, sumRows, transpose,
} from '../autodiff/index.ts';
import { Adam, type Linear } from '../autodiff/nn.ts';
import type { TabularEnv } from '../envs/tabular.ts';
import { nActions, nStates } from '../envs/tabular.ts';
import type { Reading } from '../model/types.ts';
import { type Net, allParams, encode, headNorm, initNet, policyLogits, predictNext, valueOf } from './model.ts';
import { collapseMetrics } from './metrics.ts';
import { type CurvePoint, type MetricPoint, type RunRecord, metricPoint } from './records.ts';

export interface ExactProblem {
  env: TabularEnv;
  nS: number;
  nA: number;
  X: Tensor;
  /** Pflat[s, a*S + t] = P(t | s, a). */
  Pflat: Tensor;
  /** Sums the A blocks of S columns: (A*S) x S. */
  Ssum: Tensor;
  /** repIdx[a*S + t] = a: expands pi (S x A) to S x (A*S). */
  repIdx: number[];
  R: Tensor;
  muRow: Tensor;
  muCol: Tensor;
  I: Tensor;
  gamma: number;
  /** The (s, a) pairs with outgoing mass, and the transitions (pair, s', p) with p > 0. */
  saS: number[];
  saA: number[];
  trPair: number[];
  trS: number[];
  trA: number[];
  trNext: number[];
  trP: Tensor;
}

export function exactProblem(env: TabularEnv): ExactProblem {
  const nS = nStates(env), nA = nActions(env);
  const { P, R, mu, gamma } = env.mdp;
  const Pflat = constant(new Float64Array(nS * nA * nS), nS, nA * nS);
  const Ssum = constant(new Float64Array(nA * nS * nS), nA * nS, nS);
  const repIdx: number[] = [];
  for (let a = 0; a < nA; a++)
    for (let t = 0; t < nS; t++) {
      repIdx.push(a);
      Ssum.data[(a * nS + t) * nS + t] = 1;
      for (let s = 0; s < nS; s++) Pflat.data[s * nA * nS + a * nS + t] = P[s][a][t];
    }
  const saS: number[] = [], saA: number[] = [], trPair: number[] = [], trS: number[] = [], trA: number[] = [], trNext: number[] = [], trP: number[] = [];
  for (let s = 0; s < nS; s++)
    for (let a = 0; a < nA; a++) {
      if (!P[s][a].some((p) => p > 0)) continue;
      const k = saS.length;
      saS.push(s);
      saA.push(a);
      P[s][a].forEach((p, t) => {
        if (p > 0) {
          trPair.push(k); trS.push(s); trA.push(a); trNext.push(t); trP.push(p);
        }
      });
    }
  return {
    env, nS, nA,
    X: constant(env.obs.flat(), nS, env.obs[0].length),
    Pflat, Ssum, repIdx,
    R: constant(R.flat(), nS, nA),
    muRow: constant(mu, 1, nS),
    muCol: constant(mu, nS, 1),
    I: eye(nS),
    gamma,
    saS, saA, trPair, trS, trA, trNext,
    trP: constant(trP, trP.length, 1),
  };
}

export interface ExactOptions {
  lambda: number;
  rlIntoEncoder: boolean;
  stopGradTarget: boolean;
  reading: Reading;
}

export interface ExactEval {
  J: Tensor;
  jPG: Tensor;
  jJEPA: Tensor;
  /** Value-head regression on detached codes; not part of J (see trainExact). */
  valueLoss: Tensor;
  Z: Tensor;
  pi: Tensor;
  V: Tensor;
  d: Tensor;
}

export function exactObjective(net: Net, prob: ExactProblem, opts: ExactOptions): ExactEval {
  const Z = encode(net, prob.X);
  const Zpol = opts.rlIntoEncoder ? Z : stopGrad(Z);
  const logits = policyLogits(net, Zpol);
  const pi = softmax(logits);
  const Ppi = matmul(mul(gatherCols(pi, prob.repIdx), prob.Pflat), prob.Ssum);
  const rpi = sumRows(mul(pi, prob.R));
  const M = sub(prob.I, scale(Ppi, prob.gamma));
  const V = solve(M, rpi);
  const jPG = neg(matmul(prob.muRow, V));
  const d = solve(transpose(M), prob.muCol);

  const pred = predictNext(net, gatherRows(Z, prob.saS), prob.saA);
  const target = opts.stopGradTarget ? stopGrad(Z) : Z;
  const diff = sub(gatherRows(pred, prob.trPair), gatherRows(target, prob.trNext));
  const err = sumRows(square(diff));
  let w = mul(mul(gatherRows(d, prob.trS), pick(pi, prob.trS, prob.trA)), prob.trP);
  if (opts.reading === 'fixed-data') w = stopGrad(w);
  const jJEPA = scale(sum(mul(w, err)), opts.lambda);

  // The value head is a readout here (V is exact); it sees detached codes so J alone shapes phi.
  const vHat = valueOf(net, stopGrad(Z));
  const valueLoss = mean(square(sub(vHat, stopGrad(V))));
  return { J: add(jPG, jJEPA), jPG, jJEPA, valueLoss, Z, pi, V, d };
}

/** Exact mu^T V^pi for the current network, without a tape. */
export function exactReturn(net: Net, prob: ExactProblem): number {
  const ev = exactObjective(net, prob, { lambda: 0, rlIntoEncoder: true, stopGradTarget: true, reading: 'fixed-data' });
  return -ev.jPG.item();
}

export function tabularMetrics(net: Net, prob: ExactProblem, ret: number, withSpectrum = false): MetricPoint {
  const Z = encode(net, prob.X);
  return metricPoint(collapseMetrics(Z.data, Z.rows, Z.cols), ret, headNorm(net), withSpectrum);
}

export interface ExactTrainConfig extends ExactOptions {
  steps: number;
  lr: number;
  logEvery: number;
  d: number;
  hidden: number;
}

export const EXACT_DEFAULTS = { lr: 0.01, d: 16, hidden: 32, reading: 'on-policy' as Reading, stopGradTarget: false };

/**
 * Trains for cfg.steps Adam steps. `checkpoints` (step counts below cfg.steps) also return the net
 * and record that trainExact(env, { ...cfg, steps: c, logEvery: c }, seed) returns: that run is this
 * one's first c steps (the same initialisation, updates and Adam state), so the shorter runs of the
 * trained checks come out of the longest one instead of being trained again.
 */
export function trainExact(env: TabularEnv, cfg: ExactTrainConfig, seed: number, checkpoints: readonly number[] = []): { net: Net; record: RunRecord; prob: ExactProblem; snapshots: Map<number, { net: Net; record: RunRecord }> } {
  const prob = exactProblem(env);
  const net = initNet({ obsDim: env.obs[0].length, nActions: prob.nA, d: cfg.d, encHidden: cfg.hidden, wmHidden: cfg.hidden }, seed);
  const opt = new Adam(allParams(net), { lr: cfg.lr });
  const curve: CurvePoint[] = [];
  const snapshots = new Map<number, { net: Net; record: RunRecord }>();
  for (let step = 0; step <= cfg.steps; step++) {
    opt.zeroGrad();
    const ev = exactObjective(net, prob, cfg);
    if (step % cfg.logEvery === 0 || step === cfg.steps) curve.push({ step, ...tabularMetrics(net, prob, -ev.jPG.item()) });
    if (step > 0 && step < cfg.steps && checkpoints.includes(step)) {
      // The shorter run logs at step 0 (as this one) and at its last step, then stops before updating.
      const last = curve[curve.length - 1].step === step ? curve[curve.length - 1] : { step, ...tabularMetrics(net, prob, -ev.jPG.item()) };
      snapshots.set(step, { net: cloneNet(net), record: runRecord(env, { ...cfg, steps: step }, seed, prob, net, [{ ...curve[0] }, last]) });
    }
    if (step === cfg.steps) break;
    add(ev.J, ev.valueLoss).backward();
    opt.step();
  }
  return { net, prob, record: runRecord(env, cfg, seed, prob, net, curve), snapshots };
}

function runRecord(env: TabularEnv, cfg: ExactTrainConfig, seed: number, prob: ExactProblem, net: Net, curve: CurvePoint[]): RunRecord {
  const final = { ...curve[curve.length - 1], spectrum: tabularMetrics(net, prob, 0, true).spectrum } as Partial<CurvePoint>;
  delete final.step;
  return {
    env: env.name, mode: 'exact', rlIntoEncoder: cfg.rlIntoEncoder, lambda: cfg.lambda, seed,
    stopGradTarget: cfg.stopGradTarget, returnKind: 'exact-discounted', codeSet: `all ${prob.nS} states`,
    steps: cfg.steps, final: final as MetricPoint, curve,
  };
}

/** The parameters' values copied (no gradients, no optimiser state): the net as it stands. */
function cloneNet(net: Net): Net {
  const layer = (l: Linear): Linear => ({ w: copy(l.w), b: copy(l.b) });
  return { cfg: { ...net.cfg }, encoder: net.encoder.map(layer), head: layer(net.head), value: layer(net.value), world: net.world.map(layer) };
}

const copy = (t: Tensor): Tensor => new Tensor(Float64Array.from(t.data), t.rows, t.cols, t.requiresGrad);
