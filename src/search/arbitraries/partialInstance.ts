// A partially collapsed instance (Prop. 2): two distinct states s_a != s_b share the code z_d;
// every other state's code is z_d, zero, a fresh direction, or a linear combination of the
// directions already used (linearly dependent codes). The number of fresh directions r sets
// dim span(P), and d is drawn relative to r, |S|, |A| and rank(W) so that every reading of
// Assumption 3 (src/construction/prop2.ts) is met, at its boundary, and missed.
import fc from 'fast-check';
import type { Head, Instance } from '../../model/types.ts';
import { headArbitrary } from './head.ts';
import { lambdaArbitrary } from './lambda.ts';
import { mdpArbitrary } from './mdp.ts';
import { gridDouble, scaleFactor, vector } from './scalar.ts';
import { worldModelArbitrary } from './worldModel.ts';
import { withShrinkablePartialSizes } from './shrinkSizes.ts';

export interface PartialInstance {
  instance: Instance;
  /** The two collapsed states (distinct); which of them plays s_a is decided by Assumption 1. */
  pair: [number, number];
}

/**
 * How d is drawn: 'span' d = r + |A| + 2 + extra (reading (i) at or above its boundary),
 * 'states' d = |S| + |A| + 2 + extra (reading (ii)), 'rankW' d = r + rank(W) + 2 + extra with a
 * rank-deficient W (reading (iv) met while (i) may fail), 'free' any d in [2, 16].
 */
export type DimMode = 'span' | 'states' | 'rankW' | 'free';

/** One other state's code, as coefficients over the r fresh directions. */
type CodeKind = 'zd' | 'fresh' | 'combo' | 'zero';

const MAX_D = 16;

const matrix = (rows: number, cols: number) => fc.array(vector(cols), { minLength: rows, maxLength: rows });

/** W = X Y with X: A x q, Y: q x d, so rank(W) <= q (q = 0 gives W = 0). */
function rankBoundedHead(A: number, d: number, q: number): fc.Arbitrary<Head> {
  const W = q === 0
    ? fc.constant(Array.from({ length: A }, () => new Array<number>(d).fill(0)))
    : fc.tuple(matrix(A, q), matrix(q, d)).map(([X, Y]) => X.map((xr) => Array.from({ length: d }, (_, j) => xr.reduce((s, x, i) => s + x * Y[i][j], 0))));
  return fc.record({ W, b: fc.oneof(fc.constant(new Array<number>(A).fill(0)), vector(A)) });
}

export interface PartialShape { S: number; A: number; d: number; r: number; q: number | null; mode: DimMode }

export const partialShapeArbitrary = (): fc.Arbitrary<PartialShape> =>
  fc.record({
    S: fc.integer({ min: 2, max: 8 }),
    A: fc.integer({ min: 2, max: 5 }),
    mode: fc.constantFrom<DimMode>('span', 'span', 'states', 'rankW', 'free'),
    extra: fc.integer({ min: 0, max: 3 }),
    r0: fc.noBias(fc.nat(16)),
    noFresh: fc.constantFrom(1, 1, 1, 1, 1, 1, 1, 1, 1, 0),
    q0: fc.nat(16),
    dFree: fc.integer({ min: 2, max: MAX_D }),
  }).map(({ S, A, mode, extra, r0, noFresh, q0, dFree }) => {
    // Codes other than s_a: z_d and S - 2 others, so at most S - 1 independent directions;
    // r = 0 (every code 0) one time in eight.
    let r = noFresh === 0 ? 0 : 1 + (r0 % (S - 1));
    const q = mode === 'rankW' ? q0 % A : null;
    let d = mode === 'span' ? r + A + 2 + extra : mode === 'states' ? S + A + 2 + (extra % 2) : mode === 'rankW' ? r + (q ?? 0) + 2 + (extra % 2) : dFree;
    d = Math.max(2, Math.min(MAX_D, d));
    r = Math.min(r, d);
    return { S, A, d, r, q, mode };
  });

/**
 * Other states' codes over the r fresh directions, handed out in state order. A class, not closures
 * made per case: tsx names every closure it creates with a helper call (a visible cost per case).
 */
class Codes {
  private fresh = 0;
  constructor(private readonly directions: number[][], private readonly d: number, private readonly r: number) {}

  /** A 'combo' uses only directions already in use, so it is linearly dependent on the codes before it. */
  private combine(coef: number[]): number[] {
    const z = new Array<number>(this.d).fill(0);
    for (let i = 0; i < coef.length; i++) {
      if (!(i < Math.max(this.fresh, 1) && i < this.r)) continue;
      const direction = this.directions[i];
      for (let j = 0; j < direction.length; j++) z[j] += coef[i] * direction[j];
    }
    return z;
  }

  code(k: CodeKind, coef: number[], zd: number[]): number[] {
    if (k === 'zero' || this.r === 0) return k === 'zd' ? zd.slice() : new Array<number>(this.d).fill(0);
    if (k === 'zd') return zd.slice();
    if (k === 'fresh' && this.fresh < this.r) return this.directions[this.fresh++].slice();
    return this.combine(coef);
  }
}

export function partialInstanceOfShape({ S, A, d, r, q }: PartialShape): fc.Arbitrary<PartialInstance> {
  const kind = fc.constantFrom<CodeKind>('zd', 'fresh', 'fresh', 'fresh', 'combo', 'zero');
  const coefficient = fc.oneof(fc.constantFrom(1, -1, 2, -2), gridDouble(-2, 2));
  return fc.record({
    mdp: mdpArbitrary(S, A),
    directions: fc.array(vector(d), { minLength: r, maxLength: r }),
    scale: scaleFactor(),
    zdKind: fc.constantFrom<CodeKind>('fresh', 'fresh', 'fresh', 'combo', 'combo', 'zero'),
    kinds: fc.array(kind, { minLength: S, maxLength: S }),
    coefficients: fc.array(fc.array(coefficient, { minLength: r, maxLength: r }), { minLength: S + 1, maxLength: S + 1 }),
    head: q === null ? headArbitrary(A, d) : rankBoundedHead(A, d, q),
    worldModel: worldModelArbitrary(A, d),
    lambda: lambdaArbitrary(),
    x: fc.nat(S - 1),
    y: fc.nat(S - 2),
  }).map(({ mdp, directions, scale, zdKind, kinds, coefficients, head, worldModel, lambda, x, y }) => {
    const sb = y >= x ? y + 1 : y;
    const codes = new Codes(directions, d, r);
    const zd = codes.code(zdKind === 'zd' ? 'fresh' : zdKind, coefficients[S], []);
    // In state order, as code() counts the fresh directions it hands out.
    const encoder: number[][] = [];
    for (let s = 0; s < S; s++) encoder.push(s === x || s === sb ? zd.slice() : codes.code(kinds[s], coefficients[s], zd));
    const scaled = scale === 1 ? encoder : encoder.map((z) => z.map((v) => v * scale));
    return { instance: { mdp, encoder: scaled, head, worldModel, lambda }, pair: [x, sb] as [number, number] };
  });
}

// Sizes shrink (shrinkSizes.ts); the collapsed pair is never cut.
export const partialInstanceArbitrary = (): fc.Arbitrary<PartialInstance> => partialShapeArbitrary().chain((shape) => withShrinkablePartialSizes(partialInstanceOfShape(shape), shape));
