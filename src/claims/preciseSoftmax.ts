// softmax at 64 digits, for confirming candidates of the local (single-state) claims.
import { all, create, type BigNumber } from 'mathjs';
import { exactDecimalString } from '../precise/index.ts';
import { fastExp } from '../precise/fastExp.ts';

const math = create(all, { number: 'BigNumber', precision: 64 });
const big = (x: number): BigNumber => math.bignumber(exactDecimalString(x)) as BigNumber;

/** softmax(l + delta e_action) at 64 digits, returned as BigNumbers. */
export function preciseSoftmax(logits: number[], action: number, delta: number): BigNumber[] {
  const l = logits.map((x, i) => (i === action ? big(x).plus(big(delta)) : big(x)));
  const max = l.reduce((m, x) => (x.gt(m) ? x : m), l[0]);
  const e = l.map((x) => fastExp(x.minus(max)));
  const z = e.reduce((s, x) => s.plus(x), math.bignumber(0) as BigNumber);
  return e.map((x) => x.div(z));
}

/** (softmax(l + eps e_a) - softmax(l)) / eps at 64 digits. */
export function preciseSoftmaxSlope(logits: number[], action: number, eps: number): number[] {
  const p0 = preciseSoftmax(logits, action, 0);
  const p1 = preciseSoftmax(logits, action, eps);
  return p1.map((x, i) => x.minus(p0[i]).div(big(eps)).toNumber());
}
