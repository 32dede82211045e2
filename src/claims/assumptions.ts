// The paper's hypotheses decided exactly (rational arithmetic / 64 digits), for confirming that a
// counterexample really meets every stated hypothesis.
import { all, create, type BigNumber, type Fraction } from 'mathjs';
import type { Instance, Mdp } from '../model/types.ts';
import { exactOptimalQ } from '../precise/index.ts';

/** Assumption 1 of Prop. 1, exactly: no action is optimal in every state. */
export function assumption1Exact(instance: Instance): { holds: boolean; why: string } {
  const q = exactOptimalQ(instance.mdp);
  const common = q.argmax.reduce((acc, set) => acc.filter((a) => set.includes(a)), Array.from({ length: instance.mdp.P[0].length }, (_, a) => a));
  return common.length === 0
    ? { holds: true, why: 'no action is optimal in every state (exact rational Q*)' }
    : { holds: false, why: `action(s) ${common.join(', ')} optimal in every state (exact rational Q*)` };
}

const math64 = create(all, { number: 'BigNumber', precision: 64 });
const big64 = (x: number) => math64.bignumber(x) as BigNumber;
const fromFraction = (f: Fraction) => (math64.bignumber((f.s * f.n).toString()) as BigNumber).div(math64.bignumber(f.d.toString()) as BigNumber);

/** V*(mu) = sum_s mu(s) V*(s), V* from exact rational policy iteration, rounded once to 64 digits. */
export function exactVStarAtMu(mdp: Mdp): BigNumber {
  const vs = exactOptimalQ(mdp).Vstar;
  return mdp.mu.reduce((acc, m, s) => acc.plus(big64(m).times(fromFraction(vs[s]))), big64(0));
}
