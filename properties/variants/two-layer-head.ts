// §6's claim that the argument extends to deeper heads, tried on the smallest deeper head.
import { defineVariant } from '../../src/variants/index.ts';

export default defineVariant({
  name: 'two-layer-head',
  description:
    'A two-layer policy head, logits W2 tanh(W1 z + b1) + b2 (hidden width d), with the §4.2 construction on the last layer: ' +
    'u is chosen so that the hidden features h = tanh(W1 z + b1) move inside ker W2 ∩ h(z_d)^⊥ to first order (W2 J u = 0, h^T J u = 0, J = dh/dz), ' +
    'and dW2 = k e_aΔ r^T with r = J u / |J u|^2. Does the argument survive a nonlinearity between the code and the logits (§6)?',
  claims: ['P1.u-exists', 'P1.logits-fixed', 'P1.logit-gain', 'P1.eq3', 'P1.eq5', 'P1.combine'],
  configuration: { head: 'two-layer-tanh' },
});
