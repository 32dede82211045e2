// rdPolicySolves (src/precise/rdPolicy.ts) claims the digits of the 64-digit policy evaluation's two
// solves as evaluate.ts did them in decimal.js: M = I - gamma P_pi built with the same operations,
// then linalg.ts's gaussSolve. The reference here is that computation written out with decimal.js
// and the shared gaussSolve, on seeded policies and MDPs (sparse and dense transitions, tiny
// probabilities, policies with underflowing entries, unreachable states, zero rewards, so zeros and
// their signs come out), and a singular system must throw gaussSolve's error.
import type { BigNumber } from 'mathjs';
import { describe, expect, it } from 'vitest';
import { seeded, repr } from './decimalTestKit.ts';
import { exactDecimalString } from '../../src/precise/exact.ts';
import { preciseContext } from '../../src/precise/evaluate.ts';
import { gaussSolve, transpose } from '../../src/precise/linalg.ts';
import { rdPolicySolves } from '../../src/precise/rdPolicy.ts';

type Big = BigNumber;
const c = preciseContext(64);
const big = (x: number) => c.math.bignumber(exactDecimalString(x)) as Big;

function reference(pi: Big[][], P: Big[][][], R: Big[][], mu: Big[], gamma: Big): { V: Big[]; d: Big[] } {
  const nS = P.length;
  const M: Big[][] = [];
  const r: Big[][] = [];
  for (let s = 0; s < nS; s++) {
    const pst: Big[] = new Array(nS).fill(c.zero);
    pi[s].forEach((p, a) => P[s][a].forEach((q, t) => { if (!q.isZero()) pst[t] = pst[t].plus(p.times(q)); }));
    M.push(pst.map((x, t) => (x === c.zero ? (s === t ? c.one : c.zero) : (s === t ? c.one : c.zero).minus(gamma.times(x)))));
    r.push([pi[s].reduce((acc, p, a) => acc.plus(p.times(R[s][a])), c.zero)]);
  }
  const V = gaussSolve(c.field, M, r, 'I - gamma P_pi').map((x) => x[0]);
  const d = gaussSolve(c.field, transpose(M), mu.map((x) => [x]), '(I - gamma P_pi)^T').map((x) => x[0]);
  return { V, d };
}


describe('rdPolicySolves', () => {
  it("gives the decimal.js solves' digits, signs of zeros included", () => {
    const r = seeded(3);
    let compared = 0;
    let zeros = 0;
    for (let i = 0; i < 300; i++) {
      const nS = 1 + Math.floor(r() * 7);
      const nA = 1 + Math.floor(r() * 4);
      const P = Array.from({ length: nS }, () => Array.from({ length: nA }, () => {
        const w = Array.from({ length: nS }, () => (r() < 0.4 ? 0 : r() < 0.1 ? 1e-30 * r() : r()));
        const sum = w.reduce((a, b) => a + b, 0) || 1;
        return w.map((x) => big(x / sum));
      }));
      const R = Array.from({ length: nS }, () => Array.from({ length: nA }, () => big(r() < 0.3 ? 0 : (r() - 0.5) * 10 ** Math.floor(r() * 6))));
      const mu = Array.from({ length: nS }, () => big(r() < 0.4 ? 0 : r()));
      const gamma = big(r() < 0.1 ? 1 - 1e-12 : r());
      const pi = Array.from({ length: nS }, () => {
        // softmax-like rows at 64 digits, some with entries far below the others
        const l = Array.from({ length: nA }, () => c.math.bignumber((r() - 0.5) * (r() < 0.2 ? 1e6 : 10)) as Big);
        const e = l.map((x) => c.exp(x));
        const Z = e.reduce((a, b) => a.plus(b), c.zero);
        return e.map((x) => x.div(Z));
      });
      const ref = reference(pi, P, R, mu, gamma);
      const fast = rdPolicySolves(c.zero, 64, pi, P, R, mu, gamma, true);
      if ([...ref.V, ...ref.d].some((x) => x.isZero())) zeros++;
      expect(fast).not.toBeNull();
      expect(fast!.V.map(repr)).toEqual(ref.V.map(repr));
      expect(fast!.d.map(repr)).toEqual(ref.d.map(repr));
      expect(rdPolicySolves(c.zero, 64, pi, P, R, mu, gamma, false)!.d).toEqual([]);
      compared++;
    }
    expect(compared).toBeGreaterThan(150);
    expect(zeros).toBeGreaterThan(0);
  });

  it('keeps the sign of a zero where decimal.js gives -0', () => {
    // mu(1) = -0 and no way into state 1: d(1) is -0 / (1 - gamma) = -0 in decimal.js.
    const P = [[[big(1), big(0)]], [[big(0), big(1)]]];
    const pi = [[c.one], [c.one]];
    const R = [[big(1)], [big(0)]];
    const mu = [big(1), c.math.bignumber('-0') as Big];
    const ref = reference(pi, P, R, mu, big(0.9));
    expect(ref.d[1].isZero() && ref.d[1].isNeg()).toBe(true);
    const fast = rdPolicySolves(c.zero, 64, pi, P, R, mu, big(0.9), true)!;
    expect(fast.d.map(repr)).toEqual(ref.d.map(repr));
    expect(fast.V.map(repr)).toEqual(ref.V.map(repr));
  });

  it("throws gaussSolve's error for a singular system", () => {
    // gamma = 1 with an absorbing state: I - P_pi has a zero row.
    const P = [[[big(0.5), big(0.5)]], [[big(0), big(1)]]];
    const pi = [[c.one], [c.one]];
    const R = [[big(1)], [big(0)]];
    const mu = [big(1), big(0)];
    const expected = (() => { try { reference(pi, P, R, mu, c.one); return 'no error'; } catch (e) { return (e as Error).message; } })();
    expect(expected).toMatch(/singular/);
    expect(() => rdPolicySolves(c.zero, 64, pi, P, R, mu, c.one, true)).toThrow(expected);
  });
});
