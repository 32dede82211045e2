// The integer (Bareiss) route of exact Q* and of the class optima against the Fraction route it
// replaces (precise/rational.ts exactOptimalQ, policyValue.ts exactOptimumIn): the same rationals,
// the same policies and iteration counts, on the §7 generator's MDPs (ties, terminal, absorbing and
// unreachable states, gamma down to 1e-6) and on ones with tiny and subnormal probabilities.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Mdp } from '../../src/model/types.ts';
import { exactOptimalQ, exactOptimality } from '../../src/precise/index.ts';
import { optimalQ, uniformOptimality } from '../../src/minimisers/exactCache.ts';
import { exactOptimum, exactOptimumIn } from '../../src/minimisers/policyValue.ts';
import { minCaseArbitrary } from '../../src/minimisers/cases.ts';
import { deterministicPolicy, evaluateExactly } from '../../src/minimisers/exactSolve.ts';
import { SingularSystemError } from '../../src/precise/linalg.ts';

// Fractions as text (sign, numerator, denominator), so that equal means the same normalised rational.
const text = (x: unknown): string => (x instanceof Error ? `${x.name}: ${x.message}` : JSON.stringify(x, (_, v) => (typeof v === 'bigint' ? `${v}n` : v)));

describe('integer exact evaluation', () => {
  it('gives exactOptimalQ and exactOptimumIn exactly, policy and iterations included', () => {
    let ties = 0, multi = 0, errors = 0, unit = 0, violated = 0;
    fc.assert(fc.property(minCaseArbitrary(5, 3), (c) => {
      const mdp = c.mdp;
      const oracle = (() => { try { return exactOptimalQ(mdp); } catch (e) { return e as Error; } })();
      const fresh = { ...mdp };
      const fast = (() => { try { return optimalQ(fresh); } catch (e) { return e as Error; } })();
      expect(text(fast)).toBe(text(oracle));
      const uniform = (() => { try { return exactOptimality(mdp, 'uniform'); } catch (e) { return e as Error; } })();
      expect(text(uniformOptimality({ ...mdp }))).toBe(text(uniform));
      if (!(uniform instanceof Error) && uniform.violations.length > 0 && !uniform.optimal) violated++;
      if (mdp.gamma === 1) unit++;
      if (oracle instanceof Error) { errors++; return; }
      if (oracle.argmax.some((set) => set.length > 1)) ties++;
      if (oracle.iterations > 1) multi++;
      for (const tied of [[], c.pair, mdp.P.map((_, s) => s)]) {
        const slow = (() => { try { return exactOptimumIn(mdp, tied); } catch (e) { return e as Error; } })();
        const quick = (() => { try { return exactOptimum({ ...mdp }, tied); } catch (e) { return e as Error; } })();
        expect(text(quick)).toBe(text(slow));
      }
    }), { numRuns: 400, seed: 7 });
    // The comparison reached the cases that matter: exact ties and more than one improvement step.
    expect(ties).toBeGreaterThan(20);
    expect(multi).toBeGreaterThan(20);
    expect(unit).toBeGreaterThan(10);
    expect(violated).toBeGreaterThan(20);
    expect(errors).toBeLessThan(400);
  });

  it('handles subnormal and tiny probabilities exactly', () => {
    const mdp: Mdp = {
      P: [[[5e-324, 0.5], [1e-300, 1 - 1e-300]], [[0.25, 0.75 - 2 ** -60], [0, 0]]],
      R: [[1, 0.1], [-0.3, 2 ** -70]],
      mu: [0.5, 0.5],
      gamma: 0.999,
    };
    expect(text(optimalQ(mdp))).toBe(text(exactOptimalQ(mdp)));
    expect(text(exactOptimum(mdp, [0, 1]))).toBe(text(exactOptimumIn(mdp, [0, 1])));
    expect(text(uniformOptimality(mdp))).toBe(text(exactOptimality(mdp, 'uniform')));
  });

  it('names the column of a singular system as gaussSolve does', () => {
    // Not reachable with gamma < 1 (I - gamma P is diagonally dominant); forced here with P rows summing above 1/gamma.
    const mdp: Mdp = { P: [[[1, 1]], [[1, 1]]], R: [[0], [0]], mu: [1, 0], gamma: 0.5 };
    expect(() => evaluateExactly(mdp, deterministicPolicy(1, [0, 0]), 'I - gamma P_pi')).toThrow(SingularSystemError);
    expect(() => evaluateExactly(mdp, deterministicPolicy(1, [0, 0]), 'I - gamma P_pi')).toThrow('I - gamma P_pi is singular (no usable pivot in column 1)');
  });
});

describe('float64 policy evaluation', () => {
  it('gives the generic field route bit for bit (signed zeros and NaN included)', async () => {
    const { evaluateIn, fieldMdp } = await import('../../src/minimisers/policyValue.ts');
    const { float64Scalar } = await import('../../src/precise/dual.ts');
    // A copy of the field is not the field itself, so evaluateIn takes the generic route with it.
    const generic = { ...float64Scalar };
    const same = (x: number, y: number) => Object.is(x, y);
    let compared = 0, singular = 0;
    fc.assert(fc.property(minCaseArbitrary(5, 3), fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 15, maxLength: 15 }), (c, w) => {
      const S = c.mdp.P.length, A = c.mdp.P[0].length;
      const pi = Array.from({ length: S }, (_, s) => Array.from({ length: A }, (_, a) => w[(s * A + a) % w.length]));
      const run = (F: typeof float64Scalar) => { try { return evaluateIn(F, fieldMdp(F, c.mdp), pi); } catch (e) { return e as Error; } };
      const slow = run(generic), fast = run(float64Scalar);
      if (slow instanceof Error || fast instanceof Error) {
        expect(String(fast)).toBe(String(slow));
        singular++;
        return;
      }
      compared++;
      expect(fast.V.every((x, i) => same(x, slow.V[i]))).toBe(true);
      expect(fast.d.every((x, i) => same(x, slow.d[i]))).toBe(true);
      expect(fast.Q.every((row, s) => row.every((x, a) => same(x, slow.Q[s][a])))).toBe(true);
      expect(same(fast.value, slow.value)).toBe(true);
    }), { numRuns: 300, seed: 11 });
    expect(compared).toBeGreaterThan(200);
    // gamma = 1 with an absorbing state: singular, and both routes say so in the same words.
    const absorbing = { P: [[[1, 0], [0, 1]], [[0, 1], [0, 1]]], R: [[1, 0], [0, 0]], mu: [1, 0], gamma: 1 };
    const err = (F: typeof float64Scalar) => { try { evaluateIn(F, fieldMdp(F, absorbing), [[1, 0], [0, 1]]); return 'no error'; } catch (e) { return String(e); } };
    expect(err(float64Scalar)).toMatch(/singular \(no usable pivot in column 0\)/);
    expect(err(float64Scalar)).toBe(err(generic));
    expect(singular).toBeGreaterThanOrEqual(0);
  });
});

describe('float64 branch-and-bound cell bound', () => {
  it('gives cellBound over the generic field bit for bit', async () => {
    const { cellBound, cellBoundFloat64, bisect } = await import('../../src/minimisers/branchBound.ts');
    const { float64Scalar } = await import('../../src/precise/dual.ts');
    const generic = { ...float64Scalar };
    let compared = 0;
    fc.assert(fc.property(minCaseArbitrary(4, 3), fc.array(fc.nat(1), { minLength: 6, maxLength: 6 }), fc.nat(5), fc.boolean(), (c, path, seed, centroid) => {
      if (!(c.mdp.gamma < 1)) return;
      const S = c.mdp.P.length, A = c.mdp.P[0].length;
      let V: number[][] = Array.from({ length: A }, (_, a) => Array.from({ length: A }, (_, b) => (a === b ? 1 : 0)));
      for (const side of path) V = bisect(V)[side];
      for (const tied of [c.pair as number[], [], Array.from({ length: S }, (_, s) => s)]) {
        const sigma = Array.from({ length: S }, (_, s) => (tied.includes(s) ? -1 : (s + seed) % A));
        const at = centroid ? undefined : V[seed % A];
        const run = (f: () => unknown) => { try { return f(); } catch (e) { return String(e); } };
        const slow = run(() => cellBound(generic, c.mdp, tied, { vertices: V, sigma }, at)) as { lower: number; upper: number; q: number[] } | string;
        const fast = run(() => cellBoundFloat64(c.mdp, tied, { vertices: V, sigma }, at)) as typeof slow;
        if (typeof slow === 'string' || typeof fast === 'string') { expect(fast).toEqual(slow); continue; }
        compared++;
        expect([Object.is(fast.lower, slow.lower), Object.is(fast.upper, slow.upper), fast.q.every((x, i) => Object.is(x, slow.q[i]))]).toEqual([true, true, true]);
      }
    }), { numRuns: 150, seed: 13 });
    expect(compared).toBeGreaterThan(300);
  });
});
