// Exact-enough (64-digit) matrix-vector arithmetic for confirming the logit identities of §4.2/§5.4.
import { all, create, type BigNumber } from 'mathjs';
import { exactDecimalString } from '../precise/index.ts';

const math = create(all, { number: 'BigNumber', precision: 64 });
export const big = (x: number): BigNumber => math.bignumber(exactDecimalString(x)) as BigNumber;
const zero = () => math.bignumber(0) as BigNumber;

export const bigDot = (x: BigNumber[], y: BigNumber[]): BigNumber => x.reduce((s, v, i) => s.plus(v.times(y[i])), zero());
export const bigVec = (x: number[]): BigNumber[] => x.map(big);
export const bigMat = (m: number[][]): BigNumber[][] => m.map(bigVec);
export const bigMatVec = (M: BigNumber[][], x: BigNumber[]): BigNumber[] => M.map((row) => bigDot(row, x));
export const bigMaxAbs = (x: BigNumber[]): number => x.reduce((m, v) => Math.max(m, v.abs().toNumber()), 0);

/**
 * (W + k e_a r^T)(z + eps u) - expected, minus the part that the residuals of a numerically computed u
 * explain exactly: eps W u + k e_a (r^T z) + k eps e_a (r^T u - gainFactor). What is left is what the
 * identity gets wrong beyond the construction's own rounding. `wuIsResidual` false: u is not meant to
 * satisfy W u = 0 (a construction without that constraint), so eps W u is a true term, not rounding.
 */
export function unexplainedLogitGap(W: number[][], z: number[], u: number[], r: number[], action: number, k: number, eps: number, expected: number[], gainFactor: BigNumber | number, wuIsResidual = true): number {
  const Wb = bigMat(W);
  const zb = bigVec(z);
  const ub = bigVec(u);
  const rb = bigVec(r);
  const kb = big(k);
  const eb = big(eps);
  const moved = zb.map((x, j) => x.plus(eb.times(ub[j])));
  const tweaked = Wb.map((row, i) => (i === action ? row.map((x, j) => x.plus(kb.times(rb[j]))) : row));
  const lhs = bigMatVec(tweaked, moved);
  const Wu = bigMatVec(Wb, ub);
  const g = typeof gainFactor === 'number' ? big(gainFactor) : gainFactor;
  const explained = Wu.map((x, i) => {
    let e = wuIsResidual ? eb.times(x) : zero();
    if (i === action) e = e.plus(kb.times(bigDot(rb, zb))).plus(kb.times(eb).times(bigDot(rb, ub).minus(g)));
    return e;
  });
  const gap = lhs.map((x, i) => x.minus(big(expected[i])).minus(explained[i]));
  return bigMaxAbs(gap);
}
