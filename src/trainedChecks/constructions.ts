// The constructions of §4.2 (Prop. 1) and §5.3 (Prop. 2) on a snapped trained configuration:
// the (s, a) pair with the largest k1 = d p A, the channel u, and (Prop. 2) w with w^T u.
import type { Instance } from '../model/types.ts';
import { basePoint, prepare, type BasePoint } from '../engine/objective.ts';
import { reachableStates } from '../engine/mdp.ts';
import { channelU, prop1MinimumK, prop1Predictions, type Prop1Predictions } from '../construction/prop1.ts';
import { precisePrediction } from '../claims/prop1Case.ts';
import type { ExactDirections } from '../claims/prop1Checks.ts';
import { exactDirection, exactU1 } from '../claims/exactChannel.ts';
import { preciseK1Prime, prop2Setup, type Prop2Case } from '../claims/prop2Case.ts';
import { assumption3, A3_READINGS } from '../construction/prop2.ts';

export type Prop = 'P1' | 'P2';

/** A construction of §4.2 or §5.3 on one snapped trained configuration. */
export interface Construction {
  prop: Prop;
  instance: Instance;
  base: BasePoint;
  state: number;
  /** P2: the other state of the collapsed pair. */
  partner: number | null;
  action: number;
  u: number[];
  r: number[];
  /** w^T u (P2); 1 for P1 (r = u). */
  gain: number;
  pred: Prop1Predictions;
  /** First-order coefficient per unit k: k1 (P1) or k1' = k1 w^T u (P2). */
  k1: number;
  /** §4.5 / §5.5 threshold 2C / k1. */
  kMin: number;
  exact: ExactDirections;
  precisePredicted: (k: number) => number;
  /** Facts about the hypotheses, for the report. */
  notes: string[];
}

/** The pair (s, a) among `states` with positive advantage and the largest k1 = d p A (> 0). */
function bestPair(base: BasePoint, states: number[]): { state: number; action: number } | null {
  const { A } = base.prep;
  let best: { state: number; action: number; score: number } | null = null;
  for (const s of states)
    for (let a = 0; a < A; a++) {
      const adv = base.advantage[s * A + a];
      if (!(adv > 0)) continue;
      const score = base.evaluation.d[s] * base.evaluation.pi[s * A + a] * adv;
      if (!(score > 0)) continue; // s unreachable (d = 0) or p underflowed: k1 = 0 predicts nothing
      if (!best || score > best.score) best = { state: s, action: a, score };
    }
  return best;
}

export function buildProp1(instance: Instance, group: number[]): Construction | string {
  const zd = instance.encoder[group[0]];
  if (!instance.encoder.every((z, s) => !reachableStates(instance.mdp)[s] || z === zd || z.every((x, j) => x === zd[j])))
    return 'the snapped codes of the reachable states are not identical';
  const channel = channelU(instance.head.W, zd);
  if (!channel.u) return 'ker W ∩ z_d^⊥ = {0}';
  const base = basePoint(prepare(instance));
  const pair = bestPair(base, group);
  if (!pair) return 'no pair with positive advantage under pi_c';
  const pred = prop1Predictions(instance, base, pair.state, pair.action);
  const u = channel.u;
  let cached: string[] | null | undefined;
  const uExact = () => (cached === undefined ? (cached = exactU1(instance.head.W, zd, u)) : cached);
  return {
    prop: 'P1', instance, base, state: pair.state, partner: null, action: pair.action, u, r: u, gain: 1, pred,
    k1: pred.k1, kMin: prop1MinimumK(pred),
    exact: () => { const e = uExact(); return e ? { uExact: e, rExact: e } : null; },
    precisePredicted: (k) => -precisePrediction(instance, pair.state, pair.action).k1 * k,
    notes: [`dim(ker W ∩ z_d^⊥) = ${channel.dimIntersection}, rank W = ${channel.rankW}`],
  };
}

export function buildProp2(instance: Instance, groups: number[][]): Construction | string {
  const base = basePoint(prepare(instance));
  const members = groups.filter((g) => g.length >= 2).flat();
  if (members.length === 0) return 'no two states share a code at the tolerance';
  const pair = bestPair(base, members);
  if (!pair) return 'Assumption 1 (Prop. 2) fails: no collapsed state has an action with positive advantage';
  const group = groups.find((g) => g.includes(pair.state))!;
  const partner = group.find((s) => s !== pair.state)!;
  const { A } = base.prep;
  const positives: number[] = [];
  for (let a = 0; a < A; a++) if (base.advantage[pair.state * A + a] > 0) positives.push(a);
  const c: Prop2Case = {
    partial: { instance, pair: [pair.state, partner] },
    pair: positives.indexOf(pair.action),
    // e_0 over U's basis (weights cycle, so pad to d): u = U's first basis vector, as channelU picks for Prop. 1.
    uPick: { weights: instance.encoder[0].map((_, i) => (i === 0 ? 1 : 0)), tilt: null },
    wPick: { sign: 1, scale: 1, alpha: 1, beta: [] },
    k: 1,
    kScale: 2,
  };
  const r = prop2Setup(c, 'span', { needA1: true });
  if (!r.ok) {
    if (/Assumption 3/.test(r.reason)) {
      const sub = prop2Setup(c, null, { needA1: true });
      const a3 = sub.ok ? A3_READINGS.map((x) => { const h = assumption3(sub.setup.sub, x); return `${x}: ${h.lhs} <= ${h.rhs} ${h.holds ? 'holds' : 'fails'}`; }).join('; ') : '';
      return `${r.reason} (${a3})`;
    }
    return r.reason;
  }
  const s = r.setup;
  if (s.sa !== pair.state || s.action !== pair.action) return 'prop2Setup chose a different (s_a, a_Δ)';
  const Prows = [s.zd, ...instance.encoder.filter((_, t) => t !== s.sa)];
  let cached: { uExact: string[]; rExact: string[] } | null | undefined;
  const exact = () => {
    if (cached !== undefined) return cached;
    const uExact = exactDirection([...instance.head.W, s.zd], s.u);
    const rExact = exactDirection(Prows, s.w);
    return (cached = uExact && rExact ? { uExact, rExact } : null);
  };
  const a3 = A3_READINGS.map((x) => { const h = assumption3(s.sub, x); return `(${x}) ${h.lhs} <= ${h.rhs} ${h.holds ? 'holds' : 'fails'}`; }).join(', ');
  return {
    prop: 'P2', instance, base: s.base, state: s.sa, partner: s.sb, action: s.action, u: s.u, r: s.r, gain: s.wTu, pred: s.pred,
    k1: s.k1p, kMin: s.kBound ?? Infinity, exact,
    // k1' at 64 digits with w^T u summed at 70 digits from the exact directions (prop2Case's preciseWTu).
    precisePredicted: (k) => -preciseK1Prime(s) * k,
    notes: [
      `dim U = ${s.sub.U.length}, dim span(P) = ${s.sub.dimS}, dim N = ${s.sub.N.length}, distinct codes ${s.sub.distinctCodes}`,
      `Assumption 3: ${a3}`,
      `u = first basis vector of U (${s.chosen.how}, dist(u, span(P)) = ${s.chosen.distance.toPrecision(3)}), w = unit projection of u onto span(P)^⊥, w^T u = ${s.wTu.toPrecision(4)}`,
    ],
  };
}
