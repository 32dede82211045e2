// Lazy fields of per-case objects as own enumerable getters, without object-literal getters.
//
// V8 gives every object made by a literal with `get x() { ... }` a hidden class (Map) of its own,
// whose descriptors hold that object's getter closures. Maps live in old space, so a dead one is
// freed only by a full mark-compact; until then each scavenge treats its closures, and everything
// they capture (the case, its setup, its base point), as live, copies them and promotes them. In a
// Prop. 2 unit that made most of a case's memory survive scavenges and filled old space with
// garbage between mark-compacts. A getter defined from a shared descriptor (one function per field,
// reading the object's state from a non-enumerable symbol property) keeps one hidden class per
// shape: the objects die young. Keys, their order, enumerability and what spread, JSON and
// isDeepStrictEqual see are those of the literal (the symbol property is not enumerable).

/** A getter descriptor with a literal getter's attributes (enumerable, configurable, no setter). */
export const getter = <T>(get: (this: T) => unknown): PropertyDescriptor => ({ get, enumerable: true, configurable: true });

/** Attach `state` to `o` under `key`, not enumerable, not writable (as a WeakMap entry would be: invisible). */
export function hide<T extends object>(o: T, key: symbol, state: unknown): T {
  Object.defineProperty(o, key, { value: state });
  return o;
}

/** The state hide() attached to `o` itself (not inherited), or undefined. */
export const ownHidden = <S>(o: object, key: symbol): S | undefined =>
  Object.prototype.hasOwnProperty.call(o, key) ? (o as Record<symbol, S>)[key] : undefined;

/**
 * A value per object, kept on the object under a non-enumerable symbol of this table's own (JSON,
 * spread, Object.keys, isDeepStrictEqual, structured clones and fast-check do not see it), or in a
 * WeakMap when the object cannot take a property (frozen). Not a WeakMap for every object: a
 * WeakMap's value survives each scavenge while its key lives, so a per-case entry kept its case
 * alive and promoted it. set() once per object (the property is not writable); a mutable value
 * (a Map, a holder) is how a table's entry changes.
 */
export class HiddenTable<K extends object, V> {
  private readonly key: symbol;
  private readonly frozen = new WeakMap<K, V>();

  constructor(name: string) {
    this.key = Symbol(name);
  }

  get(o: K): V | undefined {
    return ownHidden<V>(o, this.key) ?? this.frozen.get(o);
  }

  /** Remembers v for o and returns it. */
  set(o: K, v: V): V {
    if (Object.isExtensible(o)) hide(o, this.key, v);
    else this.frozen.set(o, v);
    return v;
  }
}
