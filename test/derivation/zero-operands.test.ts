// digitsScalar answers x + 0, x - 0, 0 + y and x * 0 itself (precise/scalars.ts) instead of calling
// decimal.js. It must give exactly what decimal.js gives: the same digits, exponent, sign (of zero
// too) and class, for every pair of operands the derivations can meet and some they cannot.
import { describe, expect, it } from 'vitest';
import { digitsScalar } from '../../src/precise/scalars.ts';
import { preciseContext, type Big } from '../../src/precise/evaluate.ts';

const S = digitsScalar(64);
const c = preciseContext(64);
const other = preciseContext(70);
const Ctor = c.zero.constructor as unknown as new (v: number | string) => Big;
const parts = (x: Big) => {
  const p = x as unknown as { d: number[] | null; e: number; s: number; constructor: unknown };
  return JSON.stringify({ d: p.d, e: p.e, s: Object.is(p.s, -0) ? '-0' : p.s, v: x.valueOf(), same: p.constructor === Ctor });
};

function operands(): Big[] {
  const third = c.one.div(c.big(3));
  const out: Big[] = [
    c.zero, new Ctor(-0), c.big(-0), c.big(0), c.big(-2).times(c.zero), c.zero.times(c.big(-1)), c.zero.minus(c.zero), new Ctor(-0).plus(new Ctor(-0)),
    c.one, c.big(-1), c.big(0.5), c.big(-0.75), third, third.neg(), c.one.div(c.big(7)).times(c.big(1e-30)),
    // Exact expansions of doubles: more digits than the precision, so x + 0 rounds them.
    c.big(0.1), c.big(-0.3), c.big(1 / 3), c.big(2 ** -60 + 2 ** -10), c.big(5e-324), c.big(1e300),
    new Ctor(`1.${'7'.repeat(63)}`), new Ctor(`-2.${'1'.repeat(64)}`), new Ctor(`3.${'0'.repeat(62)}5`),
    new Ctor(Number.NaN), new Ctor(Number.POSITIVE_INFINITY), new Ctor(Number.NEGATIVE_INFINITY),
    // Another precision's class: left to decimal.js.
    other.zero, new (other.zero.constructor as unknown as new (v: number) => Big)(-0), other.one.div(other.big(3)),
  ];
  return out;
}

describe('digitsScalar with a zero operand = decimal.js', () => {
  it('add, sub and mul agree digit for digit, sign of zero and class included, on every pair', () => {
    const xs = operands();
    let zeroPairs = 0;
    for (const a of xs) for (const b of xs) {
      expect(parts(S.add(a, b)), `${a.valueOf()} + ${b.valueOf()}`).toBe(parts(a.plus(b)));
      expect(parts(S.sub(a, b)), `${a.valueOf()} - ${b.valueOf()}`).toBe(parts(a.minus(b)));
      expect(parts(S.mul(a, b)), `${a.valueOf()} * ${b.valueOf()}`).toBe(parts(a.times(b)));
      if (a.isZero() || b.isZero()) zeroPairs++;
    }
    expect(zeroPairs).toBeGreaterThan(200);
  });

  it('the shortcut is taken (no new object for x + 0 with x at the precision)', () => {
    const third = c.one.div(c.big(3));
    expect(S.add(third, c.zero)).toBe(third);
    expect(S.sub(third, new Ctor(-0))).toBe(third);
    expect(S.add(c.zero, third)).toBe(third);
    // More digits than the precision: decimal.js rounds, so the shortcut must not answer x.
    const long = c.big(5e-324); // 751 significant digits
    expect((long as unknown as { sd(): number }).sd()).toBeGreaterThan(64);
    expect(S.add(long, c.zero)).not.toBe(long);
    expect(S.add(long, c.zero).valueOf()).toBe(long.plus(c.zero).valueOf());
  });
});
