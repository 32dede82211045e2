// Layers and the optimiser the trainer needs. A linear layer keeps its weight as in x out so that a
// batch X (n x in) maps by X @ w + b without a transpose; export to the paper's W (out x in) transposes.

import { Rng } from './rng.ts';
import { Tensor } from './tensor.ts';
import { matmul } from './linalgOps.ts';
import { add, tanh, relu } from './elementwise.ts';

export interface Linear {
  /** in x out */
  w: Tensor;
  /** 1 x out */
  b: Tensor;
}

/** LeCun-normal weights (std 1/sqrt(in)) times gain, zero bias: activations start at unit scale. */
export function linear(rng: Rng, nIn: number, nOut: number, gain = 1): Linear {
  const w = new Tensor(new Float64Array(nIn * nOut), nIn, nOut, true);
  const std = gain / Math.sqrt(nIn);
  for (let i = 0; i < w.size; i++) w.data[i] = std * rng.normal();
  return { w, b: new Tensor(new Float64Array(nOut), 1, nOut, true) };
}

export function applyLinear(l: Linear, x: Tensor): Tensor {
  return add(matmul(x, l.w), l.b);
}

export type Activation = 'tanh' | 'relu';

/** Hidden layers use the activation, the last layer is linear. */
export function mlp(rng: Rng, sizes: number[], lastGain = 1): Linear[] {
  const layers: Linear[] = [];
  for (let i = 0; i + 1 < sizes.length; i++) layers.push(linear(rng, sizes[i], sizes[i + 1], i + 2 === sizes.length ? lastGain : 1));
  return layers;
}

export function applyMlp(layers: Linear[], x: Tensor, act: Activation = 'tanh'): Tensor {
  let h = x;
  layers.forEach((l, i) => {
    h = applyLinear(l, h);
    if (i + 1 < layers.length) h = act === 'tanh' ? tanh(h) : relu(h);
  });
  return h;
}

export function layerParams(layers: Linear[]): Tensor[] {
  return layers.flatMap((l) => [l.w, l.b]);
}

/** Plain forward without a tape, for the inner loop of rollouts (one observation at a time). */
export function mlpForwardRaw(layers: Linear[], x: Float64Array, act: Activation = 'tanh'): Float64Array {
  let h = x;
  layers.forEach((l, li) => {
    const nIn = l.w.rows, nOut = l.w.cols;
    const o = Float64Array.from(l.b.data);
    for (let i = 0; i < nIn; i++) {
      const hi = h[i];
      if (hi === 0) continue;
      for (let j = 0; j < nOut; j++) o[j] += hi * l.w.data[i * nOut + j];
    }
    if (li + 1 < layers.length) for (let j = 0; j < nOut; j++) o[j] = act === 'tanh' ? Math.tanh(o[j]) : Math.max(0, o[j]);
    h = o;
  });
  return h;
}

/** Forward of a batch (n rows of x) without a tape: the EMA target encoder's codes. */
export function applyMlpRaw(layers: Linear[], x: Float64Array, n: number, nIn: number, act: Activation = 'tanh'): Float64Array {
  const out = new Float64Array(n * layers[layers.length - 1].w.cols);
  const k = out.length / n;
  for (let i = 0; i < n; i++) out.set(mlpForwardRaw(layers, x.subarray(i * nIn, (i + 1) * nIn), act), i * k);
  return out;
}

export interface AdamOptions {
  lr: number;
  beta1?: number;
  beta2?: number;
  eps?: number;
  /** Global gradient-norm clip; A2C's sampled gradients have heavy tails. */
  clip?: number;
}

export class Adam {
  private readonly m: Float64Array[];
  private readonly v: Float64Array[];
  private t = 0;
  constructor(readonly params: Tensor[], readonly opts: AdamOptions) {
    this.m = params.map((p) => new Float64Array(p.size));
    this.v = params.map((p) => new Float64Array(p.size));
  }

  zeroGrad(): void {
    for (const p of this.params) p.zeroGrad();
  }

  /** Returns the gradient norm before clipping (a training diagnostic). */
  step(): number {
    const { lr, beta1 = 0.9, beta2 = 0.999, eps = 1e-8, clip } = this.opts;
    let sq = 0;
    for (const p of this.params) if (p.grad) for (const g of p.grad) sq += g * g;
    const norm = Math.sqrt(sq);
    const factor = clip !== undefined && norm > clip ? clip / norm : 1;
    this.t++;
    const c1 = 1 - beta1 ** this.t, c2 = 1 - beta2 ** this.t;
    this.params.forEach((p, k) => {
      if (!p.grad) return;
      const m = this.m[k], v = this.v[k];
      for (let i = 0; i < p.size; i++) {
        const g = p.grad[i] * factor;
        m[i] = beta1 * m[i] + (1 - beta1) * g;
        v[i] = beta2 * v[i] + (1 - beta2) * g * g;
        p.data[i] -= (lr * (m[i] / c1)) / (Math.sqrt(v[i] / c2) + eps);
      }
    });
    return norm;
  }
}
