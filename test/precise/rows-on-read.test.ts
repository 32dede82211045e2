// preciseEvaluate's Q and A rows are computed when first read (evaluate.ts): whatever is read first,
// and in whatever order, every entry must be Q(s, a) = R(s, a) + gamma sum_t P(t|s,a) V(t) (zero
// transitions skipped, t in order) and A(s, a) = Q(s, a) - V(s), digit for digit, from the same V.
import fc from 'fast-check';
import { all, create, type BigNumber } from 'mathjs';
import { describe, expect, it } from 'vitest';
import { prop1CaseArbitrary } from '../../src/claims/prop1Case.ts';
import { prop2CaseArbitrary } from '../../src/claims/prop2Case.ts';
import type { Instance } from '../../src/model/types.ts';
import { exactDecimalString } from '../../src/precise/exact.ts';
import { clearPreciseCache, preciseEvaluate } from '../../src/precise/evaluate.ts';

type Big = BigNumber;
const math = create(all, { number: 'BigNumber', precision: 64 });
const big = (x: number): Big => math.bignumber(exactDecimalString(x)) as Big;

function expected(inst: Instance, V: Big[]): { Q: string[][]; A: string[][] } {
  const gamma = big(inst.mdp.gamma);
  const Q = inst.mdp.R.map((row, s) => row.map((r, a) => {
    let acc = math.bignumber(0) as Big;
    inst.mdp.P[s][a].forEach((p, t) => { if (p !== 0) acc = acc.plus(big(p).times(V[t])); });
    return big(r).plus(gamma.times(acc));
  }));
  return { Q: Q.map((r) => r.map(String)), A: Q.map((r, s) => r.map((q) => String(q.minus(V[s])))) };
}

describe('Q and A rows computed on first read', () => {
  it('equal the formula from V, read one entry first or whole', () => {
    const instances = [
      ...fc.sample(prop1CaseArbitrary(), { seed: 11, numRuns: 25 }).map((c) => c.instance),
      ...fc.sample(prop2CaseArbitrary(), { seed: 12, numRuns: 25 }).map((c) => c.partial.instance),
    ];
    let checked = 0;
    instances.forEach((inst, i) => {
      clearPreciseCache();
      let ev;
      try { ev = preciseEvaluate(inst, 64, { jepa: false }); } catch { return; }
      const S = inst.mdp.P.length;
      const A = inst.mdp.R[0].length;
      const s0 = (i * 7) % S;
      const a0 = (i * 3) % A;
      // One entry of A first (as a k1 confirmation reads), then everything, rows in reverse.
      const first = String(ev.A[s0][a0]);
      const want = expected(inst, ev.V);
      expect(first).toBe(want.A[s0][a0]);
      const gotQ = [...Array(S).keys()].reverse().map((s) => ev.Q[s].map(String)).reverse();
      expect(gotQ).toEqual(want.Q);
      expect(ev.A.map((r) => r.map(String))).toEqual(want.A);
      // The rows read like plain entries (serialisation sees the same numbers).
      expect(JSON.stringify(ev.Q)).toBe(JSON.stringify(ev.Q.map((r) => r.slice())));
      checked++;
    });
    expect(checked).toBeGreaterThan(40);
  });
});
