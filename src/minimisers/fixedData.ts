// The fixed-data reading of the §7 infima: with the rollouts (d0, pi0, A0) of a base configuration
// theta0 held fixed, J_fd(theta; theta0) = -sum_s sum_a w(s,a) log pi_theta(a|s) + lambda sum w err_theta,
// w(s,a) = d0(s) pi0(a|s) A0(s,a), and sum_a w(s,a) = 0 at every s.
//   - Over all configurations (d >= |S| - 1: per-state logits free; codes -> 0 send the JEPA term to
//     0): inf = -inf if some w(s,a) != 0 (drive pi(a|s) -> 0 where w < 0), else 0.
//   - Over a class whose states in `tied` share one distribution q: the class aggregates
//     W_a = sum_{s in tied} w(s,a); inf = -inf if some W_a < 0 or some untied state has w != 0, else 0.
// Decided at 64 digits (values below 1e-40 in magnitude count as zero, and such a case is undecided
// unless the base policy is uniform, where the exact rational computation decides it).
import type { Mdp } from '../model/types.ts';
import { digitsScalar, exactScalar, type Scalar } from '../precise/dual.ts';
import { evaluateIn, fieldMdp } from './policyValue.ts';

export type FixedInf = 'unbounded' | 'zero' | 'undecided';

export interface FixedDataInfima {
  all: FixedInf;
  cls: FixedInf;
  /** Per-state w(s, .) and the class aggregate, as numbers. */
  w: number[][];
  aggregate: number[];
  exact: boolean;
}

/** Base: per-state logits (rows equal at tied states), softmax policy. */
export function fixedDataInfima(mdp: Mdp, logits: number[][], tied: number[]): FixedDataInfima {
  const uniform = logits.every((row) => row.every((x) => x === row[0]));
  return uniform ? analyse(exactScalar, mdp, null, tied, true) : analyse(digitsScalar(64), mdp, logits, tied, false);
}

function analyse<T>(F: Scalar<T>, mdp: Mdp, logits: number[][] | null, tied: number[], exact: boolean): FixedDataInfima {
  const m = fieldMdp(F, mdp);
  const A = m.A;
  const pi: T[][] = logits
    ? logits.map((row) => { const mx = Math.max(...row); const e = row.map((x) => F.exp!(F.of(x - mx))); const z = e.reduce((a, b) => F.add(a, b), F.zero); return e.map((x) => F.div(x, z)); })
    : Array.from({ length: m.S }, () => new Array<T>(A).fill(F.div(F.one, F.of(A))));
  const ev = evaluateIn(F, m, pi);
  const w = ev.Q.map((row, s) => row.map((q, a) => F.mul(F.mul(ev.d[s], pi[s][a]), F.sub(q, ev.V[s]))));
  const tol = 1e-40;
  const sign = (x: T): number => (exact ? F.sign(x) : Math.abs(F.toNumber(x)) <= tol ? 0 : F.sign(x));
  const tiny = (x: T) => !exact && F.toNumber(x) !== 0 && Math.abs(F.toNumber(x)) <= tol;
  const anyNonZero = w.some((row) => row.some((x) => sign(x) !== 0));
  const anyTiny = w.some((row) => row.some(tiny));
  const all: FixedInf = anyNonZero ? 'unbounded' : anyTiny ? 'undecided' : 'zero';
  const aggregate = Array.from({ length: A }, (_, a) => tied.reduce((acc, s) => F.add(acc, w[s][a]), F.zero));
  const untied = w.filter((_, s) => !tied.includes(s));
  const clsUnbounded = aggregate.some((x) => sign(x) < 0) || untied.some((row) => row.some((x) => sign(x) !== 0));
  const clsTiny = aggregate.some(tiny) || untied.some((row) => row.some(tiny));
  return {
    all,
    cls: clsUnbounded ? 'unbounded' : clsTiny ? 'undecided' : 'zero',
    w: w.map((row) => row.map((x) => F.toNumber(x))),
    aggregate: aggregate.map((x) => F.toNumber(x)),
    exact,
  };
}
