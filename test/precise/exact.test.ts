import { describe, expect, it } from 'vitest';
import { fraction } from 'mathjs';
import { decomposeDouble, exactDecimalString, exactRational } from '../../src/precise/index.ts';

// Independent check of exactness: x * 2^K is an exact integer for K large enough (scaling a
// double by a power of two is exact while it stays finite), so n/d must equal that integer / 2^K.
function scaledInteger(x: number, K: number): bigint {
  let y = x;
  let left = K;
  while (left > 0) {
    const step = Math.min(left, 500);
    y *= 2 ** step;
    left -= step;
  }
  expect(Number.isInteger(y)).toBe(true);
  return BigInt(y);
}

describe('exactRational / exactDecimalString', () => {
  const cases: [number, number][] = [
    [0.1, 60],
    [1e-300, 1100],
    [5e-324, 1074],
    [-3.75, 2],
    [2 ** 60 + 256, 0],
    [Number.MAX_VALUE, 0],
    [-2.2250738585072014e-308, 1074],
    [1 / 3, 60],
  ];
  for (const [x, K] of cases) {
    it(`is exact for ${x}`, () => {
      const f = exactRational(x);
      const scaled = scaledInteger(x, K);
      // f = s n / d with d | 2^K, so s n 2^K / d must equal x 2^K exactly.
      const two = 1n << BigInt(K);
      expect(two % f.d).toBe(0n);
      expect(f.s * f.n * (two / f.d)).toBe(scaled);
      // The exact decimal expansion denotes the same double and the same rational.
      const dec = exactDecimalString(x);
      expect(Number(dec)).toBe(x);
      const [ip, fp = ''] = dec.replace('-', '').split('.');
      const asFrac = fraction(BigInt(ip + fp) * (x < 0 ? -1n : 1n), 10n ** BigInt(fp.length));
      expect(asFrac.equals(f)).toBe(true);
    });
  }

  it('gives the textbook values', () => {
    expect(exactDecimalString(0.1)).toBe('0.1000000000000000055511151231257827021181583404541015625');
    const f = exactRational(0.1);
    expect([f.n, f.d]).toEqual([3602879701896397n, 36028797018963968n]);
    expect(exactRational(-3.75).equals(fraction(-15n, 4n))).toBe(true);
    expect(exactRational(2 ** 60 + 256).n).toBe(1152921504606847232n);
    expect(exactRational(5e-324).d).toBe(1n << 1074n);
    expect(exactRational(-0).n).toBe(0n);
    expect(exactDecimalString(-0)).toBe('0');
    expect(decomposeDouble(1).exponent).toBe(-52);
    expect(() => exactRational(NaN)).toThrow(/finite/);
  });
});

describe('preciseTanh', () => {
  it('matches decimal.js tanh at 120 digits to the last digit or so', async () => {
    const { create, all } = await import('mathjs');
    const ref = create(all, { number: 'BigNumber', precision: 120 });
    const { preciseTanh } = await import('../../src/precise/index.ts');
    const xs = ['1e-40', '-3e-9', '0.001', '-0.37', '1', '2.5', '-9.75', '30', '-74', '75.5', '80', '-1000', '123456.5'];
    for (let i = 0; i < 40; i++) xs.push(String(((i * 7919) % 401) / 13 - 15.3));
    for (const digits of [40, 64, 100]) {
      for (const x of xs) {
        const got = ref.bignumber(preciseTanh(x, digits).toString());
        // decimal.js tanh is very slow for large |x|; there the exp form has no cancellation.
        const bx = ref.bignumber(x);
        const e = bx.abs().times(-2).exp();
        const want = bx.abs().lt(1) ? bx.tanh() : ref.bignumber(1).minus(e).div(e.plus(1)).times(bx.isNeg() ? -1 : 1);
        const rel = got.minus(want).abs().div(want.abs()).toNumber();
        expect(rel, `tanh(${x}) at ${digits}`).toBeLessThan(2 * 10 ** -(digits - 1));
      }
    }
    expect(preciseTanh(0).isZero()).toBe(true);
  });
});
