// The tool's reading of §3-§4.1 and the verdict rules, stated once for every report (CLAIMS.md asks for both).
import { RANK_RULE } from '../construction/nullspace.ts';

export const OBJECTS = [
  "MDP: finite S, A; P(s'|s,a) sub-stochastic (missing mass ends the episode); R(s,a); mu; gamma in (0, 1], gamma = 1 only when every policy ends episodes with certainty (checked: no set of states some policy can stay in forever).",
  'Encoder: a code table E (|S| x d). Head: logits W z + b, pi = softmax. World models: per-action affine M_a z + c_a (L = max_a sigma_max(M_a)) or a tanh MLP on [z; onehot(a)] (L = product of layer spectral norms, a certified upper bound).',
  "V, Q, A exact by LU solves; d_pi(s) = sum_t gamma^t Pr(s_t = s) (unnormalised); J_PG = -mu^T V; J_JEPA = lambda sum_s d_pi(s) sum_a pi(a|s) sum_s' P(s'|s,a) ||W_psi(E(s),a) - E(s')||^2, both codes from the encoder being changed.",
  "Readings of eq. (1): on-policy (d_pi, pi move with the parameters) and fixed-data (d, pi and A of the unperturbed policy held fixed; J_PG is then the eq. (1) surrogate -sum_s d0(s) sum_a pi0(a|s) A0(s,a) log pi(a|s)).",
  "Eq. (5)'s m is, in expectation, m = d_pi(s_Δ); J_JEPA carries lambda, so C = 2 lambda m L E_max and C' = lambda m L^2; E_max = max e over transitions with P > 0.",
  `u: an orthonormal basis of ker [W; z_d^T] from ml-matrix's SVD (padded to d x d), rank rule ${RANK_RULE}; for confirmations u is projected onto the exact null space at 80 digits.`,
];

export const RULES = [
  'proved: an SMT query whose negation Z3 finds unsat (premises shown satisfiable), or an exact symbolic identity (mathjs).',
  'holds: no confirmed violation among the generated cases; the result lists how many cases ran and which corners they reached.',
  'refuted: a shrunk counterexample meeting every stated hypothesis whose violation exceeds float64 noise and persists when the instance and the predictions are recomputed at 64 significant digits (mathjs BigNumber); written to reports/counterexamples/ and replayable.',
  'inconclusive: the search could not decide (float64 candidates that vanish at 64 digits are reported in the detail and do not refute).',
  'First-order claims Delta = g eps + O(eps^2): Delta at eps = 1e-1..1e-7, Richardson estimate of the slope, remainder rate; confirmed at eps = 1e-12 and 1e-16 at 64 digits.',
  'Bounds: an excess over the bound beyond float64 noise at some eps in 1e-1..1e-7, persisting at eps = 1e-6 and 1e-9 at 64 digits (the paper takes eps << 1).',
  'Claims about global minimisers: refuted only by a certificate, an instance meeting every hypothesis plus a configuration whose J equals a proven lower bound, shown in exact rational arithmetic.',
  'Timing fields (seconds, generatedAt) are the only parts of the JSON that differ between runs with the same seed.',
];

/** What a formal result establishes, in one line: a proof of the algebra is not a proof of its premises. */
export const FORMAL_SCOPE: Record<string, string> = {
  'P1.rank': 'integer dimension counting, given rank <= min(rows, cols)',
  'P1.dim': "integer dimension counting, given rank-nullity and Grassmann's formula",
  'P1.u-exists': "integer dimension counting, given rank-nullity and Grassmann's formula",
  'P1.logits-fixed': 'the identity for symbolic W, z_d, u (one generic row of W), d <= 4',
  'P1.logit-gain': 'the identity for symbolic W, z_d, u (one generic row of W), d <= 4',
  'P1.softmax-jac': 'the identity, for 2..5 actions',
  'P1.eq2': 'the first-order coefficients as polynomial identities on the open simplex',
  'P1.dV': "the paper's definition delta V := sum_i delta pi_i Q_i with Q held fixed (an algebraic identity)",
  'P1.eq4': "the Lipschitz step for vectors in R^d, d <= 4 (by reduction to the triangle inequality)",
  'P1.combine': 'the §4.5 arithmetic given eq. (3) and eq. (5) as premises; whether the premises hold is the property checks\' verdict',
  'P2.dimU': "integer dimension counting, given rank-nullity and Grassmann's formula",
  'P2.u-exists': "integer dimension counting under Assumption 3 read as dim span(P) <= d - |A| - 2",
  'P2.compensator': 'the identities for symbolic u, w, P, d <= 4',
  'P2.logits-fixed': 'the identity for symbolic vectors, d <= 4',
  'P2.logit-gain': 'the identity for symbolic vectors, d <= 4',
  'P2.combine': 'the §5.5 arithmetic given the first-order gain and the JEPA bound as premises',
};
