// Collapse metrics of a set of codes (rows of an n x d matrix), split into SCALE (how big the codes
// are) and SHAPE (how they are spread, independent of a common factor). Each is stated with its
// convention because the literature uses several: see COLLAPSE_CONVENTIONS, which the report prints.
//
// Why both: the paper's J has no weight decay, so an encoder can shrink its codes while the head
// grows (the logits W z + b are unchanged). Kenneweg et al.'s batch variance < 1e-7 then reports
// "collapse" for what is only a change of units; the shape metrics do not move under z -> c z.

import { Matrix, SingularValueDecomposition } from 'ml-matrix';

export interface CollapseMetrics {
  // ---- scale ----
  meanNorm: number;
  /** Kenneweg et al.'s raw batch variance (kept for comparison; NOT scale-free). */
  batchVariance: number;
  /** Share of the mean squared norm that is the common offset ||mean z||^2 (scale-free, in [0, 1]). */
  offsetShare: number;
  // ---- shape (invariant under z -> c z, c != 0) ----
  /** Centred normalised spread: tr(C) / mean ||z||^2, C the centred covariance (1/n). */
  spread: number;
  /** Old name of spread; same value (kept so older readers of training.json still work). */
  scaleFreeVariance: number;
  /** RankMe on the centred codes, singular values at or below the noise floor dropped; 0 if none is above it. */
  effRank: number;
  /** Old name of effRank; same value. */
  rankMe: number;
  /** Centred covariance eigenvalues / mean ||z||^2, descending (sums to spread). */
  spectrum: number[];
  /** Greedy clusters at DISTINCT_REL_TOL x meanNorm. */
  distinctCodes: number;
  /** Some centred singular value is above the noise floor, i.e. the codes differ by more than rounding. */
  structured: boolean;
}

export const RANKME_EPS = 1e-7;
export const DISTINCT_REL_TOL = 1e-3;
/** Kenneweg et al.'s collapse threshold on the batch variance. */
export const KENNEWEG_THRESHOLD = 1e-7;
/**
 * Noise floor for singular values of the centred n x d code matrix, relative to sqrt(n) x RMS code
 * norm. float64 rounds each code entry at ~1.1e-16 relative; an encoder of a few layers with
 * hundreds of inputs accumulates perhaps 1e3 times that, so differences below 1e-12 of the codes'
 * magnitude cannot be told from rounding. Relative to the magnitude (offset included) because
 * rounding is: a tiny spread on a large common code is lost, a tiny code on its own is not.
 */
export const NOISE_FLOOR_REL = 1e-12;
/**
 * The scale-free collapse criterion: Kenneweg's threshold applied after rescaling the codes to unit
 * mean squared norm per coordinate (mean ||z||^2 / d = 1), where their batch variance becomes
 * spread / 1 ... precisely tr(C)/d / (mean||z||^2/d) = spread. Or no spread above the noise floor.
 */
export const SCALE_FREE_THRESHOLD = KENNEWEG_THRESHOLD;

export const COLLAPSE_CONVENTIONS = [
  'Scale: meanNorm = mean over codes of ||z||_2; headNorm = Frobenius norm of the policy head W (a head that grows while codes shrink keeps the logits W z + b unchanged).',
  `batchVariance: per-dimension variance across the batch (population, 1/n), averaged over the d dimensions (Kenneweg et al. 2025); they call < ${KENNEWEG_THRESHOLD} collapsed. Not scale-free: multiplying every code by 1e-6 multiplies it by 1e-12.`,
  'spread (also written scaleFreeVariance): tr(C) / mean ||z||^2, C the centred covariance (1/n) of the codes; in [0, 1], unchanged by z -> c z; 0 = all codes equal. ' +
    'A common offset m lowers it (it is the share of the second moment that is not offset); offsetShare = ||m||^2 / mean ||z||^2 = 1 - spread says how much.',
  `effRank (also written rankMe): RankMe (Garrido et al. 2023) on the centred codes, exp(-sum_k p_k log p_k), p_k = sigma_k / sum_j sigma_j + ${RANKME_EPS} (epsilon ${RANKME_EPS}), ` +
    `over the singular values sigma_k above the noise floor ${NOISE_FLOOR_REL} x sqrt(n) x RMS ||z||; 0 when none is above it (codes equal up to float64 rounding, "not structured").`,
  'spectrum: eigenvalues of C divided by mean ||z||^2, descending (sums to spread).',
  `distinctCodes: greedy clusters, a code joins a cluster when within ${DISTINCT_REL_TOL} x meanNorm (Euclidean) of its first member.`,
  `Collapsed (1e-7): batchVariance < ${KENNEWEG_THRESHOLD}, as Kenneweg et al. Collapsed (scale-free): spread < ${SCALE_FREE_THRESHOLD} (their threshold after rescaling the codes to unit mean square per coordinate) or effRank = 0.`,
];

export function collapseMetrics(codes: Float64Array, n: number, d: number): CollapseMetrics {
  if (n === 0 || d === 0)
    return {
      meanNorm: 0, batchVariance: 0, offsetShare: 0, spread: 0, scaleFreeVariance: 0, effRank: 0, rankMe: 0, spectrum: [], distinctCodes: 0, structured: false,
    };
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
  let trace = 0;
  for (let i = 0; i < n; i++)
    for (let j = 0; j < d; j++) {
      const c = codes[i * d + j] - mean[j];
      centred.set(i, j, c);
      trace += (c * c) / n;
    }
  let offset = 0;
  for (const m of mean) offset += m * m;
  const batchVariance = trace / d;
  const spread = meanSq > 0 ? trace / meanSq : 0;
  const offsetShare = meanSq > 0 ? Math.min(1, offset / meanSq) : 0;

  const sigma = new SingularValueDecomposition(centred, { computeLeftSingularVectors: false, computeRightSingularVectors: false, autoTranspose: true }).diagonal;
  const sorted = [...sigma].map((s) => Math.max(s, 0)).sort((a, b) => b - a);
  const spectrum = meanSq > 0 ? sorted.map((s) => (s * s) / n / meanSq) : sorted.map(() => 0);
  const floor = NOISE_FLOOR_REL * Math.sqrt(n * meanSq);
  const kept = sorted.filter((s) => s > floor);
  const effRank = rankMe(kept);

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
  return {
    meanNorm, batchVariance, offsetShare, spread, scaleFreeVariance: spread, effRank, rankMe: effRank, spectrum,
    distinctCodes: reps.length, structured: kept.length > 0,
  };
}

/** RankMe of a list of singular values (none: 0). */
export function rankMe(sigma: number[]): number {
  if (sigma.length === 0) return 0;
  const total = sigma.reduce((a, b) => a + b, 0);
  let entropy = 0;
  for (const s of sigma) {
    const p = s / total + RANKME_EPS;
    entropy -= p * Math.log(p);
  }
  return Math.exp(entropy);
}

export const collapsedKenneweg = (batchVariance: number | null) => batchVariance !== null && batchVariance < KENNEWEG_THRESHOLD;
export const collapsedScaleFree = (spread: number | null, effRank: number | null) =>
  (spread !== null && spread < SCALE_FREE_THRESHOLD) || effRank === 0;
