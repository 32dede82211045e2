// The JEPA term trained on fixed data (a replay buffer) while the policy-gradient term stays on-policy.
import { defineVariant } from '../../src/variants/index.ts';

export default defineVariant({
  name: 'jepa-fixed-data',
  description:
    'The JEPA loss on fixed data while the policy term stays on-policy: J_PG = -E_mu V^pi moves with theta, but the world-model loss is ' +
    'an expectation over a replay buffer of the unperturbed policy\'s transitions. The paper\'s eq. (5) ignores that the trajectory ' +
    'distribution moves; here only the codes do. (Under the fixed-data reading J_PG is the eq. (1) surrogate as in the paper. ' +
    'The offline-dataset version is the variant jepa-offline-data.)',
  claims: ['P1.eq3', 'P1.eq5', 'P1.combine'],
  configuration: { jepaData: 'replay' },
});
