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

/**
 * What a predicate returns for a case to skip: fc.pre(false) without its cost. fc.pre throws a new
 * PreconditionFailure, an Error whose stack trace is captured on every skip (a third to a half of a
 * search's cases), and the throw unwinds through fast-check's frames; fast-check only tests what a
 * property's run returns with PreconditionFailure.isFailure (its own run returns the caught one), so
 * run() returns one shared instance instead: the same skip for fast-check, without a throw.
 */
export const SKIP_CASE = Symbol('skip case');
const SKIP = new fc.PreconditionFailure();

/** fc.property(arb, predicate), generating values only; a drop-in for fc.check. */
export function lazyShrinkProperty<T>(arb: fc.Arbitrary<T>, predicate: (value: T) => boolean | void | typeof SKIP_CASE): fc.IRawProperty<[T], false> {
  let skipped = false;
  const plain = fc.property(arb, (value: T) => {
    const out = predicate(value);
    if (out !== SKIP_CASE) return out;
    skipped = true;
    return true;
  });
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
    run: (value: [T]) => {
      skipped = false;
      const out = plain.run(value);
      return skipped ? SKIP : out;
    },
    runBeforeEach: () => plain.runBeforeEach(),
    runAfterEach: () => plain.runAfterEach(),
  };
}
