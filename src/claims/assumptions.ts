// The paper's hypotheses decided exactly (rational arithmetic / 64 digits), for confirming that a
// counterexample really meets every stated hypothesis.
import { all, create, type BigNumber, type Fraction } from 'mathjs';
import type { Instance, Mdp } from '../model/types.ts';
import { optimalQ } from '../minimisers/exactCache.ts';
import { certifiedAssumption1 } from '../precise/certified.ts';

/**
 * Above this many states Assumption 1 is first decided from a 64-digit V* with a proven error
 * bound (certified.ts): exact rational policy iteration solves I - gamma P densely in fractions,
 * ~n^3 operations on growing integers (165 s at 1,000 states). At or below it the exact method
 * costs milliseconds, so its answers (and reasons) stay as they were.
 */
export const EXACT_A1_MAX_STATES = 64;

/** Assumption 1 of Prop. 1, decided soundly: no action is optimal in every state; `method` says how. */
export function assumption1Exact(instance: Instance): { holds: boolean; why: string; method: string } {
  let fallback = '';
  if (instance.mdp.P.length > EXACT_A1_MAX_STATES) {
    let certified: ReturnType<typeof certifiedAssumption1> | null = null;
    try {
      certified = certifiedAssumption1(instance.mdp);
    } catch (error) {
      fallback = `; the certified bound failed: ${(error as Error).message.split('\n')[0]}`;
    }
    if (certified?.decided) return { holds: certified.holds, why: certified.why, method: certified.method };
    if (certified) fallback = `; the certified bound could not decide: ${certified.why}`;
  }
  // Q* on integers, once per MDP object (exactCache.ts): the same rationals as exactOptimalQ.
  const q = optimalQ(instance.mdp);
  const common = q.argmax.reduce((acc, set) => acc.filter((a) => set.includes(a)), Array.from({ length: instance.mdp.P[0].length }, (_, a) => a));
  return common.length === 0
    ? { holds: true, why: `no action is optimal in every state (exact rational Q*${fallback})`, method: 'exact rational Q*' }
    : { holds: false, why: `action(s) ${common.join(', ')} optimal in every state (exact rational Q*${fallback})`, method: 'exact rational Q*' };
}

const math64 = create(all, { number: 'BigNumber', precision: 64 });
const big64 = (x: number) => math64.bignumber(x) as BigNumber;
const fromFraction = (f: Fraction) => (math64.bignumber((f.s * f.n).toString()) as BigNumber).div(math64.bignumber(f.d.toString()) as BigNumber);

/** V*(mu) = sum_s mu(s) V*(s), V* from exact rational policy iteration, rounded once to 64 digits. */
export function exactVStarAtMu(mdp: Mdp): BigNumber {
  const vs = optimalQ(mdp).Vstar;
  return mdp.mu.reduce((acc, m, s) => acc.plus(big64(m).times(fromFraction(vs[s]))), big64(0));
}
