// Two premises every Prop. 1 / Prop. 2 refutation relies on, decided once for every check that
// uses them: the collapse (codes compared exactly: they are float64 arrays, so equality is exact),
// and the sign of the chosen pair's advantage A(s, a_Δ) (exactly 0 where every action at s is the
// same action; otherwise at 64 digits, positive only beyond the noise margin of precise/sign.ts).
import type { Instance, Mdp } from '../model/types.ts';
import type { Big } from '../precise/context.ts';
import { preciseEvaluate } from '../precise/index.ts';
import { positive64, scaleOf } from '../precise/sign.ts';

const sameRow = (x: readonly number[], y: readonly number[]): boolean => x.length === y.length && x.every((v, j) => v === y[j]);

/** Every action at s has the same P row and reward: Q(s, .) is constant, so A(s, a) = 0 exactly under every policy. */
export function identicalActions(mdp: Mdp, s: number): boolean {
  const P = mdp.P[s];
  const R = mdp.R[s];
  return P.every((row) => sameRow(row, P[0])) && R.every((r) => r === R[0]);
}

/**
 * A(s, a_Δ) > 0 as a hypothesis, for an advantage computed at 64 digits with Q-values Q under the
 * same policy: refused exactly when every action at s is the same action (|A| = 1 included), and
 * otherwise met only when A exceeds 1e-40 of max(1, max |Q|) (the quantities A is a difference of).
 */
export function advantagePositive(mdp: Mdp, name: string, s: number, advantage: Big, Q: readonly (readonly Big[])[]): { holds: boolean; why: string } {
  if (identicalActions(mdp, s)) {
    const why = mdp.P[s].length === 1 ? '|A| = 1' : `every action at state ${s} has the same P row and reward`;
    return { holds: false, why: `${name} = 0 exactly (${why}): not > 0` };
  }
  return positive64(name, advantage, scaleOf(Q.flat()));
}

/** A^pi(s, a) > 0 under the instance's own linear head (softmax(W z_s + b)), at 64 digits. */
export function instanceAdvantagePositive(instance: Instance, name: string, s: number, a: number): { holds: boolean; why: string } {
  const ev = preciseEvaluate(instance, 64, { jepa: false });
  return advantagePositive(instance.mdp, name, s, ev.A[s][a], ev.Q);
}

/** Prop. 1's collapse: E(s) = z_d for every state, z_d = E(s_0). */
export function fullCollapse(encoder: readonly (readonly number[])[]): { holds: boolean; why: string } {
  const zd = encoder[0];
  const off = encoder.findIndex((z) => !sameRow(z, zd));
  return off < 0
    ? { holds: true, why: 'E(s) = z_d at every state (float64 codes compared exactly)' }
    : { holds: false, why: `E(s_${off}) != E(s_0): the instance is not fully collapsed (float64 codes compared exactly)` };
}

/** Prop. 2's collapse: two distinct states s_a, s_b with E(s_a) = E(s_b) = z_d. */
export function pairCollapse(encoder: readonly (readonly number[])[], sa: number, sb: number): { holds: boolean; why: string } {
  if (sa === sb) return { holds: false, why: `s_a = s_b = ${sa}: the pair is one state` };
  return sameRow(encoder[sa], encoder[sb])
    ? { holds: true, why: `E(s_a) = E(s_b) = z_d (float64 codes compared exactly)` }
    : { holds: false, why: `E(s_${sa}) != E(s_${sb}): the pair does not share z_d (float64 codes compared exactly)` };
}
