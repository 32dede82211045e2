// Checks of G.attained (J attains its infimum over all configurations), both readings, and the
// repair: attained iff every action is optimal at every state reachable from mu.
import type { PropertyCheck } from '../claims/framework.ts';
import type { Reading } from '../model/types.ts';
import { uniformOptimality } from './exactCache.ts';
import { exactOptimality } from '../precise/index.ts';
import { attainment } from './attainment.ts';
import { caseCorners, caseInstance, minCaseArbitrary, type MinCase } from './cases.ts';
import { dimensionNote, showExact } from './infima.ts';
import { infimumCertificate } from './certificates.ts';
import { refineMinCase } from '../search/refineMin.ts';

const interpretations: Record<Reading, string> = {
  'on-policy': 'inf J = -V*(mu) over all configurations (d >= |S| - 1); attained iff some configuration has J_PG = -V*(mu) and J_JEPA = 0',
  'fixed-data': 'a global minimiser under fixed data is a theta0 minimising J_fd(.; theta0) (its own rollouts fixed); with d >= |S| - 1 such theta0 exists iff its policy has zero advantage at every visited state and J_JEPA = 0',
};

const interval = (c: MinCase) => {
  const a = attainment(c.mdp);
  const v = -a.Vstar.valueOf();
  const certificateFile = infimumCertificate(c.mdp, c.lambda, 'all', c.pair, 'G.attained');
  return { lower: v, upper: v, exactLower: showExact(a.Vstar.neg()), exactUpper: showExact(a.Vstar.neg()), d: dimensionNote(c.mdp.P.length, c.mdp.P[0].length, 'all'), ...({ certificateFile } as object) };
};

/**
 * Fixed data: a global minimiser is a theta0 minimising J_fd(.; theta0). With a nonzero advantage
 * A0(s, a) at a visited state, J_fd(.; theta0) -> -inf (log pi(a|s) -> -inf on an action with A0 < 0),
 * so none is; with zero advantage at every visited state J_PG,fd(.; theta0) is 0 and theta0 (collapsed,
 * W_psi(z, a) = z, J_JEPA = 0) minimises it. A softmax policy has full support: it visits exactly the
 * states reachable from mu, and its advantages there average to 0 under it, so "no positive advantage
 * at a reachable state" is "zero advantage at every visited state"; if some pi0 has that, pi0 is optimal
 * there and so is every action (A0 = Q* - V* = 0), and then the uniform policy has it too. So the
 * uniform policy's exact advantages decide it: a computation of its own, not the on-policy one's Q*.
 */
function fixedDataRun(c: MinCase): ReturnType<PropertyCheck<MinCase>['run']> {
  const u = uniformOptimality(c.mdp);
  if (u.optimal) return { kind: 'ok' };
  const { state, action, advantage } = u.violations[0];
  const message = (adv: string) => `no fixed-data minimiser: state ${state} is reachable and the uniform policy's A(${state}, ${action}) = ${adv} > 0 exactly, so no full-support policy has zero advantage at every visited state and J_fd(.; theta0) -> -inf for every theta0`;
  return {
    kind: 'violation', margin: 0, noise: 1e-12, confirmWhileShrinking: true,
    message: message(showExact(advantage)),
    measured: { uniformAdvantage: advantage.valueOf() },
    predicted: { attained: 1 },
    construction: { state, action },
    confirm: () => {
      // Fraction arithmetic (exactOptimality), not the integer solve the screen used.
      const again = exactOptimality(c.mdp, 'uniform');
      const v = again.violations[0];
      return { confirmed: !again.optimal, margin: 0, digits: Infinity, message: v ? `the uniform policy's advantages in Fraction arithmetic give A(${v.state}, ${v.action}) = ${showExact(v.advantage)} > 0 at reachable state ${v.state}` : "the uniform policy's advantages in Fraction arithmetic: none positive at a reachable state" };
    },
  };
}

const FIXED_DATA_RULE = "Decided exactly: under fixed data a global minimiser is a theta0 minimising J_fd(.; theta0); one exists iff the uniform policy has no positive advantage at any state reachable from mu (softmax policies have full support, so they visit exactly the reachable states; any full-support policy with zero advantage there makes every action optimal there). A refutation is an exact rational certificate of a reachable state where the uniform policy has a positive advantage; no infimum is printed (J_fd(.; theta0) is unbounded below or 0).";

export function attainedCheck(reading: Reading): PropertyCheck<MinCase> {
  if (reading === 'fixed-data') {
    return {
      reading, method: 'certificate', interpretation: interpretations[reading],
      refine: refineMinCase,
      arbitrary: () => minCaseArbitrary(),
      maxRuns: 300,
      run: fixedDataRun,
      corners: (c) => caseCorners(c),
      instanceOf: caseInstance,
      rule: FIXED_DATA_RULE,
    };
  }
  return {
    reading, method: 'certificate', interpretation: interpretations[reading],
    refine: refineMinCase,
    arbitrary: () => minCaseArbitrary(),
    maxRuns: 300,
    run: (c) => {
      const a = attainment(c.mdp);
      if (a.attained) return { kind: 'ok' };
      return {
        kind: 'violation', margin: 0, noise: 1e-12, confirmWhileShrinking: true,
        message: a.message,
        measured: { infJ: -a.Vstar.valueOf() },
        predicted: { attained: 1 },
        construction: { state: a.witness!.state, action: a.witness!.action },
        confirm: () => {
          const again = attainment(c.mdp);
          return { confirmed: !again.attained, margin: 0, digits: Infinity, message: `exact rational Q*: ${again.message}` };
        },
      };
    },
    corners: (c) => caseCorners(c),
    instanceOf: caseInstance,
    interval,
    rule: 'Decided exactly: J attains inf J = -V*(mu) iff every action is optimal at every state reachable from mu (softmax policies have full support; performance difference). A refutation is an exact rational certificate of a reachable strictly suboptimal action.',
  };
}

/** The repair's criterion: every action optimal at every state reachable from mu (exact Q* argmax sets). */
const reachableCriterion = (mdp: MinCase['mdp']) => attainment(mdp).attained;

/**
 * Repair: the criterion itself, cross-checked between two exact computations (Q* argmax sets, and the
 * uniform policy's optimality certificate). `criterion` is the statement's condition (a planted twin passes another).
 */
export function attainedRepairCheck(reading: Reading, criterion: (mdp: MinCase['mdp']) => boolean = reachableCriterion): PropertyCheck<MinCase> {
  return {
    ...attainedCheck(reading),
    run: (c) => {
      const a = criterion(c.mdp);
      const uniform = uniformOptimality(c.mdp).optimal;
      if (a === uniform) return { kind: 'ok' };
      return {
        kind: 'violation', margin: 0, noise: 1e-12,
        message: `criterion (${a}) and the uniform collapsed configuration's certificate (${uniform}) disagree`,
        measured: {}, predicted: {},
        confirm: () => ({ confirmed: criterion(c.mdp) !== uniformOptimality(c.mdp).optimal, margin: 0, digits: Infinity, message: 'exact' }),
      };
    },
    rule: 'The corrected statement, checked on every case by two exact computations that must agree: the argmax sets of Q* at reachable states, and the exact optimality certificate of the uniform policy (which the collapsed configuration z = 0, W = 0, b = 0, W_psi(z, a) = z plays with J_JEPA = 0).',
  };
}
