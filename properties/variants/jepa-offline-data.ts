// The JEPA term trained on an offline dataset (reward-free, as in PLDM) while J_PG follows the reading.
import { defineVariant } from '../../src/variants/index.ts';

export default defineVariant({
  name: 'jepa-offline-data',
  description:
    'The JEPA loss over an offline dataset that weights every state 1 and every action uniformly (transitions from P; reward-free ' +
    'data as in PLDM), while J_PG follows the reading of eq. (1) (on-policy: J_PG = -E_mu V^pi moves with theta). Eq. (5)\'s m, the ' +
    'weight of the steps at s_Δ, is then 1. Split from jepa-fixed-data (one configuration per variant).',
  claims: ['P1.eq3', 'P1.eq5', 'P1.combine'],
  configuration: { jepaData: 'offline-uniform' },
});
