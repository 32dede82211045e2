// Model classes a variant can swap in: policy heads, encoders and rules for the L of eqs. (4)-(5).
// The paper's own (linear head, tabular encoder, certified L) are here too, as the defaults.
import fc from 'fast-check';
import { Matrix, pseudoInverse } from 'ml-matrix';
import type { WorldModel } from '../model/types.ts';
import { InputError } from '../model/validate.ts';
import { lipschitz } from '../engine/worldModel.ts';
import { gridDouble, scaleFactor, vector } from '../search/arbitraries/scalar.ts';
import type { Big, EncoderClass, HeadClass, LipschitzRule, Precise, WorldModelClass } from './types.ts';

const identity = (d: number): number[][] => Array.from({ length: d }, (_, i) => Array.from({ length: d }, (_, j) => (i === j ? 1 : 0)));

// ------------------------------------------------------------------ heads

/** §4.1: logits W z + b. */
export const linearHead: HeadClass<null> = {
  name: 'linear',
  description: 'the paper\'s single linear layer: logits W z + b',
  arbitrary: () => null,
  features: (_p, z) => Array.from(z),
  jacobian: (_p, z) => identity(z.length),
  precise: {
    features: (_p, z) => z.slice(),
    jacobian: (_p, z, p) => z.map((_, i) => z.map((__, j) => (i === j ? p.one : p.zero))),
  },
};

export interface TwoLayerParams {
  /** d x d: the hidden layer has width d, so the last layer keeps the paper's |A| x d shape. */
  W1: number[][];
  b1: number[];
}

const squareMatrix = (d: number, bound: number) => fc.array(fc.array(gridDouble(-bound, bound), { minLength: d, maxLength: d }), { minLength: d, maxLength: d });

/**
 * logits = W2 tanh(W1 z + b1) + b2 with (W2, b2) = instance.head. W1 ranges over ordinary,
 * near-identity, rank-deficient and large-scale matrices (large ones saturate tanh, where the
 * hidden layer barely passes a change of the code through).
 */
export function twoLayerHead(): HeadClass<TwoLayerParams> {
  return {
    name: 'two-layer tanh',
    description: 'logits W2 tanh(W1 z + b1) + b2 (hidden width d); the construction acts on the last layer (W2, b2) = instance.head',
    arbitrary: (_A, d) => {
      const ordinary = fc.tuple(squareMatrix(d, 1), scaleFactor()).map(([M, s]) => M.map((r) => r.map((x) => x * s)));
      const nearIdentity = gridDouble(0.1, 2).map((s) => identity(d).map((r) => r.map((x) => x * s)));
      // W1 = X Y with inner dimension q < d: rank(W1) <= q, so J = diag(1 - h^2) W1 is singular.
      const deficient = fc.integer({ min: 1, max: Math.max(1, d - 1) }).chain((q) =>
        fc.tuple(fc.array(vector(q, 1), { minLength: d, maxLength: d }), fc.array(vector(d, 1), { minLength: q, maxLength: q })).map(([X, Y]) =>
          X.map((xr) => Array.from({ length: d }, (_, j) => xr.reduce((s, x, i) => s + x * Y[i][j], 0)))),
      );
      return fc.record({
        W1: fc.oneof({ weight: 5, arbitrary: ordinary }, { weight: 1, arbitrary: nearIdentity }, { weight: 1, arbitrary: deficient }),
        b1: fc.oneof(fc.constant(new Array<number>(d).fill(0)), vector(d, 1)),
      });
    },
    features: (p, z) => p.W1.map((row, i) => Math.tanh(row.reduce((s, w, j) => s + w * z[j], p.b1[i]))),
    jacobian: (p, z) => p.W1.map((row, i) => {
      const h = Math.tanh(row.reduce((s, w, j) => s + w * z[j], p.b1[i]));
      return row.map((w) => (1 - h * h) * w);
    }),
    precise: {
      features: (p, z, P) => preTanh(p, z, P).map(P.tanh),
      jacobian: (p, z, P) => {
        const W1 = P.mat(p.W1);
        return preTanh(p, z, P).map((x, i) => {
          const h = P.tanh(x);
          const slope = P.one.minus(h.times(h));
          return W1[i].map((w) => slope.times(w));
        });
      },
    },
    validate: (params, _A, d) => {
      const p = params as Partial<TwoLayerParams> | undefined;
      checkMatrix(p?.W1, 'case.head.W1', d, d);
      checkVector(p?.b1, 'case.head.b1', d);
    },
  };
}

const preTanh = (p: TwoLayerParams, z: readonly Big[], P: Precise): Big[] => P.matVec(P.mat(p.W1), z).map((x, i) => x.plus(P.big(p.b1[i])));

// ------------------------------------------------------------------ encoders

/** §4.2: a code table; the construction moves one state's code alone. */
export const tabularEncoder: EncoderClass<null> = {
  name: 'tabular',
  description: 'the paper\'s encoder: a free code per state (E(s) is a table), so one state\'s code moves alone',
  arbitrary: () => null,
  spread: (_p, state, S) => Array.from({ length: S }, (_, s) => (s === state ? 1 : 0)),
  preciseSpread: (_p, state, S, P) => Array.from({ length: S }, (_, s) => (s === state ? P.one : P.zero)),
};

export interface LinearEncoderParams {
  /** x(s): the feature vector of each state; x_0(s) = 1, so the collapsed encoder is Phi = z_d e_0^T. */
  features: number[][];
}

/**
 * E(s) = Phi x(s). Moving Phi by eps u g^T moves every code by eps (g^T x(s)) u; g is the
 * least-squares choice (the pseudo-inverse of the feature matrix applied to e_state, scaled so
 * that g^T x(state) = 1), which moves the other codes as little as the features allow. With
 * linearly independent features it moves state's code alone, as the tabular encoder does.
 */
export function linearEncoder(): EncoderClass<LinearEncoderParams> {
  return {
    name: 'linear features',
    description: 'E(s) = Phi x(s) with fixed features x(s) (a constant feature first) and Phi the encoder\'s parameter; moving Phi moves the code of every state whose features overlap s_Δ\'s',
    arbitrary: (S) =>
      fc.record({
        f: fc.integer({ min: 1, max: S }),
        kind: fc.constantFrom('shared', 'shared', 'binary', 'aliased', 'one-hot'),
        values: fc.array(fc.array(gridDouble(-1, 1), { minLength: S, maxLength: S }), { minLength: S, maxLength: S }),
        bits: fc.array(fc.array(fc.boolean(), { minLength: S, maxLength: S }), { minLength: S, maxLength: S }),
        alias: fc.array(fc.nat(S - 1), { minLength: S, maxLength: S }),
      }).map(({ f, kind, values, bits, alias }) => {
        const extra = kind === 'one-hot' ? S : f - 1;
        const row = (s: number): number[] => {
          if (kind === 'one-hot') return Array.from({ length: extra }, (_, j) => (j === s ? 1 : 0));
          if (kind === 'binary') return bits[s].slice(0, extra).map((b) => (b ? 1 : 0));
          if (kind === 'aliased') return values[Math.min(alias[s], s)].slice(0, extra);
          return values[s].slice(0, extra);
        };
        return { features: Array.from({ length: S }, (_, s) => [1, ...row(s)]) };
      }),
    spread: (p, state) => {
      const g = leastSquaresG(p.features, state);
      if (!g) return `the features of state ${state} cannot be separated from the other states\' at all`;
      return p.features.map((x) => x.reduce((s, v, j) => s + v * g[j], 0));
    },
    preciseSpread: (p, state, _S, P) => {
      const g = leastSquaresG(p.features, state);
      if (!g) return null;
      const gb = P.vec(g);
      // The construction is Phi + eps u g^T with g the float64 direction scaled exactly so that
      // g^T x(state) = 1: at 64 digits s_Δ's code moves by exactly eps u, the others by eps (g^T x(s)) u.
      const raw = p.features.map((x) => P.dot(P.vec(x), gb));
      return raw.map((v) => v.div(raw[state]));
    },
    validate: (params, S) => {
      const p = params as Partial<LinearEncoderParams> | undefined;
      if (!Array.isArray(p?.features) || p.features.length !== S) throw new InputError(`case.encoder.features: expected ${S} feature vectors (one per state)`);
      const f = (p.features[0] as unknown[] | undefined)?.length ?? 0;
      checkMatrix(p.features, 'case.encoder.features', S, f);
    },
  };
}

/** g = X^+ e_state / (X X^+)_{state,state}, so g^T x(state) = 1; null when x(state) is orthogonal to everything (cannot happen with the constant feature). */
function leastSquaresG(X: number[][], state: number): number[] | null {
  const pinv = pseudoInverse(new Matrix(X));
  const g = pinv.getColumn(state);
  const self = X[state].reduce((s, v, j) => s + v * g[j], 0);
  if (!(Math.abs(self) > 1e-12)) return null;
  return g.map((x) => x / self);
}

// ------------------------------------------------------------------ world models

/**
 * tanh MLPs on [z; onehot(a)] with the given hidden widths (the ledger's has one hidden layer of
 * 2-6): deeper models are where a certified L (the product of layer norms) is loosest.
 */
export function mlpWorldModel(options: { hidden?: number[]; scale?: number } = {}): WorldModelClass {
  const hidden = options.hidden ?? [8, 8];
  const scale = options.scale ?? 1;
  return {
    name: `tanh MLP ${hidden.join('x')}`,
    description: `W_psi(z, a) a tanh MLP on [z; onehot(a)] with hidden widths ${hidden.join(', ')} and weights uniform in [-${scale}, ${scale}]`,
    arbitrary: (A, d) => {
      const widths = [d + A, ...hidden, d];
      const layer = (i: number) => fc.record({
        W: fc.array(fc.array(gridDouble(-scale, scale), { minLength: widths[i], maxLength: widths[i] }), { minLength: widths[i + 1], maxLength: widths[i + 1] }),
        b: vector(widths[i + 1], 1),
      });
      return fc.tuple(...widths.slice(0, -1).map((_, i) => layer(i))).map((layers) => ({ kind: 'mlp' as const, activation: 'tanh' as const, layers }));
    },
  };
}

// ------------------------------------------------------------------ Lipschitz rules

/** Assumption 2 as the ledger reads it: L = max_a sigma_max(M_a) (affine) or a certified bound (MLP). */
export const certifiedLipschitz: LipschitzRule<null> = {
  name: 'certified',
  description: 'L = max_a sigma_max(M_a) for an affine world model, the product of layer norms for the MLP (a certified upper bound)',
  arbitrary: () => null,
  L: (_p, wm, _zd, d) => lipschitz(wm, d).L,
};

// ------------------------------------------------------------------ validation helpers

function checkVector(v: unknown, field: string, n: number): void {
  if (!Array.isArray(v) || v.length !== n) throw new InputError(`${field}: expected ${n} numbers`);
  v.forEach((x, i) => {
    if (typeof x !== 'number' || !Number.isFinite(x)) throw new InputError(`${field}[${i}]: expected a finite number`);
  });
}

function checkMatrix(m: unknown, field: string, rows: number, cols: number): void {
  if (!Array.isArray(m) || m.length !== rows) throw new InputError(`${field}: expected ${rows} rows`);
  m.forEach((r, i) => checkVector(r, `${field}[${i}]`, cols));
}
