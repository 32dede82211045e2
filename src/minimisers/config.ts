// A configuration of §7: (E, W, b, psi) with codes in R^d and an affine world model
// W_psi(z, a) = M_a z + c_a, as one flat parameter vector (for gradients and second-order forms).
import type { Instance, Mdp } from '../model/types.ts';

export interface Config {
  /** E[s], the code of state s (length d). */
  E: number[][];
  /** Head: logits W z + b; W is |A| x d. */
  W: number[][];
  b: number[];
  /** Affine world model: M[a] is d x d, c[a] has length d. */
  M: number[][][];
  c: number[][];
}

export interface Layout { S: number; A: number; d: number; size: number; E: number; W: number; b: number; M: number; c: number }

export function layout(S: number, A: number, d: number): Layout {
  const E = 0, W = S * d, b = W + A * d, M = b + A, c = M + A * d * d;
  return { S, A, d, E, W, b, M, c, size: c + A * d };
}

export const layoutOf = (cfg: Config): Layout => layout(cfg.E.length, cfg.W.length, cfg.E[0].length);

export function pack(cfg: Config): number[] {
  return [...cfg.E.flat(), ...cfg.W.flat(), ...cfg.b, ...cfg.M.flat(2), ...cfg.c.flat()];
}

/** Unpack in any number type (float64 or BigNumber). */
export function unpack<T>(L: Layout, x: readonly T[]): { E: T[][]; W: T[][]; b: T[]; M: T[][][]; c: T[][] } {
  const rows = (start: number, n: number, m: number) => Array.from({ length: n }, (_, i) => x.slice(start + i * m, start + i * m + m));
  return {
    E: rows(L.E, L.S, L.d),
    W: rows(L.W, L.A, L.d),
    b: x.slice(L.b, L.b + L.A),
    M: Array.from({ length: L.A }, (_, a) => rows(L.M + a * L.d * L.d, L.d, L.d)),
    c: rows(L.c, L.A, L.d),
  };
}

export const toInstance = (mdp: Mdp, lambda: number, cfg: Config): Instance => ({
  mdp,
  encoder: cfg.E,
  head: { W: cfg.W, b: cfg.b },
  worldModel: { kind: 'affine', M: cfg.M, c: cfg.c },
  lambda,
});

export const fromInstance = (inst: Instance): Config => {
  if (inst.worldModel.kind !== 'affine') throw new Error('worldModel.kind: the §7 analysis takes affine world models');
  return { E: inst.encoder, W: inst.head.W, b: inst.head.b, M: inst.worldModel.M, c: inst.worldModel.c };
};

const zeros = (n: number) => new Array<number>(n).fill(0);
export const identity = (d: number) => Array.from({ length: d }, (_, i) => Array.from({ length: d }, (_, j) => (i === j ? 1 : 0)));

/** Every state at code z, W = 0, logits b, W_psi(z, a) = z exactly (M = I, c = 0 when z = 0; c = z - M z otherwise). */
export function collapsedConfig(S: number, A: number, d: number, b: number[], z: number[] = zeros(d)): Config {
  return {
    E: Array.from({ length: S }, () => z.slice()),
    W: Array.from({ length: A }, () => zeros(d)),
    b: b.slice(),
    M: Array.from({ length: A }, () => identity(d)),
    c: Array.from({ length: A }, () => zeros(d)),
  };
}
