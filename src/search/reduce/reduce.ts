// Reduction after shrinking, Hypothesis-style: passes of small edits (delete a state, delete an
// action, drop a coordinate, round a distribution, replace a number by a simpler rational), each
// kept only if `stillRefutes` accepts the edited case, i.e. the check and its high-precision
// confirmation, every hypothesis included, still refute it. Nothing here knows what a claim
// says, so no edit can be steered toward an answer; a budget of calls (counted, never timed) bounds it.
import { validateInstance, validateMdp } from '../../model/validate.ts';
import { deleteAction, deleteState, dropCoordinate, sizesOf, type Model } from './edits.ts';
import { roundDistribution, simplerValues, DENOMINATORS } from './numbers.ts';

export type Path = (string | number)[];
export interface Param { path: Path; ok?: (v: number) => boolean }

/** Where a case keeps its model, and how its own indices follow a state deletion. */
export interface CaseView<C> {
  modelPath: Path;
  /** Fix indices after state s was deleted (Prop. 2's collapsed pair); null when the edit is impossible. */
  afterStateDelete?: (c: C, s: number) => C | null;
  /** Fix a case's own per-action data after action a was deleted (e.g. a logit vector); null when impossible. */
  afterActionDelete?: (c: C, a: number) => C | null;
  /** Case-level numbers outside the model that may be simplified too (k > 0, kScale > 1, ...), with the range the generator keeps them in. */
  parameters?: Param[];
  /**
   * Equivalent readings of a case tried when an edit of the head or the codes fails: the construction's
   * u is defined up to sign (the SVD picks one), so an edit may need the other sign to keep refuting.
   */
  alternatives?: (c: C) => C[];
}

export const getAt = (x: unknown, path: Path): unknown => path.reduce<unknown>((v, k) => (v as Record<string | number, unknown>)[k], x);

export function setAt<C>(c: C, path: Path, value: unknown): C {
  if (path.length === 0) return value as C;
  const copy = (Array.isArray(c) ? c.slice() : { ...(c as object) }) as Record<string | number, unknown>;
  copy[path[0]] = setAt(copy[path[0]], path.slice(1), value);
  return copy as C;
}

export interface ReduceLog {
  calls: number;
  accepted: string[];
  /** Edits tried on the final case that did not keep the counterexample ("no counterexample with |S| = 2 by deleting state 1"). */
  rejectedAtEnd: string[];
  budgetExhausted: boolean;
}

export const pathText = (p: Path): string => p.reduce<string>((s, k) => (typeof k === 'number' ? `${s}[${k}]` : s ? `${s}.${k}` : k), '');

export function valid(m: Model): boolean {
  try {
    if (m.encoder) validateInstance(m);
    else validateMdp(m.mdp);
    return true;
  } catch {
    return false;
  }
}

/** One numeric entry (or several tied ones) and the values it may try, simplest first. */
export interface Group { label: string; paths: Path[]; candidates: (current: number[]) => number[][]; block?: boolean }

export function numberGroups(m: Model, view: CaseView<unknown>): Group[] {
  const base = view.modelPath;
  const { S, A, d } = sizesOf(m);
  const groups: Group[] = [];
  const scalar = (path: Path, label = pathText(path)): Group => ({ label, paths: [path], candidates: ([x]) => simplerValues(x).map((v) => [v]) });
  // mu: a single start state, then coarser distributions.
  groups.push({
    label: 'mdp.mu', paths: Array.from({ length: S }, (_, s) => [...base, 'mdp', 'mu', s]),
    candidates: (mu) => [...mu.flatMap((x, s) => (x > 0 ? [mu.map((_, t) => (t === s ? 1 : 0))] : [])), ...DENOMINATORS.flatMap((den) => { const r = roundDistribution(mu, den); return r ? [r] : []; })],
  });
  for (let s = 0; s < S; s++) for (let a = 0; a < A; a++) {
    const row = Array.from({ length: S }, (_, t) => [...base, 'mdp', 'P', s, a, t]);
    groups.push({ label: `mdp.P[${s}][${a}]`, paths: row, candidates: (p) => DENOMINATORS.flatMap((den) => { const r = roundDistribution(p, den); return r ? [r] : []; }) });
    // Single entries: zero (drop a transition) or a simpler probability (the row may become sub-stochastic).
    row.forEach((path) => groups.push({ label: pathText(path.slice(base.length)), paths: [path], candidates: ([x]) => simplerValues(x).filter((v) => v >= 0 && v <= 1).map((v) => [v]) }));
  }
  for (let s = 0; s < S; s++) for (let a = 0; a < A; a++) groups.push(scalar([...base, 'mdp', 'R', s, a], `mdp.R[${s}][${a}]`));
  groups.push({ label: 'mdp.gamma', paths: [[...base, 'mdp', 'gamma']], candidates: ([g]) => simplerValues(g).filter((v) => v > 0 && v <= 1).map((v) => [v]) });
  if (m.lambda !== undefined) groups.push({ label: 'lambda', paths: [[...base, 'lambda']], candidates: ([x]) => simplerValues(x).filter((v) => v > 0).map((v) => [v]) });
  if (m.encoder) {
    // Codes: states with equal codes are changed together, so collapsed structure is kept.
    const classes = new Map<string, number[]>();
    m.encoder.forEach((z, s) => { const key = z.join(','); classes.set(key, [...(classes.get(key) ?? []), s]); });
    for (const states of classes.values()) for (let j = 0; j < d; j++) {
      groups.push({ label: `encoder[${states.join(',')}][${j}]`, paths: states.map((s) => [...base, 'encoder', s, j]), candidates: ([x]) => simplerValues(x).map((v) => states.map(() => v)) });
    }
  }
  // Whole blocks first: one call can clear what would take dozens entry by entry.
  const block = (label: string, paths: Path[], ...values: ((i: number) => number)[]) => {
    if (paths.length > 1) groups.push({ label, paths, block: true, candidates: () => values.map((f) => paths.map((_, i) => f(i))) });
  };
  const entries = (prefix: Path, rows: number[][]) => rows.flatMap((row, i) => row.map((_, j) => [...base, ...prefix, i, j]));
  if (m.head) block('head.W', entries(['head', 'W'], m.head.W), () => 0);
  if (m.head) block('head.b', m.head.b.map((_, a) => [...base, 'head', 'b', a]), () => 0);
  const wmb = m.worldModel;
  if (wmb?.kind === 'affine') {
    wmb.M.forEach((Ma, a) => block(`worldModel.M[${a}]`, entries(['worldModel', 'M', a], Ma), () => 0, (i) => (Math.floor(i / d) === i % d ? 1 : 0)));
    block('worldModel.c', entries(['worldModel', 'c'], wmb.c), () => 0);
  } else if (wmb?.kind === 'mlp') {
    wmb.layers.forEach((l, k) => {
      block(`worldModel.layers[${k}].W`, entries(['worldModel', 'layers', k, 'W'], l.W), () => 0);
      block(`worldModel.layers[${k}].b`, l.b.map((_, i) => [...base, 'worldModel', 'layers', k, 'b', i]), () => 0);
    });
  }
  if (m.head) {
    m.head.W.forEach((row, a) => row.forEach((_, j) => groups.push(scalar([...base, 'head', 'W', a, j], `head.W[${a}][${j}]`))));
    m.head.b.forEach((_, a) => groups.push(scalar([...base, 'head', 'b', a], `head.b[${a}]`)));
  }
  const wm = m.worldModel;
  if (wm?.kind === 'affine') {
    wm.M.forEach((Ma, a) => Ma.forEach((row, i) => row.forEach((_, j) => groups.push(scalar([...base, 'worldModel', 'M', a, i, j], `worldModel.M[${a}][${i}][${j}]`)))));
    wm.c.forEach((ca, a) => ca.forEach((_, i) => groups.push(scalar([...base, 'worldModel', 'c', a, i], `worldModel.c[${a}][${i}]`))));
  } else if (wm?.kind === 'mlp') {
    wm.layers.forEach((l, k) => {
      l.W.forEach((row, i) => row.forEach((_, j) => groups.push(scalar([...base, 'worldModel', 'layers', k, 'W', i, j], `worldModel.layers[${k}].W[${i}][${j}]`))));
      l.b.forEach((_, i) => groups.push(scalar([...base, 'worldModel', 'layers', k, 'b', i], `worldModel.layers[${k}].b[${i}]`)));
    });
  }
  return groups;
}

export interface ReduceOptions { budget?: number }

/** Reduce a refuting case; returns the smallest, simplest case found and what was tried. */
export function reduceCase<C>(start: C, view: CaseView<C>, stillRefutes: (c: C) => boolean, options: ReduceOptions = {}): { value: C; log: ReduceLog } {
  const budget = options.budget ?? 600;
  const log: ReduceLog = { calls: 0, accepted: [], rejectedAtEnd: [], budgetExhausted: false };
  const attempt = (c: C | null, m: Model | null = c ? (getAt(c, view.modelPath) as Model) : null): boolean => {
    if (c === null || m === null || !valid(m)) return false;
    if (log.calls >= budget) { log.budgetExhausted = true; return false; }
    log.calls++;
    try { return stillRefutes(c); } catch { return false; }
  };
  /** The edited case, or an alternative reading of it, that still refutes; null when none does. */
  const attemptAlt = (c: C | null): C | null => {
    if (attempt(c)) return c;
    if (c === null || !view.alternatives) return null;
    for (const alt of view.alternatives(c)) if (attempt(alt)) return alt;
    return null;
  };
  const touchesDirections = (label: string) => /^(head\.W|encoder)/.test(label);
  let current = start;
  const model = () => getAt(current, view.modelPath) as Model;
  const withModel = (m: Model | null): C | null => (m ? setAt(current, view.modelPath, m) : null);

  const structural = (): boolean => {
    const { S, A, d } = sizesOf(model());
    for (let s = S - 1; s >= 0; s--) {
      for (const redirect of [null, ...Array.from({ length: S }, (_, t) => t).filter((t) => t !== s)]) {
        let c = withModel(deleteState(model(), s, redirect));
        if (c && view.afterStateDelete) c = view.afterStateDelete(c, s);
        if (attempt(c)) { current = c!; log.accepted.push(`deleted state ${s}${redirect === null ? '' : ` (transitions into it sent to state ${redirect})`}`); return true; }
      }
    }
    const wm = model().worldModel;
    if (wm?.kind === 'mlp') {
      // An affine world model is the simpler object the hypotheses also allow: try M = 0 with the
      // last layer's bias, then the identity.
      const last = wm.layers[wm.layers.length - 1].b;
      for (const [name, M, c] of [['M = 0, c = last bias', 0, last], ['M = I, c = 0', 1, null]] as const) {
        const affine = { kind: 'affine' as const, M: Array.from({ length: A }, () => Array.from({ length: d }, (_, i) => Array.from({ length: d }, (_, j) => (i === j ? M : 0)))), c: Array.from({ length: A }, () => (c ? c.slice() : new Array<number>(d).fill(0))) };
        const next = withModel({ ...model(), worldModel: affine });
        if (attempt(next)) { current = next!; log.accepted.push(`MLP world model replaced by an affine one (${name})`); return true; }
      }
    }
    for (let a = A - 1; a >= 0; a--) {
      let c = withModel(deleteAction(model(), a));
      if (c && view.afterActionDelete) c = view.afterActionDelete(c, a);
      if (attempt(c)) { current = c!; log.accepted.push(`deleted action ${a}`); return true; }
    }
    for (let j = d - 1; j >= 0; j--) {
      const c = attemptAlt(withModel(dropCoordinate(model(), j)));
      if (c) { current = c; log.accepted.push(`dropped latent coordinate ${j}`); return true; }
    }
    return false;
  };

  // Every number of the model rounded at once to multiples of 1/den (distributions keep their sums):
  // one call where entry-by-entry rounding takes hundreds.
  const roundAll = (): boolean => {
    for (const den of DENOMINATORS) {
      const m = model();
      const r = (x: number) => Math.round(x * den) / den;
      const dist = (p: number[]) => roundDistribution(p, den) ?? p;
      const rounded = (v: unknown): unknown => (typeof v === 'number' ? r(v) : Array.isArray(v) ? v.map(rounded) : v && typeof v === 'object' ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, k === 'kind' || k === 'activation' ? x : rounded(x)])) : v);
      const next = rounded(m) as Model;
      next.mdp = { P: m.mdp.P.map((rows) => rows.map(dist)), R: m.mdp.R.map((row) => row.map(r)), mu: dist(m.mdp.mu), gamma: Math.min(1, Math.max(r(m.mdp.gamma), 1 / den)) };
      if (m.lambda !== undefined) next.lambda = Math.max(r(m.lambda), 1 / den);
      if (JSON.stringify(next) === JSON.stringify(m)) return false;
      const c = attemptAlt(withModel(next));
      if (c) { current = c; log.accepted.push(`every number rounded to a multiple of 1/${den}`); return true; }
    }
    return false;
  };

  // Codes that are all multiples of one direction v (a collapsed pair beside linearly dependent codes):
  // v and the multiples are simplified together, so the rank of the codes, which the hypotheses read, is kept.
  const rankOneCodes = (): boolean => {
    const E = model().encoder;
    if (!E) return false;
    const v = E.find((z) => z.some((x) => x !== 0));
    if (!v) return false;
    const j0 = v.reduce((best, x, j) => (Math.abs(x) > Math.abs(v[best]) ? j : best), 0);
    const coef = E.map((z) => z[j0] / v[j0]);
    if (!E.every((z, s) => z.every((x, j) => Math.abs(x - coef[s] * v[j]) <= 1e-9 * (Math.abs(x) + Math.abs(v[j]))))) return false;
    const unit = v.map((x) => x / v[j0]);
    for (const den of DENOMINATORS) {
      const r = (x: number) => Math.round(x * den) / den;
      const scale = r(v[j0]) || 1 / den;
      const dir = unit.map(r);
      const next = E.map((_, s) => dir.map((x) => r(coef[s] * scale) * x));
      if (JSON.stringify(next) === JSON.stringify(E)) return false;
      const c = attemptAlt(withModel({ ...model(), encoder: next }));
      if (c) { current = c; log.accepted.push(`codes (all multiples of one direction) simplified to multiples of 1/${den}`); return true; }
    }
    return false;
  };

  const numeric = (): boolean => {
    let changed = roundAll() || rankOneCodes();
    const groups = [...numberGroups(model(), view as CaseView<unknown>), ...(view.parameters ?? []).filter((p) => typeof getAt(current, p.path) === 'number').map((p): Group => ({ label: pathText(p.path), paths: [p.path], candidates: ([x]) => simplerValues(x).filter((v) => p.ok?.(v) ?? true).map((v) => [v]) }))];
    for (const g of groups) {
      const now = g.paths.map((p) => getAt(current, p) as number);
      for (const values of g.candidates(now)) {
        if (values.every((v, i) => v === now[i])) continue;
        const edited = g.paths.reduce((acc, p, i) => setAt(acc, p, values[i]), current);
        const c = touchesDirections(g.label) ? attemptAlt(edited) : attempt(edited) ? edited : null;
        if (c) { current = c; changed = true; log.accepted.push(`${g.label} := ${values.length === 1 ? values[0] : `[${values.join(', ')}]`}`); break; }
      }
      if (log.budgetExhausted) break;
    }
    return changed;
  };

  while (!log.budgetExhausted) {
    while (!log.budgetExhausted && structural());
    if (!numeric()) break;
  }
  // What the final case resisted (minimality evidence by construction).
  const { S, A, d } = sizesOf(model());
  if (!log.budgetExhausted) {
    if (S > 1) log.rejectedAtEnd.push(`no counterexample with |S| = ${S - 1} by deleting any one state (transitions dropped or redirected to each other state)`);
    if (A > 1) log.rejectedAtEnd.push(`no counterexample with |A| = ${A - 1} by deleting any one action`);
    if (d > 1) log.rejectedAtEnd.push(`no counterexample with d = ${d - 1} by dropping any one latent coordinate`);
  }
  return { value: current, log };
}
