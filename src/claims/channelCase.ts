// Cases for the linear-algebra steps of §4.2: a head W (|A| x d), a code z_d, k and eps.
import fc from 'fast-check';
import { gridDouble } from '../search/arbitraries/scalar.ts';
import { codeArbitrary } from '../search/arbitraries/code.ts';
import { headArbitrary } from '../search/arbitraries/head.ts';
import { sizesArbitrary } from '../search/arbitraries/sizes.ts';
import { rankOf } from '../construction/nullspace.ts';
import type { ClassParams } from './classModel.ts';
import { paperClasses, type Configuration } from './configuration.ts';
import { twoLayerArbitrary, featuresArbitrary } from './classArbitraries.ts';

export interface ChannelCase {
  W: number[][];
  zd: number[];
  action: number;
  uPick: number[];
  k: number;
  eps: number;
  /** Only under head 'two-layer-tanh': the hidden layer below W (src/claims/classModel.ts). */
  twoLayer?: ClassParams['twoLayer'];
  /** Only under encoder 'linear-features': features x(s) of S collapsed states (code z_d each), and s_Δ among them. */
  features?: ClassParams['features'];
  state?: number;
}

export const channelCaseArbitrary = (): fc.Arbitrary<ChannelCase> =>
  sizesArbitrary().chain(({ A, d }) =>
    fc.record({
      W: headArbitrary(A, d).map((h) => h.W),
      zd: codeArbitrary(d),
      action: fc.nat(A - 1),
      uPick: fc.array(gridDouble(-1, 1), { minLength: 1, maxLength: 4 }),
      k: fc.oneof(fc.constant(1), fc.integer({ min: -3, max: 6 }).map((e) => 10 ** e)),
      eps: fc.integer({ min: -9, max: -1 }).map((e) => 10 ** e),
    }),
  );

/** The channel cases under a configuration: the classes' parameters drawn after the paper's case (2-5 states under a linear-features encoder). */
export function channelCaseArbitraryUnder(cfg: Configuration): () => fc.Arbitrary<ChannelCase> {
  if (paperClasses(cfg)) return channelCaseArbitrary;
  return () => channelCaseArbitrary().chain((c) => {
    const d = c.zd.length;
    const head = cfg.head === 'two-layer-tanh' ? twoLayerArbitrary(d).map((twoLayer) => ({ twoLayer })) : fc.constant({});
    const enc = cfg.encoder === 'linear-features'
      ? fc.integer({ min: 2, max: 5 }).chain((S) => fc.record({ features: featuresArbitrary(S), state: fc.nat(S - 1) }))
      : fc.constant({});
    return fc.tuple(head, enc).map(([h, e]) => ({ ...c, ...h, ...e }));
  });
}

export function channelCorners(c: ChannelCase): string[] {
  const A = c.W.length;
  const d = c.zd.length;
  const out = [`|A| = ${A}`, `d = ${d}`];
  const rank = rankOf(c.W, d);
  if (c.W.every((r) => r.every((x) => x === 0))) out.push('zero W');
  else if (rank < Math.min(A, d)) out.push('rank-deficient W');
  if (d - rank < 2) out.push('d - rank(W) < 2');
  if (c.zd.every((x) => x === 0)) out.push('z_d = 0');
  if (d <= A) out.push('d <= |A|');
  if (c.k >= 1e4) out.push('k >= 1e4');
  return out;
}

export const maxAbs = (m: number[][]): number => m.reduce((x, r) => r.reduce((y, v) => Math.max(y, Math.abs(v)), x), 0);
