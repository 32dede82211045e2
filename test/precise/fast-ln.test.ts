// fastLn (src/precise/fastLn.ts) claims decimal.js's ln digit for digit. Compared with decimal.js's
// own x.ln() on the representation over seeded arguments (softmax normalisers near 1..|A|, tiny and
// huge ones, long and short digit strings) at several precisions, arguments found to take its repeat
// path (rounding digits 49999/50000/00000, then 9999), powers of ten and the ones it hands to
// decimal.js; and its ln 10 digits with decimal.js's ln 10 at 330 digits.
import { all, create, type BigNumber } from 'mathjs';
import { describe, expect, it } from 'vitest';
import { seeded, repr } from './decimalTestKit.ts';
import { fastLn, LN10_DIGITS } from '../../src/precise/fastLn.ts';



const REPEATS: Record<number, string[]> = {
  20: ['7.8189762770047e-4', '4.902064583676686737589989e-1', '3.240989700810184004354e2', '1.65e-4', '2.4265714900783486e3'],
  64: ['3.053291570987e3', '6.0027093603370484942161e-5', '7.55369820504911793080e4', '7.60247561610109e2', '7.249504e-4'],
};

describe('fastLn', () => {
  for (const digits of [64, 20, 33, 80]) {
    it(`gives decimal.js's ln digit for digit at ${digits} digits`, () => {
      const math = create(all, { number: 'BigNumber', precision: digits });
      const r = seeded(digits + 1);
      const args: string[] = [...(REPEATS[digits] ?? []), '1', '10', '1e-300', '0.1', '2', '0.5', '0.7', '1.3', '1.4', '7', '9.99', '0', '-2', 'Infinity', 'NaN', '1e1600000000000000'];
      for (let i = 0; i < 1500; i++) {
        const len = 1 + Math.floor(r() * (r() < 0.3 ? 5 : 90));
        let s = String(1 + Math.floor(r() * 9));
        for (let j = 1; j < len; j++) s += String(r() < 0.2 ? 0 : Math.floor(r() * 10));
        const lead = r() < 0.6 ? Math.floor(r() * 3) - 1 : Math.floor(r() * 60) - 30;
        args.push(`${s}e${lead - len + 1}`);
      }
      for (const a of args) {
        const x = math.bignumber(a) as BigNumber;
        expect(repr(fastLn(x)), a).toBe(repr(x.ln()));
      }
    });
  }

  it('carries the digits of ln 10', () => {
    const m = create(all, { number: 'BigNumber', precision: 330 });
    const ln10 = (m.bignumber(10) as BigNumber).ln().toString().replace('.', '');
    expect(ln10.slice(0, LN10_DIGITS.length)).toBe(LN10_DIGITS);
  });
});
