// A case's setup (prop1Setup) is asked for 2-3 times per case: by the check's run, by its corners,
// and by the hypotheses and refiners, all with the same case object. The setup is a pure function of
// the case, so it is remembered per case object, together with a snapshot of the case's content: a
// hit is served only if the content is still the same (Object.is leaf by leaf, so a case changed in
// place, even 0 -> -0, is computed afresh). A JSON text key would be exact too, but printing a
// case's doubles costs ~140 us a call; flattening and comparing ~50 us; the setup ~700 us.

// Markers of structure in a flattened case; nothing else in a case is one of these objects.
const ARRAY = Symbol('array');
const OBJECT = Symbol('object');

/** A case's content in order: every number, string, key and other leaf, with each array's and object's size. */
function flatten(v: unknown, out: unknown[]): void {
  if (typeof v === 'number') { out.push(v); return; }
  if (Array.isArray(v)) {
    out.push(ARRAY, v.length);
    for (let i = 0; i < v.length; i++) flatten(v[i], out);
    return;
  }
  if (v !== null && typeof v === 'object') {
    const keys = Object.keys(v);
    out.push(OBJECT, keys.length);
    for (const k of keys) { out.push(k); flatten((v as Record<string, unknown>)[k], out); }
    return;
  }
  out.push(v);
}

const snapshot = (c: unknown): unknown[] => { const out: unknown[] = []; flatten(c, out); return out; };

/** Object.is item by item: -0 is not 0, NaN is NaN. */
function same(a: unknown[], b: unknown[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return false;
  return true;
}

/**
 * A memo per case object and variant: `get(c, variant, compute)` runs compute() unless this object
 * was seen with this variant and its content is unchanged. Callers must not mutate what it returns
 * (setups are read-only by convention: BasePoints are never changed after they are built,
 * engine/series.ts relies on that too).
 */
export function caseMemo<V>(): (c: unknown, variant: string, compute: () => V) => V {
  const memo = new WeakMap<object, Map<string, { snap: unknown[]; value: V }>>();
  return (c, variant, compute) => {
    if (c === null || typeof c !== 'object') return compute();
    const snap = snapshot(c);
    let byVariant = memo.get(c);
    const hit = byVariant?.get(variant);
    if (hit && same(hit.snap, snap)) return hit.value;
    const value = compute();
    if (!byVariant) memo.set(c, (byVariant = new Map()));
    byVariant.set(variant, { snap, value });
    return value;
  };
}
