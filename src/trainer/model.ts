// The network of eq. (1): encoder E_phi (tanh MLP on the observation), a softmax policy head and a
// value head, both single linear layers on the code (the paper's §4.1 head: l(z) = W z + b), and
// the JEPA world model W_psi, a tanh MLP on [z; onehot(a)] (the MlpWorldModel shape of types.ts).

import { Rng, hashSeed } from '../autodiff/rng.ts';
import { Tensor, concatCols, constant } from '../autodiff/index.ts';
import { type Linear, applyLinear, applyMlp, layerParams, linear, mlp, mlpForwardRaw } from '../autodiff/nn.ts';

export interface NetConfig {
  obsDim: number;
  nActions: number;
  /** Code dimension d; the paper assumes d well above |A|. */
  d: number;
  encHidden: number;
  wmHidden: number;
}

export interface Net {
  cfg: NetConfig;
  encoder: Linear[];
  head: Linear;
  value: Linear;
  world: Linear[];
}

export function initNet(cfg: NetConfig, seed: number): Net {
  // Separate streams per part, so changing one part's size leaves the others' initial values alone.
  return {
    cfg,
    encoder: mlp(new Rng(hashSeed(seed, 1)), [cfg.obsDim, cfg.encHidden, cfg.d]),
    // A small initial head keeps the initial policy near uniform.
    head: linear(new Rng(hashSeed(seed, 2)), cfg.d, cfg.nActions, 0.1),
    value: linear(new Rng(hashSeed(seed, 3)), cfg.d, 1, 0.1),
    world: mlp(new Rng(hashSeed(seed, 4)), [cfg.d + cfg.nActions, cfg.wmHidden, cfg.d]),
  };
}

export const encoderParams = (net: Net) => layerParams(net.encoder);
export const headParams = (net: Net) => [net.head.w, net.head.b];
export const valueParams = (net: Net) => [net.value.w, net.value.b];
export const worldParams = (net: Net) => layerParams(net.world);
export const allParams = (net: Net) => [...encoderParams(net), ...headParams(net), ...valueParams(net), ...worldParams(net)];

export const encode = (net: Net, X: Tensor) => applyMlp(net.encoder, X, 'tanh');
export const policyLogits = (net: Net, Z: Tensor) => applyLinear(net.head, Z);
export const valueOf = (net: Net, Z: Tensor) => applyLinear(net.value, Z);

export function oneHotRows(actions: ArrayLike<number>, nA: number): Tensor {
  const t = constant(new Float64Array(actions.length * nA), actions.length, nA);
  for (let i = 0; i < actions.length; i++) t.data[i * nA + actions[i]] = 1;
  return t;
}

/** W_psi(z, a) for each row of Z with the matching action. */
export function predictNext(net: Net, Z: Tensor, actions: ArrayLike<number>): Tensor {
  return applyMlp(net.world, concatCols([Z, oneHotRows(actions, net.cfg.nActions)]), 'tanh');
}

/** Action probabilities and value for one observation without building a tape (rollout loop). */
export function actRaw(net: Net, obs: ArrayLike<number>): { probs: Float64Array; value: number; code: Float64Array } {
  const z = mlpForwardRaw(net.encoder, Float64Array.from(obs), 'tanh');
  const logits = mlpForwardRaw([net.head], z);
  let mx = -Infinity;
  for (const l of logits) mx = Math.max(mx, l);
  let s = 0;
  const probs = new Float64Array(logits.length);
  for (let i = 0; i < logits.length; i++) s += (probs[i] = Math.exp(logits[i] - mx));
  for (let i = 0; i < probs.length; i++) probs[i] /= s;
  return { probs, value: mlpForwardRaw([net.value], z)[0], code: z };
}

/** Frobenius norm of the policy head's weight matrix. */
export function headNorm(net: Net): number {
  let s = 0;
  for (const w of net.head.w.data) s += w * w;
  return Math.sqrt(s);
}
