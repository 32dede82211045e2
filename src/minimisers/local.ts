// Local minimality at a configuration (P1.local, P2.local): a certified descent direction, or none.
//
// First order: the autodiff gradient g (float64); where |g| > 1e-9 the direction -g is certified at
// 64 digits: J(x - tau g/|g|) - J(x) < 0 at tau = 1e-6 and 1e-8, shrinking linearly.
// Second order, at a stationary point: with g_s(a) = d(s) pi(a|s) A(s,a) != 0 at some state s, the
// plane (E(s) += eps x, W += delta e_a x^T, b -= delta e_a x^T E(s)) with x orthogonal to every
// E(t) - E(s) leaves every other state's logits alone and moves logit a at s by eps delta |x|^2,
// while J_JEPA changes by O(eps^2): J = J0 - g_s(a) eps delta + O(eps^2) has negative curvature
// (the paper's plane is x = u in ker W ∩ z_d^⊥, b unchanged). Certified at 64 digits: the best
// combination (eps, delta) = tau (1, kappa) gives J - J0 < 0 at two tau, shrinking quadratically.
import type { Mdp, Reading } from '../model/types.ts';
import type { Big } from '../precise/evaluate.ts';
import { preciseContext } from '../precise/evaluate.ts';
import { layoutOf, pack, type Config, type Layout } from './config.ts';
import { objective64, objectiveGrad, type BaseData64 } from './objective.ts';
import { fixedDataAt, pointOf } from './objectiveFloat.ts';

export type Construction = 'paper' | 'free';

export type Descent =
  | { kind: 'first-order'; gradNorm: number; drops: number[]; message: string }
  | { kind: 'second-order'; state: number; action: number; g: number; drops: number[]; message: string }
  | { kind: 'none'; gradNorm: number; maxG: number; message: string };

const TAUS1 = [1e-6, 1e-8];
const TAUS2 = [1e-5, 1e-7];

/** J(x + tau D) - J(x) at 64 digits, with the fixed-data base being x itself. */
interface DropCache { x64?: Big[]; J0?: Big; base?: BaseData64 }

function dropAlong(mdp: Mdp, lambda: number, L: Layout, x: number[], D: number[], tau: number, reading: Reading, cache: DropCache): number {
  const c = preciseContext(64);
  cache.x64 ??= x.map((v) => c.big(v));
  if (!cache.J0) {
    const at = objective64(mdp, lambda, L, cache.x64, reading);
    cache.J0 = at.J;
    cache.base = at.point;
  }
  const t = c.math.bignumber(tau.toExponential()) as Big;
  const moved = cache.x64.map((v, i) => (D[i] === 0 ? v : v.plus(t.times(c.big(D[i])))));
  return objective64(mdp, lambda, L, moved, reading, reading === 'fixed-data' ? cache.base : undefined).J.minus(cache.J0).toNumber();
}

/** A unit x orthogonal to every E(t) - E(s) (and, for the paper's construction, in ker W ∩ E(s)^⊥). */
function channel(cfg: Config, s: number, construction: Construction): number[] | null {
  const d = cfg.E[0].length;
  const rows: number[][] = cfg.E.filter((_, t) => t !== s).map((z) => z.map((v, j) => v - cfg.E[s][j]));
  if (construction === 'paper') rows.push(...cfg.W, cfg.E[s]);
  return unitOrthogonalTo(rows, d, (n, r) => n > 1e-12 * (1 + Math.sqrt(dot(r, r))));
}

/**
 * A unit vector orthogonal to every row, by Gram-Schmidt over the rows (a row joins the basis when
 * `independent(residual norm, row)` says so) and then over the coordinate axes; null when the rows
 * span R^d.
 */
export function unitOrthogonalTo(rows: number[][], d: number, independent: (n: number, row: number[]) => boolean): number[] | null {
  const basis: number[][] = [];
  for (const r of rows) {
    const v = r.slice();
    for (const b of basis) { const p = dot(v, b); for (let j = 0; j < d; j++) v[j] -= p * b[j]; }
    const n = Math.sqrt(dot(v, v));
    if (independent(n, r)) basis.push(v.map((x) => x / n));
  }
  for (let k = 0; k < d; k++) {
    const v = Array.from({ length: d }, (_, j) => (j === k ? 1 : 0));
    for (const b of basis) { const p = dot(v, b); for (let j = 0; j < d; j++) v[j] -= p * b[j]; }
    const n = Math.sqrt(dot(v, v));
    if (n > 1e-8) return v.map((x) => x / n);
  }
  return null;
}

const dot = (a: number[], b: number[]) => a.reduce((s, x, i) => s + x * b[i], 0);

/** `states`: where the paper's construction may move a code (Prop. 2 moves s_a: the collapsed pair). */
export function findDescent(mdp: Mdp, lambda: number, cfg: Config, reading: Reading, construction: Construction = 'free', states?: number[]): Descent {
  const L = layoutOf(cfg);
  const x = pack(cfg);
  const cache: DropCache = {};
  const { grad } = objectiveGrad(mdp, lambda, L, x, reading);
  const gradNorm = Math.sqrt(grad.reduce((s, v) => s + v * v, 0));
  if (construction === 'free' && gradNorm > 1e-9) {
    const D = Array.from(grad, (v) => -v / gradNorm);
    // A clear gradient is certified in float64 (drop >> rounding); a small one at 64 digits.
    const f64 = gradNorm > 1e-5;
    const J0 = objectiveGrad(mdp, lambda, L, x, reading).J;
    const taus = f64 ? [1e-4, 1e-5] : TAUS1;
    const drops = f64
      ? taus.map((t) => objectiveAt(mdp, lambda, L, x.map((v, i) => v + t * D[i]), x, reading) - J0)
      : TAUS1.map((t) => dropAlong(mdp, lambda, L, x, D, t, reading, cache));
    const ratio = f64 ? 10 : 100;
    const linear = drops.every((v) => v < 0) && Math.abs(drops[0] / drops[1] / ratio - 1) < 0.05;
    if (linear) return { kind: 'first-order', gradNorm, drops, message: `first-order descent: |grad J| = ${gradNorm.toPrecision(4)}; ${f64 ? 'float64' : 'at 64 digits'} J(x - tau grad/|grad|) - J(x) = ${drops.map((v) => v.toPrecision(4)).join(', ')} at tau = ${taus.join(', ')}` };
  }
  // Second order: g_s(a) = d pi A, in float64 and, where all are tiny, at 64 digits.
  const S = L.S, A = L.A;
  const gOf = (): { s: number; a: number; g: number }[] => {
    const fp = pointOf(mdp, L, x);
    const out: { s: number; a: number; g: number }[] = [];
    for (let s = 0; s < S; s++) for (let a = 0; a < A; a++) out.push({ s, a, g: fp.evaluation.d[s] * fp.evaluation.pi[s * A + a] * fp.advantage[s * A + a] });
    if (out.some((p) => Math.abs(p.g) > 1e-10)) return out;
    cache.x64 ??= x.map((v) => preciseContext(64).big(v));
    const point = objective64(mdp, lambda, L, cache.x64, reading).point;
    return out.map(({ s, a }) => ({ s, a, g: point.d[s].times(point.pi[s][a]).times(point.A[s][a]).toNumber() }));
  };
  // The paper's construction raises the logit of an action with positive advantage (k1 > 0).
  const cands = gOf().filter(({ s, g }) => Math.abs(g) > 1e-30 && (construction === 'free' || (g > 0 && (!states || states.includes(s)))));
  cands.sort((p, q) => Math.abs(q.g) - Math.abs(p.g));
  const maxG = cands.length ? Math.abs(cands[0].g) : 0;
  const J0f = valueAt(mdp, lambda, L, x, x, reading);
  for (const { s, a, g } of cands) {
    const plane = planeDirections(cfg, s, a, construction);
    if (!plane) continue;
    const { Dx, Dy } = plane;
    // J(eps, delta) = J0 + a eps^2 / 2 - g eps delta + ...: kappa = sign(g) (|a|/|g| + 1) makes the form negative.
    const kappaFrom = (curv: number) => Math.sign(g) * (Math.abs(curv) / Math.abs(g) + 1);
    const dir = (kappa: number) => Dx.map((v, i) => v + kappa * Dy[i]);
    // float64 first: quadratic drops far above rounding are certified as they stand.
    const t1 = 1e-3;
    const k64 = kappaFrom((2 * (valueAt(mdp, lambda, L, x.map((v, i) => v + t1 * Dx[i]), x, reading) - J0f)) / (t1 * t1));
    const D64 = dir(k64);
    const fd = [1e-3, 1e-4].map((t) => valueAt(mdp, lambda, L, x.map((v, i) => v + t * D64[i]), x, reading) - J0f);
    const noise = 1e-13 * (1 + Math.abs(J0f));
    if (fd.every((v) => v < -1e4 * noise) && fd[0] / fd[1] > 50 && fd[0] / fd[1] < 200) {
      return { kind: 'second-order', state: s, action: a, g, drops: fd, message: secondMessage(s, a, g, construction, fd, k64, [1e-3, 1e-4], 'float64') };
    }
    const [ta, tb] = TAUS2;
    const curv = (2 * dropAlong(mdp, lambda, L, x, Dx, ta, reading, cache)) / (ta * ta);
    const kappa = kappaFrom(curv);
    const D = dir(kappa);
    const drops = [ta, tb].map((t) => dropAlong(mdp, lambda, L, x, D, t, reading, cache));
    if (drops.every((v) => v < 0) && drops[0] / drops[1] > 50) {
      return { kind: 'second-order', state: s, action: a, g, drops, message: secondMessage(s, a, g, construction, drops, kappa, TAUS2, '64 digits') };
    }
  }
  return { kind: 'none', gradNorm, maxG, message: `no certified descent: |grad J| = ${gradNorm.toExponential(3)}, max |d pi A| = ${maxG.toExponential(3)}${cands.length && construction === 'paper' ? ' (no u in ker W ∩ z^⊥ ∩ code differences^⊥)' : ''}` };
}

/**
 * The plane of the second-order construction at (s, a), as two directions in the packed parameters:
 * Dx moves E(s) by x, Dy moves W's row a by x (and b_a by -x^T E(s) for the free construction), x a
 * unit vector orthogonal to every code difference; null when none exists.
 */
export function planeDirections(cfg: Config, s: number, a: number, construction: Construction = 'free'): { Dx: number[]; Dy: number[] } | null {
  const L = layoutOf(cfg);
  const d = L.d;
  const u = channel(cfg, s, construction);
  if (!u) return null;
  const Dx = new Array<number>(L.size).fill(0);
  const Dy = new Array<number>(L.size).fill(0);
  for (let j = 0; j < d; j++) {
    Dx[L.E + s * d + j] = u[j];
    Dy[L.W + a * d + j] = u[j];
  }
  if (construction === 'free') Dy[L.b + a] = -dot(u, cfg.E[s]);
  return { Dx, Dy };
}

/** float64 J at x (fixed-data: with the rollouts of base). */
function objectiveAt(mdp: Mdp, lambda: number, L: Layout, x: number[], base: number[], reading: Reading): number {
  if (reading === 'on-policy') return objectiveGrad(mdp, lambda, L, x, reading).J;
  return fixedDataAt(mdp, lambda, L, x, pointOf(mdp, L, base));
}

function valueAt(mdp: Mdp, lambda: number, L: Layout, x: number[], base: number[], reading: Reading): number {
  return objectiveAt(mdp, lambda, L, x, base, reading);
}

function secondMessage(s: number, a: number, g: number, construction: Construction, drops: number[], kappa: number, taus: number[], where: string): string {
  return `second-order descent in the plane (E(${s}) += eps x, W += delta e_${a} x^T${construction === 'free' ? ', b -= delta e_a x^T E(s)' : ''}), g_s(a) = d pi A = ${g.toPrecision(4)}: ${where} J - J0 = ${drops.map((v) => v.toPrecision(4)).join(', ')} at (eps, delta) = tau (1, ${kappa.toPrecision(4)}), tau = ${taus.join(', ')}`;
}
