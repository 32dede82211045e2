// A case's setup (prop1Setup, prop2Setup) is asked for 2-3 times per case: by the check's run, by
// its corners, and by the hypotheses and refiners. The setup is a pure function of the case, so it
// is remembered, keyed by the case's content (never by object identity, so a case changed in place
// cannot be served a stale setup; -0 is kept apart from 0, since the two can compute differently).

// JSON writes -0 as 0 and NaN, +-Infinity as null: each is written apart instead (tagged with a NUL,
// which no case's own strings contain).
const apart = (_key: string, v: unknown) => (typeof v === 'number' && (Object.is(v, -0) || !Number.isFinite(v)) ? `\u0000${Object.is(v, -0) ? '-0' : v}` : v);

/** The content key of a case: its JSON text, -0, NaN and +-Infinity written apart from 0 and null. */
export const caseKey = (c: unknown): string => JSON.stringify(c, apart);

/**
 * A memo of the last `size` distinct (case content, variant) pairs: `get(c, variant, compute)` runs
 * compute() only on a miss. Callers must not mutate what it returns (setups are read-only by
 * convention: BasePoints are never changed after they are built, engine/series.ts relies on that too).
 */
export function caseMemo<V>(size: number): (c: unknown, variant: string, compute: () => V) => V {
  const memo = new Map<string, V>();
  return (c, variant, compute) => {
    const key = `${variant}\u0000${caseKey(c)}`;
    const hit = memo.get(key);
    if (hit !== undefined) {
      memo.delete(key);
      memo.set(key, hit);
      return hit;
    }
    const value = compute();
    memo.set(key, value);
    if (memo.size > size) memo.delete(memo.keys().next().value!);
    return value;
  };
}
