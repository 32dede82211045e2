// A counterexample file's `case` against the check's own cases (replay treats the file as data):
// a field the check's cases always have and the file lacks is bad input named by its path, not a
// scientific outcome ("k = undefined is not > 0") or a JavaScript TypeError from deep in the check.
import fc from 'fast-check';
import type { PropertyCheck } from '../claims/framework.ts';
import { InputError, validateInstance, validateMdp } from '../model/validate.ts';

/** Enough cases that a field a generator leaves out (or sets to null) now and then is seen so in one of them: Prop. 2's uPick.tilt is null in 4 of 5. */
const SAMPLES = 32;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const kind = (v: unknown) => (Array.isArray(v) ? 'an array' : v === null ? 'null' : typeof v === 'object' ? 'an object' : `a ${typeof v}`);

/** A few cases the check itself generates (fixed seed), as JSON has them: the model of a case's fields and types. */
export function sampleCases(check: PropertyCheck<unknown>): unknown[] {
  let cases: unknown[];
  try {
    cases = fc.sample(check.arbitrary(), { numRuns: SAMPLES, seed: 1 });
  } catch {
    return [];
  }
  const out: unknown[] = [];
  for (const c of cases) {
    try {
      out.push(JSON.parse(JSON.stringify(c)));
    } catch {
      // A case JSON cannot hold (undefined, a BigInt) is no model of a file's case.
    }
  }
  return out;
}

/** Whether a validator accepts every sample: then the samples hold that kind of value (an instance, an MDP) there. */
const allPass = (models: unknown[], validate: (v: unknown) => unknown) =>
  models.every((m) => {
    try {
      validate(m);
      return true;
    } catch {
      return false;
    }
  });

/**
 * Throws InputError for the first field every sample has and the case lacks (`case.k: missing`),
 * or holds as null where no sample does. Recurses into objects; an instance (where the samples hold
 * one) is left to validateInstance and an MDP to validateMdp, since an instance's world model is a
 * union (affine or mlp) that a few samples need not show both arms of. A field some sample lacks
 * is optional and is not required.
 */
export function requireCaseFields(value: unknown, samples: unknown[], field: string): void {
  if (!isObject(value) || samples.length === 0 || !samples.every(isObject)) return;
  for (const k of Object.keys(samples[0])) {
    const models = samples.map((s) => (s as Record<string, unknown>)[k]);
    if (!samples.every((s) => k in s)) continue;
    const at = `${field}.${k}`;
    if (!(k in value)) throw new InputError(`${at}: missing`);
    const v = value[k];
    if (v === null && models.every((m) => m !== null)) throw new InputError(`${at}: expected ${kind(models[0])}, got null`);
    if (k === 'instance' && allPass(models, (m) => validateInstance(m))) {
      validateInstance(v, at);
      continue;
    }
    if (k === 'mdp' && allPass(models, (m) => validateMdp(m))) {
      validateMdp(v, at);
      continue;
    }
    requireCaseFields(v, models, at);
  }
}

/**
 * Replay's checks of a file's case before it runs, against the check's own cases (sampleCases): an
 * object where they are objects, every field they always have (requireCaseFields), a top-level
 * instance valid (validateInstance), each field of their JSON type (shapeError). Throws InputError naming the first field that fails. Variant
 * counterexamples (src/variants/replay.ts) are held to it with their configured check's cases.
 */
export function requireCaseFits(value: unknown, samples: unknown[], field = 'case'): void {
  const model = samples[0];
  if (!isObject(value) && (model === undefined || isObject(model))) throw new InputError(`${field}: expected an object, got ${JSON.stringify(value)?.slice(0, 40)}`);
  requireCaseFields(value, samples, field);
  if (isObject(value) && 'instance' in value) validateInstance(value.instance, `${field}.instance`);
  const problem = shapeError(value, model, field);
  if (problem) throw new InputError(problem);
  requireIndices(value, samples, field);
}

/**
 * The index fields of the documented case types (README "The case a counterexample replays"):
 * Prop. 1/2's `pair` (taken modulo the number of pairs, so any non-negative integer), the states of
 * Prop. 2's `partial.pair` and §7's `pair` (below |S|, two distinct), the §4.2/§4.3 `action` (below
 * the rows of W or the logits) and §7's `extra`. A field is held to it only where every one of the
 * check's own cases has a non-negative integer there (or an array of them), so a user's claim with
 * another `pair` is left alone. Without this a -5 or 0.5 reached the check as an array index and came
 * back as "case: does not fit" or as a verdict on some other pair.
 */
const INDEX_FIELDS = ['pair', 'action', 'extra'];
const isIndex = (x: unknown): x is number => typeof x === 'number' && Number.isInteger(x) && x >= 0;
const indexLike = (m: unknown) => isIndex(m) || (Array.isArray(m) && m.length > 0 && m.every(isIndex));

function requireIndices(value: unknown, samples: unknown[], field: string): void {
  if (!isObject(value) || samples.length === 0 || !samples.every(isObject)) return;
  for (const k of Object.keys(samples[0])) {
    const models = samples.map((s) => (s as Record<string, unknown>)[k]);
    const v = value[k];
    const at = `${field}.${k}`;
    if (INDEX_FIELDS.includes(k) && models.every(indexLike)) {
      const entries = Array.isArray(v) ? v.map((x, i) => [x, `${at}[${i}]`] as const) : [[v, at] as const];
      for (const [x, where] of entries) if (!isIndex(x)) throw new InputError(`${where}: expected a non-negative integer, got ${JSON.stringify(x)}`);
      requireInRange(value, k, v, at);
    } else if (models.every(isObject)) requireIndices(v, models, at);
  }
}

/** The number of states of the MDP beside a field (an object's `mdp` or `instance.mdp`), or null. */
function statesBeside(o: Record<string, unknown>): number | null {
  const mdp = (isObject(o.mdp) ? o.mdp : isObject(o.instance) && isObject(o.instance.mdp) ? o.instance.mdp : null) as { P?: unknown } | null;
  return mdp && Array.isArray(mdp.P) ? mdp.P.length : null;
}

/** State indices below `states` (a Prop. 2 or §7 pair), two of them distinct: the messages claim and §7 file replays share. */
export function requireStateIndices(v: readonly unknown[], states: number, at: string): void {
  v.forEach((s, i) => {
    if (!isIndex(s)) throw new InputError(`${at}[${i}]: expected a non-negative integer, got ${JSON.stringify(s)}`);
    if (s >= states) throw new InputError(`${at}[${i}]: expected a state index below ${states} (the MDP's number of states), got ${s}`);
  });
  if (v.length === 2 && v[0] === v[1]) throw new InputError(`${at}: expected two distinct states, got ${JSON.stringify(v)}`);
}

function requireInRange(o: Record<string, unknown>, k: string, v: unknown, at: string): void {
  const states = statesBeside(o);
  if (k === 'pair' && Array.isArray(v) && states !== null) requireStateIndices(v, states, at);
  if (k === 'action' && typeof v === 'number') {
    const [n, what] = Array.isArray(o.W) ? [o.W.length, 'the rows of W'] : Array.isArray(o.logits) ? [o.logits.length, 'the entries of logits'] : [null, ''];
    if (n !== null && v >= n) throw new InputError(`${at}: expected an action index below ${n} (${what}), got ${v}`);
  }
}

/**
 * The first field whose JSON type differs from the check's own cases (a string where a number
 * goes, an object where an array goes). Fields one side lacks are left alone: a case type may be
 * a union (an affine or an mlp world model), and the instance validator covers the instance.
 */
export function shapeError(value: unknown, model: unknown, field: string): string | null {
  // As in checkSizes, the field name is built only for the answer.
  const path: (string | number)[] = [];
  const name = () => field + path.map((k) => (typeof k === 'number' ? `[${k}]` : `.${k}`)).join('');
  const walk = (value: unknown, model: unknown): string | null => {
    if (model === undefined || model === null || value === null) return null;
    if (kind(value) !== kind(model)) return `${name()}: expected ${kind(model)}, got ${JSON.stringify(value)?.slice(0, 40)}`;
    if (Array.isArray(value) && Array.isArray(model)) {
      if (model.length === 0) return null;
      for (let i = 0; i < value.length; i++) {
        path.push(i);
        const e = walk(value[i], model[Math.min(i, model.length - 1)]);
        path.pop();
        if (e) return e;
      }
      return null;
    }
    if (typeof value === 'object') {
      for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
        if (!(k in (model as Record<string, unknown>))) continue;
        path.push(k);
        const e = walk(v, (model as Record<string, unknown>)[k]);
        path.pop();
        if (e) return e;
      }
    }
    return null;
  };
  return walk(value, model);
}

/**
 * After the check failed on a case with a JavaScript error: runs `f` again on a copy of the case
 * that watches its own reads, and names the field when the last read before the failure was of a
 * field the case lacks (the usual "Cannot read properties of undefined"). Only on failure: the
 * watched copy is slow, and a case that runs never pays for it.
 */
export function missingFieldRead(value: unknown, f: (c: unknown) => unknown, field: string): string | null {
  let last: string | null = null;
  const proxies = new WeakMap<object, object>();
  const watch = (v: unknown, path: string): unknown => {
    if (typeof v !== 'object' || v === null) return v;
    const known = proxies.get(v);
    if (known) return known;
    const proxy = new Proxy(v, {
      get(target, key, receiver) {
        const x = Reflect.get(target, key, receiver);
        if (typeof key !== 'string') return x;
        const at = Array.isArray(target) && /^\d+$/.test(key) ? `${path}[${key}]` : `${path}.${key}`;
        const own = Object.prototype.hasOwnProperty.call(target, key);
        last = own || key in target ? null : at;
        if (!own) return x;
        // A proxy must return a frozen field's own value.
        const d = Object.getOwnPropertyDescriptor(target, key);
        return d && !d.configurable && !d.writable ? x : watch(x, at);
      },
    });
    proxies.set(v, proxy);
    return proxy;
  };
  let copy: unknown;
  try {
    copy = structuredClone(value);
  } catch {
    return null;
  }
  try {
    f(watch(copy, field));
  } catch {
    return last;
  }
  return null;
}

/** JavaScript's own errors (a TypeError from an undefined field): their text speaks of the tool's code, not of the file. */
export const isEngineError = (error: unknown) =>
  error instanceof TypeError || error instanceof ReferenceError || error instanceof RangeError || error instanceof SyntaxError;

/**
 * A case its check cannot run, as bad input (never "no longer refutes", never a JavaScript error's
 * text): the field the check was reading when it failed, when the case lacks it (found by running
 * `rerun` on a watched copy); else the failure, `otherwise`, in one line. Paper and variant replays.
 */
export function unfitCase(id: string, value: unknown, rerun: (c: unknown) => unknown, error: unknown, how: { what?: string; writer: 'verify' | 'variant'; otherwise: string }): InputError {
  const missing = missingFieldRead(value, rerun, 'case');
  if (missing) return new InputError(`${missing}: missing (${id}'s check reads it)`);
  const why = isEngineError(error) ? `a field is missing or of the wrong type; compare the case with one ${how.writer} writes` : how.otherwise;
  return new InputError(`case: does not fit ${id}'s check (${how.what ? `${how.what}: ` : ''}${why})`);
}
