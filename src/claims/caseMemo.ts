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

/**
 * matches(v, snap, i): the position after v's content if snap holds exactly flatten(v) from i
 * (Object.is item by item: -0 is not 0, NaN is NaN), else -1. The same walk as flatten without
 * building the new snapshot, so a hit allocates nothing.
 */
function matches(v: unknown, snap: unknown[], i: number): number {
  if (i < 0 || i >= snap.length) return -1;
  if (typeof v === 'number') return Object.is(snap[i], v) ? i + 1 : -1;
  if (Array.isArray(v)) {
    if (snap[i] !== ARRAY || snap[i + 1] !== v.length) return -1;
    i += 2;
    for (let k = 0; k < v.length && i >= 0; k++) i = matches(v[k], snap, i);
    return i;
  }
  if (v !== null && typeof v === 'object') {
    const keys = Object.keys(v);
    if (snap[i] !== OBJECT || snap[i + 1] !== keys.length) return -1;
    i += 2;
    for (let k = 0; k < keys.length && i >= 0; k++) {
      if (snap[i] !== keys[k]) return -1;
      i = matches((v as Record<string, unknown>)[keys[k]], snap, i + 1);
    }
    return i;
  }
  return Object.is(snap[i], v) ? i + 1 : -1;
}

/** The snapshot is of c's content now, and nothing more. */
const same = (c: unknown, snap: unknown[]): boolean => matches(c, snap, 0) === snap.length;

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
    let byVariant = memo.get(c);
    const hit = byVariant?.get(variant);
    if (hit && same(c, hit.snap)) return hit.value;
    // Snapshot before compute, as the content the value is a function of.
    const snap = snapshot(c);
    const value = compute();
    if (!byVariant) memo.set(c, (byVariant = new Map()));
    byVariant.set(variant, { snap, value });
    return value;
  };
}
