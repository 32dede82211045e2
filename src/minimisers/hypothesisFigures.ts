// For a reader of a necessity counterexample (replay): each §7 hypothesis's deciding figure on a case,
// with the precision it is decided at. The verdicts come from specs.ts's `holds`; these say why.
import { rankOf } from '../construction/nullspace.ts';
import { optimalQ } from './exactCache.ts';
import { gapHypotheses } from './gapChecks.ts';
import { configAssumption1, localConfig, type LocalCase } from './localChecks.ts';
import { visited } from './policyValue.ts';
import { unavoidable } from './repairs.ts';
import type { MinCase } from './cases.ts';

const list = (xs: number[]) => (xs.length === 0 ? 'none' : xs.join(', '));

export const p1A1Figure = (c: MinCase) => `${gapHypotheses(c, 'collapsed').why.replace(/^Assumption 1: /, '')}${/exact/.test(gapHypotheses(c, 'collapsed').why) ? '' : ' (exact Q*)'}`;

export function p1ReachFigure(c: MinCase): string {
  const q = optimalQ(c.mdp);
  return q.commonOptimalActionsOnReachable.length > 0
    ? `action(s) ${list(q.commonOptimalActionsOnReachable)} optimal at every state reachable from mu (${list(q.reachable)}) (exact Q*)`
    : `no action is optimal at every state reachable from mu (${list(q.reachable)}) (exact Q*)`;
}

export function dRankFigure(c: LocalCase): string {
  const cfg = localConfig(c, 'collapsed');
  const d = cfg.E[0].length, r = rankOf(cfg.W, d);
  return `d - rank W = ${d} - ${r} = ${d - r} (float64 SVD rank; the head's entries are multiples of 1/4)`;
}

export function visitedFigure(c: MinCase): string {
  const q = optimalQ(c.mdp);
  const A = c.mdp.P[0].length;
  for (let a = 0; a < A; a++) {
    const vis = visited(c.mdp, () => [a]);
    if (vis.every((v, s) => !v || q.argmax[s].includes(a))) return `the constant policy a = ${a} is optimal (Q*(s, a) = V*(s)) at every state it visits from mu (${list(vis.flatMap((v, s) => (v ? [s] : [])))}) (exact Q*)`;
  }
  return 'every constant policy is strictly improvable at some state it visits from mu (exact Q*)';
}

/** Prop. 2's Assumption 1 on the configuration's policy, as specs.ts screens it: exact for a uniform policy, else float64 with margin 1e-9. */
export function p2A1Figure(c: LocalCase, requireReachable = false): string {
  const r = configAssumption1(c, true, requireReachable);
  const cfg = localConfig(c, 'tied');
  const uniform = cfg.W.every((row) => row.every((x) => x === 0)) && cfg.b.every((x) => x === cfg.b[0]);
  const at = `s_a, s_b = ${c.pair.join(', ')}${requireReachable ? ' (counted only when reachable from mu)' : ''}`;
  const how = uniform ? 'exact rationals' : 'float64, margin 1e-9';
  return r.holds ? `a positive advantage A(s, a) > 0 at one of ${at} under the configuration's policy (${how})` : `no action has a positive advantage at ${at} under the configuration's policy (${how})`;
}

export function p2A3Figure(c: LocalCase): string {
  const cfg = localConfig(c, 'tied');
  const d = cfg.E[0].length, A = cfg.W.length;
  const r = rankOf(cfg.E.filter((_, s) => s !== c.pair[0]), d);
  return `dim span(P) = ${r} ${r <= d - A - 2 ? '<=' : '>'} d - |A| - 2 = ${d} - ${A} - 2 = ${d - A - 2} (P: the codes of the states other than s_a = ${c.pair[0]}; float64 SVD rank, entries multiples of 1/4)`;
}

export const p2GapA1Figure = (c: MinCase) => gapHypotheses(c, 'tied').why.replace(/^Assumption 1 \(Prop\. 2, read as §6 glosses it\): /, '');

export function tiedRepairFigure(c: MinCase): string {
  const [sa, sb] = c.pair;
  const q = optimalQ(c.mdp);
  const common = q.argmax[sa].filter((a) => q.argmax[sb].includes(a));
  const u = (s: number) => (unavoidable(c.mdp, s) ? 'every policy visits it' : 'some policy avoids it');
  return `s_a = ${sa}: ${u(sa)}; s_b = ${sb}: ${u(sb)}; action(s) optimal at both: ${list(common)} (exact)`;
}
