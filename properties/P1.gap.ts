// §7: under Assumptions 1-2, inf J over fully collapsed configurations > inf J over all configurations.
import { defineClaim, fixedDataGapCheck, onPolicyGapCheck, reachableAssumption1, separationCheck, visitedAssumption1 } from '../src/api.ts';

export default defineClaim({
  id: 'P1.gap',
  statement: 'under Assumptions 1-2, inf J over fully collapsed configurations > inf J over all configurations',
  latex: '\\inf_{E \\equiv z_d} \\mathcal{J} > \\inf \\mathcal{J}',
  paper: '§7 (CLAIMS.md), behind Prop. 1',
  uses: ['P1'],
  hypotheses: ['Assumption 1: for every state-independent policy pi_c (deterministic included) some (s, a) has Q^{pi_c}(s, a) > V^{pi_c}(s)', 'Assumption 2: W_psi(., a) L-Lipschitz (affine)', 'linear softmax head'],
  checks: [onPolicyGapCheck('collapsed'), fixedDataGapCheck('collapsed')],
  repairs: [{
    statement: 'on-policy, with Assumption 1 strengthened as Prop. 1 is repaired (no action optimal at every state reachable from mu), the gap is strictly positive',
    checks: [onPolicyGapCheck('collapsed', { test: reachableAssumption1, why: 'Assumption 1 at reachable states (P1\'s repair)' })],
  }, {
    statement: 'on-policy: the gap is strictly positive iff Assumption 1 holds on visited states: for every action a, the constant policy a has Q*(s, a) < V*(s) at some state s it visits from mu (i.e. no constant policy, deterministic included, is optimal from mu)',
    checks: [separationCheck('collapsed', { test: visitedAssumption1, why: 'repair: Assumption 1 at states the constant policy visits from mu' })],
  }],
});
