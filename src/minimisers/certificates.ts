// Certificate files for the §7 infima, and their replay. A file names an instance, a policy class and a
// claimed interval on inf J; it carries the branch-and-bound leaves as bisection paths and the best
// point. Replay rebuilds every leaf from its path (prefix-free paths whose Kraft sum is 1 partition
// the simplex), recomputes each bound at 64 digits and the exact class decision, and says whether the
// claimed interval contains the certified one.
import { InputError } from '../model/validate.ts';
import type { Mdp } from '../model/types.ts';
import { cellBound, cellOfPath, SEARCH_DEFAULTS } from './branchBound.ts';
import { certifiedInfimum, classStates, exactDecision, showExact, type CertifiedInfimum, type ClassKind } from './infima.ts';
import type { VerificationReport } from '../report/schema.ts';
import { digits64Exact } from './policyValue.ts';
import { checkCertificateFields } from './replayChecks.ts';

export interface InfimumCertificateFile {
  schemaVersion: 1;
  kind: 'infimum-certificate';
  claim: string;
  class: ClassKind;
  pair: [number, number];
  mdp: Mdp;
  lambda: number;
  /** The claimed interval on inf J over the class. */
  interval: { lower: number; upper: number };
  leaves: { sigma: number[]; path: string; at: number }[];
  best: { q: number[]; sigma: number[] } | null;
  message: string;
}

export function infimumCertificate(mdp: Mdp, lambda: number, kind: ClassKind, pair: [number, number] = [0, 1], claim = '§7', computed?: CertifiedInfimum): InfimumCertificateFile {
  const inf = computed ?? certifiedInfimum(mdp, lambda, kind, pair);
  let leaves: InfimumCertificateFile['leaves'] = [];
  let best: InfimumCertificateFile['best'] = null;
  if (inf.bb) {
    leaves = inf.bb.leaves.map((l) => ({ sigma: l.sigma, path: l.path, at: l.at ? l.vertices.findIndex((v) => v === l.at) : -1 }));
    best = { q: inf.bb.best.q as number[], sigma: inf.bb.best.sigma };
  }
  return {
    schemaVersion: 1, kind: 'infimum-certificate', claim, class: kind, pair, mdp, lambda,
    interval: { lower: inf.interval.lower, upper: inf.interval.upper },
    leaves, best,
    message: `inf J over ${kind} configurations in [${inf.interval.lower}, ${inf.interval.upper}] (${inf.interval.d})`,
  };
}

export interface CertificateReplay { holds: boolean; certified: { lower: number; upper: number }; lines: string[] }

export function replayInfimumCertificate(file: InfimumCertificateFile): CertificateReplay {
  if (file?.schemaVersion !== 1) throw new InputError('schemaVersion: expected 1');
  if (file.kind !== 'infimum-certificate') throw new InputError(`kind: expected infimum-certificate, got ${JSON.stringify(file.kind)}`);
  if (!['all', 'collapsed', 'tied'].includes(file.class)) throw new InputError('class: expected all, collapsed or tied');
  if (!(typeof file.interval?.lower === 'number' && typeof file.interval?.upper === 'number')) throw new InputError('interval: expected { lower, upper } numbers');
  if (file.interval.lower > file.interval.upper) throw new InputError(`interval: lower ${file.interval.lower} is above upper ${file.interval.upper} (not an interval)`);
  // Claim, class, MDP, pair, lambda and best point are data: checked before any computation (replayChecks.ts).
  const mdp = checkCertificateFields(file);
  const S = mdp.P.length, A = mdp.P[0].length;
  const tied = classStates(S, file.class, file.pair);
  const hasCover = file.best !== null && Array.isArray(file.leaves) && file.leaves.length > 0;
  if (hasCover) checkCover(file, S, A, tied);
  const dec = exactDecision(mdp, tied);
  const lines = [`${file.claim}: inf J over ${file.class} configurations, exact V*(mu) = ${showExact(dec.Vstar)}, best deterministic member ${showExact(dec.bestDet)}`];
  let certified: { lower: number; upper: number };
  if (file.class === 'all' || dec.noGap) {
    const v = -dec.Vstar.valueOf();
    certified = { lower: v, upper: v };
    lines.push(`exact: inf J = -V*(mu) = ${showExact(dec.Vstar.neg())}${file.class !== 'all' ? ' (a deterministic member of the class is optimal from mu)' : ''}`);
  } else if (!hasCover || !(mdp.gamma < 1)) {
    // No cover (gamma = 1): the exact enclosure best deterministic member <= class max < V*(mu).
    // A cover's bounds carry H = 1/(1 - gamma), so at gamma = 1 a file's leaves bound nothing.
    certified = { lower: -dec.Vstar.valueOf(), upper: -dec.bestDet.valueOf() };
    lines.push(`exact enclosure without a branch-and-bound cover${hasCover ? ` (the file's ${file.leaves.length} leaves are not used: their bounds need gamma < 1)` : ''}: class maximum in [${showExact(dec.bestDet)}, ${showExact(dec.Vstar)})`);
  } else {
    const F = digits64Exact();
    let U: ReturnType<typeof F.of> | null = null;
    for (const leaf of file.leaves) {
      const vertices = cellOfPath(A, leaf.path);
      const b = cellBound(F, mdp, tied, { vertices, sigma: leaf.sigma }, leaf.at >= 0 ? vertices[leaf.at] : undefined);
      if (U === null || b.upper.gt(U)) U = b.upper;
    }
    const L = cellBound(F, mdp, tied, { vertices: [file.best!.q], sigma: file.best!.sigma }).lower;
    const upperMax = Math.min(U!.toNumber(), dec.Vstar.valueOf());
    const lowerMax = Math.max(L.toNumber(), dec.bestDet.valueOf());
    certified = { lower: -upperMax, upper: -lowerMax };
    lines.push(`64 digits: ${file.leaves.length} leaves (prefix-free paths, Kraft sum 1 per rest policy) bound the class maximum by ${U!.toSignificantDigits(20).toString()}; the best point gives ${L.toSignificantDigits(20).toString()}`);
  }
  const slack = 1e-12 * (1 + Math.abs(certified.lower));
  const holds = file.interval.lower <= certified.lower + slack && file.interval.upper >= certified.upper - slack;
  lines.push(`certified interval on inf J: [${certified.lower}, ${certified.upper}]; claimed [${file.interval.lower}, ${file.interval.upper}]: ${holds ? 'contains it (the certificate holds)' : "does NOT contain it (the file's certificate no longer holds)"}`);
  return { holds, certified, lines };
}

/** 64-digit operations a certificate replay may spend on its leaves (leaves x S^3; verify's largest cover, 4 states and 6,009 leaves, is 3.8e5). */
const MAX_WORK = 2e7;

/** An action per untied state, -1 at tied states (a rest policy). */
const isRestPolicy = (sigma: unknown, S: number, A: number, tied: number[]) =>
  Array.isArray(sigma) && sigma.length === S && sigma.every((a, s) => (tied.includes(s) ? a === -1 : Number.isInteger(a) && a >= 0 && a < A));

/** Leaves partition the simplex for every rest policy: prefix-free paths with Kraft sum exactly 1. */
function checkCover(file: InfimumCertificateFile, S: number, A: number, tied: number[]): void {
  const rest = S - tied.length;
  // What the search (infima.ts, SEARCH_DEFAULTS) can write: a cell per rest policy, one more per split.
  const most = A ** rest + SEARCH_DEFAULTS.maxSplits;
  if (file.leaves.length > most) throw new InputError(`leaves: ${file.leaves.length} leaves, more than the search writes (${A}^${rest} rest policies + ${SEARCH_DEFAULTS.maxSplits} splits = ${most})`);
  // Each leaf is a 64-digit solve of S equations (about S^3 operations): bounded so a replay ends in minutes at most.
  const work = file.leaves.length * S ** 3;
  if (work > MAX_WORK) throw new InputError(`leaves: ${file.leaves.length} leaves at ${S} states need about ${file.leaves.length} x ${S}^3 = ${work.toExponential(1)} 64-digit operations, above replay's limit of ${MAX_WORK.toExponential(0)} (about two minutes)`);
  const bySigma = new Map<string, string[]>();
  if (!isRestPolicy(file.best?.sigma, S, A, tied)) throw new InputError('best.sigma: expected an action per untied state, -1 at tied states');
  for (const leaf of file.leaves) {
    if (!/^[01]*$/.test(leaf.path)) throw new InputError('leaves[].path: expected a string of 0 and 1');
    if (leaf.path.length > SEARCH_DEFAULTS.maxDepth) throw new InputError(`leaves[].path: ${leaf.path.length} bisections, deeper than the search goes (${SEARCH_DEFAULTS.maxDepth})`);
    if (!isRestPolicy(leaf.sigma, S, A, tied)) throw new InputError('leaves[].sigma: expected an action per untied state, -1 at tied states');
    if (!(Number.isInteger(leaf.at) && leaf.at >= -1 && leaf.at < A)) throw new InputError(`leaves[].at: expected a vertex index below ${A} (the cell's vertices) or -1, got ${JSON.stringify(leaf.at)}`);
    const key = leaf.sigma.join(',');
    bySigma.set(key, [...(bySigma.get(key) ?? []), leaf.path]);
  }
  if (bySigma.size !== A ** rest) throw new InputError(`leaves: expected ${A ** rest} rest policies, got ${bySigma.size}`);
  for (const [key, paths] of bySigma) {
    const max = Math.max(...paths.map((p) => p.length));
    const kraft = paths.reduce((acc, p) => acc + (1n << BigInt(max - p.length)), 0n);
    const sorted = [...paths].sort();
    const prefixFree = sorted.every((p, i) => i === 0 || !p.startsWith(sorted[i - 1]));
    if (kraft !== 1n << BigInt(max) || !prefixFree) throw new InputError(`leaves: the paths for rest policy [${key}] do not partition the simplex`);
  }
}

/**
 * verify: results whose interval carries an inline certificate (the interval hooks attach one) get it
 * written as a file under `dir`, the interval citing its path. Returns the files to write.
 */
export function extractCertificates(report: VerificationReport, dir: string): { path: string; file: InfimumCertificateFile }[] {
  const files: { path: string; file: InfimumCertificateFile }[] = [];
  for (const claim of report.claims) {
    const results = [...claim.results, ...claim.repairs.flatMap((r) => r.results)];
    results.forEach((r, k) => {
      const interval = r.interval as (typeof r.interval & { certificateFile?: InfimumCertificateFile }) | undefined;
      if (!interval?.certificateFile) return;
      const path = `${dir}/certificates/${claim.id}.${r.reading}.${k + 1}.json`;
      files.push({ path, file: interval.certificateFile });
      delete interval.certificateFile;
      interval.certificate = path;
    });
  }
  return files;
}
