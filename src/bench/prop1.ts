// The prop1 workload: one case = §4's construction on a random collapsed instance, then J exactly
// at the base point and at four eps under both readings, and the eq. (3) and eq. (5) margins.
// `prop1Reference` goes through the tool's readable API (what the property checks call);
// `Prop1Kernel` is the same arithmetic on reused flat buffers, and must give the same numbers.
import { READINGS, type Reading } from '../model/types.ts';
import { baseObjective, basePoint, perturbedObjective, prepare, type ObjectiveValue, type Prepared } from '../engine/objective.ts';
import { PerturbationEvaluator } from '../engine/perturbation.ts';
import { nullSpaceInto, nullSpaceWorkspace, svdWorkspace, type NullSpaceWorkspace, type SvdWorkspace } from '../engine/svd.ts';
import { affineLipschitzFlat, affineWorldFn } from '../engine/worldModel.ts';
import { channelU, prop1Perturbation, prop1Predictions } from '../construction/prop1.ts';
import type { FlatInstance } from './instance.ts';
import { drawInstance, toInstance } from './instance.ts';

export const EPSILONS = [1e-2, 1e-3, 1e-4, 1e-5] as const;
/** The head tweak's free k > 0 (§4.2). */
export const K = 1;

export interface Prop1Figures {
  /** u of §4.2 (W u = 0, u^T z_d = 0, |u| = 1). */
  u: Float64Array;
  state: number;
  action: number;
  k1: number;
  L: number;
  Emax: number;
  C: number;
  Cprime: number;
  /** J at the base point: [on-policy, fixed-data]. */
  J0: Float64Array;
  /** Index e * 2 + r for eps EPSILONS[e] under reading READINGS[r]. */
  deltaPG: Float64Array;
  deltaJEPA: Float64Array;
  /** (Delta J_PG + k1 k eps) / eps^2: stays bounded as eps -> 0 iff eq. (3)'s O(eps^2) holds. */
  eq3: Float64Array;
  /** C eps + C' eps^2 - Delta J_JEPA: eq. (5) holds where this is >= 0. */
  eq5: Float64Array;
}

export const emptyFigures = (d: number): Prop1Figures => ({
  u: new Float64Array(d), state: -1, action: -1, k1: NaN, L: NaN, Emax: NaN, C: NaN, Cprime: NaN,
  J0: new Float64Array(2), deltaPG: new Float64Array(8), deltaJEPA: new Float64Array(8), eq3: new Float64Array(8), eq5: new Float64Array(8),
});

/** The pair maximising k1 = d_pi(s) p_a A(s, a); ties go to the first in (s, a) order. */
export function bestPair(d: ArrayLike<number>, pi: ArrayLike<number>, adv: ArrayLike<number>, S: number, A: number): [number, number] {
  let best = -Infinity, state = 0, action = 0;
  for (let s = 0; s < S; s++)
    for (let a = 0; a < A; a++) {
      const k1 = d[s] * pi[s * A + a] * adv[s * A + a];
      if (k1 > best) { best = k1; state = s; action = a; }
    }
  return [state, action];
}

export function prop1Reference(f: FlatInstance): Prop1Figures {
  const instance = toInstance(f);
  const out = emptyFigures(f.d);
  const channel = channelU(instance.head.W, instance.encoder[0]);
  if (!channel.u) throw new Error('ker W ∩ z_d^⊥ = {0}: the bench needs d >= |A| + 2');
  out.u.set(channel.u);
  const base = basePoint(prepare(instance));
  const at = READINGS.map((r) => baseObjective(base, r));
  at.forEach((v, r) => (out.J0[r] = v.J));
  const [state, action] = bestPair(base.evaluation.d, base.evaluation.pi, base.advantage, f.S, f.A);
  const pred = prop1Predictions(instance, base, state, action);
  Object.assign(out, { state, action, k1: pred.k1, L: pred.L, Emax: pred.Emax, C: pred.C, Cprime: pred.Cprime });
  EPSILONS.forEach((eps, e) => {
    const p = prop1Perturbation(state, action, channel.u!, K, eps);
    READINGS.forEach((reading: Reading, r) => {
      const moved = perturbedObjective(base, p, reading);
      const i = e * 2 + r;
      out.deltaPG[i] = moved.J_PG - at[r].J_PG;
      out.deltaJEPA[i] = moved.J_JEPA - at[r].J_JEPA;
      out.eq3[i] = (out.deltaPG[i] + pred.k1 * K * eps) / (eps * eps);
      out.eq5[i] = pred.C * eps + pred.Cprime * eps * eps - out.deltaJEPA[i];
    });
  });
  return out;
}

/** The instance as objective.ts's Prepared, straight from the flat arrays. */
export function preparedOf(f: FlatInstance): Prepared {
  const { S, A, d } = f;
  const E = new Float64Array(S * d);
  for (let s = 0; s < S; s++) E.set(f.zd, s * d);
  return { S, A, d, mdp: { S, A, P: f.P, R: f.R, mu: f.mu, gamma: f.gamma }, E, W: f.W, b: f.b, world: affineWorldFn(f.M, f.c, d), lambda: f.lambda };
}

/**
 * prop1Reference's arithmetic on buffers reused across cases: u from the flat SVD (svd.ts), the
 * base point and the moved points from PerturbationEvaluator, L from affineLipschitzFlat.
 * Gives the same figures as prop1Reference, bit for bit (test/bench/kernels.test.ts).
 */
export class Prop1Kernel {
  private readonly evaluator: PerturbationEvaluator;
  private readonly constraints: Float64Array;
  private readonly nullWs: NullSpaceWorkspace;
  private readonly svdWs: SvdWorkspace;
  private readonly on: ObjectiveValue = { J_PG: 0, J_JEPA: 0, J: 0 };
  private readonly fixed: ObjectiveValue = { J_PG: 0, J_JEPA: 0, J: 0 };
  private readonly at = [{ J_PG: 0, J_JEPA: 0, J: 0 }, { J_PG: 0, J_JEPA: 0, J: 0 }];
  readonly out: Prop1Figures;

  constructor(readonly S: number, readonly A: number, readonly d: number) {
    this.evaluator = new PerturbationEvaluator(S, A, d);
    this.constraints = new Float64Array((A + 1) * d);
    this.nullWs = nullSpaceWorkspace(d);
    this.svdWs = svdWorkspace(d, d);
    this.out = emptyFigures(d);
  }

  /**
   * Runs one case; the figures are in this.out (overwritten by the next call). With `phases`,
   * adds each phase's milliseconds to it (the scale workload reports where the time goes).
   */
  run(f: FlatInstance, phases?: Prop1Phases): Prop1Figures {
    const { S, A, d, out } = this;
    let mark = phases ? performance.now() : 0;
    const lap = (phase: keyof Prop1Phases) => {
      if (!phases) return;
      const now = performance.now();
      phases[phase] += now - mark;
      mark = now;
    };
    // u: channelU's default pick, the first basis vector of ker [W; z_d^T], rescaled to unit norm as channelU does.
    this.constraints.set(f.W);
    this.constraints.set(f.zd, A * d);
    const { first } = nullSpaceInto(this.constraints, A + 1, this.nullWs);
    if (first < 0) throw new Error('ker W ∩ z_d^⊥ = {0}: the bench needs d >= |A| + 2');
    const u = out.u;
    const vt = this.nullWs.svd.vt;
    let ss = 0;
    // 0 + x as channelU's accumulation from a zero vector does it: it turns -0 into +0.
    for (let j = 0; j < d; j++) { u[j] = 0 + vt[first * d + j]; ss += u[j] * u[j]; }
    const n = Math.sqrt(ss);
    if (n > 1e-8) for (let j = 0; j < d; j++) u[j] = u[j] / n;
    lap('nullSpace');

    const prep = preparedOf(f);
    const ev = this.evaluator.load(prep);
    READINGS.forEach((r, i) => { ev.baseObjective(r, this.at[i]); out.J0[i] = this.at[i].J; });
    lap('base');
    const [state, action] = bestPair(ev.base.d, ev.base.pi, ev.advantage, S, A);
    // prop1Predictions, in its order of operations.
    const p = ev.base.pi[state * A + action];
    const visitation = ev.base.d[state];
    const L = affineLipschitzFlat(f.M, A, d, this.svdWs);
    lap('lipschitz');
    let maxSq = 0;
    for (let i = 0; i < S * A * S; i++) if (f.P[i] > 0) maxSq = Math.max(maxSq, ev.errSq[i]);
    const Emax = Math.sqrt(maxSq);
    out.state = state; out.action = action;
    out.k1 = visitation * p * ev.advantage[state * A + action];
    out.L = L; out.Emax = Emax;
    out.C = 2 * f.lambda * visitation * L * Emax;
    out.Cprime = f.lambda * visitation * L * L;
    const move = { state, action, u, r: u, k: K, eps: 0 };
    for (let e = 0; e < EPSILONS.length; e++) {
      const eps = (move.eps = EPSILONS[e]);
      ev.move(move);
      const values = [ev.movedObjective('on-policy', this.on), ev.movedObjective('fixed-data', this.fixed)];
      for (let r = 0; r < 2; r++) {
        const i = e * 2 + r;
        out.deltaPG[i] = values[r].J_PG - this.at[r].J_PG;
        out.deltaJEPA[i] = values[r].J_JEPA - this.at[r].J_JEPA;
        out.eq3[i] = (out.deltaPG[i] + out.k1 * K * eps) / (eps * eps);
        out.eq5[i] = out.C * eps + out.Cprime * eps * eps - out.deltaJEPA[i];
      }
    }
    lap('moves');
    return out;
  }
}

/** Milliseconds per phase of Prop1Kernel.run. */
export interface Prop1Phases {
  /** u: the flat SVD of [W; z_d^T] padded to d x d, with right singular vectors. */
  nullSpace: number;
  /** The base point: logits, policy, exact evaluation (one LU), predictions and JEPA errors; J under both readings. */
  base: number;
  /** L = max_a sigma_max(M_a): |A| SVDs of d x d without vectors. */
  lipschitz: number;
  /** Four eps: the moved logits and errors, an exact evaluation on-policy (one LU) and the fixed-data surrogate. */
  moves: number;
}

export const emptyPhases = (): Prop1Phases => ({ nullSpace: 0, base: 0, lipschitz: 0, moves: 0 });

const f64 = new Float64Array(1);
const u32 = new Uint32Array(f64.buffer);

/** FNV-1a over the bits of a case's figures: equal hashes mean bit-identical figures. */
export function figuresHash(out: Prop1Figures): number {
  let h = 0x811c9dc5;
  const mix = (x: number) => {
    f64[0] = x;
    h = Math.imul(h ^ u32[0], 0x01000193);
    h = Math.imul(h ^ u32[1], 0x01000193);
  };
  mix(out.state); mix(out.action); mix(out.k1); mix(out.L); mix(out.Emax); mix(out.C); mix(out.Cprime);
  for (const arr of [out.u, out.J0, out.deltaPG, out.deltaJEPA]) for (let i = 0; i < arr.length; i++) mix(arr[i]);
  return h >>> 0;
}

/**
 * What a run of cases found. Every field is order-independent (sums of integers mod 2^32, counts,
 * extrema), so a run split over any number of workers reports exactly what one thread reports.
 */
export interface Prop1Summary {
  cases: number;
  /** Sum mod 2^32 of the cases' figuresHash. */
  digest: number;
  /** (case, eps, reading) triples where eq. (5) fails at float64 (C eps + C' eps^2 < Delta J_JEPA). */
  eq5Violations: number;
  /** Largest |Delta J_PG + k1 k eps| / eps^2 over all cases, eps and readings (eq. (3)'s O(eps^2) constant). */
  eq3MaxRemainder: number;
  /** Smallest k1 seen (the bench's pair maximises k1, so k1 <= 0 means no positive advantage). */
  minK1: number;
}

export const emptySummary = (): Prop1Summary => ({ cases: 0, digest: 0, eq5Violations: 0, eq3MaxRemainder: 0, minK1: Infinity });

export function addCase(sum: Prop1Summary, out: Prop1Figures): void {
  sum.cases++;
  sum.digest = (sum.digest + figuresHash(out)) >>> 0;
  for (let i = 0; i < out.eq5.length; i++) {
    if (out.eq5[i] < 0) sum.eq5Violations++;
    sum.eq3MaxRemainder = Math.max(sum.eq3MaxRemainder, Math.abs(out.eq3[i]));
  }
  sum.minK1 = Math.min(sum.minK1, out.k1);
}

export function mergeSummaries(parts: Prop1Summary[]): Prop1Summary {
  const sum = emptySummary();
  for (const p of parts) {
    sum.cases += p.cases;
    sum.digest = (sum.digest + p.digest) >>> 0;
    sum.eq5Violations += p.eq5Violations;
    sum.eq3MaxRemainder = Math.max(sum.eq3MaxRemainder, p.eq3MaxRemainder);
    sum.minK1 = Math.min(sum.minK1, p.minK1);
  }
  return sum;
}

/** Cases [from, to) of a workload on one thread. */
export function runCases(seed: number, from: number, to: number, S: number, A: number, d: number, reference = false): Prop1Summary {
  const sum = emptySummary();
  const kernel = reference ? null : new Prop1Kernel(S, A, d);
  for (let i = from; i < to; i++) {
    const f = drawInstance(seed, i, S, A, d);
    addCase(sum, kernel ? kernel.run(f) : prop1Reference(f));
  }
  return sum;
}
