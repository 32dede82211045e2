// The cases every Proposition 2 check draws: a partially collapsed instance (s_a != s_b share z_d),
// a reading of Assumption 3, the pair (s_a, a_Δ) Assumption 1 provides, any u in U \ span(P) and
// any w in span(P)^⊥ with w^T u != 0 that §5.3 allows (the sign of w^T u is not steered), and k.
import fc from 'fast-check';
import type { Instance } from '../model/types.ts';
import { stagedBasePoint, type BasePoint } from '../engine/objective.ts';
import { once } from '../engine/once.ts';
import { getter, hide, HiddenTable } from '../engine/getters.ts';
import { reachableStates } from '../engine/mdp.ts';
import { eq5CIsZero, prop1Predictions, type Prop1Predictions } from '../construction/prop1.ts';
import { dot, norm } from '../construction/nullspace.ts';
import {
  assumption3, chooseU, chooseW, compensator, k1Prime, prop2KBound, subspaces,
  type A3Reading, type ChosenU, type Subspaces, type UPick, type WPick,
} from '../construction/prop2.ts';
import { sameCodeText } from '../construction/codes.ts';
import { partialInstanceArbitrary, type PartialInstance } from '../search/arbitraries/partialInstance.ts';
import { gridDouble, powerOfTen } from '../search/arbitraries/scalar.ts';
import { instanceCorners } from '../search/corners.ts';
import { exactDirection, exactU1 } from './exactChannel.ts';
import { precisePrediction } from './prop1Case.ts';
import { identicalActions, instanceAdvantagePositive, pairCollapse } from './premises.ts';
import { exactRank } from './exactRank.ts';
import { all, create, type BigNumber } from 'mathjs';

const math = create(all, { number: 'BigNumber', precision: 80 });

export interface Prop2Case {
  partial: PartialInstance;
  /** Index into the actions with A(s_a, a) > 0: every a_Δ Assumption 1 could provide is reachable. */
  pair: number;
  uPick: UPick;
  wPick: WPick;
  /** k > 0 free (§5.3); kScale multiplies the §5.5 threshold 2C/k1' when a claim needs k above it. */
  k: number;
  kScale: number;
}

export const uPickArbitrary = (): fc.Arbitrary<UPick> =>
  fc.record({
    weights: fc.array(gridDouble(-1, 1), { minLength: 1, maxLength: 4 }),
    tilt: fc.oneof({ weight: 4, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: fc.constantFrom(1e-1, 1e-3, 1e-6) }),
  });

export const wPickArbitrary = (): fc.Arbitrary<WPick> =>
  fc.record({
    sign: fc.constantFrom<1 | -1>(1, -1),
    // Only k w enters the tweak and k ranges over 1e-3..1e3 (or above 2C/k1'), so |w| in [0.1, 10] loses no generality.
    scale: fc.oneof(fc.constant(1), powerOfTen(1, 1), gridDouble(0.1, 10)),
    alpha: fc.oneof(fc.constant(1), gridDouble(0, 1)),
    beta: fc.oneof(fc.constant<number[]>([]), fc.array(gridDouble(-1, 1), { minLength: 1, maxLength: 4 })),
  });

/**
 * Shrink candidates pulled per counterexample. runProperty's shrink budget counts only failing steps;
 * on this nested arbitrary fast-check otherwise tries thousands of passing candidates (~2 ms each).
 */
export const PROP2_SHRINKS = 1000;

export const prop2CaseArbitrary = (): fc.Arbitrary<Prop2Case> =>
  fc.limitShrink(fc.record({
    partial: partialInstanceArbitrary(),
    pair: fc.nat(1000),
    uPick: uPickArbitrary(),
    wPick: wPickArbitrary(),
    k: fc.oneof(fc.constant(1), fc.integer({ min: -3, max: 3 }).map((e) => 10 ** e), gridDouble(0.01, 10)),
    kScale: fc.oneof(fc.constant(2), gridDouble(1.001, 100)),
  }), PROP2_SHRINKS);

export interface Prop2Setup {
  instance: Instance;
  base: BasePoint;
  /** s_a (moved), s_b (keeps z_d), a_Δ. */
  sa: number;
  sb: number;
  action: number;
  zd: number[];
  sub: Subspaces;
  chosen: ChosenU;
  u: number[];
  w: number[];
  v: number[];
  /** r = u + v, the tweak direction (= w up to rounding). */
  r: number[];
  wTu: number;
  wFallback: boolean;
  pred: Prop1Predictions;
  /** §5.5: k1' = d_pi(s_a) p_aΔ A(s_a, a_Δ) w^T u. */
  k1p: number;
  /** 2C/k1' (null when k1' = 0). */
  kBound: number | null;
  a3: { reading: A3Reading; lhs: number; rhs: number } | null;
  /**
   * u projected onto the exact ker W ∩ z_d^⊥ and w onto the exact span(P)^⊥ (rescaled to |w|), at
   * 70 digits, for confirmations; r = u + v = w exactly. Lazy (it costs ~ms); null when the exact
   * and float64 subspaces disagree.
   */
  exact: () => { uExact: string[]; rExact: string[] } | null;
  /**
   * Set on the copy hypotheses() decides a check's own extra hypotheses on (prop2Checks.ts), whose wTu
   * is the 70-digit one: an extra decided in float64 during the search decides at 64 digits there.
   */
  highPrecision?: boolean;
  /** w^T u from the exact directions (the float64 one when there are none). */
  preciseWTu: () => number;
}

export type Prop2SetupResult = { ok: true; setup: Prop2Setup } | { ok: false; reason: string };

export interface Prop2SetupOptions {
  /** Require Assumption 1 (a positive advantage at s_a); the linear-algebra claims do not. */
  needA1?: boolean;
  /** The compensator v as a function of (u, w); the paper's is v = -u + w (for planted tests). */
  vOf?: (u: number[], w: number[]) => number[];
}

// On the case itself (HiddenTable): a WeakMap entry per case made every scavenge keep the case's
// setup, and so the whole case, alive and promote it.
const setups = new HiddenTable<Prop2Case, Map<string, Prop2SetupResult>>('prop2Setups');

/**
 * Everything §5.2-5.5 builds, or the hypothesis that fails. Assumption 1 ("for the two collapsed
 * states there exists a_Δ with A^{pi_c}(s_a, a_Δ) > 0") is decided in float64 on the policy of the
 * whole head (pi_c at z_d, the head's policy elsewhere); s_a is the first of the pair that has such
 * an action (the labels s_a, s_b are the paper's to choose), a_Δ one of its positive-advantage actions.
 */
export function prop2Setup(c: Prop2Case, reading: A3Reading | null, options: Prop2SetupOptions = {}): Prop2SetupResult {
  const needA1 = options.needA1 ?? true;
  const key = `${reading}|${needA1}`;
  if (!options.vOf) {
    const hit = setups.get(c)?.get(key);
    if (hit) return hit;
  }
  const result = build(c, reading, needA1, options.vOf);
  if (!options.vOf) {
    (setups.get(c) ?? setups.set(c, new Map())).set(key, result);
  }
  return result;
}

function build(c: Prop2Case, reading: A3Reading | null, needA1: boolean, vOf?: Prop2SetupOptions['vOf']): Prop2SetupResult {
  const { instance, pair } = c.partial;
  const sub = subspaces(instance.head.W, instance.encoder, pair[0]);
  let a3: Prop2Setup['a3'] = null;
  if (reading) {
    const check = assumption3(sub, reading);
    if (!check.holds) return { ok: false, reason: `Assumption 3 (${reading}) fails` };
    a3 = { reading, lhs: check.lhs, rhs: check.rhs };
  }
  const chosen = chooseU(sub, c.uPick);
  if (!chosen) return { ok: false, reason: 'U ⊆ span(P): no u' };
  const u = chosen.u;
  const { w, fallback } = chooseW(sub, u, c.wPick);
  const { v, r } = compensator(u, w, vOf);
  const wTu = dot(w, u);
  const A = instance.head.W.length;
  let sa = pair[0];
  let sb = pair[1];
  let action = c.pair % A;
  // The objective side (policy evaluation, Assumption 1, predictions): computed now when Assumption 1
  // decides the case, on first use otherwise (the linear-algebra claims never need it).
  // Assumption 1 reads only the policy's advantages: the world model and JEPA errors are built on
  // first use of the base point (bit for bit basePoint(prepare(instance))), so a case skipped on
  // Assumption 1 or on a repair's extra hypothesis never builds them.
  const stagedOf = once(() => stagedBasePoint(instance));
  const baseOf = once(() => stagedOf().base());
  if (needA1) {
    const { advantage } = stagedOf();
    let positives: number[] = [];
    for (const [x, y] of [pair, [pair[1], pair[0]]]) {
      positives = [];
      // All actions at x the same action: A = 0 exactly, a positive float64 A is residue (premises.ts).
      if (!identicalActions(instance.mdp, x)) for (let a = 0; a < A; a++) if (advantage[x * A + a] > 0) positives.push(a);
      if (positives.length > 0) { sa = x; sb = y; break; }
    }
    if (positives.length === 0) return { ok: false, reason: 'Assumption 1 fails at both collapsed states' };
    action = positives[c.pair % positives.length];
  }
  const zd = instance.encoder[sa];
  const predOf = once((): Prop1Predictions => prop1Predictions(instance, baseOf(), sa, action));
  const exact = once((): { uExact: string[]; rExact: string[] } | null => {
    const uExact = exactU1(instance.head.W, zd, u);
    const P = [zd, ...instance.encoder.filter((_, s) => s !== sa)];
    const wUnit = exactDirection(P, w);
    if (!uExact || !wUnit) return null;
    const size = math.bignumber(norm(w)) as BigNumber;
    return { uExact, rExact: wUnit.map((x) => (math.bignumber(x) as BigNumber).times(size).toSignificantDigits(70).toString()) };
  });
  // Computed once: the same 70-digit sum of the same exact directions whenever read.
  const preciseWTu = once((): number => {
    const e = exact();
    if (!e) return wTu;
    return e.uExact.reduce((acc, x, j) => acc.plus((math.bignumber(x) as BigNumber).times(math.bignumber(e.rExact[j]) as BigNumber)), math.bignumber(0) as BigNumber).toNumber();
  });
  // Getters from shared descriptors, not a literal's (engine/getters.ts: the case dies young); the
  // same keys in the same order. k1p and kBound use this wTu (a copy overriding wTu does not change them).
  const setup = hide({ instance, sa, sb, action, zd, sub, chosen, u, w, v, r, wTu, wFallback: fallback, a3, exact, preciseWTu }, SETUP, { baseOf, predOf, wTu } satisfies SetupState) as Prop2Setup;
  Object.defineProperties(setup, SETUP_GETTERS);
  return { ok: true, setup };
}

type SetupState = { baseOf: () => BasePoint; predOf: () => Prop1Predictions; wTu: number };
const SETUP = Symbol('prop2Setup');
const setupState = (o: Prop2Setup): SetupState => (o as unknown as Record<symbol, SetupState>)[SETUP];
const SETUP_GETTERS: PropertyDescriptorMap = {
  base: getter(function (this: Prop2Setup) { return setupState(this).baseOf(); }),
  pred: getter(function (this: Prop2Setup) { return setupState(this).predOf(); }),
  k1p: getter(function (this: Prop2Setup) { const s = setupState(this); return k1Prime(s.predOf(), s.wTu); }),
  kBound: getter(function (this: Prop2Setup) { const s = setupState(this); return prop2KBound(k1Prime(s.predOf(), s.wTu), s.predOf().C); }),
};

/** k1' with d_pi(s_a), p_aΔ, A(s_a, a_Δ) at 64 digits and w^T u from the exact directions. */
export function preciseK1Prime(s: Prop2Setup): number {
  return precisePrediction(s.instance, s.sa, s.action).k1 * s.preciseWTu();
}


/** Corners of a case; `objective` adds those that need the policy evaluation (off for the linear-algebra claims). */
export function prop2Corners(c: Prop2Case, setup?: Prop2Setup, objective = true, known?: Subspaces): string[] {
  const { instance } = c.partial;
  const out = instanceCorners(instance);
  const sub = setup?.sub ?? known ?? subspaces(instance.head.W, instance.encoder, c.partial.pair[0]);
  const { S, d, A, dimS, distinctCodes } = sub;
  out.push(`dim span(P) = ${dimS}`);
  if (S === 2) out.push('|S| = 2 (the collapsed pair is every state)');
  const others = instance.encoder.filter((_, s) => !c.partial.pair.includes(s));
  const zdCode = instance.encoder[c.partial.pair[0]];
  if (others.some((z) => sameCodeText(z, zdCode))) out.push('another state shares z_d');
  if (distinctCodes >= 2) out.push('distinct codes');
  if (distinctCodes - (instance.encoder.some((z) => z.every((x) => x === 0)) ? 1 : 0) > dimS) out.push('linearly dependent codes');
  if (dimS === d - A - 2) out.push('dim span(P) = d - |A| - 2 (reading (i) tight)');
  // rank(W) is an SVD of its own: read only when reading (i) fails (the same test, operands swapped).
  if (dimS > d - A - 2 && dimS <= d - sub.rankW - 2) out.push('reading (iv) holds, (i) fails');
  if (dimS <= d - A - 2 && S > d - A - 2) out.push('reading (i) holds, (ii) fails');
  if (dimS === 0) out.push('span(P) = {0}');
  if (!setup) return out;
  const { sa, sb, chosen, wTu, wFallback } = setup;
  if (wTu < 0) out.push('w^T u < 0');
  if (wFallback) out.push('w along proj_N(u)');
  if (chosen.how === 'tilted') out.push('u nearly in span(P)');
  if (chosen.distance < 1e-3) out.push('dist(u, span(P)) < 1e-3');
  if (sub.U.length - chosen.dimUinS >= 2) out.push('dim U - dim(U ∩ span(P)) >= 2');
  if (chosen.dimUinS > 0) out.push('U ∩ span(P) != {0}');
  if (!objective) return out;
  const { base, pred } = setup;
  const reach = reachableStates(instance.mdp);
  if (!reach[sa]) out.push('s_a unreachable');
  if (!reach[sb]) out.push('s_b unreachable');
  let isTarget = false;
  for (let s = 0; s < base.prep.S; s++) for (let a = 0; a < A; a++) if (base.prep.mdp.P[(s * A + a) * base.prep.S + sa] > 0) isTarget = true;
  if (isTarget) out.push('s_a is a successor state');
  if (pred.p > 0.999) out.push('p_aΔ near 1');
  if (pred.p < 1e-6) out.push('p_aΔ near 0');
  // pred.C === 0, decided without L (an SVD per action) where the other factors decide it.
  if (eq5CIsZero(pred)) out.push('C = 0');
  return out;
}

/** Assumption 3 in its reading with the exact ranks of P and W (the linear-algebra claims' only hypothesis). */
export function assumption3Exact(c: Prop2Case, reading: A3Reading): { holds: boolean; why: string } {
  const { instance, pair } = c.partial;
  const sub = subspaces(instance.head.W, instance.encoder, pair[0]);
  const zd = instance.encoder[pair[0]];
  const exactSub = { ...sub, dimS: exactRank([zd, ...instance.encoder.filter((_, i) => i !== pair[0])]), rankW: exactRank(instance.head.W) };
  const a3 = assumption3(exactSub, reading);
  return { holds: a3.holds, why: `Assumption 3 (${reading}) with exact ranks: ${a3.lhs} ${a3.holds ? '<=' : '>'} ${a3.rhs}` };
}

/**
 * The hypotheses a Prop. 2 refutation relies on, decided exactly or at 64+ digits: s_a != s_b share
 * z_d (codes compared exactly), Assumption 3 in its reading with exact ranks of P and W,
 * A^{pi}(s_a, a_Δ) > 0 (when the claim needs Assumption 1; premises.ts: 0 exactly when the actions at
 * s_a are one action, else at 64 digits beyond noise), u in U \ span(P) and w in span(P)^⊥ existing exactly near the float64 ones with
 * w^T u != 0 at 70 digits, and k > 0.
 */
export function prop2Hypotheses(c: Prop2Case, reading: A3Reading | null, needA1: boolean): { holds: boolean; why: string } {
  const collapse = pairCollapse(c.partial.instance.encoder, c.partial.pair[0], c.partial.pair[1]);
  if (!collapse.holds) return { holds: false, why: collapse.why };
  const r = prop2Setup(c, reading, { needA1 });
  if (!r.ok) return { holds: false, why: r.reason };
  const s = r.setup;
  const why: string[] = [collapse.why];
  if (reading) {
    const exactSub = { ...s.sub, dimS: exactRank([s.zd, ...s.instance.encoder.filter((_, i) => i !== s.sa)]), rankW: exactRank(s.instance.head.W) };
    const a3 = assumption3(exactSub, reading);
    if (!a3.holds) return { holds: false, why: `Assumption 3 (${reading}) fails with exact ranks: ${a3.lhs} > ${a3.rhs}` };
    why.push(`Assumption 3 (${reading}) with exact ranks: ${a3.lhs} <= ${a3.rhs}`);
  }
  if (needA1) {
    const adv = instanceAdvantagePositive(s.instance, 'A(s_a, a_Δ)', s.sa, s.action);
    if (!adv.holds) return { holds: false, why: adv.why };
    why.push(adv.why);
  }
  if (!s.exact()) return { holds: false, why: 'no exact u in U \\ span(P) or w in span(P)^⊥ near the float64 ones (exact and float64 ranks differ)' };
  why.push('u in U = ker W ∩ z_d^⊥ and w in span(P)^⊥ (exact subspaces, projected at 70 digits)');
  const wTu = s.preciseWTu();
  if (!(Math.abs(wTu) > 1e-50)) return { holds: false, why: `w^T u = ${wTu} is 0 at 70 digits` };
  why.push(`w^T u = ${wTu.toPrecision(6)} != 0 at 70 digits, so u is not in span(P)`);
  if (!(c.k > 0)) return { holds: false, why: `k = ${c.k} is not > 0` };
  why.push(`k = ${c.k} > 0`);
  return { holds: true, why: why.join('; ') };
}
