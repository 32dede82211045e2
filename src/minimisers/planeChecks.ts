// The second-order construction of the P1.local / P2.local repairs as an identity that can fail: at a
// stationary configuration with zero JEPA residual, J on the plane (E(s) += eps x, W += delta e_a x^T,
// b -= delta e_a x^T E(s)) has the mixed second derivative d^2 J / d eps d delta = -g_s(a),
// g_s(a) = d(s) pi(a|s) A(s, a), while delta alone leaves every logit (so J) unchanged. With g != 0
// the plane's 2 x 2 Hessian is then indefinite: negative curvature, the repairs' descent direction.
import type { PropertyCheck } from '../claims/framework.ts';
import type { Reading } from '../model/types.ts';
import type { Big } from '../precise/evaluate.ts';
import { preciseContext } from '../precise/evaluate.ts';
import { caseCorners } from './cases.ts';
import { layoutOf, pack, toInstance } from './config.ts';
import type { GapKind } from './gapChecks.ts';
import { planeDirections } from './local.ts';
import { localCaseArbitrary, localConfig, type LocalCase } from './localChecks.ts';
import { objective64, objectiveGrad } from './objective.ts';

interface CrossTerm { s: number; a: number; g: number; measured: number; J: number }

/** g at 64 digits at the largest |d pi A|, and the mixed central difference of J at step tau (64 digits). */
function crossTerm(c: LocalCase, cls: GapKind, reading: Reading, tau: number): CrossTerm | { skip: string } {
  const cfg = localConfig(c, cls);
  const L = layoutOf(cfg);
  const x = pack(cfg);
  if (!(Math.hypot(...objectiveGrad(c.mdp, c.lambda, L, x, reading).grad) <= 1e-9)) return { skip: 'not a stationary configuration (|grad J| > 1e-9): the first-order case' };
  const ctx = preciseContext(64);
  const x64 = x.map((v) => ctx.big(v));
  const at = objective64(c.mdp, c.lambda, L, x64, reading);
  let best = { s: -1, a: -1, g: ctx.zero };
  at.point.d.forEach((ds, s) => at.point.pi[s].forEach((p, a) => {
    const g = ds.times(p).times(at.point.A[s][a]);
    if (g.abs().gt(best.g.abs())) best = { s, a, g };
  }));
  if (!best.g.abs().gt(1e-40)) return { skip: 'd pi A = 0 at every (s, a) (64 digits): outside the statement' };
  const plane = planeDirections(cfg, best.s, best.a);
  if (!plane) return { skip: 'no unit x orthogonal to every code difference' };
  const t = ctx.math.bignumber(tau.toExponential()) as Big;
  const J = (e: number, d: number): Big => {
    const moved = x64.map((v, i) => v.plus(t.times(ctx.big(e * plane.Dx[i] + d * plane.Dy[i]))));
    return objective64(c.mdp, c.lambda, L, moved, reading, reading === 'fixed-data' ? at.point : undefined).J;
  };
  const mixed = J(1, 1).minus(J(1, -1)).minus(J(-1, 1)).plus(J(-1, -1)).div(t.times(t).times(4));
  return { s: best.s, a: best.a, g: best.g.toNumber(), measured: mixed.toNumber(), J: at.J.toNumber() };
}

/** Relative 1e-8 (truncation O(tau^2) ~ 1e-24, rounding ~1e-64 / tau^2 at tau = 1e-12). */
const tolerance = (r: CrossTerm) => 1e-8 * Math.max(Math.abs(r.g), Math.abs(r.measured)) + 1e-30 * (1 + Math.abs(r.J));

/** `sign` = -1 is the planted twin (cross term +g: the construction's kappa with its sign flipped raises J). */
export function crossTermCheck(cls: GapKind, reading: Reading, sign = 1): PropertyCheck<LocalCase> {
  const predicted = (r: CrossTerm) => -sign * r.g;
  return {
    reading, method: 'certificate',
    interpretation: `the repairs' second-order construction at stationary ${cls === 'collapsed' ? 'fully collapsed' : 'E(s_a) = E(s_b)'} configurations (zero JEPA residual): d^2 J / d eps d delta = -d pi A on the plane (E(s) += eps x, W += delta e_a x^T, b -= delta e_a x^T E(s))`,
    // Only the 'stationary' kind with |A| = 2 has stationary logits by construction.
    arbitrary: () => localCaseArbitrary(cls === 'collapsed' ? 3 : 4).filter((c) => c.kind === 'stationary' && c.mdp.P[0].length === 2),
    maxRuns: 300,
    run: (c) => {
      const r = crossTerm(c, cls, reading, 1e-12);
      if ('skip' in r) return { kind: 'skip', reason: r.skip };
      const gap = Math.abs(r.measured - predicted(r));
      if (gap <= tolerance(r)) return { kind: 'ok', figures: { g: r.g, mixed: r.measured } };
      return {
        kind: 'violation', margin: gap, noise: tolerance(r),
        message: `at (s, a) = (${r.s}, ${r.a}): d^2 J / d eps d delta = ${r.measured.toPrecision(8)} (64 digits, tau = 1e-12), predicted ${predicted(r).toPrecision(8)}`,
        measured: { mixed: r.measured }, predicted: { mixed: predicted(r) },
        construction: { state: r.s, action: r.a, g: r.g },
        confirm: () => {
          const again = crossTerm(c, cls, reading, 1e-14);
          if ('skip' in again) return { confirmed: false, margin: null, digits: 64, message: again.skip };
          const off = Math.abs(again.measured - predicted(again));
          return { confirmed: off > tolerance(again), margin: off, digits: 64, message: `tau = 1e-14: mixed derivative ${again.measured.toPrecision(8)} against ${predicted(again).toPrecision(8)}` };
        },
      };
    },
    corners: (c) => caseCorners(c, [`config ${c.kind}`]),
    instanceOf: (c) => toInstance(c.mdp, c.lambda, localConfig(c, cls)),
    rule: 'At generated stationary configurations (|grad J| <= 1e-9; the stationary kind, |A| = 2, zero JEPA residual), the (s, a) with the largest |d pi A| at 64 digits: the mixed central difference of J on the plane at tau = 1e-12 (64 digits) against -d pi A, relative tolerance 1e-8; a violation is re-measured at tau = 1e-14.',
  };
}
