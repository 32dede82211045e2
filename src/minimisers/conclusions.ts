// The conclusions the necessity analysis evaluates, each with the paper's construction and without
// one: 'holds', 'fails' (certified: an exact decision, a missing construction, or a global-minimiser
// certificate), or 'undecided'.
import type { Reading } from '../model/types.ts';
import { rankOf } from '../construction/nullspace.ts';
import { exactDecision, classStates, showExact } from './infima.ts';
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

/** A conclusion's verdict and, for a reader (replay of a necessity file), the figure that decided it and at what precision. */
export interface Explained { verdict: Verdict3; why: string }

const num = (x: number) => (x === 0 ? '0' : Math.abs(x) >= 1e-3 && Math.abs(x) < 1e6 ? String(Number(x.toPrecision(6))) : x.toExponential(3));

/**
 * Why the paper's construction is not available: the pairs with the largest k1 = d_pi(s) pi(a|s) A(s, a)
 * (float64), whether the state may be moved and whether a channel u exists there (float64 SVD rank of rows that are multiples of 1/4).
 */
function noConstruction(c: LocalCase, cls: GapKind, cfg: Config, g: { s: number; a: number; g: number }[]): string {
  const best = [...g].sort((x, y) => y.g - x.g)[0];
  const positive = g.filter((p) => p.g > 1e-12);
  if (positive.length === 0) return `the paper's construction does not exist: no pair has k1 = d_pi(s) pi(a|s) A(s, a) > 1e-12 (largest ${num(best?.g ?? 0)} at (s, a) = (${best?.s}, ${best?.a}), float64)`;
  const parts = positive.map((p) => `(${p.s}, ${p.a}): k1 = ${num(p.g)}, ${!movable(c, cls, p.s) ? 'not a state the construction moves' : 'no channel u in ker W ∩ E(s)^⊥ orthogonal to the other codes (rank of [W; E] = d, float64 SVD)'}`);
  return `the paper's construction does not exist: every pair with k1 = d_pi(s) pi(a|s) A(s, a) > 0 (float64) lacks it: ${parts.join('; ')}`;
}

/** eq. (3): J_PG falls at first order. Paper: some (s, a) with k1 = d pi A > 0 and a channel u; free: grad J_PG != 0. */
export function eq3Explained(c: LocalCase, cls: GapKind, construction: 'paper' | 'free'): Explained {
  const cfg = localConfig(c, cls);
  const g = gTable(c, cfg);
  if (construction === 'paper') {
    const usable = g.filter((p) => p.g > 1e-12 && movable(c, cls, p.s) && paperChannel(cfg, p.s));
    // No k1 > 1e-12 with a channel: the construction does not exist or does not lower J_PG.
    if (usable.length > 0) return { verdict: 'holds', why: `dJ_PG/deps = -k k1 < 0 along u at (s, a) = (${usable[0].s}, ${usable[0].a}), k1 = ${num(usable[0].g)} (float64)` };
    return { verdict: 'fails', why: `J_PG does not fall at first order along the paper's construction: ${noConstruction(c, cls, cfg, g)}` };
  }
  const { grad } = objectiveGrad(c.mdp, 0, layoutOf(cfg), pack(cfg), 'on-policy');
  const n = Math.sqrt(grad.reduce((s, v) => s + v * v, 0));
  if (n > 1e-9) return { verdict: 'holds', why: `|grad J_PG| = ${num(n)} > 1e-9 (float64): J_PG falls at first order along -grad` };
  if (g.every((p) => p.g === 0)) return { verdict: 'fails', why: `J_PG does not fall at first order in any direction: |grad J_PG| = ${num(n)} <= 1e-9 and every d_pi(s) pi(a|s) A(s, a) is exactly 0 in float64, so J_PG is stationary` };
  return { verdict: 'undecided', why: `|grad J_PG| = ${num(n)} <= 1e-9 (float64) but some d_pi pi A is not 0` };
}

/** §4.5 / §5.5: some k > 0 makes J fall along (E(s) += eps u, W += k e_a u^T). Free: any certified descent. */
export function combineExplained(c: LocalCase, cls: GapKind, construction: 'paper' | 'free', reading: Reading = 'on-policy'): Explained {
  const cfg = localConfig(c, cls);
  if (construction === 'free') return localExplained(c, cls, 'free', reading);
  const L = layoutOf(cfg);
  const x = pack(cfg);
  const J0 = objectiveGrad(c.mdp, c.lambda, L, x, reading).J;
  const all = gTable(c, cfg);
  const g = all.filter((p) => p.g > 1e-12 && movable(c, cls, p.s));
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
      if (f.every((v) => v < -1e-12 * (1 + Math.abs(J0))) && f[0] / f[1] > 5 && f[0] / f[1] < 20) return { verdict: 'holds', why: `Delta J = ${num(f[0])} at eps = 1e-4, k = ${k}, (s, a) = (${s}, ${a}) (float64)` };
    }
  }
  if (tried) return { verdict: 'undecided', why: 'the construction exists but no k in {1, 10, 100, 1000} showed a first-order decrease of J in float64' };
  return { verdict: 'fails', why: `J cannot be lowered along the paper's construction for any k: ${noConstruction(c, cls, cfg, all)}` };
}

/** P1.local / P2.local: a certified descent direction; 'fails' only with a global-minimiser certificate (or no construction). */
export function localExplained(c: LocalCase, cls: GapKind, construction: 'paper' | 'free', reading: Reading = 'on-policy'): Explained {
  const cfg = localConfig(c, cls);
  const found = findDescent(c.mdp, c.lambda, cfg, reading, construction, cls === 'tied' ? [...c.pair] : undefined);
  if (found.kind !== 'none') return { verdict: 'holds', why: `a certified descent direction (${found.kind})` };
  const minimiser = globalMinimiser(c, cfg);
  if (minimiser.holds) return { verdict: 'fails', why: `no descent direction: the configuration is a global minimiser of J (${reading}): ${minimiser.why}` };
  const all = gTable(c, cfg);
  if (construction === 'paper' && all.every((p) => p.g <= 1e-12 || !movable(c, cls, p.s) || !paperChannel(cfg, p.s))) return { verdict: 'fails', why: `no descent along the paper's construction: ${noConstruction(c, cls, cfg, all)}` };
  return { verdict: 'undecided', why: `no certified descent found, and no certificate that none exists (${minimiser.why})` };
}

/**
 * P1.gap / P2.gap. Free: the exact decision. Paper: the construction shows the gap only if its
 * first-order gain k1 = d pi A stays positive at the best policy of the class (else the decrease
 * vanishes along configurations approaching the class infimum).
 */
export function gapExplained(c: MinCase, cls: GapKind, construction: 'paper' | 'free'): Explained {
  const tied = classStates(c.mdp.P.length, cls, c.pair);
  const dec = exactDecision(c.mdp, tied);
  // Compared exactly in rationals; showExact prints a long fraction to 17 digits, a long-ish one gets its decimal beside.
  const shown = (x: typeof dec.Vstar) => { const t = showExact(x); return t.includes('/') && t.length > 16 ? `${t} ≈ ${num(x.valueOf())}` : t; };
  const exact = `the class's best deterministic value ${shown(dec.bestDet)} against V*(mu) = ${shown(dec.Vstar)} (compared in exact rationals)`;
  if (dec.noGap) return { verdict: 'fails', why: `no gap: the class's best deterministic value equals V*(mu) as exact rationals (V*(mu) = ${shown(dec.Vstar)}), so inf J over the class = inf J over all configurations = -V*(mu)` };
  if (construction === 'free') return { verdict: 'holds', why: `a gap: ${exact}` };
  if (!(c.mdp.gamma < 1)) return { verdict: 'undecided', why: 'gamma = 1: the branch and bound of the class maximum needs gamma < 1' };
  const bb = maximiseOverClass(c.mdp, tied, { tol: 1e-10, maxSplits: 400 });
  const F = float64Scalar;
  const q = bb.best.q as number[];
  const pi = Array.from({ length: c.mdp.P.length }, (_, s) => (tied.includes(s) ? q : q.map((_, a) => (a === bb.best.sigma[s] ? 1 : 0))));
  const ev = evaluateIn(F, fieldMdp(F, c.mdp), pi);
  const k1 = Math.max(...tied.flatMap((s) => q.map((p, a) => ev.d[s] * p * (ev.Q[s][a] - ev.V[s]))));
  if (k1 > 1e-6) return { verdict: 'holds', why: `k1 = ${num(k1)} > 1e-6 at the class's best policy (float64)` };
  // Deterministic optimum of the class: k1 -> 0 there (the played action has advantage 0, the others probability 0).
  const deterministic = q.some((p) => p > 1 - 1e-9) && bb.upper - dec.bestDet.valueOf() <= 1e-9 * (1 + Math.abs(bb.upper));
  return deterministic
    ? { verdict: 'fails', why: `the paper's construction does not show the gap: at the class's best policy (deterministic, value ${num(bb.upper)}; ${exact}) its gain k1 = max d_pi(s) pi(a|s) A(s, a) = ${num(k1)} <= 1e-6 (float64), so its decrease vanishes as configurations approach the class infimum` }
    : { verdict: 'undecided', why: `k1 = ${num(k1)} <= 1e-6 at the class's best policy (float64), which is not certified deterministic` };
}
