// Collapse metrics of a set of codes (rows of an n x d matrix). Each is stated with its convention
// because the literature uses several: see COLLAPSE_CONVENTIONS, which the report prints.

import { Matrix, SingularValueDecomposition } from 'ml-matrix';

export interface CollapseMetrics {
  meanNorm: number;
  rankMe: number;
  distinctCodes: number;
  scaleFreeVariance: number;
  batchVariance: number;
}

export const RANKME_EPS = 1e-7;
export const DISTINCT_REL_TOL = 1e-3;
/** Kenneweg et al.'s collapse threshold on the batch variance. */
export const KENNEWEG_THRESHOLD = 1e-7;

export const COLLAPSE_CONVENTIONS = [
  'meanNorm: mean over codes of ||z||_2.',
  `rankMe: exp(-sum_k p_k log p_k), p_k = sigma_k / sum_j sigma_j + ${RANKME_EPS} (Garrido et al. 2023), sigma the singular values of the centred code matrix; scale-free, so it is ~1 for an all-equal set and can stay high for a tiny but isotropic spread.`,
  `distinctCodes: greedy clusters, a code joins a cluster when within ${DISTINCT_REL_TOL} x meanNorm (Euclidean) of its first member.`,
  'scaleFreeVariance: mean ||z - mean z||^2 / mean ||z||^2, in [0, 1]; 0 = all codes equal, whatever their scale.',
  `batchVariance: per-dimension variance across the batch (population, 1/n), averaged over the d dimensions (Kenneweg et al. 2025); they call < ${KENNEWEG_THRESHOLD} collapsed. Not scale-free: a shrinking encoder lowers it.`,
  'headNorm: Frobenius norm of the policy head W; a head that grows while codes shrink keeps logits unchanged.',
];

export function collapseMetrics(codes: Float64Array, n: number, d: number): CollapseMetrics {
  if (n === 0 || d === 0) return { meanNorm: 0, rankMe: 0, distinctCodes: 0, scaleFreeVariance: 0, batchVariance: 0 };
  const mean = new Float64Array(d);
  let meanNorm = 0, meanSq = 0;
  for (let i = 0; i < n; i++) {
    let sq = 0;
    for (let j = 0; j < d; j++) {
      const v = codes[i * d + j];
      mean[j] += v / n;
      sq += v * v;
    }
    meanNorm += Math.sqrt(sq) / n;
    meanSq += sq / n;
  }
  const centred = new Matrix(n, d);
  let between = 0;
  for (let i = 0; i < n; i++)
    for (let j = 0; j < d; j++) {
      const c = codes[i * d + j] - mean[j];
      centred.set(i, j, c);
      between += (c * c) / n;
    }
  const batchVariance = between / d;
  const scaleFreeVariance = meanSq > 0 ? between / meanSq : 0;

  const sigma = new SingularValueDecomposition(centred, { computeLeftSingularVectors: false, computeRightSingularVectors: false, autoTranspose: true }).diagonal;
  const total = sigma.reduce((a, b) => a + Math.max(b, 0), 0);
  let entropy = 0;
  for (const s of sigma) {
    const p = (total > 0 ? Math.max(s, 0) / total : 0) + RANKME_EPS;
    entropy -= p * Math.log(p);
  }
  const rankMe = Math.exp(entropy);

  const tol = DISTINCT_REL_TOL * meanNorm;
  const reps: number[] = [];
  for (let i = 0; i < n; i++) {
    let found = false;
    for (const r of reps) {
      let sq = 0;
      for (let j = 0; j < d; j++) {
        const dv = codes[i * d + j] - codes[r * d + j];
        sq += dv * dv;
      }
      if (Math.sqrt(sq) <= tol) {
        found = true;
        break;
      }
    }
    if (!found) reps.push(i);
  }
  return { meanNorm, rankMe, distinctCodes: reps.length, scaleFreeVariance, batchVariance };
}
