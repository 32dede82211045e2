// Certified maximum of mu . V over a closed policy class: the states in `tied` share one action
// distribution q (any point of the closed simplex, deterministic vertices included); every other
// state plays a deterministic action sigma(s), enumerated (for fixed q the rest is an MDP, whose
// optimum is deterministic). Branch and bound over simplex cells of q with a second-order bound:
//
//   g(p) - g(q) = sum_{s in T} d_p(s) (p - q).Q_q(s)                 (performance difference)
//              <= max_{v vertex} sum_{s in T} d_q(s) (v - q).Q_q(s)  (linear, so a vertex maximises)
//                 + gamma |mu|_1 H^2 r^2 span/2,                      H = 1/(1 - gamma),
//
// because |d_p - d_q|_1 <= gamma |mu|_1 H^2 |p - q|_1 (d_p - d_q = gamma d_p (P_p - P_q)(I - gamma P_q)^-1)
// and |(p - q).Q(s)| <= |p - q|_1 span_a Q(s)/2 (sum p - q = 0); r = max_v |v - q|_1. Needs gamma < 1.
// The search runs in float64; every leaf's bound is then recomputed at 64 digits (certify()).
import type { Mdp } from '../model/types.ts';
import type { Scalar } from '../precise/dual.ts';
import { float64Scalar } from '../precise/dual.ts';
import { digits64Exact, evaluateIn, fieldMdp } from './policyValue.ts';

export interface Cell {
  /** A vertices, each a probability vector over the A actions (dyadic rationals, exact in float64). */
  vertices: number[][];
  /** Deterministic action of every state outside `tied` (-1 at tied states). */
  sigma: number[];
  upper: number;
  lower: number;
  depth: number;
  /** The expansion point whose bound is `upper` (a vertex, or absent for the centroid). */
  at?: number[];
  /** Bisection choices from the unit simplex ('0': the child keeping vertex j, '1': keeping vertex i): replay rebuilds the cell from it. */
  path: string;
}

export interface ClassMax {
  tied: number[];
  /** Best point found: its value is a lower bound on the maximum. */
  best: { q: number[]; sigma: number[]; value: number };
  /** Every leaf's upper bound is <= upper: the maximum is in [best.value, upper]. */
  upper: number;
  leaves: Cell[];
  splits: number;
  /** The search stopped on its budget before upper - lower <= tol. */
  budgetHit: boolean;
}

interface Bound<T> { lower: T; upper: T; q: T[] }

/**
 * Bound of one cell expanded at a point `at` of the cell (its centroid when absent), in any field
 * (float64 for the search, 64 digits for the certificate). Any point of the cell gives a valid
 * bound; expanding at a vertex that is a local maximum makes the linear term <= 0, so the bound
 * closes quadratically where the maximum sits at a deterministic policy.
 */
export function cellBound<T>(F: Scalar<T>, mdp: Mdp, tied: number[], cell: Pick<Cell, 'vertices' | 'sigma'>, at?: number[]): Bound<T> {
  const m = fieldMdp(F, mdp);
  const { S, A } = m;
  const V = cell.vertices.map((v) => v.map((x) => F.of(x)));
  const n = F.of(V.length);
  const raw = at ? at.map((x) => F.of(x)) : Array.from({ length: A }, (_, a) => F.div(V.reduce((acc, v) => F.add(acc, v[a]), F.zero), n));
  // A float64 centroid need not sum to 1; the policy evaluated is the normalised one.
  const total = raw.reduce((acc, x) => F.add(acc, x), F.zero);
  const q = raw.map((x) => F.div(x, total));
  const pi = Array.from({ length: S }, (_, s) => (tied.includes(s) ? q : Array.from({ length: A }, (_, a) => (a === cell.sigma[s] ? F.one : F.zero))));
  const ev = evaluateIn(F, m, pi);
  const max = (a: T, b: T) => (F.sign(F.sub(a, b)) >= 0 ? a : b);
  const min = (a: T, b: T) => (F.sign(F.sub(a, b)) <= 0 ? a : b);
  const abs = (x: T) => (F.sign(x) < 0 ? F.sub(F.zero, x) : x);
  let lin: T | null = null;
  let r = F.zero;
  for (const v of V) {
    let l = F.zero;
    let dist = F.zero;
    for (let a = 0; a < A; a++) {
      const diff = F.sub(v[a], q[a]);
      dist = F.add(dist, abs(diff));
      for (const s of tied) l = F.add(l, F.mul(F.mul(ev.d[s], diff), ev.Q[s][a]));
    }
    lin = lin === null ? l : max(lin, l);
    r = max(r, dist);
  }
  let span = F.zero;
  for (const s of tied) {
    let hi = ev.Q[s][0], lo = ev.Q[s][0];
    for (const x of ev.Q[s]) { hi = max(hi, x); lo = min(lo, x); }
    span = max(span, F.sub(hi, lo));
  }
  const H = F.div(F.one, F.sub(F.one, m.gamma));
  const muMass = m.mu.reduce((acc, x) => F.add(acc, x), F.zero);
  const second = F.div(F.mul(F.mul(F.mul(m.gamma, muMass), F.mul(H, H)), F.mul(F.mul(r, r), span)), F.of(2));
  return { lower: ev.value, upper: F.add(F.add(ev.value, lin!), second), q };
}

/**
 * cellBound(float64Scalar, ...) with the field's operations written out in the same order (the
 * same doubles; max/min/abs as cellBound's sign tests), for the search's many cells.
 */
export function cellBoundFloat64(mdp: Mdp, tied: number[], cell: Pick<Cell, 'vertices' | 'sigma'>, at?: number[]): Bound<number> {
  const m = fieldMdp(float64Scalar, mdp);
  const { S, A } = m;
  const V = cell.vertices;
  const raw = at ? at.slice() : Array.from({ length: A }, (_, a) => { let acc = 0; for (const v of V) acc = acc + v[a]; return acc / V.length; });
  let total = 0;
  for (const x of raw) total = total + x;
  const q = raw.map((x) => x / total);
  const pi = Array.from({ length: S }, (_, s) => (tied.includes(s) ? q : Array.from({ length: A }, (_, a) => (a === cell.sigma[s] ? 1 : 0))));
  const ev = evaluateIn(float64Scalar, m, pi);
  let lin: number | null = null;
  let r = 0;
  for (const v of V) {
    let l = 0;
    let dist = 0;
    for (let a = 0; a < A; a++) {
      const diff = v[a] - q[a];
      dist = dist + (Math.sign(diff) < 0 ? 0 - diff : diff);
      for (const s of tied) l = l + ev.d[s] * diff * ev.Q[s][a];
    }
    lin = lin === null || !(Math.sign(lin - l) >= 0) ? l : lin;
    r = Math.sign(r - dist) >= 0 ? r : dist;
  }
  let span = 0;
  for (const s of tied) {
    let hi = ev.Q[s][0], lo = ev.Q[s][0];
    for (const x of ev.Q[s]) { hi = Math.sign(hi - x) >= 0 ? hi : x; lo = Math.sign(lo - x) <= 0 ? lo : x; }
    const w = hi - lo;
    span = Math.sign(span - w) >= 0 ? span : w;
  }
  const H = 1 / (1 - m.gamma);
  let muMass = 0;
  for (const x of m.mu) muMass = muMass + x;
  const second = (m.gamma * muMass * (H * H) * (r * r * span)) / 2;
  return { lower: ev.value, upper: ev.value + lin! + second, q };
}

/** Deterministic rest policies: every assignment of an action to each state outside `tied`. */
function sigmas(S: number, A: number, tied: number[]): number[][] {
  let out: number[][] = [[]];
  for (let s = 0; s < S; s++) out = out.flatMap((p) => (tied.includes(s) ? [[...p, -1]] : Array.from({ length: A }, (_, a) => [...p, a])));
  return out;
}

export interface SearchOptions { tol?: number; maxSplits?: number; maxDepth?: number }

/** The search's default budget: a cover it writes has at most (rest policies + MAX_SPLITS) leaves, paths at most MAX_DEPTH long (certificate replay holds files to it). */
export const SEARCH_DEFAULTS = { maxSplits: 6000, maxDepth: 44 } as const;

export function maximiseOverClass(mdp: Mdp, tied: number[], options: SearchOptions = {}): ClassMax {
  if (!(mdp.gamma < 1)) throw new Error('mdp.gamma: the certified bound needs gamma < 1');
  const tol = options.tol ?? 1e-11;
  const maxSplits = options.maxSplits ?? SEARCH_DEFAULTS.maxSplits;
  const maxDepth = options.maxDepth ?? SEARCH_DEFAULTS.maxDepth;
  const S = mdp.P.length, A = mdp.P[0].length;
  const unit: number[][] = Array.from({ length: A }, (_, a) => Array.from({ length: A }, (_, b) => (a === b ? 1 : 0)));
  const heap = new MaxHeap();
  let best = { q: unit[0], sigma: [] as number[], value: -Infinity };
  const add = (vertices: number[][], sigma: number[], depth: number, path: string) => {
    let cell: Cell | null = null;
    for (const at of [undefined, ...vertices]) {
      const b = cellBoundFloat64(mdp, tied, { vertices, sigma }, at);
      if (b.lower > best.value) best = { q: b.q, sigma, value: b.lower };
      if (!cell || b.upper < cell.upper) cell = { vertices, sigma, upper: b.upper, lower: b.lower, depth, at, path };
    }
    heap.push(cell!);
  };
  for (const sigma of sigmas(S, A, tied)) add(unit, sigma, 0, '');
  let splits = 0;
  let budgetHit = false;
  for (;;) {
    const top = heap.peek()!;
    if (top.upper - best.value <= tol * (1 + Math.abs(best.value))) break;
    if (splits >= maxSplits || top.depth >= maxDepth) { budgetHit = true; break; }
    heap.pop();
    splits++;
    const [c0, c1] = bisect(top.vertices);
    add(c0, top.sigma, top.depth + 1, top.path + '0');
    add(c1, top.sigma, top.depth + 1, top.path + '1');
  }
  return { tied, best, upper: heap.peek()!.upper, leaves: heap.items(), splits, budgetHit };
}

/** Longest-edge bisection (first longest edge in index order): the midpoint is exact (dyadic). */
export function bisect(V: number[][]): [number[][], number[][]] {
  const [i, j] = longestEdge(V);
  const mid = V[i].map((x, a) => (x + V[j][a]) / 2);
  return [V.map((v, k) => (k === i ? mid : v)), V.map((v, k) => (k === j ? mid : v))];
}

/** The cell a path names, rebuilt from the unit simplex. */
export function cellOfPath(A: number, path: string): number[][] {
  let V: number[][] = Array.from({ length: A }, (_, a) => Array.from({ length: A }, (_, b) => (a === b ? 1 : 0)));
  for (const ch of path) V = bisect(V)[ch === '0' ? 0 : 1];
  return V;
}

function longestEdge(V: number[][]): [number, number] {
  let best: [number, number] = [0, 1];
  let len = -1;
  for (let i = 0; i < V.length; i++)
    for (let j = i + 1; j < V.length; j++) {
      const l = V[i].reduce((acc, x, a) => acc + Math.abs(x - V[j][a]), 0);
      if (l > len) { len = l; best = [i, j]; }
    }
  return best;
}

export interface CertifiedMax {
  /** 64-digit value at the best point: a lower bound on the maximum (a policy of the class attains it). */
  lower: string;
  /** Max over the leaves of their 64-digit upper bounds: the leaves cover the closed class. */
  upper: string;
  lowerNumber: number;
  upperNumber: number;
  leaves: number;
}

/** Recompute every leaf's bound and the best point's value at 64 digits. */
export function certify(mdp: Mdp, result: Pick<ClassMax, 'tied' | 'leaves' | 'best'>): CertifiedMax {
  const F = digits64Exact();
  let upper: ReturnType<typeof F.of> | null = null;
  for (const leaf of result.leaves) {
    const b = cellBound(F, mdp, result.tied, leaf, leaf.at);
    if (upper === null || b.upper.gt(upper)) upper = b.upper;
  }
  const q = result.best.q;
  const point = cellBound(F, mdp, result.tied, { vertices: [q], sigma: result.best.sigma });
  return { lower: point.lower.toString(), upper: upper!.toString(), lowerNumber: point.lower.toNumber(), upperNumber: upper!.toNumber(), leaves: result.leaves.length };
}

class MaxHeap {
  private a: Cell[] = [];
  items = () => this.a.slice();
  peek = () => this.a[0];
  push(c: Cell) {
    const a = this.a;
    a.push(c);
    for (let i = a.length - 1; i > 0; ) {
      const p = (i - 1) >> 1;
      if (a[p].upper >= a[i].upper) break;
      [a[p], a[i]] = [a[i], a[p]];
      i = p;
    }
  }
  pop(): Cell | undefined {
    const a = this.a;
    const top = a[0];
    const last = a.pop()!;
    if (a.length > 0) {
      a[0] = last;
      for (let i = 0; ; ) {
        const l = 2 * i + 1, r = l + 1;
        let m = i;
        if (l < a.length && a[l].upper > a[m].upper) m = l;
        if (r < a.length && a[r].upper > a[m].upper) m = r;
        if (m === i) break;
        [a[m], a[i]] = [a[i], a[m]];
        i = m;
      }
    }
    return top;
  }
}
