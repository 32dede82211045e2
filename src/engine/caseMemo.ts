// A case's setup (prop1Setup) is asked for 2-3 times per case: by the check's run, by its corners,
// and by the hypotheses and refiners, all with the same case object. The setup is a pure function of
// the case, so it is remembered per case object, together with a snapshot of the case's content: a
// hit is served only if the content is still the same (Object.is leaf by leaf, so a case changed in
// place, even 0 -> -0, is computed afresh). A JSON text key would be exact too, but printing a
// case's doubles costs ~140 us a call; flattening and comparing ~50 us; the setup ~700 us.

import { HiddenTable } from './getters.ts';

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

// flatten's output, grown as needed and copied out once per snapshot (flatten is not reentrant):
// the numbers, and the shape's items (cleared after the copy, so no leaf outlives its snapshot here).
let scratch = new Float64Array(1024);
let count = 0;
const items: unknown[] = [];
let used = 0;
function pushNumber(x: number): void {
  if (count === scratch.length) {
    const bigger = new Float64Array(2 * scratch.length);
    bigger.set(scratch);
    scratch = bigger;
  }
  scratch[count++] = x;
}

function flatten(v: unknown): void {
  if (typeof v === 'number') { items[used++] = NUMBER; pushNumber(v); return; }
  if (Array.isArray(v)) {
    const n = v.length;
    if (n > 0) {
      // Numbers only: one marker; at the first other item, take the numbers back and walk the items.
      const start = count;
      if (count + n > scratch.length) { const bigger = new Float64Array(Math.max(2 * scratch.length, count + n)); bigger.set(scratch); scratch = bigger; }
      let k = 0;
      for (; k < n; k++) {
        const x = v[k];
        if (typeof x !== 'number') break;
        scratch[count++] = x;
      }
      if (k === n) { items[used++] = NUMBERS; items[used++] = n; return; }
      count = start;
    }
    items[used++] = ARRAY;
    items[used++] = n;
    for (let i = 0; i < n; i++) flatten(v[i]);
    return;
  }
  if (v !== null && typeof v === 'object') {
    const keys = Object.keys(v);
    items[used++] = OBJECT;
    items[used++] = keys.length;
    for (let k = 0; k < keys.length; k++) { items[used++] = keys[k]; flatten((v as Record<string, unknown>)[keys[k]]); }
    return;
  }
  items[used++] = v;
}

function snapshot(c: unknown): Snapshot {
  count = 0;
  used = 0;
  flatten(c);
  const shape = items.slice(0, used);
  items.fill(undefined, 0, used);
  return { shape, numbers: scratch.slice(0, count) };
}

// Where a comparison walk stands (matches is not reentrant): the snapshot, its next shape item and number.
let shape: unknown[] = [];
let numbers: Float64Array = new Float64Array(0);
let at = 0;
let atNumber = 0;

/** Advances the walk over v's content if the snapshot holds exactly flatten(v) there (Object.is item by item); false at a mismatch. */
function matches(v: unknown): boolean {
  if (at >= shape.length) return false;
  if (typeof v === 'number') {
    if (shape[at] !== NUMBER || !Object.is(numbers[atNumber], v)) return false;
    at++; atNumber++;
    return true;
  }
  if (Array.isArray(v)) {
    const n = v.length;
    if (shape[at] === NUMBERS) {
      // The snapshot had numbers only here: so must v, item for item.
      if (shape[at + 1] !== n) return false;
      for (let k = 0; k < n; k++) {
        const x = v[k];
        if (typeof x !== 'number' || !Object.is(numbers[atNumber + k], x)) return false;
      }
      at += 2; atNumber += n;
      return true;
    }
    if (shape[at] !== ARRAY || shape[at + 1] !== n) return false;
    at += 2;
    for (let k = 0; k < n; k++) if (!matches(v[k])) return false;
    return true;
  }
  if (v !== null && typeof v === 'object') {
    const keys = Object.keys(v);
    if (shape[at] !== OBJECT || shape[at + 1] !== keys.length) return false;
    at += 2;
    for (let k = 0; k < keys.length; k++) {
      if (shape[at] !== keys[k]) return false;
      at++;
      if (!matches((v as Record<string, unknown>)[keys[k]])) return false;
    }
    return true;
  }
  if (!Object.is(shape[at], v)) return false;
  at++;
  return true;
}

/** The snapshot is of c's content now, and nothing more. */
function same(c: unknown, snap: Snapshot): boolean {
  shape = snap.shape;
  numbers = snap.numbers;
  at = 0;
  atNumber = 0;
  const ok = matches(c) && at === shape.length && atNumber === numbers.length;
  shape = [];
  numbers = EMPTY;
  return ok;
}
const EMPTY: Float64Array = new Float64Array(0);

/**
 * A memo per case object and variant: `get(c, variant, compute)` runs compute() unless this object
 * was seen with this variant and its content is unchanged. Callers must not mutate what it returns
 * (setups are read-only by convention: BasePoints are never changed after they are built,
 * engine/series.ts relies on that too).
 */
export function caseMemo<V>(): (c: unknown, variant: string, compute: () => V) => V {
  // Kept on the case object (HiddenTable; snapshots walk Object.keys, which do not see it): a
  // WeakMap entry per case kept the case and its setup alive through scavenges, more so as a setup
  // reaches its case.
  const memo = new HiddenTable<object, Map<string, { snap: Snapshot; value: V }>>('caseMemo');
  return (c, variant, compute) => {
    if (c === null || typeof c !== 'object') return compute();
    const stored = memo.get(c);
    const hit = stored?.get(variant);
    if (hit && same(c, hit.snap)) return hit.value;
    // Snapshot before compute, as the content the value is a function of.
    const snap = snapshot(c);
    const value = compute();
    (stored ?? memo.set(c, new Map())).set(variant, { snap, value });
    return value;
  };
}
