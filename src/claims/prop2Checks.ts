// Check scaffolding shared by the Proposition 2 claim files: one PropertyCheck over Prop2Case per
// (reading of eq. (1), reading of Assumption 3), the hypotheses decided by prop2Setup, skips named.
import type { Method, PlotSeries, ReadingLabel } from '../report/schema.ts';
import { A3_TEXT, type A3Reading } from '../construction/prop2.ts';
import type { Outcome, PropertyCheck } from './framework.ts';
import { CONFIGURATION_TEXT, configurable } from './configuration.ts';
import type { DeltaPart } from './confirm.ts';
import { EPS_SEQUENCE, taylorFit, type TaylorFit, type TaylorPoint } from './taylor.ts';
import { reachableStates } from '../engine/mdp.ts';
import type { Perturbation, Reading } from '../model/types.ts';
import { baseObjective, type BasePoint } from '../engine/objective.ts';
import { deltaAt, deltaSeriesOf } from '../engine/series.ts';
import { prop2CaseArbitrary, prop2Corners, prop2Hypotheses, prop2Setup, type Prop2Case, type Prop2Setup } from './prop2Case.ts';

/**
 * The readings of Assumption 3 the objective-level claims (eq3, jepa, combine) are reported under:
 * the proof's (i) and the literal state count (ii), the strictest. Assumption 3 enters these claims
 * only through the existence of u, and (ii) => (iii) => (i) => (iv), so a refutation under (ii) is
 * one under every reading; (iii) and (iv) are reported for the existence claims, k1-pos and P2.
 */
export const A3_OBJECTIVE_READINGS: readonly A3Reading[] = ['span', 'states'];

export const READING_TEXT: Record<'on-policy' | 'fixed-data', string> = {
  'on-policy': 'J_PG = -sum_s mu(s) V^pi(s), the trajectory distribution moving with theta',
  'fixed-data': 'J_PG is the eq. (1) surrogate -sum_s d0(s) sum_a pi0(a|s) A0(s,a) log pi(a|s), the unperturbed data held fixed',
};

/** The interpretation text of a check under the 'construction-only' Assumption 3. */
export const A3_CONSTRUCTION_ONLY = CONFIGURATION_TEXT.assumption3['construction-only'];

export const A1_TEXT =
  "Assumption 1 read on the head's whole policy: A^{pi}(s_a, a_Δ) > 0 where pi is pi_c = pi(.|z_d) at s_a and s_b and the head's policy at the other codes; s_a is whichever of the collapsed pair has such an action";

export interface Prop2CheckArgs {
  reading: ReadingLabel;
  a3: A3Reading | null;
  method?: Method;
  /** Further interpretation text (joined after Assumption 3's). */
  note?: string;
  needA1?: boolean;
  /** The reading of Assumption 1 stated in the interpretation (A1_TEXT by default). */
  a1Text?: string;
  /** An extra hypothesis (for repairs): a skip reason when it fails, null when it holds. */
  extra?: (s: Prop2Setup) => string | null;
  /** A hypothesis only a refutation needs decided beyond float64 (e.g. §5.5's k rule at 64 digits), after the others. */
  preciseHypothesis?: (c: Prop2Case, s: Prop2Setup) => { holds: boolean; why: string };
  run: (c: Prop2Case, s: Prop2Setup) => Outcome;
  plots?: (c: Prop2Case, s: Prop2Setup) => PlotSeries[];
  rule: string;
  /** The refine hook (src/claims/refiners.ts), passed through to the check. */
  refine?: PropertyCheck<Prop2Case>['refine'];
}

export function prop2Check(args: Prop2CheckArgs): PropertyCheck<Prop2Case> {
  const setupOf = (c: Prop2Case) => prop2Setup(c, args.a3, { needA1: args.needA1 ?? true });
  const interpretation = [args.a3 ? A3_TEXT[args.a3] : null, args.needA1 === false ? null : args.a1Text ?? A1_TEXT, args.note].filter(Boolean).join('; ');
  const check: PropertyCheck<Prop2Case> = {
    reading: args.reading,
    method: args.method,
    ...(args.refine ? { refine: args.refine } : {}),
    interpretation,
    arbitrary: prop2CaseArbitrary,
    run: (c) => {
      const r = setupOf(c);
      if (!r.ok) return { kind: 'skip', reason: r.reason };
      const why = args.extra?.(r.setup) ?? null;
      if (why) return { kind: 'skip', reason: why };
      return args.run(c, r.setup);
    },
    corners: (c) => {
      const r = setupOf(c);
      return prop2Corners(c, r.ok ? r.setup : undefined, args.needA1 !== false);
    },
    instanceOf: (c) => c.partial.instance,
    // Reading (i) of Assumption 3 is the paper's own (S := span(P), §5.2); (ii)-(iv) are interpretations.
    paperDefinition: args.a3 === null || args.a3 === 'span',
    hypotheses: (c) => {
      const h = prop2Hypotheses(c, args.a3, args.needA1 ?? true);
      const r = setupOf(c);
      // A repair's extra hypothesis is re-decided with w^T u from the 70-digit u, w (the float64 u, w of
      // an ill-conditioned case can sit on the other side); the other fields delegate to the setup.
      const precise = r.ok ? Object.create(r.setup, { wTu: { value: r.setup.preciseWTu() }, highPrecision: { value: true } }) as Prop2Setup : null;
      const extra = h.holds && precise ? args.extra?.(precise) ?? null : null;
      if (extra) return { holds: false, why: extra };
      if (!h.holds || !r.ok) return h;
      const why = args.extra ? `${h.why}; the check's own hypotheses hold (decided exactly or at 64/70 digits)` : h.why;
      const more = args.preciseHypothesis?.(c, r.setup) ?? { holds: true, why: '' };
      return more.holds ? { holds: true, why: more.why ? `${why}; ${more.why}` : why } : { holds: false, why: more.why };
    },
    plots: args.plots
      ? (c) => {
          const r = setupOf(c);
          return r.ok && !(args.extra?.(r.setup) ?? null) ? args.plots!(c, r.setup) : [];
        }
      : undefined,
    rule: args.rule,
  };
  // Assumption 3 enters only through prop2Setup: without a reading the setup still needs §5.3's u.
  return configurable(check, (cfg) => (cfg.assumption3 === 'construction-only' && args.a3 !== null ? prop2Check({ ...args, a3: null, note: [A3_CONSTRUCTION_ONLY, args.note].filter(Boolean).join('; ') }) : null), ['assumption3']);
}

/** Repair hypotheses used by several claims. */
// The sign of w^T u is taken from the 70-digit u, w when the float64 one is too small to trust.
export const wOnUsSide = (s: Prop2Setup): string | null => (s.wTu > 1e-8 || (Math.abs(s.wTu) <= 1e-8 && s.preciseWTu() > 0) ? null : 'extra hypothesis fails: w^T u <= 0');
export const saReachable = (s: Prop2Setup): string | null => (reachableStates(s.instance.mdp)[s.sa] ? null : 'extra hypothesis fails: s_a unreachable (d_pi(s_a) = 0)');
export const both = (...fs: ((s: Prop2Setup) => string | null)[]) => (s: Prop2Setup): string | null => {
  for (const f of fs) {
    const why = f(s);
    if (why) return why;
  }
  return null;
};

/** What evaluating one parameter change found: a strict decrease, an increase at every eps, or nothing beyond noise. */
export type DecreaseSearch =
  | { kind: 'decrease'; eps: number; deltaJ: number; noise: number }
  | { kind: 'increase'; eps: number; deltaJ: number; noise: number }
  | { kind: 'undecided'; eps: number; deltaJ: number; noise: number };

export const DECREASE_EPS = [1e-2, 1e-3, 1e-4, 1e-5, 1e-6, 1e-7, 1e-8, 1e-9, 1e-10];

/**
 * Evaluates Delta J exactly (float64) at eps in DECREASE_EPS, divided by max(1, k |r|) so the logit
 * step stays below eps: 'decrease' at the first eps with Delta J < -10x its noise; 'increase' when
 * Delta J > 10x noise even at the smallest eps; otherwise 'undecided'. The noise includes |Delta J|
 * at eps = 0: the numerical u, w meet W u = 0 and w ⊥ P only to ~1e-16, which a large k amplifies.
 */
export function searchDecrease(base: BasePoint, p: Omit<Perturbation, 'eps'>, reading: Reading): DecreaseSearch {
  const at = baseObjective(base, reading);
  const unit = 1 / Math.max(1, Math.abs(p.k) * Math.hypot(...p.r));
  const zero = Math.abs(deltaAt(base, p, reading, 0, at).deltaJ);
  let last: DecreaseSearch | null = null;
  for (const eps0 of DECREASE_EPS) {
    const eps = eps0 * unit;
    const dl = deltaAt(base, p, reading, eps, at); // delta() on the incremental kernel, same bits
    const noise = 10 * dl.noise + zero;
    if (dl.deltaJ < -noise) return { kind: 'decrease', eps, deltaJ: dl.deltaJ, noise };
    last = { kind: dl.deltaJ > noise ? 'increase' : 'undecided', eps, deltaJ: dl.deltaJ, noise };
  }
  return last!;
}

/**
 * deltaSeries with Delta(0) subtracted, as preciseDeltaAt does at 64 digits: the numerical u, w meet
 * W u = 0 and w ⊥ P only to ~1e-16 relative, so the head tweak alone moves the other states' logits
 * by ~k 1e-16 |w| |z|; with codes at 1e8 that eps-independent offset would pass for a first-order
 * effect at eps = 1e-5 (it enters Delta/eps as offset/eps).
 */
export function centeredSeries(base: BasePoint, p: Omit<Perturbation, 'eps'>, reading: Reading, part: DeltaPart, eps: readonly number[] = EPS_SEQUENCE): TaylorPoint[] {
  // deltaSeries' points ({ eps, delta, noise }) without its intermediate array and extension hook,
  // which the centered points do not carry: the same numbers, keys in the same order.
  const [zero, ...points] = deltaSeriesOf(base, p, reading, [0, ...eps]);
  const z = zero[part];
  return points.map((q) => ({ eps: q.eps, delta: q[part] - z, noise: q.noise }));
}

/** Points in t = sigma eps (module-level, not a closure per fit: see engine/once.ts). */
const inT = <P extends { eps: number }>(ps: P[], sigma: number): P[] => ps.map((q) => ({ ...q, eps: q.eps * sigma }));

/**
 * taylorFit of a centered series in the variable t = sigma eps, sigma = max(1, k |r|) (the logit step
 * per unit eps), so that the fixed window t in [1e-5, 1e-2] of the Richardson estimate stays in the
 * first-order regime for k |w| up to 1e4; returned in eps units (points, slope g and estimate).
 */
export function scaledFit(base: BasePoint, p: Omit<Perturbation, 'eps'>, reading: Reading, part: DeltaPart, g: number): TaylorFit {
  const sigma = Math.max(1, Math.abs(p.k) * Math.hypot(...p.r));
  const points = centeredSeries(base, p, reading, part, EPS_SEQUENCE.map((t) => t / sigma));
  const fit = taylorFit(inT(points, sigma), g / sigma, (ts) => inT(centeredSeries(base, p, reading, part, ts.map((t) => t / sigma)), sigma));
  return { ...fit, points, slope: g, estimate: fit.estimate === null ? null : fit.estimate * sigma };
}
