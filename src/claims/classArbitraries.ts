// The class parameters a configuration draws into each case (after the paper's draw, so the paper's
// cases and their shrinking are untouched): W1, b1 of a two-layer head, features x(s) of a linear encoder.
import fc from 'fast-check';
import { gridDouble, scaleFactor, vector } from '../search/arbitraries/scalar.ts';
import type { TwoLayerParams } from '../engine/classes.ts';
import type { Configuration } from './configuration.ts';
import type { ClassParams } from './classModel.ts';

const identity = (d: number): number[][] => Array.from({ length: d }, (_, i) => Array.from({ length: d }, (_, j) => (i === j ? 1 : 0)));
const square = (d: number, bound: number) => fc.array(fc.array(gridDouble(-bound, bound), { minLength: d, maxLength: d }), { minLength: d, maxLength: d });

/**
 * W1 (d x d, so the last layer keeps the paper's |A| x d shape) over ordinary, near-identity,
 * rank-deficient and large-scale matrices (large ones saturate tanh, where the hidden layer barely
 * passes a change of the code through); b1 zero or drawn.
 */
export function twoLayerArbitrary(d: number): fc.Arbitrary<TwoLayerParams> {
  const ordinary = fc.tuple(square(d, 1), scaleFactor()).map(([M, s]) => M.map((r) => r.map((x) => x * s)));
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
}

/**
 * Features x(s) = [1, ...] for S states: shared random features (f - 1 of them), binary ones,
 * aliased states (equal features), or one-hot (linearly independent: the tabular encoder again).
 */
export function featuresArbitrary(S: number): fc.Arbitrary<number[][]> {
  return fc.record({
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
    return Array.from({ length: S }, (_, s) => [1, ...row(s)]);
  });
}

/** The class parameters the configuration needs for S states and codes of length d (none for the paper's classes). */
export function classParamsArbitrary(cfg: Configuration, S: number, d: number): fc.Arbitrary<ClassParams> | null {
  const parts: { twoLayer?: fc.Arbitrary<TwoLayerParams>; features?: fc.Arbitrary<number[][]> } = {};
  if (cfg.head === 'two-layer-tanh') parts.twoLayer = twoLayerArbitrary(d);
  if (cfg.encoder === 'linear-features') parts.features = featuresArbitrary(S);
  return Object.keys(parts).length === 0 ? null : (fc.record(parts) as fc.Arbitrary<ClassParams>);
}

/** Adds the class parameters to every case of `cases`. */
export function withClassParams<C extends object>(cfg: Configuration, cases: fc.Arbitrary<C>, sizes: (c: C) => { S: number; d: number }): fc.Arbitrary<C & ClassParams> {
  return cases.chain((c) => {
    const { S, d } = sizes(c);
    const extra = classParamsArbitrary(cfg, S, d);
    return extra ? extra.map((p) => ({ ...c, ...p })) : fc.constant(c);
  });
}
