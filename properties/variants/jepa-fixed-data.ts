// The JEPA term trained on fixed data while the policy-gradient term stays on-policy.
import { defineVariant } from '../../src/variants/index.ts';

export default defineVariant({
  name: 'jepa-fixed-data',
  description:
    'The JEPA loss on fixed data while the policy term stays on-policy: J_PG = -E_mu V^pi moves with theta, but the world-model loss is ' +
    'an expectation over (a) a replay buffer of the unperturbed policy\'s transitions, or (b) an offline dataset that weights every state 1 ' +
    'and every action uniformly (reward-free data as in PLDM). The paper\'s eq. (5) ignores that the trajectory distribution moves; here only the codes do.',
  claims: ['P1.eq3', 'P1.eq5', 'P1.combine'],
  readings: [
    { label: 'pg-on-policy+jepa-replay', description: 'J_PG on-policy; J_JEPA over the unperturbed policy\'s trajectory distribution (a replay buffer)', pg: 'on-policy', jepa: 'fixed-data' },
    { label: 'pg-on-policy+jepa-offline', description: 'J_PG on-policy; J_JEPA over an offline dataset: every state weight 1, actions uniform, transitions from P', pg: 'on-policy', jepa: 'offline-uniform' },
  ],
});
