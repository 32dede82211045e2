// The paper's own configuration, which every variant is compared against: its hypotheses (as the
// ledger reads them), the two readings of eq. (1), the linear head, the tabular encoder, the
// certified Lipschitz constant, the §4.2 / §5.3 constructions and the ledger's case generators.
import fc from 'fast-check';
import { prop1CaseArbitrary } from '../claims/prop1Case.ts';
import { assumption1Exact } from '../claims/assumptions.ts';
import { partialInstanceArbitrary } from '../search/arbitraries/partialInstance.ts';
import { gridDouble } from '../search/arbitraries/scalar.ts';
import { preciseEvaluate } from '../precise/index.ts';
import { certifiedLipschitz, linearHead, tabularEncoder } from './classes.ts';
import { paperConstruction } from './constructions.ts';
import type { Family, Hypothesis, ObjectiveReading, VariantCase } from './types.ts';

export const ON_POLICY: ObjectiveReading = {
  label: 'on-policy',
  description: 'both terms of eq. (1) are expectations over the trajectories of the current policy (they move with theta)',
  pg: 'on-policy',
  jepa: 'on-policy',
};

export const FIXED_DATA: ObjectiveReading = {
  label: 'fixed-data',
  description: 'both terms are expectations over the unperturbed policy\'s trajectories held fixed (an A2C batch): J_PG is the surrogate -E[A log pi]',
  pg: 'fixed-data',
  jepa: 'fixed-data',
};

export const PAPER_READINGS: readonly ObjectiveReading[] = [ON_POLICY, FIXED_DATA];

const P1_OBJECTIVE = ['P1.k1-pos', 'P1.eq3', 'P1.eq5', 'P1.combine'] as const;

export const P1_HYPOTHESES: readonly Hypothesis[] = [
  {
    name: 'assumption1',
    statement: 'Assumption 1: every state-independent policy pi_c has some (s, a) with Q^{pi_c}(s, a) > V^{pi_c}(s) (decided as: no action is optimal in every state)',
    holds: (_c, info) => info.assumption1,
    exact: (c) => assumption1Exact(c.instance).holds,
    claims: P1_OBJECTIVE,
  },
  {
    name: 'assumption2',
    statement: 'Assumption 2: W_psi(., a) is L-Lipschitz for every a (every world model here has a finite L)',
    holds: () => true,
    exact: () => true,
    claims: ['P1.eq4', 'P1.eq5', 'P1.combine'],
  },
  {
    name: 'dimension',
    statement: '§4.2\'s condition for u to exist: d - rank(W) >= 2',
    holds: (_c, info) => info.d - info.rankW >= 2,
    claims: ['P1.u-exists'],
  },
];

const P2_OBJECTIVE = ['P2.k1-pos', 'P2.eq3', 'P2.jepa', 'P2.combine'] as const;

export const P2_HYPOTHESES: readonly Hypothesis[] = [
  {
    name: 'assumption1',
    statement: 'Assumption 1 (Prop. 2): for one of the two collapsed states (then called s_a) some a_Δ has A^{pi_c}(s_a, a_Δ) > 0, pi being the head\'s policy',
    holds: (_c, info) => info.assumption1,
    exact: (c) => {
      const ev = preciseEvaluate(c.instance, 64);
      return (c.collapsed ?? [0, 1]).some((s) => ev.A[s].some((x) => x.gt(0)));
    },
    claims: P2_OBJECTIVE,
  },
  {
    name: 'assumption2',
    statement: 'Assumption 2: W_psi(., a) is L-Lipschitz for every a',
    holds: () => true,
    exact: () => true,
    claims: ['P2.jepa', 'P2.combine'],
  },
  {
    name: 'assumption3',
    statement: 'Assumption 3, read as the proof uses it: dim span(P) <= d - |A| - 2, P the codes of every state other than s_a',
    holds: (_c, info) => info.dimSpanP <= info.d - info.A - 2,
    claims: ['P2.u-exists', 'P2.logits-fixed', 'P2.logit-gain', 'P2.k1-pos', 'P2.eq3', 'P2.jepa', 'P2.combine'],
  },
];

export const paperHypotheses = (family: Family): readonly Hypothesis[] => (family === 'P1' ? P1_HYPOTHESES : P2_HYPOTHESES);

/** Prop. 1: the ledger's own case generator, so the paper's configuration draws the ledger's cases. */
export const p1Arbitrary = (): fc.Arbitrary<VariantCase> =>
  prop1CaseArbitrary().map((c) => ({ instance: c.instance, pair: c.pair, uPick: c.uPick, k: c.k, kScale: c.kScale }));

/** Prop. 2: the ledger's partially collapsed instances, with the paper's free choices of u, w and w's sign. */
export const p2Arbitrary = (): fc.Arbitrary<VariantCase> =>
  fc.record({
    partial: partialInstanceArbitrary(),
    pair: fc.nat(1000),
    uPick: fc.array(gridDouble(-1, 1), { minLength: 1, maxLength: 4 }),
    wPick: fc.record({ weights: fc.array(gridDouble(-1, 1), { minLength: 1, maxLength: 4 }), sign: fc.constantFrom<1 | -1>(1, -1) }),
    k: fc.oneof(fc.constant(1), fc.integer({ min: -3, max: 3 }).map((e) => 10 ** e), gridDouble(0.01, 10)),
    kScale: fc.oneof(fc.constant(2), gridDouble(1.001, 100)),
  }).map(({ partial, ...rest }) => ({ instance: partial.instance, collapsed: partial.pair, ...rest }));

export const paperArbitrary = (family: Family): (() => fc.Arbitrary<VariantCase>) => (family === 'P1' ? p1Arbitrary : p2Arbitrary);

export const PAPER_CLASSES = { head: linearHead, encoder: tabularEncoder, lipschitz: certifiedLipschitz, construction: paperConstruction };
