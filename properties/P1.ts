// Proposition 1: under Assumptions 1-2, no (theta, psi) with a fully collapsed encoder is a global minimiser of J.
import fc from 'fast-check';
import { defineClaim, type PropertyCheck } from '../src/claims/framework.ts';
import type { Instance, Mdp, Reading } from '../src/model/types.ts';
import { mdpArbitrary } from '../src/search/arbitraries/mdp.ts';
import { lambdaArbitrary } from '../src/search/arbitraries/lambda.ts';
import { instanceCorners } from '../src/search/corners.ts';
import { flatten, reachableStates } from '../src/engine/mdp.ts';
import { advantage, evaluatePolicy } from '../src/engine/evaluate.ts';
import { basePoint, baseObjective, prepare } from '../src/engine/objective.ts';
import { noActionOptimalEverywhere } from '../src/claims/prop1Case.ts';
import { assumption1Exact } from '../src/claims/assumptions.ts';
import { exactOptimality } from '../src/precise/index.ts';

export interface CertificateCase {
  mdp: Mdp;
  lambda: number;
}

export const certificateCaseArbitrary = (): fc.Arbitrary<CertificateCase> =>
  fc.record({ S: fc.integer({ min: 2, max: 12 }), A: fc.integer({ min: 2, max: 5 }) }).chain(({ S, A }) => fc.record({ mdp: mdpArbitrary(S, A), lambda: lambdaArbitrary() }));

/**
 * The best fully collapsed configuration there is: J_JEPA >= 0 is attained (= 0) by W_psi(z, a) = z,
 * and among collapsed policies (constant, full support) J_PG attains -V*(mu) iff every action is
 * optimal at every reachable state, iff the uniform policy is optimal there. So this one candidate
 * decides whether any collapsed configuration attains the lower bound -V*(mu) + 0.
 */
export function collapsedCandidate(c: CertificateCase): Instance {
  const S = c.mdp.P.length;
  const A = c.mdp.P[0].length;
  const d = 2;
  return {
    mdp: c.mdp,
    encoder: Array.from({ length: S }, () => [0, 0]),
    head: { W: Array.from({ length: A }, () => new Array<number>(d).fill(0)), b: new Array<number>(A).fill(0) },
    worldModel: { kind: 'affine', M: Array.from({ length: A }, () => [[1, 0], [0, 1]]), c: Array.from({ length: A }, () => [0, 0]) },
    lambda: c.lambda,
  };
}

/** Float64 screen: the uniform policy has no advantage above 1e-12 at a reachable state. */
function looksOptimal(mdp: Mdp): boolean {
  const flat = flatten(mdp);
  const pi = new Float64Array(flat.S * flat.A).fill(1 / flat.A);
  const adv = advantage(evaluatePolicy(flat, pi), flat.S, flat.A);
  const reach = reachableStates(mdp);
  for (let s = 0; s < flat.S; s++) if (reach[s]) for (let a = 0; a < flat.A; a++) if (adv[s * flat.A + a] > 1e-12) return false;
  return true;
}

export const certificateCheck = (reading: Reading, extra?: (c: CertificateCase) => boolean, note?: string): PropertyCheck<CertificateCase> => ({
  reading,
  method: 'certificate',
  interpretation: note ?? (reading === 'on-policy'
    ? 'lower bound of J: J_PG >= -V*(mu) and J_JEPA >= 0'
    : 'lower bound of J under fixed data: the surrogate -E_data[A log pi] is >= 0 when every advantage on the data is 0, and J_JEPA >= 0'),
  arbitrary: certificateCaseArbitrary,
  run: (c) => {
    const candidate = collapsedCandidate(c);
    if (!noActionOptimalEverywhere(flatten(c.mdp))) return { kind: 'skip', reason: 'Assumption 1 fails' };
    if (extra && !extra(c)) return { kind: 'skip', reason: 'extra hypothesis fails' };
    if (!looksOptimal(c.mdp)) return { kind: 'ok' };
    const J = baseObjective(basePoint(prepare(candidate)), reading);
    return {
      kind: 'violation', margin: 0, noise: 1e-12,
      message: `a fully collapsed configuration (z_d = 0, W = 0, b = 0, W_psi(z, a) = z) attains J = ${J.J.toPrecision(6)} = lower bound`,
      measured: { J_PG: J.J_PG, J_JEPA: J.J_JEPA },
      predicted: { lowerBound: reading === 'on-policy' ? J.J_PG : 0 },
      construction: { config: 'collapsed candidate (see instance)' },
      confirmWhileShrinking: true,
      confirm: () => {
        const a1 = assumption1Exact(candidate);
        const cert = exactOptimality(c.mdp, 'uniform');
        const confirmed = a1.holds && cert.optimal;
        return {
          confirmed, margin: 0, digits: Infinity,
          message: `exact rational certificate: A^{pi_c}(s, a) <= 0 at every reachable state [${cert.reachable.join(', ')}] ${cert.optimal ? 'holds' : 'fails'}, so V^{pi_c}(mu) = V*(mu) and J_JEPA = 0: J equals its lower bound; Assumption 1: ${a1.why}; Assumption 2: W_psi(z, a) = z is 1-Lipschitz`,
        };
      },
    };
  },
  corners: (c) => instanceCorners(collapsedCandidate(c)),
  instanceOf: collapsedCandidate,
  rule: 'Refuted only by a certificate (CLAIMS.md): an instance meeting Assumptions 1-2 (decided in exact rational arithmetic) and a fully collapsed configuration whose J equals the proven lower bound, shown by an exact rational optimality certificate for the collapsed policy. Absence of a certificate is not a proof of the proposition.',
});

/** Repair hypothesis: the uniform constant policy (hence every full-support one) has a positive advantage at a reachable state. */
const reachableImprovable = (c: CertificateCase) => !looksOptimal(c.mdp);

export default defineClaim({
  id: 'P1',
  statement: 'under Assumptions 1-2, no (theta, psi) with a fully collapsed encoder is a global minimiser of J',
  latex: '\\text{Assumptions 1--2} \\implies E_\\phi \\equiv z_d \\text{ is not a global minimiser of } \\mathcal{J}',
  paper: 'Prop. 1',
  uses: ['P1.combine'],
  hypotheses: ['Assumption 1: for every state-independent policy pi_c some (s, a) has Q^{pi_c}(s, a) > V^{pi_c}(s)', 'Assumption 2: W_psi(., a) L-Lipschitz for every a', 'linear softmax head'],
  checks: [certificateCheck('on-policy'), certificateCheck('fixed-data')],
  repairs: [{
    statement: 'under Assumption 1 with a reachable improvable state (every constant full-support policy has A > 0 at a state reachable from mu) and Assumption 2, no fully collapsed configuration attains the lower bound of J',
    checks: [certificateCheck('on-policy', reachableImprovable, 'Assumption 1 strengthened: a positive advantage at a state reachable from mu')],
  }],
});
