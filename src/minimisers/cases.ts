// The generated case of the §7 checks: an MDP (CLAIMS.md's generator: sub-stochastic rows, gamma in
// (0, 1], unreachable, absorbing and tied corners), lambda, the collapsed pair (s_a, s_b) and the
// logits of a base configuration (for the fixed-data reading, whose data are a base's rollouts).
import fc from 'fast-check';
import type { Instance, Mdp } from '../model/types.ts';
import { mdpArbitrary } from '../search/arbitraries/mdp.ts';
import { lambdaArbitrary } from '../search/arbitraries/lambda.ts';
import { instanceCorners } from '../search/corners.ts';
import { reachableStates } from '../engine/mdp.ts';
import { collapsedConfig, toInstance } from './config.ts';

export interface MinCase {
  mdp: Mdp;
  lambda: number;
  /** s_a, s_b (Proposition 2). */
  pair: [number, number];
  /** Base logits for the fixed-data reading: tied states play these, state s a rotation by s. */
  logits: number[];
}

/**
 * The corner where every action ties at every reachable state (Assumption 1 then holds only through
 * unreachable states): actions at reachable states copy action 0's row and reward.
 */
export function tieReachable(mdp: Mdp): Mdp {
  const reach = reachableStates(mdp);
  return {
    ...mdp,
    P: mdp.P.map((rows, s) => (reach[s] ? rows.map(() => rows[0].slice()) : rows)),
    R: mdp.R.map((r, s) => (reach[s] ? r.map(() => r[0]) : r)),
  };
}

export const minCaseArbitrary = (maxS = 4, maxA = 3): fc.Arbitrary<MinCase> =>
  fc.record({ S: fc.integer({ min: 2, max: maxS }), A: fc.integer({ min: 2, max: maxA }) }).chain(({ S, A }) =>
    fc.record({
      mdp: fc.tuple(mdpArbitrary(S, A), fc.integer({ min: 0, max: 4 })).map(([m, k]) => (k === 0 ? tieReachable(m) : m)),
      lambda: lambdaArbitrary(),
      pair: fc.tuple(fc.integer({ min: 0, max: S - 1 }), fc.integer({ min: 1, max: S - 1 })).map(([a, k]) => [a, (a + k) % S] as [number, number]),
      logits: fc.oneof(fc.constant(new Array<number>(A).fill(0)), fc.array(fc.integer({ min: -2, max: 2 }), { minLength: A, maxLength: A })),
    }),
  );

/** Per-state base logits: tied states share c.logits, every other state a rotation of them. */
export function baseLogits(c: MinCase, tied: number[]): number[][] {
  const S = c.mdp.P.length;
  const A = c.logits.length;
  return Array.from({ length: S }, (_, s) => (tied.includes(s) ? c.logits.slice() : c.logits.map((_, a) => c.logits[(a + s) % A])));
}

/** The collapsed configuration with the base logits (z = 0, W = 0, W_psi(z, a) = z): FORMATS.md's instance. */
export const caseInstance = (c: MinCase): Instance => toInstance(c.mdp, c.lambda, collapsedConfig(c.mdp.P.length, c.logits.length, 2, c.logits));

export const caseCorners = (c: MinCase, extra: string[] = []): string[] => [...instanceCorners(caseInstance(c)), ...extra];
