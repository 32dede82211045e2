// First-order checks on trained networks: the Proposition 1 / 2 constructions applied to the
// parameters training reached, their predicted changes (eq. (3): -k1 k eps; eq. (5):
// C eps + C' eps^2) against the exact change (float64 engine, candidates re-checked by the
// 64-digit engine) and a sampled change with a 95% interval from rollouts.
import type { Instance, Perturbation, Reading } from '../model/types.ts';
import { hashSeed } from '../autodiff/rng.ts';
import { basePoint, baseObjective, prepare, delta } from '../engine/objective.ts';
import { prop1Perturbation, type Prop1Predictions } from '../construction/prop1.ts';
import { eq5CIn, eq5CprimeIn } from '../construction/kRule.ts';
import { preciseBoundAt } from '../claims/ruleInputs.ts';
import { assumption1Holds } from '../claims/prop1Case.ts';
import { boundOutcome, deltaSeries, firstOrderOutcome, preciseSlopeOf } from '../claims/prop1Checks.ts';
import { EPS_SEQUENCE, taylorFit, type TaylorFit, type TaylorPoint } from '../claims/taylor.ts';
import type { Confirmation, Outcome } from '../claims/framework.ts';
import type { TrainedConfiguration } from '../trainer/trained.ts';
import { collapseGroups, fullCollapseGroup, snapGroups, type CollapseGroups, type Snapped } from './collapse.ts';
import { horizonFor, sampledDeltas, type SampledDelta } from './sampled.ts';
import { buildProp1, buildProp2, type Construction, type Prop } from './constructions.ts';

export type { Construction, Prop } from './constructions.ts';

export interface KStudy {
  k: number;
  label: string;
  perturbation: Omit<Perturbation, 'eps'>;
  readings: Record<Reading, ReadingStudy>;
  sampled: SampledStudy | null;
}

export type ExactStatus = 'ok' | 'noise' | 'refuted' | 'no-signal';

export interface ReadingStudy {
  fit: TaylorFit;
  pgStatus: ExactStatus;
  pgConfirmation: Confirmation | null;
  pgOutcome: Outcome;
  jepaPoints: TaylorPoint[];
  bound: (eps: number) => number;
  jepaStatus: ExactStatus;
  jepaConfirmation: Confirmation | null;
  jepaOutcome: Outcome;
}

export interface SampledStudy {
  eps: number;
  rollouts: number;
  horizon: number;
  seed: number;
  pg: SampledDelta;
  jepa: SampledDelta;
  exactPG: number;
  exactJEPA: number;
  predictedPG: number;
  bound: number;
}

export interface ConfigStudy {
  env: string;
  /** env and training length, e.g. "chain @ 1000 steps". */
  label: string;
  note: string;
  collapse: CollapseGroups;
  snapped: Snapped;
  /** J of the snapped configuration minus J of the trained one (on-policy). */
  snapDelta: { J_PG: number; J_JEPA: number };
  /** Assumption 1 of Prop. 1 (every constant policy is non-greedy somewhere), an MDP property. */
  assumption1: boolean;
  constructions: Partial<Record<Prop, { construction: Construction; ks: KStudy[]; unsnappedOffset: number | null }>>;
  skipped: Partial<Record<Prop, string>>;
}

export interface StudyOptions {
  seed: number;
  quick: boolean;
  /** Rollouts of the sampled comparison. */
  rollouts?: number;
  tol?: number;
  /** Tests only: replaces each built construction (a planted twin with a wrong k1 or bound). */
  plant?: (c: Construction) => Construction;
}

const bound = (pred: Prop1Predictions) => (eps: number) => pred.C * eps + pred.Cprime * eps * eps;

function settle(outcome: Outcome, noSignal: boolean): { status: ExactStatus; confirmation: Confirmation | null } {
  if (outcome.kind !== 'violation') return { status: noSignal ? 'no-signal' : 'ok', confirmation: null };
  const confirmation = outcome.confirm();
  return { status: confirmation.confirmed ? 'refuted' : 'noise', confirmation };
}

function studyReading(c: Construction, p: Omit<Perturbation, 'eps'>, reading: Reading): ReadingStudy {
  const g = -c.k1 * p.k;
  const fit = taylorFit(deltaSeries(c.base, p, reading, 'deltaJ_PG'), g);
  const pgOutcome = firstOrderOutcome({
    fit, name: 'Delta J_PG', instance: c.instance, perturbation: p,
    preciseSlope: preciseSlopeOf(c.instance, p, reading, 'deltaJ_PG'), reading, part: 'deltaJ_PG', exact: c.exact,
    predicted: { k1: c.k1, k: p.k }, precisePredicted: () => c.precisePredicted(p.k),
  });
  const pg = settle(pgOutcome, fit.estimate === null);
  const jepaPoints = deltaSeries(c.base, p, reading, 'deltaJ_JEPA');
  const b = bound(c.pred);
  // C = 2 lambda m L E_max and C' = lambda m L^2 at 64 digits, m and E_max included (as the ledger's P2.jepa):
  // E_max is a norm of errors and may be a tiny, cancellation-prone difference in float64.
  const preciseBound = preciseBoundAt({ instance: c.instance, state: c.state, action: c.action, L: c.pred.L }, eq5CIn, eq5CprimeIn);
  const jepaOutcome = boundOutcome({
    name: 'Delta J_JEPA', points: jepaPoints, bound: b, instance: c.instance, perturbation: p, reading, part: 'deltaJ_JEPA', exact: c.exact,
    preciseBound,
    predicted: { C: c.pred.C, Cprime: c.pred.Cprime, m: c.pred.m, L: c.pred.L, Emax: c.pred.Emax, lambda: c.instance.lambda },
  });
  const jepa = settle(jepaOutcome, false);
  return { fit, pgStatus: pg.status, pgConfirmation: pg.confirmation, pgOutcome, jepaPoints, bound: b, jepaStatus: jepa.status, jepaConfirmation: jepa.confirmation, jepaOutcome };
}

/** Candidate eps of the sampled comparison (wider than the Taylor sequence: rollouts need a resolvable change). */
export const SAMPLING_EPS = [1, 0.3, 0.1, 0.03, 0.01, 3e-3, 1e-3, 3e-4, 1e-4, 3e-5, 1e-5, 3e-6, 1e-6];

/** Relative distance from the linear prediction within which an eps counts as first-order for sampling. */
export const SAMPLING_LINEAR_TOL = 0.05;

/**
 * The eps of the sampled comparison: the largest candidate at which the exact change of J_PG is
 * within 5% of -k1 k eps, so that "the prediction lies in the interval" tests the first-order
 * claim and not its O(eps^2) remainder; rollouts resolve a change better the larger it is.
 */
export function samplingEps(c: Construction, p: Omit<Perturbation, 'eps'>): number {
  const at = baseObjective(c.base, 'on-policy');
  const g = -c.k1 * p.k;
  for (const eps of SAMPLING_EPS) {
    const exact = delta(c.base, { ...p, eps }, 'on-policy', at).deltaJ_PG;
    if (g !== 0 && Math.abs(exact - g * eps) <= SAMPLING_LINEAR_TOL * Math.abs(g * eps)) return eps;
  }
  return SAMPLING_EPS[SAMPLING_EPS.length - 1];
}

function studyK(c: Construction, k: number, label: string, opts: { seed: number; rollouts: number }): KStudy {
  const perturbation = c.prop === 'P1' ? prop1Perturbation(c.state, c.action, c.u, k, 0) : { state: c.state, action: c.action, u: c.u, r: c.r, k };
  const readings = { 'on-policy': studyReading(c, perturbation, 'on-policy'), 'fixed-data': studyReading(c, perturbation, 'fixed-data') };
  let sampled: SampledStudy | null = null;
  if (opts.rollouts > 0) {
    const eps = samplingEps(c, perturbation);
    const p = { ...perturbation, eps };
    const horizon = horizonFor(c.instance.mdp.gamma);
    const seed = opts.seed;
    // sampledDeltas' J_PG part is sampledDeltaJ's estimate bit for bit (test/trained), at a fraction of its cost.
    const both = sampledDeltas(c.instance, p, { rollouts: opts.rollouts, seed, horizon });
    const pg = both.pg;
    const at = baseObjective(c.base, 'on-policy');
    const ex = delta(c.base, p, 'on-policy', at);
    sampled = { eps, rollouts: opts.rollouts, horizon, seed, pg, jepa: both.jepa, exactPG: ex.deltaJ_PG, exactJEPA: ex.deltaJ_JEPA, predictedPG: -c.k1 * k * eps, bound: bound(c.pred)(eps) };
  }
  return { k, label, perturbation, readings, sampled };
}

/** The eps-independent change of J_PG when the head tweak is applied to the unsnapped trained codes (eps = 0). */
function unsnappedOffset(trained: Instance, c: Construction): number | null {
  try {
    const base = basePoint(prepare(trained));
    return delta(base, { state: c.state, action: c.action, u: c.u, r: c.r, k: 1, eps: 0 }, 'on-policy').deltaJ_PG;
  } catch {
    return null;
  }
}

export function studyConfiguration(cfg: TrainedConfiguration, index: number, opts: StudyOptions, label = cfg.env): ConfigStudy {
  const collapse = collapseGroups(cfg.instance, opts.tol);
  const snapped = snapGroups(cfg.instance, collapse);
  const j0 = baseObjective(basePoint(prepare(cfg.instance)), 'on-policy');
  const snappedBase = basePoint(prepare(snapped.instance));
  const j1 = baseObjective(snappedBase, 'on-policy');
  const study: ConfigStudy = {
    env: cfg.env, label, note: cfg.note, collapse, snapped,
    snapDelta: { J_PG: j1.J_PG - j0.J_PG, J_JEPA: j1.J_JEPA - j0.J_JEPA },
    assumption1: assumption1Holds(snappedBase),
    constructions: {}, skipped: {},
  };
  const rollouts = opts.rollouts ?? (opts.quick ? 20_000 : 100_000);
  const full = fullCollapseGroup(collapse);
  const built: Record<Prop, Construction | string> = {
    P1: full ? buildProp1(snapped.instance, full) : `not fully collapsed at the tolerance (${collapse.groups.length} groups over the reachable states)`,
    P2: buildProp2(snapped.instance, collapse.groups),
  };
  (['P1', 'P2'] as const).forEach((prop, j) => {
    const c0 = built[prop];
    if (typeof c0 === 'string') { study.skipped[prop] = c0; return; }
    const c = opts.plant ? opts.plant(c0) : c0;
    const p1 = study.constructions.P1;
    if (prop === 'P2' && p1 && sameChange(p1.construction, c)) {
      // Full collapse: span(P) = span(z_d), so w = proj(u) = u and Prop. 2's tweak is Prop. 1's
      // (up to rounding); its computations (and 64-digit confirmations) are Prop. 1's.
      const gap = Math.max(...c.r.map((x, i) => Math.abs(x - p1.construction.r[i])));
      c.notes.push(`on this fully collapsed configuration w = u and r = u + v = u up to ${gap.toExponential(1)}: Prop. 2's construction is Prop. 1's, whose figures are reported`);
      study.constructions.P2 = { ...p1, construction: { ...p1.construction, prop: 'P2', partner: c.partner, gain: c.gain, notes: c.notes } };
      return;
    }
    const ks: KStudy[] = [];
    const seed = hashSeed(opts.seed, 7000 + index * 10 + j);
    ks.push(studyK(c, 1, 'k = 1', { seed, rollouts }));
    if (Number.isFinite(c.kMin) && c.kMin > 0) ks.push(studyK(c, 2 * c.kMin, 'k = 2 (2C/k1) (§4.5)', { seed: hashSeed(seed, 5), rollouts }));
    study.constructions[prop] = { construction: c, ks, unsnappedOffset: unsnappedOffset(cfg.instance, c) };
  });
  return study;
}

/** The same (state, action, u) and r within 1e-12: the two constructions make the same change. */
function sameChange(a: Construction, b: Construction): boolean {
  if (a.state !== b.state || a.action !== b.action) return false;
  const close = (x: number[], y: number[]) => x.every((v, i) => Math.abs(v - y[i]) <= 1e-12);
  return close(a.u, b.u) && close(a.r, b.r) && Math.abs(a.gain - b.gain) <= 1e-12;
}

export { EPS_SEQUENCE };
