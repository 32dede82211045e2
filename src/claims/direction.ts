// The direction u of §4.2 under a configuration: the paper's u in ker W ∩ z_d^⊥, or (construction
// 'u-orthogonal-only') any unit u ⊥ z_d, W u = 0 dropped. Every Prop. 1 check takes its u here, so
// the float64 u, its 64-digit form and the hypothesis that such a u exists agree with each other.
import { channelU } from '../construction/prop1.ts';
import { rankOf } from '../construction/nullspace.ts';
import type { Configuration } from './configuration.ts';
import { exactDirection, exactU1 } from './exactChannel.ts';
import { exactRank } from './exactRank.ts';
import { getter, hide } from '../engine/getters.ts';

export interface Direction {
  u: number[] | null;
  /** The space u is drawn from, as the skip reason names it when it is {0}. */
  space: string;
  rankW: number;
  /** dim(ker W ∩ z_d^⊥), whichever space u comes from (a corner of the paper's construction). */
  dimIntersection: number;
  /** u projected onto the exact space at 80 digits (null when the float64 and exact ranks disagree). */
  exact: (u: number[]) => string[] | null;
  /** True when W u = 0 is one of u's constraints, so eps |W u| is rounding of the computed u, not a term. */
  kernelOfW: boolean;
}

const CHANNEL = Symbol('direction channel');
const RANK_W = getter(function (this: Direction) { return (this as unknown as Record<symbol, { rankW: number }>)[CHANNEL].rankW; });

export function prop1Direction(W: number[][], zd: number[], pick: number[] | undefined, cfg: Configuration): Direction {
  if (cfg.construction === 'paper') {
    const ch = channelU(W, zd, pick);
    // rankW stays lazy (channelU's own lazy field) without a literal getter: a hidden class per
    // object kept each case alive through scavenges (engine/getters.ts).
    const o = { u: ch.u, space: 'ker W ∩ z_d^⊥' } as Direction;
    Object.defineProperty(hide(o, CHANNEL, ch), 'rankW', RANK_W);
    o.dimIntersection = ch.dimIntersection;
    const exact = (u: number[]): string[] | null => exactU1(W, zd, u);
    o.exact = exact;
    o.kernelOfW = true;
    return o;
  }
  const d = zd.length;
  const ch = channelU([], zd, pick);
  return { u: ch.u, space: 'z_d^⊥', rankW: rankOf(W, d), dimIntersection: d - rankOf([...W, zd], d), exact: (u) => exactDirection([zd], u), kernelOfW: false };
}

/** The existence of u decided exactly: why it fails, or null. */
export function directionExistsExactly(W: number[][], zd: number[], cfg: Configuration): { fails: string | null; holds: string } {
  const d = zd.length;
  if (cfg.construction === 'paper') {
    const rank = exactRank([...W, zd]);
    return { fails: rank >= d ? `exact rank [W; z_d^T] = ${rank} = d: ker W ∩ z_d^⊥ = {0}` : null, holds: `exact rank [W; z_d^T] = ${rank} < d = ${d}` };
  }
  const rank = exactRank([zd]);
  return { fails: rank >= d ? `exact rank z_d^T = ${rank} = d: z_d^⊥ = {0}` : null, holds: `exact rank z_d^T = ${rank} < d = ${d} (u ⊥ z_d only)` };
}
