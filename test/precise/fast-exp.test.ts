// fastExp (src/precise/fastExp.ts) claims decimal.js's exp digit for digit. Compared here with
// decimal.js's own x.exp() on the representation (sign, exponent, digit words) over seeded random
// arguments of every length and magnitude the engine meets (softmax gaps down to -1e12, tiny ones,
// positive ones), at several precisions, plus arguments found to take decimal.js's repeat path (the
// 4 rounding digits read 4999/9999, so the series is redone with 10 more digits), and the ones it
// hands to decimal.js (zero, non-finite, |x| >= 1e13, short arguments that its addition approximates).
import { all, create, type BigNumber } from 'mathjs';
import { describe, expect, it } from 'vitest';
import { seeded, repr } from './decimalTestKit.ts';
import { fastExp } from '../../src/precise/fastExp.ts';



function randomArgument(r: () => number): string {
  const len = 1 + Math.floor(r() * (r() < 0.3 ? 6 : 90));
  let digits = String(1 + Math.floor(r() * 9));
  for (let j = 1; j < len; j++) digits += String(r() < 0.2 ? 0 : Math.floor(r() * 10));
  const lead = Math.floor(r() * 33) - 21;
  return `${r() < 0.75 ? '-' : ''}${digits}e${lead - len + 1}`;
}

// Found by search (decimal.js redoes its series for each of these).
const REPEATS: Record<number, string[]> = {
  20: ['-3.28820465601078248951694e4', '5.861162e1', '-2.22896756363e-4', '-6.9677405157769705112968950e1', '-4.7744169194913492759724249481e6', '-5.266207407358e3'],
  64: ['-4.9007780637662073e7', '4.9944887185661901440880683e-2', '-6.93951230089780501941732e-5', '-2.772126667e5', '-0.986360e7', '-2.8552220164349639830447813e-2'],
};

describe('fastExp', () => {
  for (const digits of [64, 20, 33, 76, 80]) {
    it(`gives decimal.js's exp digit for digit at ${digits} digits`, () => {
      const math = create(all, { number: 'BigNumber', precision: digits });
      const r = seeded(digits);
      const args = Array.from({ length: 1500 }, () => randomArgument(r));
      args.push(...(REPEATS[digits] ?? []), '0', '-0', '1', '-1', '0.1', '-0.1', '0.09999', '-1e12', '-999999999999', '5e-30', '-7e-45', '1e13', '-3e15', 'Infinity', '-Infinity', 'NaN');
      for (const a of args) {
        const x = math.bignumber(a) as BigNumber;
        expect(repr(fastExp(x)), a).toBe(repr(x.exp()));
      }
    });
  }

  it('keeps the class of its argument (its precision)', () => {
    const m20 = create(all, { number: 'BigNumber', precision: 20 });
    const x = m20.bignumber('-12.5') as BigNumber;
    expect(fastExp(x).constructor).toBe(x.constructor);
    expect(fastExp(x).toString()).toBe(x.exp().toString());
  });
});
