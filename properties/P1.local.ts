// §7: under Assumptions 1-2, no fully collapsed configuration is a local minimiser of J.
import { defineClaim, localCheck, strictlySuboptimalReachable } from '../src/api.ts';

export default defineClaim({
  id: 'P1.local',
  statement: 'under Assumptions 1-2, no fully collapsed configuration is a local minimiser of J (a direction of first- or second-order decrease exists)',
  latex: 'E \\equiv z_d \\implies (\\theta, \\phi, \\psi) \\text{ is not a local minimiser of } \\mathcal{J}',
  paper: '§7 (CLAIMS.md), behind Prop. 1',
  uses: ['P1.combine'],
  hypotheses: ['Assumption 1: for every state-independent policy some (s, a) has Q^{pi_c}(s, a) > V^{pi_c}(s)', 'Assumption 2: affine world model (L-Lipschitz)', 'linear softmax head'],
  checks: [localCheck('collapsed', 'on-policy'), localCheck('collapsed', 'fixed-data')],
  repairs: [{
    statement: 'with an affine world model, no fully collapsed configuration is a local minimiser iff some action is strictly suboptimal (Q*(s, a) < V*(s)) at a state reachable from mu; Assumption 1 is then not needed. At a stationary collapsed configuration the JEPA residual vanishes, and a non-zero d pi A at a state s gives negative curvature in the plane (E(s) += eps x, W += delta e_a x^T, b -= delta e_a x^T z_d), any d >= 1',
    checks: [localCheck('collapsed', 'on-policy', { test: strictlySuboptimalReachable, why: 'repair: a strictly suboptimal action at a reachable state (instead of Assumption 1)', replacesAssumption1: true }), localCheck('collapsed', 'fixed-data', { test: strictlySuboptimalReachable, why: 'repair: a strictly suboptimal action at a reachable state (instead of Assumption 1)', replacesAssumption1: true })],
  }],
});
