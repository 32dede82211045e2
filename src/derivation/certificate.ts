// The derivation of a global-minimiser certificate (P1, P2, S6.deeper-heads): the collapsed
// configuration z_d = 0, W = 0, b = 0, W_psi(z, a) = z plays the uniform policy; exact V, Q, A show
// A <= 0 at every reachable state, so V = V* there and J = -V*(mu) + 0 attains the lower bound.
import type { Mdp } from '../model/types.ts';
import type { Derivation } from '../report/schema.ts';
import { exactOptimality } from '../precise/rational.ts';
import { exactScalar } from '../precise/dual.ts';
import { showMat, showVec, showFraction } from './exactValues.ts';

export function certificateDerivation(mdp: Mdp): Derivation {
  const S = exactScalar;
  const cert = exactOptimality(mdp, 'uniform');
  const mu = mdp.mu.map(S.of);
  const J = cert.V.reduce((acc, v, s) => acc.sub(v.mul(mu[s])), S.zero);
  return {
    steps: [
      { symbol: 'pi', latex: '\\pi_c(a) = 1/|A|', value: showMat(S, cert.policy), exact: true, formula: 'W = 0, b = 0: every logit is 0' },
      { symbol: 'V', latex: 'V^{\\pi_c}', value: showVec(S, cert.V), exact: true, formula: '(I - \\gamma P_{\\pi_c}) V = r_{\\pi_c}' },
      { symbol: 'Q', latex: 'Q^{\\pi_c}(s, a)', value: showMat(S, cert.Q), exact: true },
      { symbol: 'A', latex: 'A^{\\pi_c}(s, a)', value: showMat(S, cert.A), exact: true },
      { symbol: 'reachable', latex: '\\text{states reachable from } \\mu', value: `[${cert.reachable.join(', ')}]`, exact: true },
      { symbol: 'J_PG', latex: '\\mathcal{J}_{PG} = -\\mu^T V^{\\pi_c}', value: showFraction(J), exact: true },
      { symbol: 'J_JEPA', latex: '\\mathcal{J}_{JEPA}', value: '0', exact: true, formula: 'W_\\psi(z, a) = z predicts z_d = 0 from z_d = 0 exactly' },
    ],
    conclusion: cert.optimal
      ? `A^{pi_c}(s, a) <= 0 at every reachable state (exact), so V^{pi_c} = V* on the reachable states and J = ${showFraction(J)} = -V*(mu) + 0, the lower bound: the collapsed configuration is a global minimiser.`
      : `A^{pi_c} > 0 at a reachable state (${cert.violations.map((v) => `(${v.state}, ${v.action})`).join(', ')}): no certificate.`,
  };
}
