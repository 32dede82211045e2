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

/**
 * Kept for callers that still fill `interpretation` from it: each SMT claim now carries its own
 * interpretation and (for a proof of one step only) its `step` (src/smt/claims/*.ts).
 */
export const FORMAL_SCOPE: Record<string, string> = {};
