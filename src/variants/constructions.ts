// The constructions of §4.2 (Prop. 1) and §5.3 (Prop. 2), written against the head's
// linearisation at z_d (h = features, J = dh/dz), so the same code serves the paper's linear head
// (h = z, J = I) and any head class a variant swaps in.
import { channelU } from '../construction/prop1.ts';
import { dot, norm } from '../construction/nullspace.ts';
import type { Big, Construction, ConstructionResult, Precise, PreciseInfo } from './types.ts';

// For J = I these products are exact in float64 (one term of each sum is w * 1, the rest w * 0),
// so the paper's configuration picks bit for bit the u of the ledger's channelU(W, z_d, uPick).
const matMul = (A: number[][], B: number[][]): number[][] => A.map((row) => B[0].map((_, j) => row.reduce((s, x, k) => s + x * B[k][j], 0)));
const matVec = (M: number[][], x: number[]): number[] => M.map((row) => dot(row, x));
const transposeVec = (M: number[][], x: number[]): number[] => M[0].map((_, j) => M.reduce((s, row, i) => s + row[j] * x[i], 0));
const combine = (basis: number[][], weights: number[]): number[] => {
  const out = new Array<number>(basis[0].length).fill(0);
  basis.forEach((b, i) => b.forEach((v, j) => (out[j] += weights[i % weights.length] * v)));
  return out;
};
const unit = (x: number[]): number[] => {
  const n = norm(x);
  return x.map((v) => v / n);
};
const isIdentity = (J: number[][]): boolean => J.every((row, i) => row.every((x, j) => x === (i === j ? 1 : 0)));

/**
 * A unit u annihilated by the constraint rows (already multiplied by J), picked by `pick` as
 * §4.2's channelU does, and r = J u / |J u|^2 so that the logit gain r^T J u is 1 to first order.
 */
function channel(rows: number[][], J: number[][], pick: number[], what: string): ConstructionResult | string {
  const { u: raw, basis } = channelU(rows.slice(0, -1), rows[rows.length - 1], pick);
  if (!raw || basis.length === 0) return `${what} = {0}`;
  let u = raw;
  const scale = 1 + Math.max(...J.map((r) => norm(r)));
  // A direction in ker J moves the code without moving the last layer's input: no logit gain.
  if (norm(matVec(J, u)) <= 1e-12 * scale) {
    const best = basis.map((b) => ({ b, size: norm(matVec(J, b)) })).sort((x, y) => y.size - x.size)[0];
    if (!(best.size > 1e-12 * scale)) return `${what} lies in ker(dh/dz): the head does not pass the move on`;
    u = best.b;
  }
  u = unit(u);
  const Ju = matVec(J, u);
  const n2 = dot(Ju, Ju);
  return { u, r: Ju.map((x) => x / n2), gain: 1 };
}

function exactChannel(P: Precise, x: PreciseInfo, u: number[]): { u: Big[]; r: Big[]; gain: Big } | null {
  const J = x.jacobian;
  const h = x.features[x.movedState];
  const JtH = J[0].map((_, j) => J.reduce((s, row, i) => s.plus(row[j].times(h[i])), P.zero));
  const WJ = x.W.map((row) => J[0].map((_, j) => J.reduce((s, jr, i) => s.plus(row[i].times(jr[j])), P.zero)));
  const ue = P.projectToKernel([...WJ, JtH], P.vec(u));
  if (!ue) return null;
  const Ju = P.matVec(J, ue);
  const n2 = P.dot(Ju, Ju);
  if (n2.isZero()) return null;
  return { u: ue, r: Ju.map((v) => v.div(n2)), gain: P.one };
}

/**
 * §4.2 (Prop. 1): u in ker W ∩ z_d^⊥, dW = k e_aΔ u^T. Through a head h: W J u = 0 and
 * h(z_d)^T J u = 0, dW = k e_aΔ r^T with r = J u / |J u|^2 (= u for the linear head).
 * §5.3 (Prop. 2, linear head): u in U \ span(P), w in span(P)^⊥ with w^T u != 0, r = u + v = w.
 */
export const paperConstruction: Construction = {
  name: 'paper (§4.2 / §5.3)',
  description: 'Prop. 1: a unit u in ker W ∩ z_d^⊥ and dW = k e_aΔ u^T (§4.2); Prop. 2: u in U \\ span(P), w in span(P)^⊥ with w^T u != 0, dW = k e_aΔ w^T (§5.3). For a deeper head, W is the last layer and the constraints are taken through dh/dz at z_d.',
  build: ({ family, c, info }) => {
    const { W, jacobian: J } = info;
    const h = info.features[info.movedState];
    if (family === 'P1') {
      const built = channel([...matMul(W, J), transposeVec(J, h)], J, c.uPick, 'ker W ∩ z_d^⊥');
      if (typeof built === 'string') return built;
      return { ...built, exact: (P, x) => exactChannel(P, x, built.u) };
    }
    if (!isIdentity(J)) return 'the Prop. 2 construction is implemented for the linear head only';
    return prop2Construction(c.uPick, c.wPick ?? { weights: [1], sign: 1 }, info.U, info.N);
  },
};

/** §5.3: the choices the paper leaves free (u in U \ span(P), any w in N with w^T u != 0, its sign) are drawn, not steered. */
function prop2Construction(uPick: number[], wPick: { weights: number[]; sign: 1 | -1 }, U: number[][], N: number[][]): ConstructionResult | string {
  if (U.length === 0) return 'U = {0}';
  if (N.length === 0) return 'span(P) = R^d: no u outside it';
  const projN = (x: number[]) => combine(N, N.map((n) => dot(n, x)));
  const outside = (x: number[]) => norm(projN(x));
  let u = combine(U, uPick.length > 0 ? uPick : [1]);
  if (!(norm(u) > 1e-8) || outside(unit(u)) <= 1e-8) {
    const best = U.map((b) => ({ b, dist: outside(b) })).sort((x, y) => y.dist - x.dist)[0];
    if (!(best.dist > 1e-8)) return 'U ⊆ span(P): no u in U \\ span(P)';
    u = best.b;
  }
  u = unit(u);
  let w = combine(N, wPick.weights.length > 0 ? wPick.weights : [1]);
  if (!(norm(w) > 1e-8) || Math.abs(dot(unit(w), u)) <= 1e-9) w = projN(u);
  w = unit(w).map((x) => wPick.sign * x);
  const gain = dot(w, u);
  return {
    u, r: w, gain, record: { w, wTu: gain },
    exact: (P, x) => {
      const ue = P.projectToKernel([...x.W, x.zd], P.vec(u));
      const we = P.projectToKernel(x.features.filter((_, s) => s !== x.movedState), P.vec(w));
      if (!ue || !we) return null;
      return { u: ue, r: we, gain: P.dot(we, ue) };
    },
  };
}
