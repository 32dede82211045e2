// §7: under Assumptions 1-3 (Prop. 2), inf J over configurations with E(s_a) = E(s_b) > inf J over all.
import { defineClaim, fixedDataGapCheck, onPolicyGapCheck, separationCheck, tiedReachable, tiedRepair } from '../src/api.ts';

export default defineClaim({
  id: 'P2.gap',
  statement: 'under Assumptions 1-3 (Prop. 2), inf J over configurations with E(s_a) = E(s_b) > inf J over all configurations',
  latex: '\\inf_{E(s_a) = E(s_b)} \\mathcal{J} > \\inf \\mathcal{J}',
  paper: '§7 (CLAIMS.md), behind Prop. 2',
  uses: ['P2'],
  hypotheses: ['Assumption 1 (Prop. 2), read as §6 glosses it: s_a and s_b must be handled differently (no action optimal at both)', 'Assumption 2: affine world model', 'Assumption 3: d >= |S| + |A| + 1, so the witnesses meet it'],
  checks: [onPolicyGapCheck('tied'), fixedDataGapCheck('tied')],
  repairs: [{
    statement: 'on-policy, with s_a and s_b reachable from mu (and no action optimal at both), the gap is strictly positive',
    checks: [onPolicyGapCheck('tied', { test: tiedReachable, why: 's_a and s_b reachable from mu' })],
  }, {
    statement: 'on-policy: with no action optimal at both s_a and s_b, and s_a and s_b visited by every policy (unavoidable from mu), the gap is strictly positive; in general the gap is positive iff no deterministic policy tied at s_a and s_b is optimal from mu',
    checks: [separationCheck('tied', { test: tiedRepair, why: 'repair: s_a and s_b unavoidable from mu' })],
  }],
});
