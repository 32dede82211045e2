// The cases every Proposition 1 check draws: a fully collapsed instance meeting the paper's
// hypotheses, the pair (s_Δ, a_Δ) Assumption 1 provides, a u of §4.2, and the free k > 0.
import fc from 'fast-check';
import { gridDouble } from '../search/arbitraries/scalar.ts';
import type { Instance } from '../model/types.ts';
import { stagedBasePoint, type BasePoint } from '../engine/objective.ts';
import { once } from '../engine/once.ts';
import { getter, hide } from '../engine/getters.ts';
import { optimalValues } from '../engine/evaluate.ts';
import { eq5CIsZero, eq5Constants, prop1MinimumK, prop1Perturbation, prop1Predictions, type Prop1Predictions } from '../construction/prop1.ts';
import { collapsedInstanceArbitrary } from '../search/arbitraries/collapsedInstance.ts';
import { instanceCorners } from '../search/corners.ts';
import { flatten, reachableStates, type FlatMdp } from '../engine/mdp.ts';
import { preciseEvaluate } from '../precise/index.ts';
import { directionExistsExactly, prop1Direction } from './direction.ts';

export { prop1Direction, type Direction } from './direction.ts';
export { dataWeightAtState, deltaSeriesUnder, preciseDeltaUnder } from './jepaData.ts';
import { assumption1Exact } from './assumptions.ts';
import { advantagePositive, fullCollapse, identicalActions, instanceAdvantagePositive } from './premises.ts';
import { caseMemo } from '../engine/caseMemo.ts';
import { PAPER_CONFIGURATION, paperClasses, type Configuration } from './configuration.ts';
import type { Perturbation, Reading } from '../model/types.ts';
import { exactFromU, type ExactDirections } from './prop1Checks.ts';
import { deltaSeriesUnder, preciseDeltaUnder } from './jepaData.ts';
import type { DeltaPart } from './confirm.ts';
import { classBasePoint, classesOf, classModel, type ClassParams, type Classes } from './classModel.ts';
import { classDirection } from './classDirection.ts';
import { withClassParams } from './classArbitraries.ts';
import { EPS_SEQUENCE } from './taylor.ts';
import { estimateL, lipschitzPairsArbitrary, lipschitzPairsProblem, worldModelExactAtZd, type LipschitzPairs } from './lipschitzEstimate.ts';

export interface Prop1Case {
  instance: Instance;
  /** Index into the pairs with positive advantage: every pair Assumption 1 could provide is reachable. */
  pair: number;
  /** Weights picking u inside ker W ∩ z_d^⊥ when that space has more than one dimension. */
  uPick: number[];
  /** k > 0 free (§4.2); kScale multiplies the §4.5 threshold 2C/k1 when a claim needs k above it. */
  k: number;
  kScale: number;
  /** Only under the 'estimated' Lipschitz configuration: the sample pairs L is estimated from. */
  lipschitzPairs?: LipschitzPairs;
  /** Only under head 'two-layer-tanh': the hidden layer W1, b1 (the last layer is instance.head). */
  twoLayer?: ClassParams['twoLayer'];
  /** Only under encoder 'linear-features': the features x(s) of every state. */
  features?: ClassParams['features'];
}

export const prop1CaseArbitrary = (): fc.Arbitrary<Prop1Case> =>
  fc.record({
    instance: collapsedInstanceArbitrary(),
    pair: fc.nat(1000),
    uPick: fc.array(gridDouble(-1, 1), { minLength: 1, maxLength: 4 }),
    k: fc.oneof(fc.constant(1), fc.integer({ min: -3, max: 3 }).map((e) => 10 ** e), gridDouble(0.01, 10)),
    kScale: fc.oneof(fc.constant(2), gridDouble(1.001, 100)),
  });

/** True when the configuration changes what prop1CaseArbitraryUnder draws or what prop1Setup builds. */
export const changesProp1Case = (cfg: Configuration): boolean => cfg.generator !== 'paper' || cfg.lipschitz !== 'certified' || cfg.construction !== 'paper' || cfg.jepaData !== 'reading' || !paperClasses(cfg);

/** The Prop. 1 cases under a configuration: its generator, plus the Lipschitz sample pairs when L is estimated. */
export function prop1CaseArbitraryUnder(cfg: Configuration): () => fc.Arbitrary<Prop1Case> {
  if (cfg.generator === 'paper' && cfg.lipschitz === 'certified' && paperClasses(cfg)) return prop1CaseArbitrary;
  return () => {
    const paper = prop1CaseArbitrary();
    let drawn = cfg.generator === 'paper' ? paper : fc.oneof(paper, paper.map((c) => ({ ...c, instance: worldModelExactAtZd(c.instance) })));
    if (cfg.lipschitz !== 'certified') drawn = drawn.chain((c) => lipschitzPairsArbitrary(c.instance.encoder[0].length).map((lipschitzPairs) => ({ ...c, lipschitzPairs })));
    // The classes' parameters are drawn last, after the paper's case.
    return paperClasses(cfg) ? drawn : withClassParams(cfg, drawn, (c) => ({ S: c.instance.mdp.P.length, d: c.instance.encoder[0].length }));
  };
}

/**
 * Assumption 1, decided in float64: it fails iff one action is optimal in every state (then the
 * constant policy on it has no positive advantage anywhere). Ties within 1e-9 count as optimal,
 * which errs toward "fails" (skipping a case) rather than admitting one that violates it.
 */
export function assumption1Holds(base: BasePoint): boolean {
  return noActionOptimalEverywhere(base.prep.mdp);
}

/** The test of assumption1Holds on the MDP alone (the variants' setups have no BasePoint). */
export function noActionOptimalEverywhere(mdp: FlatMdp): boolean {
  const { S, A } = mdp;
  const { Q } = optimalValues(mdp);
  const common = new Array<boolean>(A).fill(true);
  for (let s = 0; s < S; s++) {
    let best = -Infinity;
    for (let a = 0; a < A; a++) best = Math.max(best, Q[s * A + a]);
    for (let a = 0; a < A; a++) if (Q[s * A + a] < best - 1e-9 * (1 + Math.abs(best))) common[a] = false;
  }
  return !common.some(Boolean);
}

export interface Prop1Setup {
  base: BasePoint;
  u: number[];
  /** u projected onto the exact ker W ∩ z_d^⊥ (z_d^⊥ under 'u-orthogonal-only') at 64+ digits, for confirmations (lazy: it costs ~ms). */
  uExact: () => string[] | null;
  zd: number[];
  dimIntersection: number;
  /** rank(W), computed on first read (an SVD of its own that most checks never need). */
  readonly rankW: number;
  pred: Prop1Predictions;
  /** 2C/k1 (§4.5). */
  kMin: number;
  /** The head tweak's row (dW = k e_aΔ r^T): u for the linear head. */
  r: number[];
  /** J under the configuration: the perturbation, its exact form, Delta J in float64 and at 64 digits. */
  model: Prop1Model;
}

type Point = { eps: number; delta: number; noise: number };

/**
 * How a check evaluates J for this case. Under the paper's classes: the kernel (engine/series.ts)
 * and src/precise's preciseDelta, J_JEPA over the configured data (jepaData.ts); under another head
 * or encoder: src/claims/classModel.ts (the engine's objective from the classes' codes and logits).
 */
export interface Prop1Model {
  perturbation(k: number): Omit<Perturbation, 'eps'>;
  exact: ExactDirections;
  series(p: Omit<Perturbation, 'eps'>, reading: Reading, part: DeltaPart, eps?: readonly number[]): Point[];
  preciseDelta(q: Omit<Perturbation, 'eps'>, reading: Reading, part: DeltaPart, eps: number): number;
  /** p_aΔ, A(s_Δ, a_Δ), d_pi(s_Δ), k1 at 64 digits (converted at the end). */
  precisePrediction(): ReturnType<typeof precisePrediction>;
  /** The hypothesis A(s_Δ, a_Δ) > 0: exactly 0 when the actions at s_Δ are one action, else at 64 digits beyond noise (premises.ts). */
  advantagePositive(): { holds: boolean; why: string };
}

export type SetupResult = { ok: true; setup: Prop1Setup } | { ok: false; reason: string };

/** Everything §4 builds, or the hypothesis that fails; L (and so C, C', 2C/k1) as the configuration says. */
export function prop1Setup(c: Prop1Case, needFullAssumption1 = true, cfg: Configuration = PAPER_CONFIGURATION): SetupResult {
  return setupMemo(c, `${needFullAssumption1} ${configText(cfg)}`, () => buildProp1Setup(c, needFullAssumption1, cfg));
}

/** JSON.stringify(cfg), remembered for frozen configurations (PAPER_CONFIGURATION): their text cannot change. */
function configText(cfg: Configuration): string {
  if (!Object.isFrozen(cfg)) return JSON.stringify(cfg);
  let text = configTexts.get(cfg);
  if (text === undefined) configTexts.set(cfg, (text = JSON.stringify(cfg)));
  return text;
}
const configTexts = new WeakMap<Configuration, string>();

// run, corners and hypotheses each ask for the same case's setup: computed once (caseMemo.ts).
const setupMemo = caseMemo<SetupResult>();

function buildProp1Setup(c: Prop1Case, needFullAssumption1: boolean, cfg: Configuration): SetupResult {
  const { instance } = c;
  const zd = instance.encoder[0];
  // Throws an InputError naming the field when a (replayed) case lacks the classes' parameters.
  const classes = paperClasses(cfg) ? null : classesOf(c, cfg, instance.mdp.P.length, zd.length);
  const channel = classes ? classDirection(instance.head.W, zd, c.uPick, cfg, classes.head) : prop1Direction(instance.head.W, zd, c.uPick, cfg);
  if (!channel.u) return { ok: false, reason: `${channel.space} = {0}` };
  // Assumption 1 and the pairs read only the MDP and the policy's advantages: the world model and
  // JEPA errors are built after them (bit for bit basePoint(prepare(instance))), so a case skipped
  // on either never builds them.
  const staged = classes ? null : stagedBasePoint(instance);
  const early = classes ? classBasePoint(instance, classes.head) : null;
  const mdp = early ? early.prep.mdp : flatten(instance.mdp);
  if (needFullAssumption1 && !noActionOptimalEverywhere(mdp)) return { ok: false, reason: 'Assumption 1 fails' };
  const advantage = early ? early.advantage : staged!.advantage;
  const { S, A } = mdp;
  const pairs: [number, number][] = [];
  // A state whose actions are all the same action has A = 0 exactly: a positive float64 A there is
  // residue, and a pair built on it would measure nothing yet count as decided (premises.ts).
  for (let s = 0; s < S; s++) {
    let tied: boolean | null = null;
    for (let a = 0; a < A; a++) if (advantage[s * A + a] > 0 && !(tied ??= identicalActions(instance.mdp, s))) pairs.push([s, a]);
  }
  if (pairs.length === 0) return { ok: false, reason: 'no positive advantage under pi_c' };
  const [state, action] = pairs[c.pair % pairs.length];
  const base = early ?? staged!.base();
  let pred = prop1Predictions(instance, base, state, action);
  if (cfg.lipschitz === 'estimated') {
    const problem = lipschitzPairsProblem(c.lipschitzPairs, zd.length);
    if (problem) return { ok: false, reason: problem };
    const L = estimateL(instance, c.lipschitzPairs!);
    pred = { ...pred, L, Lexact: false, ...eq5Constants(instance.lambda, pred.m, L, pred.Emax) };
  }
  // Offline data weighs the steps at s_Δ by 1, not by d_pi(s_Δ): eq. (5)'s m.
  if (cfg.jepaData === 'offline-uniform') pred = { ...pred, m: 1, ...eq5Constants(instance.lambda, 1, pred.L, pred.Emax) };
  const u = channel.u;
  const uExact = once(() => channel.exact(u));
  if (!classes) {
    const model = paperModel(c, cfg, base, pred.state, pred.action, u, uExact);
    return { ok: true, setup: prop1SetupOf(base, u, uExact, zd, channel, pred, u, model) };
  }
  const through = channel as ReturnType<typeof classDirection>;
  const r = through.r ?? u;
  const model = modelUnder(c, cfg, classes, base, pred.state, pred.action, u, r, through.exactPair);
  if (typeof model === 'string') return { ok: false, reason: model };
  return { ok: true, setup: prop1SetupOf(base, u, uExact, zd, channel, pred, r, model) };
}

/**
 * { base, u, uExact, zd, dimIntersection, get rankW(), pred, get kMin(), r, model } with the getters
 * from shared descriptors, not a literal's (engine/getters.ts: the case dies young). rankW reads the
 * channel's, kMin this pred (a copy overriding pred does not change it), as the literal's did.
 */
function prop1SetupOf(base: BasePoint, u: number[], uExact: () => string[] | null, zd: number[], channel: { dimIntersection: number; rankW: number }, pred: Prop1Predictions, r: number[], model: Prop1Model): Prop1Setup {
  const setup = hide({ base, u, uExact, zd, dimIntersection: channel.dimIntersection }, SETUP, { channel, pred } satisfies SetupState) as Prop1Setup;
  Object.defineProperty(setup, 'rankW', SETUP_RANKW);
  setup.pred = pred;
  Object.defineProperty(setup, 'kMin', SETUP_KMIN);
  setup.r = r;
  setup.model = model;
  return setup;
}
type SetupState = { channel: { rankW: number }; pred: Prop1Predictions };
const SETUP = Symbol('prop1Setup');
const setupState = (o: Prop1Setup): SetupState => (o as unknown as Record<symbol, SetupState>)[SETUP];
const SETUP_RANKW = getter(function (this: Prop1Setup) { return setupState(this).channel.rankW; });
const SETUP_KMIN = getter(function (this: Prop1Setup) { return prop1MinimumK(setupState(this).pred); });

function paperModel(c: Prop1Case, cfg: Configuration, base: BasePoint, state: number, action: number, u: number[], uExact: () => string[] | null): Prop1Model {
  // Methods, not arrow properties: no per-case __name wrapping under tsx (engine/once.ts); none reads `this`.
  return {
    perturbation(k) { return prop1Perturbation(state, action, u, k, 0); },
    exact: exactFromU(uExact),
    series(p, reading, part, eps = EPS_SEQUENCE) { return deltaSeriesUnder(cfg, base, p, reading, part, eps); },
    preciseDelta(q, reading, part, eps) { return preciseDeltaUnder(cfg, c.instance, q, reading, part, eps); },
    precisePrediction() { return precisePrediction(c.instance, state, action); },
    advantagePositive() { return instanceAdvantagePositive(c.instance, 'A(s_Δ, a_Δ)', state, action); },
  };
}

function modelUnder(c: Prop1Case, cfg: Configuration, classes: Classes, base: BasePoint, state: number, action: number, u: number[], r: number[], exact: ExactDirections): Prop1Model | string {
  let m: ReturnType<typeof classModel>;
  try {
    m = classModel(c.instance, classes, base, state, action, cfg);
  } catch (error) {
    return `encoder: ${error instanceof Error ? error.message : String(error)}`;
  }
  return {
    perturbation: (k) => ({ state, action, u, r, k }),
    exact,
    series: (p, reading, part, eps = EPS_SEQUENCE) => m.series(p, reading, part, eps),
    preciseDelta: m.preciseDelta,
    precisePrediction: () => {
      const { p, advantage, visitation } = m.preciseBase();
      return { p: p.toNumber(), advantage: advantage.toNumber(), visitation: visitation.toNumber(), k1: visitation.times(p).times(advantage).toNumber(), pTimesA: p.times(advantage).toNumber() };
    },
    advantagePositive: () => {
      const b = m.preciseBase();
      return advantagePositive(c.instance.mdp, 'A(s_Δ, a_Δ)', state, b.advantage, b.Q);
    },
  };
}

export function prop1Corners(c: Prop1Case, setup?: Prop1Setup): string[] {
  const out = instanceCorners(c.instance);
  if (!setup) return out;
  const { pred, base } = setup;
  if (!reachableStates(c.instance.mdp)[pred.state]) out.push('s_Δ unreachable');
  const { S, A } = base.prep;
  let isTarget = false;
  for (let s = 0; s < S; s++) for (let a = 0; a < A; a++) if (base.prep.mdp.P[(s * A + a) * S + pred.state] > 0) isTarget = true;
  if (isTarget) out.push('s_Δ is a successor state');
  if (pred.p > 0.999) out.push('p_aΔ near 1');
  if (pred.p < 1e-6) out.push('p_aΔ near 0');
  // pred.C === 0, decided without L (an SVD per action) where the other factors decide it; a pred with another L or m reads C.
  if (eq5CIsZero(pred)) out.push('C = 0');
  if (setup.dimIntersection >= 2) out.push('dim(ker W ∩ z_d^⊥) >= 2');
  return out;
}

/** The two-layer head's u exists at 64 digits: u, r projected onto the constraints through J at 64 digits. */
function directionThroughHead(setup: Prop1Setup): { fails: string | null; holds: string } {
  return setup.model.exact()
    ? { fails: null, holds: 'a u in ker (W J) ∩ (J^T h(z_d))^⊥ with J u != 0 at 64 digits' }
    : { fails: 'no u in ker (W J) ∩ (J^T h(z_d))^⊥ near the float64 one at 64 digits', holds: '' };
}

/** p_aΔ, A^{pi_c}(s_Δ, a_Δ), d_pi(s_Δ) and k1 recomputed at 64 digits (converted at the end). */
export function precisePrediction(instance: Instance, state: number, action: number) {
  // p, A and d need no JEPA errors (most of a 64-digit evaluation's cost).
  const ev = preciseEvaluate(instance, 64, { jepa: false });
  const p = ev.pi[state][action];
  const advantage = ev.A[state][action];
  const visitation = ev.d[state];
  return { p: p.toNumber(), advantage: advantage.toNumber(), visitation: visitation.toNumber(), k1: visitation.times(p).times(advantage).toNumber(), pTimesA: p.times(advantage).toNumber() };
}

/**
 * The hypotheses a Prop. 1 refutation relies on, decided exactly or at 64 digits: the collapse E(s) = z_d
 * for every s (codes compared exactly), Assumption 1 (exact rational Q*; above 64 states a certified
 * 64-digit bound first), A^{pi_c}(s_Δ, a_Δ) > 0 (premises.ts: 0 exactly when the actions at s_Δ are one
 * action, else at 64 digits beyond noise; within the noise not decided, so not met), the space u is drawn from != {0} by
 * exact rank (ker W ∩ z_d^⊥, or z_d^⊥ under 'u-orthogonal-only'), and k > 0. `extra` adds a repair's own hypotheses.
 */
export function prop1Hypotheses(c: Prop1Case, extra?: (c: Prop1Case, state: number) => string | null, cfg: Configuration = PAPER_CONFIGURATION): { holds: boolean; why: string } {
  const r = prop1Setup(c, true, cfg);
  if (!r.ok) return { holds: false, why: r.reason };
  const { pred, zd } = r.setup;
  const collapse = fullCollapse(c.instance.encoder);
  if (!collapse.holds) return { holds: false, why: collapse.why };
  const a1 = assumption1Exact(c.instance);
  if (!a1.holds) return { holds: false, why: `Assumption 1: ${a1.why}` };
  const adv = r.setup.model.advantagePositive();
  if (!adv.holds) return { holds: false, why: adv.why };
  const space = cfg.head === 'linear' ? directionExistsExactly(c.instance.head.W, zd, cfg) : directionThroughHead(r.setup);
  if (space.fails) return { holds: false, why: space.fails };
  if (!(c.k > 0)) return { holds: false, why: `k = ${c.k} is not > 0` };
  const more = extra?.(c, pred.state) ?? null;
  if (more) return { holds: false, why: more };
  return { holds: true, why: `Assumption 1 (${a1.method}), ${collapse.why}, ${adv.why}, ${space.holds}, k = ${c.k} > 0` };
}
