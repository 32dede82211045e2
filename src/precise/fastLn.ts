// decimal.js's ln, step for step, on BigInt coefficients (the companion of fastExp.ts, whose helpers
// it uses): every 64-digit softmax row takes ln Z. The same algorithm with the same truncations
// gives the same digits.
//
// decimal.js 10.6 naturalLogarithm(y) at precision pr, rounding rm, wpr = pr + 10:
//   x = y multiplied by y (exactly) until its digits start with 7, 8, 9 or 10-13, n counting the
//   factors; x = its significand in [0.7, 1.4) and e the power of ten taken out;
//   s = trunc((x - 1) / (x + 1)), s2 = trunc(s^2); sum = s + trunc(s s2^k / (2k + 1)) over
//   k = 1, 2, ... (numerator truncated each step, sums exact) until t and sum agree in their first
//   wpr digits; sum = trunc((2 sum + e trunc_{wpr+2}(ln 10)) / n); if its 5 digits from position
//   pr (4 on a repeat) read 49999, 50000 or 00000 (9999) the series is redone 10 digits wider; the
//   result is sum rounded to pr digits.
// Anything else (zero, negatives, 1, non-finite, a reduced argument of exactly 1, exponents beyond
// 1.5e15, additions decimal.js would approximate, a rounding mode other than HALF_UP) goes to
// decimal.js.
import type { BigNumber } from 'mathjs';
import {
  abs, agree, approximates, digitCount, digitsOf, lead, plus, pow10, prefix, roundHalfUp, times, toBig, trunc,
  type Dec, type Parts,
} from './fastExp.ts';

type Big = BigNumber;

// ln 10 to 320 digits (decimal.js's LN10 constant begins so; the test compares).
export const LN10_DIGITS =
  '23025850929940456840179914546843642076011014886287729760333279009675726096773524802359972050895982983419677840422862486334095254650828067566662873690987816894829072083255546808437998948262331985283935053089653777326288461633662222876982198867465436674744042432743651550489343149393914796194044002221051017141748003688';

/** trunc(x / y, sd) for y > 0. */
function divide(x: Dec, y: Dec, sd: number): Dec {
  const s = sd + 2 + y.n - x.n;
  const a = s >= 0 ? (abs(x.c) * pow10(s)) / y.c : abs(x.c) / (y.c * pow10(-s));
  const r = trunc({ c: a, n: digitCount(a, x.n + s - y.n + 1), q: x.q - y.q - s }, sd);
  return x.c < 0n ? { ...r, c: -r.c } : r;
}

const ONE: Dec = { c: 1n, n: 1, q: 0 };
const TWO: Dec = { c: 2n, n: 1, q: 0 };

/** The 5 (or 4) digits of |x| from index i as a number, zeros past the end. */
const window = (x: Dec, i: number, w: number): number => Number(prefix(x, i + w) % pow10(w));

/** ln(x) in x's own decimal.js class: the same digits as x.ln(). */
export function fastLn(y: Big): Big {
  const p = y as unknown as Parts;
  const C = p.constructor;
  if (p.s < 0 || p.d === null || !p.d[0] || Math.abs(p.e) >= 1.5e15 || C.rounding !== 4) return y.ln();
  const pr = C.precision;
  let wpr = pr + 10;
  const yDigits = digitsOf(p).replace(/0+$/, '');
  const Y: Dec = { c: BigInt(yDigits), n: yDigits.length, q: p.e - (yDigits.length - 1) };
  if (Y.c === 1n && Y.q === 0) return y.ln();
  // Argument reduction: the digit tests read decimal.js's digit string (trailing zeros removed).
  let x = Y;
  let c = yDigits;
  let n = 1;
  while ((c.charCodeAt(0) < 55 && c[0] !== '1') || (c[0] === '1' && c.length > 1 && c.charCodeAt(1) > 51)) {
    x = times(x, Y);
    c = abs(x.c).toString().replace(/0+$/, '');
    n++;
  }
  let e = lead(x);
  let x1: Dec;
  if (c[0] !== '1') {
    x1 = { c: BigInt(c), n: c.length, q: -c.length };
    e++;
  } else {
    x1 = { c: BigInt(c), n: c.length, q: -(c.length - 1) };
  }
  if (x1.c === 1n && x1.q === 0) return y.ln();
  const series = (): { s: Dec; s2: Dec } => {
    const s = divide(plus(x1, { ...ONE, c: -1n }), plus(x1, ONE), wpr);
    return { s, s2: trunc(times(s, s), wpr) };
  };
  let { s, s2 } = series();
  if (s.c === 0n) return y.ln();
  let sum = s;
  let numerator = s;
  let denominator = 3;
  let rep = false;
  for (;;) {
    numerator = trunc(times(numerator, s2), wpr);
    const dd = BigInt(denominator);
    const term = divide(numerator, { c: dd, n: digitCount(dd, 1), q: 0 }, wpr);
    if (approximates(sum, term, wpr)) return y.ln();
    const t = plus(sum, term);
    if (t.c === 0n) return y.ln();
    if (agree(t, sum, wpr)) {
      let r = times(sum, TWO);
      if (e !== 0) {
        if (wpr + 2 > LN10_DIGITS.length) return y.ln();
        const ln10: Dec = { c: BigInt(LN10_DIGITS.slice(0, wpr + 2)), n: wpr + 2, q: -(wpr + 1) };
        const eDec: Dec = { c: BigInt(e), n: digitCount(abs(BigInt(e)), 1), q: 0 };
        const add = times(ln10, eDec);
        if (approximates(r, add, wpr)) return y.ln();
        r = plus(r, add);
        if (r.c === 0n) return y.ln();
      }
      const nn = BigInt(n);
      r = divide(r, { c: nn, n: digitCount(nn, 1), q: 0 }, wpr);
      const i = wpr - 10;
      const again = rep ? window(r, i, 4) === 9999 : [49999, 50000, 0].includes(window(r, i, 5));
      if (!again) return toBig(C, roundHalfUp(r, pr));
      wpr += 10;
      ({ s, s2 } = series());
      numerator = s;
      rep = true;
      sum = s;
      denominator = 3;
      continue;
    }
    sum = t;
    denominator += 2;
  }
}
