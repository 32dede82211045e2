// The two-layer head's objective reuses the engine: with logits it can also produce from a linear
// head, both readings agree with the linear-head engine; and the §6 constructions isolate s_a.
import { describe, expect } from 'vitest';
import { it as fcIt } from '@fast-check/vitest';
import { basePoint, baseObjective, prepare } from '../../src/engine/objective.ts';
import { baseTwoLayerObjective, deadUnitMove, firstLayerMove, isolatingSetup, lastLayerMove, twoLayerLogits, twoLayerPoint, type TwoLayerHead } from '../../src/construction/twoLayerHead.ts';
import { partialInstanceArbitrary } from '../../src/search/arbitraries/partialInstance.ts';
import { twoLayerHeadArbitrary } from '../../properties/S6.deeper-heads.ts';
import { READINGS } from '../../src/model/types.ts';
import { SingularSystemError } from '../../src/engine/evaluate.ts';

const cases = partialInstanceArbitrary().chain((p) => twoLayerHeadArbitrary(p.instance.head.W.length, p.instance.encoder[0].length).map((head) => ({ p, head })));

describe('two-layer head', () => {
  fcIt.prop([cases], { numRuns: 100, seed: 8 })('W1 = 0 gives the constant logits W2 tanh(b1) + b2: the same J as the linear head W = 0, b = those logits', ({ p, head }) => {
    const flat: TwoLayerHead = { ...head, W1: head.W1.map((r) => r.map(() => 0)) };
    const A = head.b2.length;
    const d = p.instance.encoder[0].length;
    const logits = twoLayerLogits(flat, new Float64Array(d), 1, d);
    const linear = { ...p.instance, head: { W: Array.from({ length: A }, () => new Array<number>(d).fill(0)), b: Array.from(logits) } };
    try {
      const two = twoLayerPoint(p.instance, flat);
      const one = basePoint(prepare(linear));
      for (const reading of READINGS) {
        const a = baseTwoLayerObjective(two, reading);
        const b = baseObjective(one, reading);
        expect(Math.abs(a.J - b.J)).toBeLessThanOrEqual(1e-9 * (1 + Math.abs(b.J)));
      }
    } catch (e) {
      if (!(e instanceof SingularSystemError)) throw e;
    }
  });

  fcIt.prop([cases], { numRuns: 100, seed: 9 })('the constructions leave the logits of every state other than s_a unchanged', ({ p, head }) => {
    let two;
    try { two = twoLayerPoint(p.instance, head); } catch (e) { if (e instanceof SingularSystemError) return; throw e; }
    const sa = p.pair[0];
    const iso = isolatingSetup(two, p.instance, sa, 'fixed-data');
    const A = head.b2.length;
    const dir = Array.from({ length: A }, (_, a) => (a === 0 ? 1 : 0));
    const { S, d, E } = two.prep;
    for (const move of [firstLayerMove(two, iso, dir, 3), lastLayerMove(two, iso, dir, 3), deadUnitMove(two, iso, dir, 3)]) {
      if (!move) continue;
      const after = twoLayerLogits(move.head(1e-3), E, S, d);
      const scale = 1 + Math.max(...Array.from(two.logits).map(Math.abs)) + 3 * Math.max(1, ...E.map(Math.abs)) * 10;
      for (let s = 0; s < S; s++) {
        if (s === sa) continue;
        // Other states: same policy (a shift common to every logit is allowed: softmax ignores it).
        const shift = after[s * A] - two.logits[s * A];
        for (let a = 0; a < A; a++) expect(Math.abs(after[s * A + a] - two.logits[s * A + a] - shift)).toBeLessThan(1e-10 * scale);
      }
    }
  });
});
