// The necessity specs of the seven claims CLAIMS.md §7 names. Where a claim is refuted under its
// own hypotheses, the rows are relative to its holding repair (the repair's extra condition is one
// of the hypotheses dropped, written as a ladder: "repair" holds whenever Assumption 1 is dropped,
// so each row drops exactly one condition).
import fc from 'fast-check';
import { rankOf } from '../construction/nullspace.ts';
import { toInstance } from './config.ts';
import { caseInstance, minCaseArbitrary, type MinCase } from './cases.ts';
import { combineExplained, eq3Explained, gapExplained, localExplained } from './conclusions.ts';
import { dRankFigure, p1A1Figure, p1ReachFigure, p2A1Figure, p2A3Figure, p2GapA1Figure, tiedRepairFigure, visitedFigure } from './hypothesisFigures.ts';
import { gapHypotheses } from './gapChecks.ts';
import { configAssumption1, localCaseArbitrary, localConfig, type LocalCase } from './localChecks.ts';
import type { ClaimSpec, HypothesisDef } from './necessity.ts';
import { reachableAssumption1, tiedRepair, visitedAssumption1 } from './repairs.ts';

const A2 = 'Assumption 2 (Lipschitz world model)';
const A2_WHY = 'every world model the tool checks (affine, tanh MLP) is Lipschitz: dropping Assumption 2 needs a non-Lipschitz class';
const a2: HypothesisDef<unknown> = { name: A2, holds: () => true, why: () => 'the world model is affine, so Lipschitz' };
/** A repair's condition strengthens Assumption 1 (the ladder above): with Assumption 1 dropped it holds by construction of the rows. */
const LADDER = 'holds by the ladder (a repair of Assumption 1, which this case drops)';

const p1A1: HypothesisDef<MinCase> = { name: 'Assumption 1', holds: (c) => gapHypotheses(c, 'collapsed').holds, why: p1A1Figure };
const p1Reach: HypothesisDef<MinCase> = { name: 's_Δ reachable (repair)', holds: (c) => !p1A1.holds(c) || reachableAssumption1(c), why: (c) => (p1A1.holds(c) ? p1ReachFigure(c) : LADDER) };
const dRank: HypothesisDef<LocalCase> = {
  name: 'd - rank W >= 2',
  holds: (c) => { const cfg = localConfig(c, 'collapsed'); return cfg.E[0].length - rankOf(cfg.W, cfg.E[0].length) >= 2; },
  why: dRankFigure,
};

const p2A1: HypothesisDef<LocalCase> = { name: 'Assumption 1', holds: (c) => configAssumption1(c, true).holds, why: (c) => p2A1Figure(c) };
const p2Reach: HypothesisDef<LocalCase> = { name: 's_a reachable (repair)', holds: (c) => !p2A1.holds(c) || configAssumption1(c, true, true).holds, why: (c) => (p2A1.holds(c) ? p2A1Figure(c, true) : LADDER) };
const p2A3: HypothesisDef<LocalCase> = {
  name: 'Assumption 3',
  holds: (c) => {
    const cfg = localConfig(c, 'tied');
    const d = cfg.E[0].length, A = cfg.W.length;
    return rankOf(cfg.E.filter((_, s) => s !== c.pair[0]), d) <= d - A - 2;
  },
  why: p2A3Figure,
};

const collapsedArb = () => localCaseArbitrary(3);
const tiedArb = () => fc.tuple(localCaseArbitrary(4), fc.boolean()).map(([c, spread]) => ({ ...c, spread }));
const collapsedInstance = (c: LocalCase) => toInstance(c.mdp, c.lambda, localConfig(c, 'collapsed'));
const tiedInstance = (c: LocalCase) => toInstance(c.mdp, c.lambda, localConfig(c, 'tied'));

export const NECESSITY_SPECS: ClaimSpec<any>[] = [
  {
    claim: 'P1.eq3', arbitrary: collapsedArb, instanceOf: collapsedInstance,
    hypotheses: [p1A1, p1Reach, dRank] as HypothesisDef<LocalCase>[],
    explain: (c: LocalCase, k) => eq3Explained(c, 'collapsed', k),
    note: 'conclusion: J_PG falls at first order (paper: k1 = d pi A > 0 along u in ker W ∩ z_d^⊥; free: grad J_PG != 0)',
  } satisfies ClaimSpec<LocalCase>,
  {
    claim: 'P1.combine', arbitrary: collapsedArb, instanceOf: collapsedInstance,
    hypotheses: [p1A1, p1Reach, dRank, a2] as HypothesisDef<LocalCase>[],
    undroppable: { [A2]: A2_WHY },
    explain: (c: LocalCase, k) => combineExplained(c, 'collapsed', k),
    note: 'conclusion: J falls (paper: some k > 0 along (E(s) += eps u, W += k e_a u^T); free: any certified descent)',
  } satisfies ClaimSpec<LocalCase>,
  {
    claim: 'P1.gap', arbitrary: () => minCaseArbitrary(), instanceOf: caseInstance,
    hypotheses: [p1A1, { name: 'Assumption 1 at visited states (repair)', holds: (c) => !p1A1.holds(c) || visitedAssumption1(c), why: (c) => (p1A1.holds(c) ? visitedFigure(c) : LADDER) }, a2],
    undroppable: { [A2]: A2_WHY },
    explain: (c: MinCase, k) => gapExplained(c, 'collapsed', k),
    note: 'conclusion: inf over collapsed > inf over all (free: exact; paper: k1 > 0 at the best collapsed policy)',
  } satisfies ClaimSpec<MinCase>,
  {
    claim: 'P1.local', arbitrary: collapsedArb, instanceOf: collapsedInstance,
    hypotheses: [p1A1, p1Reach, dRank, a2] as HypothesisDef<LocalCase>[],
    undroppable: { [A2]: A2_WHY },
    explain: (c: LocalCase, k) => localExplained(c, 'collapsed', k),
    note: 'conclusion: a certified descent direction (paper: the plane of u; free: any)',
  } satisfies ClaimSpec<LocalCase>,
  {
    claim: 'P2.combine', arbitrary: tiedArb, instanceOf: tiedInstance,
    hypotheses: [p2A1, p2Reach, p2A3, a2],
    undroppable: { [A2]: A2_WHY },
    explain: (c: LocalCase, k) => combineExplained(c, 'tied', k),
  } satisfies ClaimSpec<LocalCase>,
  {
    claim: 'P2.gap', arbitrary: () => minCaseArbitrary(), instanceOf: caseInstance,
    hypotheses: [
      { name: 'Assumption 1', holds: (c: MinCase) => gapHypotheses(c, 'tied').holds, why: p2GapA1Figure },
      { name: 's_a, s_b unavoidable (repair)', holds: (c: MinCase) => !gapHypotheses(c, 'tied').holds || tiedRepair(c), why: (c: MinCase) => (gapHypotheses(c, 'tied').holds ? tiedRepairFigure(c) : LADDER) },
      { name: 'Assumption 3', holds: () => true, why: () => 'not a condition of the infima (they do not depend on d)' },
      a2,
    ],
    undroppable: { [A2]: A2_WHY, 'Assumption 3': 'the infima do not depend on d once d >= |S| - 1 (the witnesses need only distinct codes); Assumption 3 only constrains d' },
    explain: (c: MinCase, k) => gapExplained(c, 'tied', k),
  } satisfies ClaimSpec<MinCase>,
  {
    claim: 'P2.local', arbitrary: tiedArb, instanceOf: tiedInstance,
    hypotheses: [p2A1, p2Reach, p2A3, a2],
    undroppable: { [A2]: A2_WHY },
    explain: (c: LocalCase, k) => localExplained(c, 'tied', k),
  } satisfies ClaimSpec<LocalCase>,
];
