// Checks of P1.gap and P2.gap (inf J over collapsed / tied configurations > inf J over all), both readings.
import type { PropertyCheck } from '../claims/framework.ts';
import type { Reading } from '../model/types.ts';
import type { ResultInterval } from '../report/schema.ts';
import { optimalQ } from './exactCache.ts';
import { maximiseOverClass } from './branchBound.ts';
import { baseLogits, caseCorners, caseInstance, minCaseArbitrary, type MinCase } from './cases.ts';
import { fixedDataInfima } from './fixedData.ts';
import { certifiedInfimum, classStates, exactDecision, showExact, type ClassKind } from './infima.ts';
import { infimumCertificate } from './certificates.ts';
import { refineMinCase } from '../search/refineMin.ts';

export type GapKind = 'collapsed' | 'tied';

/** The hypotheses, decided exactly. P1: Assumption 1 (no action optimal in every state). P2: no action optimal at both s_a and s_b. */
export function gapHypotheses(c: MinCase, kind: GapKind): { holds: boolean; why: string } {
  const q = optimalQ(c.mdp);
  if (kind === 'collapsed') return { holds: q.assumption1, why: q.assumption1 ? 'Assumption 1: no action is optimal in every state (exact Q*)' : `action(s) ${q.commonOptimalActions.join(', ')} optimal in every state` };
  const [sa, sb] = c.pair;
  const common = q.argmax[sa].filter((a) => q.argmax[sb].includes(a));
  return { holds: common.length === 0, why: common.length === 0 ? `Assumption 1 (Prop. 2, read as §6 glosses it): no action is optimal at both s_a = ${sa} and s_b = ${sb} (exact Q*)` : `action(s) ${common.join(', ')} optimal at both s_a and s_b` };
}

/** The claim's hypotheses and, for a repair, its own (decided exactly, as its test is). */
function withRepair(h: { holds: boolean; why: string }, c: MinCase, extra?: { test: (c: MinCase) => boolean; why: string }): { holds: boolean; why: string } {
  if (!h.holds || !extra) return h;
  return extra.test(c) ? { holds: true, why: `${h.why}; ${extra.why} (exact)` } : { holds: false, why: `the repair's hypothesis fails: ${extra.why}` };
}

const label = (kind: GapKind) => (kind === 'collapsed' ? 'fully collapsed configurations' : 'configurations with E(s_a) = E(s_b)');

/** The gap interval: inf over the class minus inf over all (inf over all is exact, -V*(mu)). */
export function gapInterval(c: MinCase, kind: GapKind, claim = kind === 'collapsed' ? 'P1.gap' : 'P2.gap'): ResultInterval | undefined {
  const cls = certifiedInfimum(c.mdp, c.lambda, kind, c.pair);
  const certificateFile = infimumCertificate(c.mdp, c.lambda, kind, c.pair, claim, cls);
  const all = -cls.decision.Vstar.valueOf();
  const exactAll = showExact(cls.decision.Vstar.neg());
  return {
    lower: cls.interval.lower - all,
    upper: cls.interval.upper - all,
    exactLower: `(${cls.interval.exactLower}) - (${exactAll})`,
    exactUpper: `(${cls.interval.exactUpper}) - (${exactAll})`,
    d: `gap = inf over ${label(kind)} [${cls.interval.lower}, ${cls.interval.upper}] minus inf over all ${exactAll}; ${cls.interval.d}`,
    // Written to a file by verify (extractCertificates); replay re-checks the class interval from it.
    ...({ certificateFile } as object),
  };
}

export function onPolicyGapCheck(kind: GapKind, extra?: { test: (c: MinCase) => boolean; why: string }): PropertyCheck<MinCase> {
  const tiedOf = (c: MinCase) => classStates(c.mdp.P.length, kind as ClassKind, c.pair);
  return {
    reading: 'on-policy',
    method: 'certificate',
    refine: refineMinCase,
    interpretation: extra?.why ?? 'inf J = -max over the closed policy class of V^pi(mu) (J_JEPA >= 0; witnesses send it to 0); the class maximum equals V*(mu) iff a deterministic member of the class is optimal from mu (exact rationals)',
    arbitrary: () => minCaseArbitrary(),
    maxRuns: 300,
    // A repair's own hypothesis is one of the hypotheses a refutation rests on (replay states and re-decides it).
    hypotheses: (c) => withRepair(gapHypotheses(c, kind), c, extra),
    run: (c) => {
      if (!gapHypotheses(c, kind).holds) return { kind: 'skip', reason: 'Assumption 1 fails' };
      if (extra && !extra.test(c)) return { kind: 'skip', reason: 'repair hypothesis fails' };
      const dec = exactDecision(c.mdp, tiedOf(c));
      if (!dec.noGap) return { kind: 'ok', figures: { gapAtLeastBelow: dec.Vstar.sub(dec.bestDet).valueOf() } };
      return {
        kind: 'violation', margin: 0, noise: 1e-12, confirmWhileShrinking: true,
        message: `the deterministic policy [${dec.bestDetPolicy.join(', ')}] of the closed class (${label(kind)}) is optimal from mu: both infima equal -V*(mu) = ${showExact(dec.Vstar.neg())}, so there is no gap`,
        measured: { infClass: -dec.bestDet.valueOf(), infAll: -dec.Vstar.valueOf() },
        predicted: { gapPositive: 1 },
        construction: { policy: dec.bestDetPolicy, class: kind, pair: c.pair },
        confirm: () => {
          const again = exactDecision(c.mdp, tiedOf(c));
          return { confirmed: again.noGap, margin: 0, digits: Infinity, message: `exact rationals: max over deterministic members of the class = ${showExact(again.bestDet)} = V*(mu) = ${showExact(again.Vstar)}; softmax policies approaching it with codes -> 0 give J -> -V*(mu) inside the class` };
        },
      };
    },
    corners: (c) => caseCorners(c),
    instanceOf: caseInstance,
    interval: (c) => gapInterval(c, kind),
    rule: `inf J over ${label(kind)} against inf J over all configurations, decided exactly (rationals): the gap is 0 iff a deterministic member of the closed class is optimal from mu; intervals certified by branch and bound re-checked at 64 digits.`,
  };
}

export function fixedDataGapCheck(kind: GapKind): PropertyCheck<MinCase> {
  const tiedOf = (c: MinCase) => classStates(c.mdp.P.length, kind as ClassKind, c.pair);
  return {
    reading: 'fixed-data',
    method: 'certificate',
    refine: refineMinCase,
    interpretation: 'fixed-data: J_fd(.; theta0) with the rollouts of a base configuration theta0 in the class held fixed; its infimum over the class and over all configurations (d >= |S| - 1) is -inf or 0 (fixedData.ts)',
    arbitrary: () => minCaseArbitrary(),
    maxRuns: 300,
    hypotheses: (c) => gapHypotheses(c, kind),
    run: (c) => {
      if (!gapHypotheses(c, kind).holds) return { kind: 'skip', reason: 'Assumption 1 fails' };
      const res = fixedDataInfima(c.mdp, baseLogits(c, tiedOf(c)), tiedOf(c));
      if (res.all === 'undecided' || res.cls === 'undecided') return { kind: 'undecided', reason: 'an aggregate advantage below 1e-40 at 64 digits' };
      if (res.cls === 'zero' && res.all === 'unbounded') return { kind: 'ok' };
      return {
        kind: 'violation', margin: 0, noise: 1e-12, confirmWhileShrinking: true,
        message: `with the base's rollouts fixed, inf over ${label(kind)} is ${res.cls === 'zero' ? '0' : '-inf'} and inf over all is ${res.all === 'zero' ? '0' : '-inf'}: no strict gap (class aggregate d pi A = [${res.aggregate.map((x) => x.toPrecision(6)).join(', ')}])`,
        measured: { classInfIsMinusInf: res.cls === 'unbounded' ? 1 : 0, allInfIsMinusInf: res.all === 'unbounded' ? 1 : 0 },
        predicted: { gapPositive: 1 },
        construction: { baseLogits: baseLogits(c, tiedOf(c)), aggregate: res.aggregate },
        confirm: () => {
          const again = fixedDataInfima(c.mdp, baseLogits(c, tiedOf(c)), tiedOf(c));
          const ok = again.cls === res.cls && again.all === res.all && !(again.cls === 'zero' && again.all === 'unbounded');
          return { confirmed: ok, margin: 0, digits: again.exact ? Infinity : 64, message: `${again.exact ? 'exact rationals' : '64 digits'}: class infimum ${again.cls}, overall ${again.all}` };
        },
      };
    },
    corners: (c) => caseCorners(c),
    instanceOf: caseInstance,
    rule: `J_fd(.; theta0) at a base theta0 among ${label(kind)}: its infimum over the class against its infimum over all configurations (each -inf or 0, decided from the signs of d0 pi0 A0 at 64 digits or exactly).`,
  };
}

/** Repair check: under the repair hypothesis the certified class maximum stays below V*(mu) (branch and bound, float64 screen). */
export function separationCheck(kind: GapKind, repair: { test: (c: MinCase) => boolean; why: string }): PropertyCheck<MinCase> {
  const tiedOf = (c: MinCase) => classStates(c.mdp.P.length, kind as ClassKind, c.pair);
  return {
    ...onPolicyGapCheck(kind, repair),
    run: (c) => {
      if (!repair.test(c)) return { kind: 'skip', reason: 'repair hypothesis fails' };
      if (!(c.mdp.gamma < 1)) return { kind: 'skip', reason: 'gamma = 1: the branch-and-bound bound needs gamma < 1' };
      const dec = exactDecision(c.mdp, tiedOf(c));
      const V = dec.Vstar.valueOf();
      const bb = maximiseOverClass(c.mdp, tiedOf(c), { tol: 1e-7, maxSplits: 40 });
      if (bb.upper < V - 1e-9 * (1 + Math.abs(V))) return { kind: 'ok', figures: { gapLower: V - bb.upper } };
      if (bb.best.value >= V - 1e-12 * (1 + Math.abs(V))) {
        return {
          kind: 'violation', margin: 0, noise: 1e-12,
          message: `a policy of the class reaches V*(mu) = ${V} although the repair hypothesis holds`,
          measured: { classMax: bb.best.value }, predicted: { Vstar: V },
          confirm: () => ({ confirmed: exactDecision(c.mdp, tiedOf(c)).noGap, margin: 0, digits: Infinity, message: 'exact decision' }),
        };
      }
      return { kind: 'undecided', reason: 'gap below the branch-and-bound budget' };
    },
    rule: `Under the repair hypothesis, branch and bound over the closed class (${label(kind)}) separates its maximum from V*(mu) (upper bound < V*(mu)); the interval on the reported case is re-checked at 64 digits.`,
  };
}

export const readingsOf = (kind: GapKind, r: Reading) => (r === 'on-policy' ? onPolicyGapCheck(kind) : fixedDataGapCheck(kind));
