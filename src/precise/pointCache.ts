// The high-precision engine's memory of instances: each instance's BigNumber form, base point and
// recent moved points, kept by exact content (never by object identity), and the products and
// predictions they share, so a confirmation's repeated evaluations compute each value once.
import type { Instance, Perturbation } from '../model/types.ts';
import { contentKey } from '../engine/contentMemo.ts';
import { clearValueMemos } from './memo.ts';
import { dot, type Big, type Ctx } from './context.ts';
import { perturb, toBig, type BigInstance } from './instance.ts';
import { rdDotBig } from './rdPredictor.ts';
import { errors, jepaTerm, preciseObjectiveAt, type PrecisePoint, type PredictionCache, type SquareCache, type Want } from './objectiveAt.ts';

/**
 * dot(W_a, z_s), remembered per pair of row objects (rows are never mutated; perturb() keeps the
 * unchanged ones): a perturbation moves one code and one head row, so the other products are the
 * base point's, and the moved points of one confirmation share all but the moved code's.
 */
function headDot(c: Ctx, bi: BigInstance, row: Big[], z: Big[]): Big {
  let byCode = bi.dots.get(row);
  if (!byCode) bi.dots.set(row, (byCode = new WeakMap()));
  let x = byCode.get(z);
  if (x === undefined) byCode.set(z, (x = rdDotBig(c.zero, c.digits, row, z) ?? dot(c, row, z)));
  return x;
}

/** The linear head of §4.1: l_s = W z_s + b. */
function evaluateBig(c: Ctx, bi: BigInstance, cache: PredictionCache = new WeakMap(), squares?: SquareCache, want: Want = {}): PrecisePoint {
  const logits = bi.E.map((z) => bi.W.map((row, a) => headDot(c, bi, row, z).plus(bi.b[a])));
  return preciseObjectiveAt(c.digits, bi, bi.E, logits, cache, squares, want);
}

/** An instance at one precision with its evaluation, and the caches a perturbation of it reuses. */
export interface BaseEntry {
  bi: BigInstance;
  predictions: PredictionCache;
  squares: SquareCache | undefined;
  /** The base point with its JEPA errors (full), or without them (pg), whichever was asked for first. */
  full?: PrecisePoint;
  pg?: PrecisePoint;
  /** Moved points by perturbation and what was wanted: a confirmation asks for Delta(0) once per eps. */
  moved: Map<string, PrecisePoint>;
}

const MOVED_PER_BASE = 8;
/** A double as text for a key: String() is its shortest round-trip form, with -0 kept apart from 0. */
const num = (x: number): string => (Object.is(x, -0) ? '-0' : String(x));

export function basePointOf(c: Ctx, entry: BaseEntry, jepa: boolean): PrecisePoint {
  if (entry.full) return entry.full;
  if (!jepa && entry.pg) return entry.pg;
  if (entry.pg) {
    // The J_PG point is there: its pi, V, Q, A, d are what a full evaluation computes again (the same
    // operations on the same numbers), so only the JEPA errors and J_JEPA are added.
    const { bi, pg } = entry;
    const err = errors(c, bi, bi.E, bi.nA, entry.predictions, entry.squares);
    return (entry.full = { ...pg, err, J_JEPA: jepaTerm(c, bi.lambda, pg.d, pg.pi, err) });
  }
  const point = evaluateBig(c, entry.bi, entry.predictions, entry.squares, { jepa });
  if (jepa) entry.full = point;
  else entry.pg = point;
  return point;
}

export function movedPointOf(c: Ctx, entry: BaseEntry, p: Perturbation, want: { values: boolean; jepa: boolean }, reuse: boolean): PrecisePoint {
  const key = reuse ? `${p.state}|${p.action}|${num(p.k)}|${num(p.eps)}|${p.u.map(num)}|${p.r.map(num)}|${p.uExact ?? '~'}|${p.rExact ?? '~'}` : null;
  // A point computed with more than is wanted serves too: its shared fields are the same values.
  const stronger = [want, { ...want, values: true }, { ...want, jepa: true }, { values: true, jepa: true }];
  for (const w of stronger) {
    const hit = key === null ? undefined : entry.moved.get(`${w.values}${w.jepa}${key}`);
    if (hit) return hit;
  }
  // Moved points are read for J, pi, V and the JEPA errors (preciseDelta, preciseLocalShift), never
  // for Q and A, so every one is computed without them (and without d when J_JEPA is not wanted).
  const point = evaluateBig(c, perturb(c, entry.bi, p), entry.predictions, entry.squares, { ...want, advantages: false });
  if (key !== null) {
    entry.moved.set(`${want.values}${want.jepa}${key}`, point);
    if (entry.moved.size > MOVED_PER_BASE) entry.moved.delete(entry.moved.keys().next().value!);
  }
  return point;
}

// A confirmation evaluates the same instance many times (Delta at eps and at 0, at two eps, under
// two readings, then the predictions and the hypotheses): its base point is kept, keyed by content
// (never by object identity, so an instance changed in place cannot be served a stale value; -0 is
// kept apart from 0 since the two convert to different BigNumbers). Small instances by their exact
// content (contentKey);
// a large one by a 64-bit hash of its content, since its text would be tens of megabytes.
const BASE_CACHE_SIZE = 8;

/**
 * A large instance's key: two independent 32-bit hashes of every number's bits and every string, in
 * order (64 bits: a collision among the few instances a process holds has probability ~1e-18),
 * since its JSON text would be tens of megabytes.
 */
function contentHash(x: unknown): string {
  const view = new DataView(new ArrayBuffer(8));
  let h1 = 0x811c9dc5, h2 = 0x9747b28c, count = 0;
  const mix = (word: number) => {
    h1 = Math.imul(h1 ^ word, 0x01000193);
    h2 = Math.imul(h2 ^ Math.imul(word, 0xcc9e2d51), 0x1b873593) ^ (h2 >>> 15);
    count++;
  };
  const walk = (v: unknown): void => {
    if (typeof v === 'number') {
      view.setFloat64(0, v);
      mix(view.getUint32(0));
      mix(view.getUint32(4));
    } else if (typeof v === 'string') {
      mix(0x5a5a5a5a ^ v.length);
      for (let i = 0; i < v.length; i++) mix(v.charCodeAt(i));
    } else if (Array.isArray(v)) {
      mix(0x3c3c3c3c ^ v.length);
      for (const e of v) walk(e);
    } else if (v !== null && typeof v === 'object') {
      for (const k of Object.keys(v).sort()) { walk(k); walk((v as Record<string, unknown>)[k]); }
    } else mix(v === null ? 0x11111111 : v === undefined ? 0x22222222 : v ? 0x33333333 : 0x44444444);
  };
  walk(x);
  return `${(h1 >>> 0).toString(16)}${(h2 >>> 0).toString(16)}:${count}`;
}
const BASE_CACHE_MAX_STATES = 64;
/** A small instance's key: its exact content (every double's bits; contentMemo.ts), or null when it has content no key describes. */
const contentSmallKey = (digits: number, instance: Instance): string | null => {
  const key = contentKey(instance);
  return key === null ? null : `${digits}:${key}`;
};
const bases = new Map<string, BaseEntry>();

/** Empties the base-point cache (tests compare cold and warm evaluations). */
export function clearPreciseCache(): void {
  bases.clear();
  clearValueMemos();
}

/** JEPA_VERIFY_KERNEL=off turns the reuse off too, so a whole run can be compared with and without it. */
const reuse = () => (globalThis.process?.env?.JEPA_VERIFY_KERNEL ?? '').toLowerCase() !== 'off';

export function baseEntry(c: Ctx, instance: Instance): BaseEntry {
  const on = reuse();
  const small = (instance?.mdp?.P?.length ?? Infinity) <= BASE_CACHE_MAX_STATES;
  const key = !on ? null : small ? contentSmallKey(c.digits, instance) : `${c.digits}#${contentHash(instance)}`;
  const hit = key === null ? undefined : bases.get(key);
  if (hit) {
    bases.delete(key!);
    bases.set(key!, hit);
    return hit;
  }
  const bi = toBig(c, instance);
  const predictions: PredictionCache = new WeakMap();
  const squares: SquareCache | undefined = on ? new WeakMap() : undefined;
  const entry: BaseEntry = { bi, predictions, squares, moved: new Map() };
  if (key !== null) {
    bases.set(key, entry);
    if (bases.size > BASE_CACHE_SIZE) bases.delete(bases.keys().next().value!);
  }
  return entry;
}

/** The eq. (1) terms of `x` with d0, pi0, A0 of the unperturbed evaluation `base` held fixed (the fixed-data reading). */
export function fixedData(c: Pick<Ctx, 'zero' | 'math'>, lambda: Big, base: Pick<PrecisePoint, 'd' | 'pi' | 'A'>, x: PrecisePoint, withJepa = true): { J_PG: Big; J_JEPA: Big } {
  let pg = c.zero;
  let jepa = c.zero;
  base.d.forEach((ds, s) => {
    base.pi[s].forEach((p, a) => {
      const w = ds.times(p);
      pg = pg.plus(w.times(base.A[s][a]).times(x.logPi[s][a]));
      if (withJepa) jepa = jepa.plus(w.times(x.err[s][a]));
    });
  });
  return { J_PG: pg.neg(), J_JEPA: withJepa ? lambda.times(jepa) : c.math.bignumber(NaN) as Big };
}

/** fixedData(base, base): the same terms for every perturbation of a base point, so computed once per point. */
const fixedBases = new WeakMap<PrecisePoint, Map<boolean, { J_PG: Big; J_JEPA: Big }>>();
export function fixedAtBase(c: Ctx, lambda: Big, e0: PrecisePoint, jepa: boolean): { J_PG: Big; J_JEPA: Big } {
  let byJepa = fixedBases.get(e0);
  if (!byJepa) fixedBases.set(e0, (byJepa = new Map()));
  let terms = byJepa.get(jepa);
  if (!terms) byJepa.set(jepa, (terms = fixedData(c, lambda, e0, e0, jepa)));
  return terms;
}
