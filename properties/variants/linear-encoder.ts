// A parametric encoder that cannot move one state's code alone.
import { defineVariant } from '../../src/variants/index.ts';

export default defineVariant({
  name: 'linear-encoder',
  description:
    'A linear, non-tabular encoder E(s) = Phi x(s) with fixed features x(s) (a constant feature first, so the collapsed encoder is Phi = z_d e_0^T). ' +
    'The encoder moves by Phi + eps u g^T with g the least-squares choice (g^T x(s_Δ) = 1, g^T x(s) as small as the features allow), ' +
    'so every state whose features overlap s_Δ\'s moves too, by eps (g^T x(s)) u. The paper moves one code alone: what breaks when the encoder cannot?',
  claims: ['P1.logits-fixed', 'P1.logit-gain', 'P1.eq3', 'P1.eq5', 'P1.combine'],
  configuration: { encoder: 'linear-features' },
});
