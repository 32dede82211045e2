// The paper's hypotheses decided exactly (rational arithmetic / 64 digits), for confirming that a
// counterexample really meets every stated hypothesis.
import type { Instance } from '../model/types.ts';
import { exactOptimalQ, preciseEvaluate } from '../precise/index.ts';

/** Assumption 1 of Prop. 1, exactly: no action is optimal in every state. */
export function assumption1Exact(instance: Instance): { holds: boolean; why: string } {
  const q = exactOptimalQ(instance.mdp);
  const common = q.argmax.reduce((acc, set) => acc.filter((a) => set.includes(a)), Array.from({ length: instance.mdp.P[0].length }, (_, a) => a));
  return common.length === 0
    ? { holds: true, why: 'no action is optimal in every state (exact rational Q*)' }
    : { holds: false, why: `action(s) ${common.join(', ')} optimal in every state (exact rational Q*)` };
}

/** A^{pi}(s, a) at 64 digits. */
export function preciseAdvantage(instance: Instance, state: number, action: number): number {
  return preciseEvaluate(instance, 64).A[state][action].toNumber();
}
