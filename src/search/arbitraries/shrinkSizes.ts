// Sizes that fast-check can shrink. A size drawn first and chained into the instance does not shrink
// usefully: fast-check regenerates the whole instance for a smaller size, and the new instance almost
// never fails. Here the instance is generated at its full size and a "keep" count per dimension cuts
// trailing states, actions and coordinates; the count is generated at its maximum (so generation is
// unchanged, byte for byte) and shrinks toward the minimum, keeping the rest of the instance.
import fc from 'fast-check';
import type { Instance } from '../../model/types.ts';
import { deleteAction, deleteState, dropCoordinate } from '../reduce/edits.ts';

/** An integer generated at `max` that shrinks toward `min`, smallest first (Hypothesis's order). */
class DownFrom extends fc.Arbitrary<number> {
  constructor(private readonly max: number, private readonly min: number) { super(); }
  generate(): fc.Value<number> { return new fc.Value(this.max, undefined); }
  canShrinkWithoutContext(v: unknown): v is number { return Number.isInteger(v) && (v as number) >= this.min && (v as number) <= this.max; }
  shrink(v: number): fc.Stream<fc.Value<number>> {
    const out: fc.Value<number>[] = [];
    for (let k = this.min; k < v; k++) out.push(new fc.Value(k, undefined));
    return fc.Stream.of(...out);
  }
}

export const downFrom = (max: number, min: number): fc.Arbitrary<number> => (max <= min ? fc.constant(max) : new DownFrom(max, min));

/** The instance with only its first `S` states, `A` actions and `d` coordinates (the full instance when a cut is invalid). */
export function cutInstance(inst: Instance, S: number, A: number, d: number, protect: number[] = []): Instance {
  let out: Instance | null = inst;
  for (let s = inst.mdp.P.length - 1; s >= S && out; s--) if (!protect.includes(s)) out = deleteState(out, s, null);
  for (let a = inst.head.W.length - 1; a >= A && out; a--) out = deleteAction(out, a);
  for (let j = (inst.encoder[0]?.length ?? 0) - 1; j >= d && out; j--) out = dropCoordinate(out, j);
  return out ?? inst;
}

/** Wrap an instance arbitrary of known sizes so that its sizes shrink. */
export function withShrinkableSizes(arb: fc.Arbitrary<Instance>, sizes: { S: number; A: number; d: number }, min: { S: number; A: number; d: number }): fc.Arbitrary<Instance> {
  return fc.record({ inst: arb, S: downFrom(sizes.S, min.S), A: downFrom(sizes.A, min.A), d: downFrom(sizes.d, min.d) })
    .map(({ inst, S, A, d }) => (S === sizes.S && A === sizes.A && d === sizes.d ? inst : cutInstance(inst, S, A, d)));
}

/** The same for a partially collapsed instance: the collapsed pair is never cut, and its indices follow the deletions. */
export function withShrinkablePartialSizes<P extends { instance: Instance; pair: [number, number] }>(arb: fc.Arbitrary<P>, sizes: { S: number; A: number; d: number }): fc.Arbitrary<P> {
  return fc.record({ p: arb, S: downFrom(sizes.S, 2), A: downFrom(sizes.A, 2), d: downFrom(sizes.d, 2) }).map(({ p, S, A, d }) => {
    if (S === sizes.S && A === sizes.A && d === sizes.d) return p;
    let inst: Instance | null = p.instance;
    let pair: [number, number] = [...p.pair];
    for (let s = inst.mdp.P.length - 1; s >= S && inst; s--) {
      if (pair.includes(s)) continue;
      inst = deleteState(inst, s, null);
      pair = pair.map((x) => (x > s ? x - 1 : x)) as [number, number];
    }
    if (!inst) return p;
    const rest = cutInstance(inst, inst.mdp.P.length, A, d);
    return { ...p, instance: rest, pair };
  });
}
