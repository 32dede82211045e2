// A configuration (the paper's, or a variant's) applied to one case: the hypotheses that hold or
// fail, the pair (s_Δ, a_Δ), the construction, and the perturbed model at any (k, eps), in
// float64 and at 64 digits.
import fc from 'fast-check';
import { InputError, validateInstance } from '../model/validate.ts';
import { flatten } from '../engine/mdp.ts';
import { dot, nullSpace, rankOf } from '../construction/nullspace.ts';
import { spectralNorm } from '../engine/worldModel.ts';
import { EPS_SEQUENCE } from '../claims/taylor.ts';
import { noActionOptimalEverywhere } from '../claims/prop1Case.ts';
import { eq5Constants as eq5ConstantsOf } from '../construction/prop1.ts';
import { dataWeight, deltaTerms, evaluatePoint, objective, partsOf, type Parts, type Point } from './engine.ts';
import { P, precisePoint, preciseObjective, preciseParts, type PrecisePoint, type PreciseParts, type PredictionCache } from './precise.ts';
import { PAPER_CLASSES, PAPER_READINGS, paperArbitrary, paperHypotheses } from './paper.ts';
import {
  familyOf, type Big, type CaseInfo, type Construction, type ConstructionResult, type EncoderClass, type Family, type HeadClass,
  type Hypothesis, type LipschitzRule, type ObjectiveReading, type PreciseInfo, type VariantCase, type VariantClaimId, type VariantSpec,
} from './types.ts';

export interface Config {
  family: Family;
  side: 'paper' | 'variant';
  hypotheses: readonly Hypothesis[];
  construction: Construction;
  head: HeadClass<any>;
  encoder: EncoderClass<any>;
  lipschitz: LipschitzRule<any>;
  readings: readonly ObjectiveReading[];
  arbitrary: () => fc.Arbitrary<VariantCase>;
}

export function paperConfig(family: Family): Config {
  return { family, side: 'paper', hypotheses: paperHypotheses(family), ...PAPER_CLASSES, readings: PAPER_READINGS, arbitrary: withParameters(paperArbitrary(family), PAPER_CLASSES) };
}

export function variantConfig(spec: VariantSpec, family: Family): Config {
  const paper = paperConfig(family);
  const ids = new Set(spec.claims);
  let hypotheses = paper.hypotheses.filter((h) => !(spec.hypotheses?.remove ?? []).includes(h.name));
  hypotheses = hypotheses.map((h) => spec.hypotheses?.replace?.[h.name] ?? h);
  hypotheses = [...hypotheses, ...(spec.hypotheses?.add ?? []).filter((h) => !h.claims || h.claims.some((id) => ids.has(id)))];
  const classes = {
    head: spec.head ?? paper.head,
    encoder: spec.encoder ?? paper.encoder,
    lipschitz: spec.lipschitz ?? paper.lipschitz,
    construction: spec.construction ?? paper.construction,
  };
  const generator = spec.generator;
  const world = spec.worldModel;
  const paperCases = paperArbitrary(family);
  // The world-model class replaces W_psi after the paper's draw; the author's generator then sees the result.
  const base = world
    ? () => paperCases().chain((c) => world.arbitrary(c.instance.head.W.length, c.instance.encoder[0].length).map((worldModel) => ({ ...c, instance: { ...c.instance, worldModel } })))
    : paperCases;
  const arbitrary = generator ? () => generator(base(), family) : base;
  return { family, side: 'variant', hypotheses, ...classes, readings: spec.readings ?? paper.readings, arbitrary: withParameters(arbitrary, classes) };
}

/** The classes' own parameters are drawn after the paper's case, so a variant without any sees the paper's cases exactly. */
function withParameters(base: () => fc.Arbitrary<VariantCase>, classes: { head: HeadClass<any>; encoder: EncoderClass<any>; lipschitz: LipschitzRule<any> }): () => fc.Arbitrary<VariantCase> {
  // Classes without parameters (the paper's) leave the case stream, and fast-check's shrinking, untouched.
  if (classes.head.arbitrary(2, 2) === null && classes.encoder.arbitrary(2, 2) === null && classes.lipschitz.arbitrary(2, 2) === null) return base;
  return () =>
    base().chain((c) => {
      const S = c.instance.mdp.P.length;
      const A = c.instance.head.W.length;
      const d = c.instance.encoder[0].length;
      const parts: Record<string, fc.Arbitrary<unknown>> = {};
      const head = classes.head.arbitrary(A, d);
      const encoder = classes.encoder.arbitrary(S, d);
      const lipschitz = classes.lipschitz.arbitrary(A, d);
      if (head) parts.head = head;
      if (encoder) parts.encoder = encoder;
      if (lipschitz) parts.lipschitz = lipschitz;
      if (Object.keys(parts).length === 0) return fc.constant(c);
      return fc.record(parts).map((x) => ({ ...c, ...x }));
    });
}


export const hypothesesFor = (cfg: Config, id: VariantClaimId): Hypothesis[] => cfg.hypotheses.filter((h) => !h.claims || h.claims.includes(id));

// ------------------------------------------------------------------ case info

const infoCache = new WeakMap<VariantCase, WeakMap<Config, CaseInfoImpl>>();

export function caseInfo(c: VariantCase, cfg: Config): CaseInfo & { base: Point; parts: Parts } {
  let byCfg = infoCache.get(c);
  if (!byCfg) infoCache.set(c, (byCfg = new WeakMap()));
  let info = byCfg.get(cfg);
  if (!info) byCfg.set(cfg, (info = new CaseInfoImpl(c, cfg)));
  return info;
}

/** Every field is computed on first use: a hypothesis that fails early saves the rest. */
class CaseInfoImpl implements CaseInfo {
  readonly family: Family;
  readonly S: number;
  readonly A: number;
  readonly d: number;
  readonly W: number[][];
  readonly parts: Parts;
  private memo = new Map<string, unknown>();
  constructor(private readonly c: VariantCase, private readonly cfg: Config) {
    this.family = cfg.family;
    this.S = c.instance.mdp.P.length;
    this.A = c.instance.head.W.length;
    this.d = c.instance.encoder[0].length;
    this.W = c.instance.head.W;
    this.parts = partsOf(c.instance);
  }
  private once<T>(key: string, f: () => T): T {
    if (!this.memo.has(key)) this.memo.set(key, f());
    return this.memo.get(key) as T;
  }
  get features(): number[][] { return this.once('features', () => this.c.instance.encoder.map((z) => this.cfg.head.features(this.c.head, z))); }
  get base(): Point {
    return this.once('base', () => {
      const codes = Float64Array.from(this.c.instance.encoder.flat());
      return evaluatePoint(this.parts, codes, logitsOf(this.W, this.c.instance.head.b, this.features, this.A));
    });
  }
  get advantage(): Float64Array { return this.base.advantage; }
  get movedState(): number {
    return this.once('moved', () => {
      if (this.family === 'P1') return 0;
      const [x, y] = this.c.collapsed ?? [0, 1];
      const positive = (s: number) => Array.from({ length: this.A }, (_, a) => this.advantage[s * this.A + a]).some((v) => v > 0);
      return positive(x) || !positive(y) ? x : y;
    });
  }
  get zd(): number[] { return this.c.instance.encoder[this.movedState]; }
  get jacobian(): number[][] { return this.once('J', () => this.cfg.head.jacobian(this.c.head, this.zd)); }
  get rankW(): number { return this.once('rankW', () => rankOf(this.W, this.d)); }
  get U(): number[][] {
    return this.once('U', () => {
      const J = this.jacobian;
      const WJ = this.W.map((row) => J[0].map((_, j) => row.reduce((s, w, i) => s + w * J[i][j], 0)));
      const h = this.features[this.movedState];
      const Jth = J[0].map((_, j) => J.reduce((s, row, i) => s + row[j] * h[i], 0));
      return nullSpace([...WJ, Jth], this.d).basis;
    });
  }
  private get spanP() { return this.once('spanP', () => nullSpace(this.features.filter((_, s) => s !== this.movedState), this.d)); }
  get dimSpanP(): number { return this.spanP.rank; }
  get N(): number[][] { return this.spanP.basis; }
  get uOutsideSpanP(): number {
    return this.once('outside', () => (this.U.length === 0 || this.N.length === 0 ? 0 : spectralNorm(this.N.map((n) => this.U.map((b) => dot(n, b))))));
  }
  get assumption1(): boolean {
    return this.once('a1', () => {
      const { A } = this;
      if (this.family === 'P2') {
        const [x, y] = this.c.collapsed ?? [0, 1];
        return [x, y].some((s) => Array.from({ length: A }, (_, a) => this.advantage[s * A + a]).some((v) => v > 0));
      }
      return noActionOptimalEverywhere(flatten(this.c.instance.mdp));
    });
  }
}

function logitsOf(W: number[][], b: number[], features: number[][], A: number): Float64Array {
  const out = new Float64Array(features.length * A);
  features.forEach((h, s) => W.forEach((row, a) => (out[s * A + a] = dot(row, h) + b[a])));
  return out;
}

// ------------------------------------------------------------------ setup

export interface Predictions {
  state: number;
  action: number;
  p: number;
  advantage: number;
  visitation: number;
  gain: number;
  /** d_pi(s) p_aΔ A(s, a_Δ) gain: k1 of eq. (3) (k1' of §5.5 for Prop. 2). */
  k1: number;
  L: number;
  Emax: number;
}

export interface Setup {
  c: VariantCase;
  cfg: Config;
  id: VariantClaimId;
  info: CaseInfo & { base: Point; parts: Parts };
  built: ConstructionResult;
  spread: number[];
  pred: Predictions;
  hypotheses: Hypothesis[];
}

export type SetupResult = { ok: true; setup: Setup } | { ok: false; reason: string; constructionFailed?: boolean };

/** Which claims need the pair Assumption 1 provides (the others take any pair, as the ledger's do). */
const NEEDS_PAIR = new Set<VariantClaimId>(['P1.k1-pos', 'P1.eq3', 'P1.eq5', 'P1.combine', 'P2.k1-pos', 'P2.eq3', 'P2.jepa', 'P2.combine']);

const setupCache = new WeakMap<VariantCase, WeakMap<Config, Map<string, SetupResult>>>();

export function setupFor(c: VariantCase, cfg: Config, id: VariantClaimId): SetupResult {
  let byCfg = setupCache.get(c);
  if (!byCfg) setupCache.set(c, (byCfg = new WeakMap()));
  let byId = byCfg.get(cfg);
  if (!byId) byCfg.set(cfg, (byId = new Map()));
  let hit = byId.get(id);
  if (!hit) byId.set(id, (hit = build(c, cfg, id)));
  return hit;
}

function build(c: VariantCase, cfg: Config, id: VariantClaimId): SetupResult {
  if (familyOf(id) !== cfg.family) throw new Error(`${id} is not a claim of ${cfg.family}`);
  const info = caseInfo(c, cfg);
  const hypotheses = hypothesesFor(cfg, id);
  for (const h of hypotheses) if (!h.holds(c, info)) return { ok: false, reason: `${h.name} fails` };
  const { S, A } = info;
  const adv = info.advantage;
  let state: number;
  let action: number;
  if (cfg.family === 'P1') {
    const pairs: [number, number][] = [];
    for (let s = 0; s < S; s++) for (let a = 0; a < A; a++) if (adv[s * A + a] > 0) pairs.push([s, a]);
    if (pairs.length === 0 && NEEDS_PAIR.has(id)) return { ok: false, reason: 'no positive advantage under pi_c' };
    [state, action] = pairs.length > 0 ? pairs[c.pair % pairs.length] : [0, c.pair % A];
  } else {
    state = info.movedState;
    const positives = Array.from({ length: A }, (_, a) => a).filter((a) => adv[state * A + a] > 0);
    if (positives.length === 0 && NEEDS_PAIR.has(id)) return { ok: false, reason: 'no positive advantage at either collapsed state' };
    action = positives.length > 0 ? positives[c.pair % positives.length] : c.pair % A;
  }
  const built = cfg.construction.build({ family: cfg.family, c, info, state, action });
  if (typeof built === 'string') return { ok: false, reason: `construction: ${built}`, constructionFailed: true };
  const spread = cfg.encoder.spread(c.encoder, state, S);
  if (typeof spread === 'string') return { ok: false, reason: `encoder: ${spread}`, constructionFailed: true };
  const base = info.base;
  const p = base.pi[state * A + action];
  const visitation = base.evaluation.d[state];
  const advantage = adv[state * A + action];
  const L = cfg.lipschitz.L(c.lipschitz, c.instance.worldModel, info.zd, info.d, A);
  return {
    ok: true,
    setup: {
      c, cfg, id, info, built, spread, hypotheses,
      pred: { state, action, p, advantage, visitation, gain: built.gain, k1: visitation * p * advantage * built.gain, L, Emax: maxError(info.parts, base) },
    },
  };
}

/** E_max := max e over the transitions the objective can weigh (P(s'|s,a) > 0), as the ledger defines it. */
function maxError(parts: Parts, base: Point): number {
  let m = 0;
  for (let i = 0; i < base.errSq.length; i++) if (parts.mdp.P[i] > 0) m = Math.max(m, base.errSq[i]);
  return Math.sqrt(m);
}

/** The constants of eq. (5) under a reading: m is the data weight of s_Δ's steps. */
export function eq5Constants(s: Setup, reading: ObjectiveReading): { m: number; C: number; Cprime: number } {
  const m = dataWeight(s.info.base, reading, s.pred.state);
  const { L, Emax } = s.pred;
  const lambda = s.c.instance.lambda;
  return { m, ...eq5ConstantsOf(lambda, m, L, Emax) };
}

// ------------------------------------------------------------------ the perturbed model, float64

export function codesAt(s: Setup, eps: number): Float64Array {
  const { d } = s.info;
  const codes = s.info.base.codes.slice();
  const { u } = s.built;
  s.spread.forEach((c, st) => {
    if (c !== 0) for (let j = 0; j < d; j++) codes[st * d + j] += eps * c * u[j];
  });
  return codes;
}

export function logitsAt(s: Setup, k: number, codes: Float64Array, eps: number): Float64Array {
  return logitsWithScale(s, k, codes, eps).logits;
}

/** The logits, and the rounding scale of computing them: the largest sum_j |W'_aj h_j| + |b_a|. */
export function logitsWithScale(s: Setup, k: number, codes: Float64Array, eps: number): { logits: Float64Array; scale: number } {
  const { S, A, d, W } = s.info;
  const b = s.c.instance.head.b;
  const { r } = s.built;
  const a0 = s.pred.action;
  const logits = new Float64Array(S * A);
  let scale = 0;
  for (let st = 0; st < S; st++) {
    const h = eps === 0 || s.spread[st] === 0 ? s.info.features[st] : s.cfg.head.features(s.c.head, codes.subarray(st * d, st * d + d));
    for (let a = 0; a < A; a++) {
      let x = b[a];
      let size = Math.abs(b[a]);
      const row = W[a];
      for (let j = 0; j < d; j++) {
        const term = (a === a0 ? row[j] + k * r[j] : row[j]) * h[j];
        x += term;
        size += Math.abs(term) + (a === a0 ? Math.abs(row[j] * h[j]) : 0);
      }
      logits[st * A + a] = x;
      scale = Math.max(scale, size);
    }
  }
  return { logits, scale };
}

export function pointAt(s: Setup, k: number, eps: number): Point {
  const codes = codesAt(s, eps);
  return evaluatePoint(s.info.parts, codes, logitsAt(s, k, codes, eps));
}

export type Part = 'deltaJ_PG' | 'deltaJ_JEPA' | 'deltaJ';

export function deltaSeries(s: Setup, k: number, reading: ObjectiveReading, part: Part, eps = EPS_SEQUENCE) {
  const { parts, base } = s.info;
  const at = objective(parts, base, base, reading);
  return eps.map((e) => {
    const dl = deltaTerms(parts, base, pointAt(s, k, e), reading, at);
    return { eps: e, delta: dl[part], noise: dl.noise };
  });
}


// ------------------------------------------------------------------ the perturbed model, 64 digits

export interface PreciseSetup {
  parts: PreciseParts;
  u: Big[];
  r: Big[];
  gain: Big;
  spread: Big[];
  base: PrecisePoint;
  logitsAt(k: number, eps: number): Big[][];
  pointAt(k: number, eps: number): PrecisePoint;
  /** [J(k, eps) - J(k, 0)] of one part under a reading (the eps-independent effect of the tweak removed, as the ledger's confirmations do). */
  deltaAt(k: number, eps: number, reading: ObjectiveReading, part: Part): number;
  /** d_pi(s), p, A(s, a) and k1 = d p A gain, at 64 digits. */
  predictions(): { p: Big; advantage: Big; visitation: Big; k1: Big };
}

const preciseCache = new WeakMap<Setup, PreciseSetup | string>();

/** The setup at 64 digits, or why it has none (a class or construction without a precise form). */
export function preciseSetup(s: Setup): PreciseSetup | string {
  let hit = preciseCache.get(s);
  if (hit === undefined) {
    try {
      hit = buildPrecise(s);
    } catch (error) {
      hit = `64-digit evaluation failed: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`;
    }
    preciseCache.set(s, hit);
  }
  return hit;
}

function buildPrecise(s: Setup): PreciseSetup | string {
  const { cfg, c, info } = s;
  const head = cfg.head.precise;
  if (!head) return `the head class '${cfg.head.name}' has no 64-digit form`;
  if (!s.built.exact) return `the construction '${cfg.construction.name}' has no 64-digit form`;
  if (!cfg.encoder.preciseSpread) return `the encoder class '${cfg.encoder.name}' has no 64-digit form`;
  const parts = preciseParts(c.instance);
  const codes0 = P.mat(c.instance.encoder);
  const features0 = codes0.map((z) => head.features(c.head, z, P));
  const W = P.mat(info.W);
  const b = P.vec(c.instance.head.b);
  const pinfo: PreciseInfo = { movedState: info.movedState, zd: codes0[info.movedState], W, features: features0, jacobian: head.jacobian(c.head, codes0[info.movedState], P) };
  const exact = s.built.exact(P, pinfo);
  if (!exact) return 'no exact direction meets the construction\'s constraints near the float64 one';
  const spread = cfg.encoder.preciseSpread(c.encoder, s.pred.state, info.S, P);
  if (!spread) return 'the encoder has no exact spread';
  const cache: PredictionCache = new WeakMap();
  const a0 = s.pred.action;
  const logitsFrom = (k: Big, features: Big[][]) =>
    features.map((h) => W.map((row, a) => (a === a0 ? row.map((w, j) => w.plus(k.times(exact.r[j]))) : row).reduce((x, w, j) => x.plus(w.times(h[j])), b[a])));
  const codesAt64 = (eps: Big) => codes0.map((z, st) => (spread[st].isZero() || eps.isZero() ? z : z.map((x, j) => x.plus(eps.times(spread[st]).times(exact.u[j])))));
  const featuresOf = (codes: Big[][]) => codes.map((z, st) => (z === codes0[st] ? features0[st] : head.features(c.head, z, P)));
  const logitsAt = (k: number, eps: number) => logitsFrom(P.big(k), featuresOf(codesAt64(P.big(eps))));
  const pointAt = (k: number, eps: number) => {
    const codes = codesAt64(P.big(eps));
    return precisePoint(parts, codes, logitsFrom(P.big(k), featuresOf(codes)), cache);
  };
  const base = precisePoint(parts, codes0, logitsFrom(P.zero, features0), cache);
  return {
    parts, u: exact.u, r: exact.r, gain: exact.gain, spread, base, logitsAt, pointAt,
    deltaAt: (k, eps, reading, part) => {
      const value = (x: PrecisePoint) => {
        const t = preciseObjective(parts, base, x, reading);
        return part === 'deltaJ_PG' ? t.J_PG : part === 'deltaJ_JEPA' ? t.J_JEPA : t.J_PG.plus(t.J_JEPA);
      };
      return value(pointAt(k, eps)).minus(value(pointAt(k, 0))).toNumber();
    },
    predictions: () => {
      const { state, action } = s.pred;
      const p = base.pi[state][action];
      const advantage = base.A[state][action];
      const visitation = base.d[state];
      return { p, advantage, visitation, k1: visitation.times(p).times(advantage).times(exact.gain) };
    },
  };
}

// ------------------------------------------------------------------ replay input

/** A replayed case's shape, with one-line errors naming the field. */
export function validateCase(value: unknown, cfg: Config): VariantCase {
  if (typeof value !== 'object' || value === null) throw new InputError('case: expected an object');
  const v = value as Record<string, unknown>;
  const instance = validateInstance(v.instance, 'case.instance');
  const S = instance.mdp.P.length;
  const A = instance.head.W.length;
  const d = instance.encoder[0].length;
  for (const key of ['pair', 'k', 'kScale'] as const) if (typeof v[key] !== 'number' || !Number.isFinite(v[key])) throw new InputError(`case.${key}: expected a finite number`);
  if (!Array.isArray(v.uPick) || !v.uPick.every((x) => typeof x === 'number' && Number.isFinite(x))) throw new InputError('case.uPick: expected an array of numbers');
  if (cfg.family === 'P2') {
    const col = v.collapsed;
    if (!Array.isArray(col) || col.length !== 2 || !col.every((s) => Number.isInteger(s) && s >= 0 && s < S) || col[0] === col[1]) throw new InputError(`case.collapsed: expected two distinct state indices in [0, ${S})`);
  }
  cfg.head.validate?.(v.head, A, d);
  cfg.encoder.validate?.(v.encoder, S, d);
  cfg.lipschitz.validate?.(v.lipschitz, A, d);
  return value as VariantCase;
}
