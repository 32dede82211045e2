// §4.2's direction through the configuration's head (Prop. 1). The linear head's is direction.ts's
// (u in ker W ∩ z_d^⊥, r = u). Through a two-layer head h: the hidden features must move inside
// ker W ∩ h(z_d)^⊥ to first order, so u satisfies W J u = 0 and h(z_d)^T J u = 0 with J = dh/dz at
// z_d and J u != 0 (else the last layer sees no move), and dW = k e_aΔ r^T with r = J u / |J u|^2,
// so the logit gain r^T J u is 1 as in the paper.
import { channelU } from '../construction/prop1.ts';
import { dot, matVec, norm, rankOf } from '../construction/nullspace.ts';
import { FLOAT, headFeatures, headJacobian, saturation, type HeadField, type TwoLayerParams } from '../engine/classes.ts';
import { bigNorm, projectOut, rowSpaceBasis } from '../precise/rowSpace.ts';
import { BIG, preciseMath } from './classModel.ts';
import type { Configuration } from './configuration.ts';
import { prop1Direction, type Direction } from './direction.ts';

export interface ClassDirection extends Direction {
  /** The head tweak's row: dW = k e_aΔ r^T. */
  r: number[] | null;
  /** u and r at 64 digits meeting the constraints to the working precision; null when none lies near the float64 u. */
  exactPair: () => { uExact: string[]; rExact: string[] } | null;
}

/** The constraint rows [W J; (J^T h)^T] over a field. */
function constraints<T>(F: HeadField<T>, W: readonly (readonly T[])[], head: TwoLayerParams, zd: readonly T[]): { rows: T[][]; J: T[][] } {
  const J = headJacobian(F, head, zd);
  const h = headFeatures(F, head, zd);
  const cols = zd.map((_, j) => j);
  const WJ = W.map((row) => cols.map((j) => row.reduce((s, w, i) => F.add(s, F.mul(w, J[i][j])), F.zero)));
  const Jth = cols.map((j) => J.reduce((s, row, i) => F.add(s, F.mul(row[j], h[i])), F.zero));
  return { rows: [...WJ, Jth], J };
}

export const TWO_LAYER_SPACE = 'U = ker (W J) ∩ (J^T h(z_d))^⊥';

export function classDirection(W: number[][], zd: number[], pick: number[] | undefined, cfg: Configuration, head: TwoLayerParams | null): ClassDirection {
  if (!head) {
    const dir = prop1Direction(W, zd, pick, cfg);
    return {
      ...dir,
      r: dir.u,
      exactPair: () => {
        const x = dir.u && dir.exact(dir.u);
        return x ? { uExact: x, rExact: x } : null;
      },
    };
  }
  const d = zd.length;
  const { rows, J } = constraints(FLOAT, W, head, zd);
  const ch = channelU(rows.slice(0, -1), rows[rows.length - 1], pick);
  const none = (space: string): ClassDirection => ({ u: null, r: null, space, rankW: rankOf(W, d), dimIntersection: ch.dimIntersection, exact: () => null, exactPair: () => null, kernelOfW: true });
  if (!ch.u) return none(TWO_LAYER_SPACE);
  let u = ch.u;
  const scale = 1 + Math.max(...J.map((row) => norm(row)));
  // A direction in ker J moves the code without moving the last layer's input: no logit gain.
  if (norm(matVec(J, u)) <= 1e-12 * scale) {
    const best = ch.basis.map((b) => ({ b, size: norm(matVec(J, b)) })).sort((x, y) => y.size - x.size)[0];
    if (!(best.size > 1e-12 * scale)) return none(`J U (${TWO_LAYER_SPACE}; the head passes no move of it on)`);
    u = best.b;
  }
  const n = norm(u);
  u = u.map((x) => x / n);
  const Ju = matVec(J, u);
  const n2 = dot(Ju, Ju);
  const r = Ju.map((x) => x / n2);
  let exact: { uExact: string[]; rExact: string[] } | null | undefined;
  const exactPair = () => (exact === undefined ? (exact = exactThroughHead(W, zd, head, u)) : exact);
  return { u, r, space: TWO_LAYER_SPACE, rankW: rankOf(W, d), dimIntersection: ch.dimIntersection, exact: () => exactPair()?.uExact ?? null, exactPair, kernelOfW: true };
}

/** u projected at 64 digits onto ker [W J; (J^T h)^T] (J, h at 64 digits), and r = J u / |J u|^2. */
function exactThroughHead(W: number[][], zd: number[], head: TwoLayerParams, u: number[]): { uExact: string[]; rExact: string[] } | null {
  const math = preciseMath;
  const z = zd.map(BIG.of);
  // Saturated units leave parts of J below 64 digits' rounding beside the rest: no exact direction then.
  if (saturation(BIG, head, z, (a, b) => (b.isZero() ? 0 : a.div(b).toNumber())) < 1e-30) return null;
  const { rows, J } = constraints(BIG, W.map((row) => row.map(BIG.of)), head, z);
  const v0 = u.map(BIG.of);
  const v = projectOut(math, rowSpaceBasis(math, rows, 1e-50), v0);
  const size = bigNorm(math, v);
  // A float64 vector meant to lie in the kernel keeps ~all of its length.
  if (size.isZero() || size.lte(bigNorm(math, v0).times(1e-6))) return null;
  const ue = v.map((x) => x.div(size));
  const Ju = J.map((row) => row.reduce((s, x, j) => s.plus(x.times(ue[j])), BIG.zero));
  const n2 = Ju.reduce((s, x) => s.plus(x.times(x)), BIG.zero);
  if (n2.isZero()) return null;
  return { uExact: ue.map((x) => x.toString()), rExact: Ju.map((x) => x.div(n2).toString()) };
}

/**
 * Whether the head passes some u of U on, decided at 64 digits: no such u iff ker M ⊆ ker J
 * (M = [W J; (J^T h)^T]), i.e. rank [M; J] = rank M. Returns the reason it fails, or null.
 */
export function noDirectionThroughHead(W: number[][], zd: number[], head: TwoLayerParams): { fails: string | null; undecidable?: string } {
  const math = preciseMath;
  const z = zd.map(BIG.of);
  // A unit with tanh' below 1e-30 of another's leaves its part of J under 64 digits' rounding beside the rest.
  const spread = saturation(BIG, head, z, (a, b) => (b.isZero() ? 0 : a.div(b).toNumber()));
  if (spread < 1e-30) return { fails: null, undecidable: `hidden units saturated beyond 64 digits (tanh' ratio ${spread.toExponential(1)})` };
  const { rows, J } = constraints(BIG, W.map((row) => row.map(BIG.of)), head, z);
  const rankM = rowSpaceBasis(math, rows, 1e-50).length;
  const rankMJ = rowSpaceBasis(math, [...rows, ...J], 1e-50).length;
  return { fails: rankM === rankMJ ? `at 64 digits rank [W J; h^T J] = rank [W J; h^T J; J] = ${rankM}: every u in U has J u = 0` : null };
}
