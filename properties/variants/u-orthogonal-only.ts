// §4.2's direction u without the condition W u = 0.
import { defineVariant } from '../../src/variants/index.ts';

export default defineVariant({
  name: 'u-orthogonal-only',
  description:
    'The §4.2 direction u keeps u ⊥ z_d but drops W u = 0: u is any unit vector orthogonal to z_d, dW = k e_aΔ u^T. ' +
    'The collapsed states still see (W + dW) z_d = W z_d, but at s_Δ every logit now moves by eps (W u)_i besides the k eps on a_Δ. ' +
    'Which steps of §4.2-4.5 still hold without the kernel condition (and so without d - rank W >= 2)?',
  claims: ['P1.logits-fixed', 'P1.logit-gain', 'P1.eq3', 'P1.eq5', 'P1.combine'],
  configuration: { construction: 'u-orthogonal-only' },
});
