// roundedDecimal.ts claims decimal.js's times, plus, minus, div and sqrt digit for digit (each the
// exact result rounded half up), and exactDirection (exactChannel.ts, built on it) claims the digits
// of the decimal.js computation it replaced (exactDirectionBig). Both are compared here with
// decimal.js itself on seeded operands: exact doubles (long expansions, tiny ones), rounded
// products and quotients, near-cancelling pairs and operands hundreds of digits apart; and on
// constraint sets with dependent, repeated, zero and nearly dependent rows, and u inside their span.
import { all, create, type BigNumber } from 'mathjs';
import { describe, expect, it } from 'vitest';
import { seeded, repr } from './decimalTestKit.ts';
import * as R from '../../src/precise/roundedDecimal.ts';
import { exactDecimalString } from '../../src/precise/exact.ts';
import { exactDirection, exactDirectionBig } from '../../src/claims/exactChannel.ts';



describe('roundedDecimal', () => {
  for (const P of [80, 64]) {
    it(`rounds every operation as decimal.js does at ${P} digits`, () => {
      const math = create(all, { number: 'BigNumber', precision: P });
      const r = seeded(P);
      const double = () => (r() - 0.5) * 10 ** (Math.floor(r() * 40) - 20) * (r() < 0.05 ? 1e-200 : 1);
      const exactBig = () => math.bignumber(exactDecimalString(double())) as BigNumber;
      const operand = () => { const k = r(); return k < 0.4 ? exactBig() : k < 0.8 ? exactBig().times(exactBig()) : exactBig().div(exactBig()); };
      const toRd = (b: BigNumber): R.Rd => {
        if (b.isZero()) return R.ZERO;
        const { s, e, d } = b as unknown as { s: number; e: number; d: number[] };
        const digits = d.map((w, i) => (i === 0 ? String(w) : String(w).padStart(7, '0'))).join('');
        return R.exact(BigInt(s) * BigInt(digits), e - (digits.length - 1));
      };
      const back = (x: R.Rd) => repr(math.bignumber(R.text(x)) as BigNumber);
      for (let i = 0; i < 3000; i++) {
        const x = operand();
        const k = r();
        const y = k < 0.2 ? x.plus(x.times(math.bignumber(`1e-${Math.floor(r() * 90)}`)).times(r() < 0.5 ? 1 : -1)) : k < 0.3 ? operand().times(math.bignumber(`1e-${Math.floor(r() * 400)}`)) : operand();
        const [X, Y] = [toRd(x), toRd(y)];
        const what = `${x} ${y}`;
        expect(back(R.times(X, Y, P)), what).toBe(repr(x.times(y)));
        expect(back(R.plus(X, Y, P)), what).toBe(repr(x.plus(y)));
        expect(back(R.minus(X, Y, P)), what).toBe(repr(x.minus(y)));
        expect(back(R.minus(Y, X, P)), what).toBe(repr(y.minus(x)));
        if (!y.isZero()) expect(back(R.div(X, Y, P)), what).toBe(repr(x.div(y)));
        expect(back(R.sqrt(toRd(x.abs()), P)), what).toBe(repr(x.abs().sqrt()));
        expect(R.cmp(X, Y), what).toBe(x.cmp(y));
      }
    });
  }
});

describe('exactDirection on BigInt coefficients', () => {
  it('gives the digits of the decimal.js computation', () => {
    const r = seeded(7);
    const vec = (d: number) => Array.from({ length: d }, () => (r() < 0.15 ? 0 : (r() - 0.5) * 10 ** (Math.floor(r() * 12) - 4)));
    let nulls = 0;
    for (let i = 0; i < 150; i++) {
      const d = 2 + Math.floor(r() * 10);
      const rows = Array.from({ length: Math.floor(r() * Math.min(d, 6)) }, () => vec(d));
      // Repeated, zero, combined and nearly dependent rows, as codes of collapsed states give.
      if (rows.length > 0 && r() < 0.5) rows.push(rows[0].slice());
      if (r() < 0.2) rows.push(new Array(d).fill(0));
      if (rows.length > 1 && r() < 0.3) rows.push(rows[0].map((x, j) => 0.5 * x - 3 * rows[1][j]));
      if (rows.length > 0 && r() < 0.2) rows.push(rows[0].map((x) => x * (1 + 1e-15)));
      const u = r() < 0.15 && rows.length > 0 ? rows[0].map((x) => 2 * x) : vec(d);
      const fast = exactDirection(rows, u);
      if (fast === null) nulls++;
      expect(fast, JSON.stringify({ rows, u })).toEqual(exactDirectionBig(rows, u));
    }
    expect(nulls).toBeGreaterThan(0);
  });
});
