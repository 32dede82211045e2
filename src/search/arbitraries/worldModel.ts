// World models W_psi: per-action affine (L = 0 included) and a tiny tanh MLP on [z; onehot(a)].
import fc from 'fast-check';
import type { WorldModel } from '../../model/types.ts';
import { gridDouble, moderate, vector } from './scalar.ts';

const square = (d: number, bound: number) => fc.array(fc.array(moderate(bound), { minLength: d, maxLength: d }), { minLength: d, maxLength: d });
/** scale * I (d x d). Plain loops: Array.from({ length }) with a callback was a visible part of generation. */
const identity = (d: number, scale: number): number[][] => {
  const rows: number[][] = [];
  for (let i = 0; i < d; i++) {
    const row: number[] = [];
    for (let j = 0; j < d; j++) row.push(i === j ? scale : 0);
    rows.push(row);
  }
  return rows;
};

export function affineArbitrary(A: number, d: number): fc.Arbitrary<WorldModel> {
  const M = fc.oneof(
    { weight: 4, arbitrary: gridDouble(0.05, 1).chain((s) => square(d, s)) },
    { weight: 1, arbitrary: fc.constant(identity(d, 0)) }, // L = 0: a constant world model
    { weight: 1, arbitrary: gridDouble(-2, 2).map((s) => identity(d, s)) },
  );
  return fc.record({ M: fc.array(M, { minLength: A, maxLength: A }), c: fc.array(vector(d, 1), { minLength: A, maxLength: A }) }).map(({ M, c }) => ({ kind: 'affine' as const, M, c }));
}

export function mlpArbitrary(A: number, d: number): fc.Arbitrary<WorldModel> {
  return fc.integer({ min: 2, max: 6 }).chain((h) =>
    fc.record({
      W1: fc.array(fc.array(moderate(1), { minLength: d + A, maxLength: d + A }), { minLength: h, maxLength: h }),
      b1: vector(h, 1),
      W2: fc.array(fc.array(moderate(1), { minLength: h, maxLength: h }), { minLength: d, maxLength: d }),
      b2: vector(d, 1),
    }).map(({ W1, b1, W2, b2 }) => ({ kind: 'mlp' as const, activation: 'tanh' as const, layers: [{ W: W1, b: b1 }, { W: W2, b: b2 }] })),
  );
}

export const worldModelArbitrary = (A: number, d: number): fc.Arbitrary<WorldModel> =>
  fc.oneof({ weight: 3, arbitrary: affineArbitrary(A, d) }, { weight: 1, arbitrary: mlpArbitrary(A, d) });
