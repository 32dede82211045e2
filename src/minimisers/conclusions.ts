// The conclusions the necessity analysis evaluates, each with the paper's construction and without
// one: 'holds', 'fails' (certified: an exact decision, a missing construction, or a global-minimiser
// certificate), or 'undecided'.
import type { Reading } from '../model/types.ts';
import { rankOf } from '../construction/nullspace.ts';
import { exactDecision, classStates } from './infima.ts';
import { maximiseOverClass } from './branchBound.ts';
import { findDescent, unitOrthogonalTo } from './local.ts';
import { globalMinimiser, localConfig, type LocalCase } from './localChecks.ts';
import { layoutOf, pack, type Config } from './config.ts';
import { objectiveGrad } from './objective.ts';
import { pointOf } from './objectiveFloat.ts';
import { evaluateIn, fieldMdp } from './policyValue.ts';
import { float64Scalar } from '../precise/dual.ts';
import type { GapKind } from './gapChecks.ts';
import type { MinCase } from './cases.ts';

export type Verdict3 = 'holds' | 'fails' | 'undecided';

/** The paper moves s_a (Prop. 2: either collapsed state, by the naming freedom); Prop. 1 any s_Δ. */
const movable = (c: LocalCase, cls: GapKind, s: number) => cls === 'collapsed' || c.pair.includes(s);


/** d pi A per (s, a) in float64 at a configuration. */
function gTable(c: LocalCase, cfg: Config): { s: number; a: number; g: number }[] {
  const L = layoutOf(cfg);
  const fp = pointOf(c.mdp, L, pack(cfg));
  const out: { s: number; a: number; g: number }[] = [];
  for (let s = 0; s < L.S; s++) for (let a = 0; a < L.A; a++) out.push({ s, a, g: fp.evaluation.d[s] * fp.evaluation.pi[s * L.A + a] * fp.advantage[s * L.A + a] });
  return out;
}

/** The paper's channel at s: a unit u in ker W ∩ E(s)^⊥ orthogonal to the other codes (P1: one code). */
function paperChannel(cfg: Config, s: number): number[] | null {
  const d = cfg.E[0].length;
  const rows = [...cfg.W, ...cfg.E.filter((_, t) => t !== s), cfg.E[s]];
  if (rankOf(rows, d) >= d) return null;
  // Gram-Schmidt complement (dyadic inputs: float64 suffices to pick a direction).
  return unitOrthogonalTo(rows, d, (n) => n > 1e-10);
}

/** eq. (3): J_PG falls at first order. Paper: some (s, a) with k1 = d pi A > 0 and a channel u; free: grad J_PG != 0. */
export function eq3Conclusion(c: LocalCase, cls: GapKind, construction: 'paper' | 'free'): Verdict3 {
  const cfg = localConfig(c, cls);
  const g = gTable(c, cfg);
  if (construction === 'paper') {
    const usable = g.filter((p) => p.g > 1e-12 && movable(c, cls, p.s) && paperChannel(cfg, p.s));
    // No k1 > 1e-12 with a channel: the construction does not exist or does not lower J_PG.
    return usable.length > 0 ? 'holds' : 'fails';
  }
  const { grad } = objectiveGrad(c.mdp, 0, layoutOf(cfg), pack(cfg), 'on-policy');
  const n = Math.sqrt(grad.reduce((s, v) => s + v * v, 0));
  if (n > 1e-9) return 'holds';
  return g.every((p) => p.g === 0) ? 'fails' : 'undecided';
}

/** §4.5 / §5.5: some k > 0 makes J fall along (E(s) += eps u, W += k e_a u^T). Free: any certified descent. */
export function combineConclusion(c: LocalCase, cls: GapKind, construction: 'paper' | 'free', reading: Reading = 'on-policy'): Verdict3 {
  const cfg = localConfig(c, cls);
  if (construction === 'free') return localConclusion(c, cls, 'free', reading);
  const L = layoutOf(cfg);
  const x = pack(cfg);
  const J0 = objectiveGrad(c.mdp, c.lambda, L, x, reading).J;
  const g = gTable(c, cfg).filter((p) => p.g > 1e-12 && movable(c, cls, p.s));
  let tried = false;
  for (const { s, a } of g) {
    const u = paperChannel(cfg, s);
    if (!u) continue;
    tried = true;
    for (const k of [1, 10, 100, 1000]) {
      const at = (eps: number) => {
        const y = x.slice();
        for (let j = 0; j < L.d; j++) { y[L.E + s * L.d + j] += eps * u[j]; y[L.W + a * L.d + j] += k * u[j]; }
        return objectiveGrad(c.mdp, c.lambda, L, y, reading).J - J0;
      };
      const f = [1e-4, 1e-5].map(at);
      if (f.every((v) => v < -1e-12 * (1 + Math.abs(J0))) && f[0] / f[1] > 5 && f[0] / f[1] < 20) return 'holds';
    }
  }
  return tried ? 'undecided' : 'fails';
}

/** P1.local / P2.local: a certified descent direction; 'fails' only with a global-minimiser certificate (or no construction). */
export function localConclusion(c: LocalCase, cls: GapKind, construction: 'paper' | 'free', reading: Reading = 'on-policy'): Verdict3 {
  const cfg = localConfig(c, cls);
  const found = findDescent(c.mdp, c.lambda, cfg, reading, construction, cls === 'tied' ? [...c.pair] : undefined);
  if (found.kind !== 'none') return 'holds';
  if (globalMinimiser(c, cfg).holds) return 'fails';
  if (construction === 'paper' && gTable(c, cfg).every((p) => p.g <= 1e-12 || !movable(c, cls, p.s) || !paperChannel(cfg, p.s))) return 'fails';
  return 'undecided';
}

/**
 * P1.gap / P2.gap. Free: the exact decision. Paper: the construction shows the gap only if its
 * first-order gain k1 = d pi A stays positive at the best policy of the class (else the decrease
 * vanishes along configurations approaching the class infimum).
 */
export function gapConclusion(c: MinCase, cls: GapKind, construction: 'paper' | 'free'): Verdict3 {
  const tied = classStates(c.mdp.P.length, cls, c.pair);
  const dec = exactDecision(c.mdp, tied);
  if (dec.noGap) return 'fails';
  if (construction === 'free') return 'holds';
  if (!(c.mdp.gamma < 1)) return 'undecided';
  const bb = maximiseOverClass(c.mdp, tied, { tol: 1e-10, maxSplits: 400 });
  const F = float64Scalar;
  const q = bb.best.q as number[];
  const pi = Array.from({ length: c.mdp.P.length }, (_, s) => (tied.includes(s) ? q : q.map((_, a) => (a === bb.best.sigma[s] ? 1 : 0))));
  const ev = evaluateIn(F, fieldMdp(F, c.mdp), pi);
  const k1 = Math.max(...tied.flatMap((s) => q.map((p, a) => ev.d[s] * p * (ev.Q[s][a] - ev.V[s]))));
  if (k1 > 1e-6) return 'holds';
  // Deterministic optimum of the class: k1 -> 0 there (the played action has advantage 0, the others probability 0).
  const deterministic = q.some((p) => p > 1 - 1e-9) && bb.upper - dec.bestDet.valueOf() <= 1e-9 * (1 + Math.abs(bb.upper));
  return deterministic ? 'fails' : 'undecided';
}
