// Assumption 3 in its weakest form: exactly what §5.3's construction needs, nothing more.
import { defineVariant } from '../../src/variants/index.ts';

export default defineVariant({
  name: 'assumption3-weakest',
  description:
    'Assumption 3 (dim span(P) <= d - |A| - 2) replaced by the weakest condition under which the §5.3 construction exists: ' +
    'U = ker W ∩ z_d^⊥ is not contained in span(P). The proof uses Assumption 3 only to get a u in U \\ span(P) (and then w = proj_N u ' +
    'has w^T u > 0), so every Prop. 2 step should survive; the variant admits the cases where the dimension count fails but such a u exists. ' +
    "The ledger's own checks run under both configurations.",
  claims: ['P2.u-exists', 'P2.logits-fixed', 'P2.logit-gain', 'P2.k1-pos', 'P2.eq3', 'P2.jepa', 'P2.combine'],
  configuration: { assumption3: 'construction-only' },
});
