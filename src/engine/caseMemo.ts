// A case's setup (prop1Setup) is asked for 2-3 times per case: by the check's run, by its corners,
// and by the hypotheses and refiners, all with the same case object. The setup is a pure function of
// the case, so it is remembered per case object, together with a snapshot of the case's content: a
// hit is served only if the content is still the same (Object.is leaf by leaf, so a case changed in
// place, even 0 -> -0, is computed afresh). A JSON text key would be exact too, but printing a
// case's doubles costs ~140 us a call; flattening and comparing ~50 us; the setup ~700 us.

import { hide, ownHidden } from './getters.ts';

// Markers of structure in a flattened case; nothing else in a case is one of these objects.
const ARRAY = Symbol('array');
/** An array whose items are all numbers: its size in shape, its items in numbers (most of a case). */
const NUMBERS = Symbol('numbers');
const OBJECT = Symbol('object');
const NUMBER = Symbol('number');


/**
 * A case's content in order. `shape` holds every string, key and other leaf, each array's and
 * object's size, and a NUMBER marker where a number stands (an array of numbers only: one NUMBERS
 * marker and its size); the numbers themselves go to `numbers`, a Float64Array (unboxed: a case is
 * mostly the MDP's doubles, and boxing each one in a mixed array was most of the memo's allocation).
 * A Float64Array keeps -0 and NaN, so Object.is on the stored doubles is Object.is on the leaves.
 */
interface Snapshot { shape: unknown[]; numbers: Float64Array }

// flatten's numbers, grown as needed and copied out once per snapshot (flatten is not reentrant).
let scratch = new Float64Array(1024);
let count = 0;
function pushNumber(x: number): void {
  if (count === scratch.length) {
    const bigger = new Float64Array(2 * scratch.length);
    bigger.set(scratch);
    scratch = bigger;
  }
  scratch[count++] = x;
}

function flatten(v: unknown, shape: unknown[]): void {
  if (typeof v === 'number') { shape.push(NUMBER); pushNumber(v); return; }
  if (Array.isArray(v)) {
    if (v.length > 0) {
      // Numbers only: one marker; at the first other item, take the numbers back and walk the items.
      const start = count;
      let k = 0;
      for (; k < v.length; k++) {
        const x = v[k];
        if (typeof x !== 'number') break;
        pushNumber(x);
      }
      if (k === v.length) { shape.push(NUMBERS, v.length); return; }
      count = start;
    }
    shape.push(ARRAY, v.length);
    for (let i = 0; i < v.length; i++) flatten(v[i], shape);
    return;
  }
  if (v !== null && typeof v === 'object') {
    const keys = Object.keys(v);
    shape.push(OBJECT, keys.length);
    for (const k of keys) { shape.push(k); flatten((v as Record<string, unknown>)[k], shape); }
    return;
  }
  shape.push(v);
}

function snapshot(c: unknown): Snapshot {
  count = 0;
  const shape: unknown[] = [];
  flatten(c, shape);
  return { shape, numbers: scratch.slice(0, count) };
}

/** Where a comparison walk stands: the next item of shape and of numbers (-1 after a mismatch). */
interface Cursor { i: number; n: number }

/** Advances `at` over v's content if snap holds exactly flatten(v) there (Object.is item by item), else sets at.i = -1. */
function matches(v: unknown, snap: Snapshot, at: Cursor): void {
  const { shape, numbers } = snap;
  if (at.i < 0 || at.i >= shape.length) { at.i = -1; return; }
  if (typeof v === 'number') {
    if (shape[at.i] !== NUMBER || !Object.is(numbers[at.n], v)) { at.i = -1; return; }
    at.i++; at.n++;
    return;
  }
  if (Array.isArray(v)) {
    if (shape[at.i] === NUMBERS) {
      // The snapshot had numbers only here: so must v, item for item.
      if (shape[at.i + 1] !== v.length) { at.i = -1; return; }
      for (let k = 0; k < v.length; k++) {
        const x = v[k];
        if (typeof x !== 'number' || !Object.is(numbers[at.n + k], x)) { at.i = -1; return; }
      }
      at.i += 2; at.n += v.length;
      return;
    }
    if (shape[at.i] !== ARRAY || shape[at.i + 1] !== v.length) { at.i = -1; return; }
    at.i += 2;
    for (let k = 0; k < v.length && at.i >= 0; k++) matches(v[k], snap, at);
    return;
  }
  if (v !== null && typeof v === 'object') {
    const keys = Object.keys(v);
    if (shape[at.i] !== OBJECT || shape[at.i + 1] !== keys.length) { at.i = -1; return; }
    at.i += 2;
    for (let k = 0; k < keys.length && at.i >= 0; k++) {
      if (shape[at.i] !== keys[k]) { at.i = -1; return; }
      at.i++;
      matches((v as Record<string, unknown>)[keys[k]], snap, at);
    }
    return;
  }
  if (!Object.is(shape[at.i], v)) { at.i = -1; return; }
  at.i++;
}

/** The snapshot is of c's content now, and nothing more. */
function same(c: unknown, snap: Snapshot): boolean {
  const at: Cursor = { i: 0, n: 0 };
  matches(c, snap, at);
  return at.i === snap.shape.length && at.n === snap.numbers.length;
}

/**
 * A memo per case object and variant: `get(c, variant, compute)` runs compute() unless this object
 * was seen with this variant and its content is unchanged. Callers must not mutate what it returns
 * (setups are read-only by convention: BasePoints are never changed after they are built,
 * engine/series.ts relies on that too).
 */
export function caseMemo<V>(): (c: unknown, variant: string, compute: () => V) => V {
  // Kept on the case object under a symbol of this memo's own, not enumerable (JSON, spread,
  // Object.keys, isDeepStrictEqual and fast-check do not see it; snapshots walk Object.keys): a
  // WeakMap entry per case kept the case and its setup alive through scavenges (engine/getters.ts),
  // more so as a setup reaches its case. A case that cannot take it (frozen) goes to the WeakMap.
  const key = Symbol('caseMemo');
  const frozen = new WeakMap<object, Map<string, { snap: Snapshot; value: V }>>();
  return (c, variant, compute) => {
    if (c === null || typeof c !== 'object') return compute();
    let byVariant = ownHidden<Map<string, { snap: Snapshot; value: V }>>(c, key) ?? frozen.get(c);
    const hit = byVariant?.get(variant);
    if (hit && same(c, hit.snap)) return hit.value;
    // Snapshot before compute, as the content the value is a function of.
    const snap = snapshot(c);
    const value = compute();
    if (!byVariant) {
      byVariant = new Map();
      if (Object.isExtensible(c)) hide(c, key, byVariant);
      else frozen.set(c, byVariant);
    }
    byVariant.set(variant, { snap, value });
    return value;
  };
}
