// Delta J over a sequence of eps, the quantity every first-order and bound check measures, on the
// incremental kernel (perturbation.ts): the base point is loaded once per BasePoint, and each eps
// recomputes only the logits and JEPA errors the moved state touches. Every number is the one
// objective.ts's delta() gives for the same eps, bit for bit (test/bench/series.test.ts), noise
// included; JEPA_VERIFY_KERNEL=off routes the same calls through delta() instead, so a whole run
// can be compared kernel-on against kernel-off on one tree.
import type { Perturbation, Reading } from '../model/types.ts';
import { baseObjective, basePointParts, delta, deltaBetween, type BasePoint, type Delta, type ObjectiveValue } from './objective.ts';
import { PerturbationEvaluator } from './perturbation.ts';
import { hide, ownHidden } from './getters.ts';

/** One point of a series: every part of Delta J at one eps. */
export interface SeriesPoint extends Delta {
  eps: number;
}

/** Whether the kernel is on (the default); read per call, so a test can switch it. */
export const kernelEnabled = (): boolean => (globalThis.process?.env?.JEPA_VERIFY_KERNEL ?? '').toLowerCase() !== 'off';

// Evaluators are reused across base points of one size, since their buffers are the cost of
// allocation; one is re-pointed (loaded again, the same numbers) when another base point needs it.
const pool = new Map<string, PerturbationEvaluator>();
// Only the evaluator used last holds a base point (its Prepared): a pooled evaluator that kept its
// last base point until the next case of its size came would keep that case alive for hundreds of
// cases, through scavenges into old space. A base point records which load of which evaluator holds
// it (BasePoint objects are not mutated after basePoint() builds them, so identity is a safe key), on
// itself under a symbol, not enumerable, instead of in a WeakMap (an entry per case burdened every
// scavenge); a base point that cannot take it (frozen) is loaded on each call.
let active: PerturbationEvaluator | null = null;
let loads = 0;
const LOADED = Symbol('loadedIn');
type Loaded = { ev: PerturbationEvaluator; load: number };

function evaluatorFor(base: BasePoint): PerturbationEvaluator {
  const hit = ownHidden<Loaded>(base, LOADED);
  if (hit && hit.ev === active && hit.load === loads) return hit.ev;
  const { S, A, d } = base.prep;
  const key = `${S}x${A}x${d}`;
  let ev = pool.get(key);
  if (!ev) {
    ev = new PerturbationEvaluator(S, A, d);
    pool.set(key, ev);
  }
  if (active && active !== ev) active.release();
  // A base point basePoint() built is copied in (the same numbers load() would compute).
  const parts = basePointParts(base);
  if (parts) ev.loadFrom(base, parts);
  else ev.load(base.prep);
  active = ev;
  loads++;
  if (hit) {
    hit.ev = ev;
    hit.load = loads;
  } else if (Object.isExtensible(base)) hide(base, LOADED, { ev, load: loads } satisfies Loaded);
  return ev;
}

/**
 * delta(base, { ...p, eps }, reading, at) for every eps, with at = baseObjective(base, reading).
 * Throws what delta() throws (SingularSystemError for a moved policy that never terminates).
 */
export function deltaSeriesOf(base: BasePoint, p: Omit<Perturbation, 'eps'>, reading: Reading, eps: readonly number[]): SeriesPoint[] {
  const at = baseObjective(base, reading);
  return eps.map((e) => ({ eps: e, ...deltaAt(base, p, reading, e, at) }));
}

const scratch: ObjectiveValue = { J_PG: 0, J_JEPA: 0, J: 0 };

/** delta(base, { ...p, eps }, reading, at), bit for bit, on the kernel unless it is switched off. */
export function deltaAt(base: BasePoint, p: Omit<Perturbation, 'eps'>, reading: Reading, eps: number, at: ObjectiveValue = baseObjective(base, reading)): Delta {
  if (!kernelEnabled()) return delta(base, { ...p, eps } as Perturbation, reading, at);
  const ev = evaluatorFor(base);
  const moved = ev.move({ state: p.state, action: p.action, k: p.k, u: p.u, r: p.r, eps }).movedObjective(reading, scratch);
  // As delta(): the fixed-data reading has no moved evaluation, so only the base horizon counts.
  return deltaBetween(base, at, moved, reading === 'on-policy' ? ev.moved.horizon : 0);
}
