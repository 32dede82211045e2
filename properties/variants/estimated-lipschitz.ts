// Eqs. (4)-(5) with the Lipschitz constant one can measure instead of the one one can prove.
import { defineVariant } from '../../src/variants/index.ts';

export default defineVariant({
  name: 'estimated-lipschitz',
  description:
    'L in eqs. (4)-(5) estimated as the largest ratio ||W(z1,a) - W(z2,a)|| / ||z1 - z2|| over 16 random pairs around z_d (scale 1), ' +
    'as one would measure a black-box world model, instead of its certified Lipschitz constant. The estimate never exceeds the true constant: ' +
    'do eq. (4) and eq. (5) still hold with it, and does the threshold k > 2C/k1 of §4.5 still suffice? The generator is widened so that half ' +
    'the cases have an affine world model exact at z_d (W(z_d, a) = z_d, the JEPA optimum of a collapsed encoder, e = 0), where the bounds rest on L alone.',
  claims: ['P1.eq4', 'P1.eq5', 'P1.combine'],
  configuration: { lipschitz: 'estimated', generator: 'world-model-exact-at-zd' },
});
