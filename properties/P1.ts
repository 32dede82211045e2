// Proposition 1: under Assumptions 1-2, no (theta, psi) with a fully collapsed encoder is a global minimiser of J.
import fc from 'fast-check';
import { advantage, assumption1Exact, exactVStarAtMu, fmt, gridDouble, optimalValues, preciseEvaluate, baseObjective, basePoint, defineClaim, evaluatePolicy, uniformOptimality, flatten, type Instance, instanceCorners, lambdaArbitrary, type Mdp, mdpArbitrary, noActionOptimalEverywhere, prepare, type PropertyCheck, reachableStates, type Reading } from '../src/api.ts';
import { refineCertificateCase } from '../src/api.ts';

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
  refine: refineCertificateCase,
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
        const cert = uniformOptimality(c.mdp);
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

/** A collapsed configuration with head bias b: the constant policy pi_c = softmax(b), W_psi(z, a) = z. */
export interface CollapsedPolicyCase extends CertificateCase {
  b: number[];
}

export const collapsedPolicyArbitrary = (): fc.Arbitrary<CollapsedPolicyCase> =>
  certificateCaseArbitrary().chain((c) =>
    fc.array(fc.oneof(fc.constant(0), gridDouble(-4, 4)), { minLength: c.mdp.P[0].length, maxLength: c.mdp.P[0].length }).map((b) => ({ ...c, b })));

const withBias = (c: CollapsedPolicyCase): Instance => {
  const inst = collapsedCandidate(c);
  return { ...inst, head: { ...inst.head, b: c.b.slice() } };
};

/** Where pi_c must have a positive advantage: at a state reachable from mu (the repair) or anywhere (Assumption 1 alone, a planted twin). */
export type Improvable = 'reachable' | 'anywhere';

/**
 * Repair: a collapsed configuration whose constant policy pi_c has A^{pi_c}(s, a) > 0 at a state
 * reachable from mu does not attain the lower bound -V*(mu) + 0 of J. J is evaluated: J_JEPA = 0
 * (W_psi(z, a) = z) and J_PG = -V^{pi_c}(mu), compared with -V*(mu) (exact rational Q*); a violation
 * is J - lower bound <= 0, confirmed at 64 digits. The hypothesis is decided at 64 digits.
 */
export const collapsedGapCheck = (improvable: Improvable = 'reachable'): PropertyCheck<CollapsedPolicyCase> => {
  const improvableAt = (c: CollapsedPolicyCase) => {
    const ev = preciseEvaluate(withBias(c), 64);
    const reach = reachableStates(c.mdp);
    for (let s = 0; s < ev.A.length; s++) for (let a = 0; a < ev.A[s].length; a++) if ((improvable === 'anywhere' || reach[s]) && ev.A[s][a].gt(0)) return { s, a, ev };
    return null;
  };
  return {
    reading: 'on-policy',
    interpretation: improvable === 'reachable' ? 'Assumption 1 strengthened: pi_c has a positive advantage at a state reachable from mu' : 'Assumption 1 only: pi_c has a positive advantage at some state',
    arbitrary: collapsedPolicyArbitrary,
    hypotheses: (c) => {
      const at = improvableAt(c);
      return at ? { holds: true, why: `A^{pi_c}(${at.s}, ${at.a}) = ${at.ev.A[at.s][at.a].toSignificantDigits(6).toString()} > 0 at 64 digits${improvable === 'reachable' ? `, state ${at.s} reachable from mu` : ''}` } : { holds: false, why: `pi_c has no positive advantage ${improvable === 'reachable' ? 'at a reachable state ' : ''}at 64 digits` };
    },
    run: (c) => {
      const flat = flatten(c.mdp);
      const base = basePoint(prepare(withBias(c)));
      const reach = reachableStates(c.mdp);
      let improvableSomewhere = false;
      for (let s = 0; s < flat.S; s++) for (let a = 0; a < flat.A; a++) if ((improvable === 'anywhere' || reach[s]) && base.advantage[s * flat.A + a] > 0) improvableSomewhere = true;
      if (!improvableSomewhere) return { kind: 'skip', reason: 'pi_c has no positive advantage where the hypothesis needs one' };
      const J = baseObjective(base, 'on-policy');
      const { V } = optimalValues(flat);
      const vStar = c.mdp.mu.reduce((acc, m, s) => acc + m * V[s], 0);
      const gap = J.J + vStar;
      const noise = 1e-12 * (Math.abs(vStar) + Math.abs(J.J) + 1);
      if (gap > noise) return { kind: 'ok' };
      return {
        kind: 'violation', margin: -gap, noise,
        message: `the collapsed configuration with constant policy softmax(b) attains J = ${fmt(J.J)} against the lower bound -V*(mu) = ${fmt(-vStar)} (gap ${fmt(gap)})`,
        measured: { J: J.J, J_PG: J.J_PG, J_JEPA: J.J_JEPA }, predicted: { lowerBound: -vStar },
        construction: { b: c.b },
        confirmWhileShrinking: true,
        confirm: () => {
          const ev = preciseEvaluate(withBias(c), 64);
          const vStar64 = exactVStarAtMu(c.mdp);
          const gap64 = ev.J_PG.plus(ev.J_JEPA).plus(vStar64);
          const scale = Math.abs(vStar64.toNumber()) + 1;
          const confirmed = gap64.toNumber() <= 1e-50 * scale;
          return { confirmed, margin: -gap64.toNumber(), digits: 64, message: `J - (-V*(mu)) = ${gap64.toSignificantDigits(6).toString()} at 64 digits (V* exact rational)` };
        },
      };
    },
    corners: (c) => instanceCorners(withBias(c)),
    instanceOf: withBias,
    rule: 'A collapsed configuration (every code 0, W = 0, head bias b, W_psi(z, a) = z so J_JEPA = 0) is evaluated exactly: J against the lower bound -V*(mu) + 0. A violation is J <= the lower bound, confirmed at 64 digits with V* from exact rational policy iteration; the hypothesis (a positive advantage of pi_c at a reachable state) is decided at 64 digits.',
  };
};

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
    checks: [collapsedGapCheck('reachable')],
  }],
});
