// The bench's random Proposition 1 instances, drawn straight into flat arrays so that drawing
// costs little next to what is measured; toInstance gives the same numbers in the Instance shape.
import { hashSeed } from '../autodiff/rng.ts';
import { BenchRng } from './random.ts';
import type { Instance } from '../model/types.ts';

export interface FlatInstance {
  S: number;
  A: number;
  d: number;
  /** P[(s*A + a)*S + t], rows summing to ROW_MASS. */
  P: Float64Array;
  R: Float64Array; // S*A
  mu: Float64Array; // S
  gamma: number;
  lambda: number;
  /** M[(a*d + i)*d + j]: the affine world model W_psi(z, a) = M_a z + c_a. */
  M: Float64Array;
  c: Float64Array; // A*d
  W: Float64Array; // A*d
  b: Float64Array; // A
  /** The collapsed code E(s) = z_d of every state. */
  zd: Float64Array; // d
}

/** Row mass of P: the 5% that is missing ends the episode, so I - gamma P_pi is well conditioned. */
export const ROW_MASS = 0.95;
export const GAMMA = 0.95;

/** Case `index` of a workload depends on (seed, index) only, so any split over workers draws the same cases. */
export function drawInstance(seed: number, index: number, S: number, A: number, d: number): FlatInstance {
  const rng = new BenchRng(hashSeed(seed, index));
  const P = new Float64Array(S * A * S);
  for (let row = 0; row < S * A; row++) {
    let sum = 0;
    for (let t = 0; t < S; t++) sum += (P[row * S + t] = rng.next());
    const scale = ROW_MASS / sum;
    for (let t = 0; t < S; t++) P[row * S + t] *= scale;
  }
  const normals = (n: number, sd: number) => rng.fillNormal(new Float64Array(n), sd);
  const R = normals(S * A, 1);
  const mu = new Float64Array(S).fill(1 / S);
  const M = normals(A * d * d, 0.3);
  const c = normals(A * d, 0.1);
  const W = normals(A * d, 1);
  const b = normals(A, 1);
  const zd = normals(d, 1);
  return { S, A, d, P, R, mu, gamma: GAMMA, lambda: 1, M, c, W, b, zd };
}

const rows = (x: Float64Array, n: number, m: number): number[][] => Array.from({ length: n }, (_, i) => Array.from(x.subarray(i * m, i * m + m)));

export function toInstance(f: FlatInstance): Instance {
  const { S, A, d } = f;
  return {
    mdp: {
      P: Array.from({ length: S }, (_, s) => rows(f.P.subarray(s * A * S, (s + 1) * A * S), A, S)),
      R: rows(f.R, S, A),
      mu: Array.from(f.mu),
      gamma: f.gamma,
    },
    encoder: Array.from({ length: S }, () => Array.from(f.zd)),
    head: { W: rows(f.W, A, d), b: Array.from(f.b) },
    worldModel: { kind: 'affine', M: Array.from({ length: A }, (_, a) => rows(f.M.subarray(a * d * d, (a + 1) * d * d), d, d)), c: rows(f.c, A, d) },
    lambda: f.lambda,
  };
}
