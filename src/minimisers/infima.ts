// The §7 infima of J over a class of configurations (all; fully collapsed; E(s_a) = E(s_b)), on-policy.
//
// Lower bound: J_PG >= -max_{pi in the closed class} V^pi(mu) and J_JEPA >= 0. Upper bound: the witness
// sequence below (codes t e_c -> 0 with head weights scaled by 1/t keeps any logits while an affine
// world model's error, at most lambda |mu|_1 H t^2, goes to 0), so
//   inf J = -max over the closed class of V^pi(mu)
// where the class is what a linear softmax head can play on the codes: all policies (d >= |S| - 1,
// codes affinely independent), constant policies (any d), policies tied at s_a and s_b (d >= |S| - 2;
// Proposition 2's Assumption 3 also needs d >= |S| + |A| + 1 for the witnesses). The maximum over
// the closed class is certified by branch and bound (branchBound.ts) and, for the question whether
// it equals V*(mu), decided exactly: it does iff a deterministic member of the class is optimal
// from mu (a policy optimal from mu keeps optimal when restricted to one action of its support per state).
import type { Fraction } from 'mathjs';
import type { Mdp } from '../model/types.ts';
import type { ResultInterval } from '../report/schema.ts';
import { float64Scalar, showFraction } from '../precise/dual.ts';
import { certify, maximiseOverClass, type CertifiedMax, type ClassMax } from './branchBound.ts';
import { evaluateIn, exactOptimum, fieldMdp } from './policyValue.ts';

export type ClassKind = 'all' | 'collapsed' | 'tied';

export interface ExactDecision {
  /** V*(mu) over all policies, exact. */
  Vstar: Fraction;
  /** max over deterministic members of the class, exact, and a policy reaching it. */
  bestDet: Fraction;
  bestDetPolicy: number[];
  /** The closed class reaches V*(mu): inf over the class = inf over all configurations. */
  noGap: boolean;
}

export const classStates = (S: number, kind: ClassKind, pair: [number, number] = [0, 1]): number[] =>
  kind === 'all' ? [] : kind === 'collapsed' ? Array.from({ length: S }, (_, s) => s) : [...pair];

export function exactDecision(mdp: Mdp, tied: number[]): ExactDecision {
  const all = exactOptimum(mdp);
  const cls = tied.length > 0 ? exactOptimum(mdp, tied) : all;
  return { Vstar: all.value, bestDet: cls.value, bestDetPolicy: cls.policy, noGap: cls.value.compare(all.value) >= 0 };
}

export interface CertifiedInfimum {
  kind: ClassKind;
  tied: number[];
  /** Interval on inf J (= minus the class maximum). */
  interval: ResultInterval;
  decision: ExactDecision;
  search?: Pick<ClassMax, 'splits' | 'budgetHit'> & { leaves: number };
  /** The branch-and-bound result itself (for certificate files). */
  bb?: ClassMax;
  certificate?: CertifiedMax;
  /** J along the witness sequence (float64), converging to the upper end. */
  witness: { t: number; J: number }[];
}

export const showExact = (x: Fraction): string => {
  const s = showFraction(x);
  return s.length <= 60 ? s : x.valueOf().toPrecision(17);
};

/** The certified interval on inf J over a class; B&B needs gamma < 1 (else only the exact end points). */
export function certifiedInfimum(mdp: Mdp, lambda: number, kind: ClassKind, pair: [number, number] = [0, 1], dNote = ''): CertifiedInfimum {
  const S = mdp.P.length;
  const tied = classStates(S, kind, pair);
  const decision = exactDecision(mdp, tied);
  const d = dNote || dimensionNote(S, mdp.P[0].length, kind);
  if (kind === 'all' || decision.noGap) {
    const v = -decision.Vstar.valueOf();
    const ex = showExact(decision.Vstar.neg());
    return { kind, tied, decision, interval: { lower: v, upper: v, exactLower: ex, exactUpper: ex, d }, witness: witness(mdp, lambda, kind, pair, deterministicTable(mdp, decision.bestDetPolicy, tied)) };
  }
  if (!(mdp.gamma < 1)) {
    // Without a certified bound: the class maximum lies in [bestDet, V*) (exact), so inf J in (-V*, -bestDet].
    return { kind, tied, decision, interval: { lower: -decision.Vstar.valueOf(), upper: -decision.bestDet.valueOf(), exactLower: showExact(decision.Vstar.neg()), exactUpper: showExact(decision.bestDet.neg()), d }, witness: [] };
  }
  const search = maximiseOverClass(mdp, tied);
  const certificate = certify(mdp, search);
  // The class maximum is <= V*(mu) exactly, and >= the best deterministic member.
  const upperMax = Math.min(certificate.upperNumber, decision.Vstar.valueOf());
  const lowerMax = Math.max(certificate.lowerNumber, decision.bestDet.valueOf());
  const table = classTable(mdp, tied, search.best.q, search.best.sigma);
  return {
    kind, tied, decision,
    interval: { lower: -upperMax, upper: -lowerMax, exactLower: neg64(certificate.upper), exactUpper: neg64(certificate.lower), d },
    search: { splits: search.splits, budgetHit: search.budgetHit, leaves: search.leaves.length },
    bb: search,
    certificate,
    witness: witness(mdp, lambda, kind, pair, table),
  };
}

const neg64 = (x: string) => (x.startsWith('-') ? x.slice(1) : '-' + x).slice(0, 40);

export function dimensionNote(S: number, A: number, kind: ClassKind): string {
  if (kind === 'collapsed') return 'any d >= 1 (collapsed codes); inf over all configurations needs d >= |S| - 1 = ' + (S - 1);
  if (kind === 'tied') return `d >= |S| + |A| + 1 = ${S + A + 1} (witnesses meet Assumption 3)`;
  return `d >= |S| - 1 = ${S - 1}`;
}

function deterministicTable(mdp: Mdp, policy: number[], _tied: number[]): number[][] {
  const A = mdp.P[0].length;
  return policy.map((a) => Array.from({ length: A }, (_, b) => (b === a ? 1 : 0)));
}

function classTable(mdp: Mdp, tied: number[], q: number[] | unknown[], sigma: number[]): number[][] {
  const A = mdp.P[0].length;
  const qq = (q as unknown[]).map((x) => Number(x));
  return Array.from({ length: mdp.P.length }, (_, s) => (tied.includes(s) ? qq : Array.from({ length: A }, (_, a) => (a === sigma[s] ? 1 : 0))));
}

/**
 * J (on-policy, float64) along configurations theta_n: logits log(pi + 10^-n) per class of states,
 * codes t e_c (the last class at 0), W = (l_c - l_last)/t, world model M = 0, c = 0 (collapsed:
 * M = I, J_JEPA = 0 exactly), t = 10^-n.
 */
export function witness(mdp: Mdp, lambda: number, kind: ClassKind, pair: [number, number], table: number[][]): { t: number; J: number }[] {
  const S = mdp.P.length, A = mdp.P[0].length;
  const classOf = Array.from({ length: S }, (_, s) => (kind === 'collapsed' ? 0 : kind === 'tied' && s === pair[1] ? classIndex(S, pair, pair[0]) : classIndex(S, kind === 'tied' ? pair : null, s)));
  const C = Math.max(...classOf) + 1;
  const out: { t: number; J: number }[] = [];
  for (let n = 1; n <= 6; n++) {
    const t = 10 ** -n;
    let J = 0;
    const pi = table.map((row) => { const l = row.map((p) => p + 10 ** -(2 * n)); const z = l.reduce((x, y) => x + y, 0); return l.map((x) => x / z); });
    const ev = evaluateFloat(mdp, pi);
    J = -ev.value;
    if (kind !== 'collapsed') {
      // codes: class c at t e_c (c < C - 1), last class at 0; prediction 0
      let jepa = 0;
      for (let s = 0; s < S; s++) for (let a = 0; a < A; a++) for (let u = 0; u < S; u++) {
        const p = mdp.P[s][a][u];
        if (p > 0 && classOf[u] < C - 1) jepa += ev.d[s] * pi[s][a] * p * t * t;
      }
      J += lambda * jepa;
    }
    out.push({ t, J });
  }
  return out;
}

function classIndex(S: number, pair: [number, number] | null, s: number): number {
  if (!pair) return s;
  // states other than pair[1] keep their order; pair[1] shares pair[0]'s class
  let idx = 0;
  for (let u = 0; u < s; u++) if (u !== pair[1]) idx++;
  return idx;
  void S;
}

const evaluateFloat = (mdp: Mdp, pi: number[][]) => evaluateIn(float64Scalar, fieldMdp(float64Scalar, mdp), pi);
