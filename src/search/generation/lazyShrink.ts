// fc.property with values generated without shrink trees (valueOnly.ts). fast-check's runner is
// unchanged: it tosses the same per-run generators, counts runs and skips, and shrinks. Each case
// keeps a copy of its run's generator instead of a tree; when fast-check asks to shrink a case,
// its tree is generated again from that copy, which is the tree the plain property would have had,
// so shrinking takes the same steps and reports the same path.
import fc from 'fast-check';
import { valueOf } from './valueOnly.ts';

/** fast-check's runIdToFrequency (IRawProperty.ts): the bias of run `runId`, 2 + floor(log10(runId + 1)). */
export const biasOfRun = (runId: number): number => 2 + ~~(Math.log(runId + 1) * 0.4342944819032518);

interface Untreed { readonly untreed: fc.Random; readonly runId: number | undefined }
const isUntreed = (context: unknown): context is Untreed => typeof context === 'object' && context !== null && 'untreed' in context;

/** fc.property(arb, predicate), generating values only; a drop-in for fc.check. */
export function lazyShrinkProperty<T>(arb: fc.Arbitrary<T>, predicate: (value: T) => boolean | void): fc.IRawProperty<[T], false> {
  const plain = fc.property(arb, predicate);
  return {
    isAsync: () => false as const,
    generate(mrng: fc.Random, runId?: number): fc.Value<[T]> {
      const untreed = mrng.clone();
      const value = valueOf(arb, mrng, runId !== undefined ? biasOfRun(runId) : undefined);
      return new fc.Value<[T]>([value], { untreed, runId } satisfies Untreed);
    },
    shrink(value: fc.Value<[T]>): fc.Stream<fc.Value<[T]>> {
      if (!isUntreed(value.context)) return plain.shrink(value);
      const { untreed, runId } = value.context;
      return plain.shrink(plain.generate(untreed.clone(), runId));
    },
    run: (value: [T]) => plain.run(value),
    runBeforeEach: () => plain.runBeforeEach(),
    runAfterEach: () => plain.runAfterEach(),
  };
}
