// §7: under Assumptions 1-3 (Prop. 2), no configuration with E(s_a) = E(s_b) is a local minimiser of J.
import { defineClaim, localCheck } from '../src/api.ts';

const reachablePair = { test: () => true, reachablePair: true, why: "repair: the collapsed state carrying Assumption 1's positive advantage is reachable from mu" };

export default defineClaim({
  id: 'P2.local',
  statement: 'under Assumptions 1-3 (Prop. 2), no configuration with E(s_a) = E(s_b) is a local minimiser of J',
  latex: 'E(s_a) = E(s_b) \\implies (\\theta, \\phi, \\psi) \\text{ is not a local minimiser of } \\mathcal{J}',
  paper: '§7 (CLAIMS.md), behind Prop. 2',
  uses: ['P2.combine'],
  hypotheses: ['Assumption 1 (Prop. 2), read as §6 glosses it: no action optimal at both s_a and s_b', 'Assumption 2: affine world model', 'Assumption 3: dim span(P) <= d - |A| - 2'],
  checks: [localCheck('tied', 'on-policy'), localCheck('tied', 'fixed-data')],
  repairs: [{
    statement: 'with the positive advantage of Assumption 1 at a collapsed state reachable from mu (and an affine world model, Assumption 3), no configuration with E(s_a) = E(s_b) is a local minimiser: either the gradient is non-zero or d pi A > 0 at that state gives negative curvature in the plane (E(s_a) += eps x, W += delta e_a x^T, b -= delta e_a x^T z_d), x orthogonal to the other codes',
    checks: [localCheck('tied', 'on-policy', reachablePair), localCheck('tied', 'fixed-data', reachablePair)],
  }],
});
