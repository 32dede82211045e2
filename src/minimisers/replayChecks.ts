// The input checks of the §7 files replay reads (certificates.ts, ablate.ts): their MDPs, cases and
// the names they give are data, checked with the validators claim counterexamples use
// (model/validate.ts, cli/replayCase.ts, cli/replayAgreement.ts) before any computation. Without
// them gamma > 1 sent the exact policy iteration round forever (it ends only when gamma P_pi is
// transient), gamma = 1 with a trap was "internal error: I - gamma P_pi is singular", and a P row
// summing to 1.8 or a pair outside the states was judged as data (exit 0 or 1).
import type { PropertyCheck } from '../claims/framework.ts';
import { requireInstanceOfCase } from '../cli/replayAgreement.ts';
import { requireCaseFits, requireStateIndices, sampleCases, unfitCase } from '../cli/replayCase.ts';
import type { Mdp } from '../model/types.ts';
import { InputError, validateMdp } from '../model/validate.ts';
import type { ClassKind } from './infima.ts';
import type { ClaimSpec, NecessityCounterexample } from './necessity.ts';

/**
 * The claims verify writes certificates for, and the class each is over: gapChecks.ts's gapInterval
 * (P1.gap collapsed, P2.gap tied, their repairs keep the claim's ID) and attainedChecks.ts (G.attained, all).
 */
export const CERTIFICATE_CLASSES: Readonly<Record<string, ClassKind>> = { 'G.attained': 'all', 'P1.gap': 'collapsed', 'P2.gap': 'tied' };

/** infimumCertificate's default claim: a certificate of no one claim, over any class. */
const NO_CLAIM = '§7';

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const show = (v: unknown) => JSON.stringify(v)?.slice(0, 40) ?? String(v);

/** Two distinct state indices below S (replayCase.ts's index checks, in their words). */
export function requirePair(pair: unknown, S: number, field: string): [number, number] {
  if (!Array.isArray(pair) || pair.length !== 2) throw new InputError(`${field}: expected two state indices [s_a, s_b], got ${show(pair)}`);
  requireStateIndices(pair, S, field);
  return pair as [number, number];
}

/** A probability vector over A actions (a point of the simplex; the mu slack of validateMdp). */
function requireDistribution(q: unknown, A: number, field: string): void {
  if (!Array.isArray(q) || q.length !== A) throw new InputError(`${field}: expected ${A} probabilities (one per action), got ${show(q)}`);
  q.forEach((x, a) => {
    if (typeof x !== 'number' || !Number.isFinite(x) || x < 0) throw new InputError(`${field}[${a}]: expected a probability, got ${show(x)}`);
  });
  const total = (q as number[]).reduce((x, y) => x + y, 0);
  if (Math.abs(total - 1) > 1e-9) throw new InputError(`${field}: sums to ${total}, expected 1`);
}

/**
 * A certificate's claim, class, MDP, pair and lambda, and its best point, before any computation.
 * Returns the validated MDP (gamma in (0, 1], rows sub-stochastic, gamma = 1 only when every policy
 * ends episodes: validateMdp's rules).
 */
export function checkCertificateFields(file: { claim: unknown; class: unknown; mdp: unknown; pair: unknown; lambda: unknown; best: unknown }): Mdp {
  const claimClass = typeof file.claim === 'string' && Object.hasOwn(CERTIFICATE_CLASSES, file.claim) ? CERTIFICATE_CLASSES[file.claim] : undefined;
  if (!claimClass && file.claim !== NO_CLAIM) throw new InputError(`claim: ${show(file.claim)} has no §7 certificates (verify writes them for ${Object.entries(CERTIFICATE_CLASSES).map(([c, k]) => `${c} (class ${k})`).join(', ')}; "${NO_CLAIM}" is a certificate of no one claim)`);
  if (claimClass && file.class !== claimClass) throw new InputError(`class: a ${file.claim} certificate is over the ${claimClass} class, got ${show(file.class)}`);
  const mdp = validateMdp(file.mdp, 'mdp');
  const S = mdp.P.length, A = mdp.P[0].length;
  requirePair(file.pair, S, 'pair');
  if (typeof file.lambda !== 'number' || !Number.isFinite(file.lambda) || file.lambda < 0) throw new InputError(`lambda: expected a finite number >= 0, got ${show(file.lambda)}`);
  if (file.best !== null) {
    if (!isObject(file.best)) throw new InputError(`best: expected { q, sigma } or null, got ${show(file.best)}`);
    requireDistribution(file.best.q, A, 'best.q');
  }
  return mdp;
}

/** Derived sizes of a necessity case are held to replay's default --max-size (the file's own arrays are held to --max-size by cli/replay.ts). */
const MAX_DERIVED = 64;
const LOCAL_KINDS = ['random', 'stationary', 'uniform'];

/**
 * A necessity file before its conclusion is evaluated: the hypothesis is one its claim can drop,
 * the case fits the claim's generated cases (MDP, pair, field types: requireCaseFits), the fields
 * that size the configuration are in range, and the file's `instance` is its case's (exit 2 naming
 * the first difference, as for claim counterexamples).
 */
export function checkNecessityFile<C>(spec: ClaimSpec<C>, file: NecessityCounterexample): void {
  const names = spec.hypotheses.map((h) => h.name);
  if (typeof file.hypothesis !== 'string' || !names.includes(file.hypothesis)) throw new InputError(`hypothesis: ${spec.claim} has no hypothesis ${show(file.hypothesis)}; its hypotheses are ${names.map((n) => JSON.stringify(n)).join(', ')}`);
  const undroppable = spec.undroppable?.[file.hypothesis];
  if (undroppable) throw new InputError(`hypothesis: ${JSON.stringify(file.hypothesis)} cannot be dropped inside the checked classes (${undroppable}), so no case drops it`);
  // sampleCases reads only the check's arbitrary: the spec's generator is the model of a case.
  requireCaseFits(file.case, sampleCases({ arbitrary: spec.arbitrary } as unknown as PropertyCheck<unknown>));
  const c = file.case as Record<string, unknown>;
  const mdp = c.mdp as Mdp;
  const A = mdp.P[0].length;
  if (typeof c.lambda !== 'number' || c.lambda < 0) throw new InputError(`case.lambda: expected a finite number >= 0, got ${show(c.lambda)}`);
  if (Array.isArray(c.logits) && c.logits.length !== A) throw new InputError(`case.logits: expected ${A} logits (one per action), got ${c.logits.length}`);
  if ('kind' in c && !LOCAL_KINDS.includes(c.kind as string)) throw new InputError(`case.kind: expected one of ${LOCAL_KINDS.join(', ')}, got ${show(c.kind)}`);
  if ('vals' in c && (!Array.isArray(c.vals) || c.vals.length === 0)) throw new InputError('case.vals: expected a non-empty array of numbers (the configuration draws its entries from it)');
  // localConfig's code dimension: 1 + extra (collapsed), |A| + 3 + extra (tied); the rule claim replay applies (cli/replay.ts).
  if (typeof c.extra === 'number' && c.extra >= MAX_DERIVED) throw new InputError(`case.extra: ${c.extra} makes the code dimension exceed the limit of ${MAX_DERIVED} states, actions or dimensions (replay's default --max-size; --max-size does not reach necessity files)`);
  let ofCase: unknown;
  try {
    ofCase = spec.instanceOf(file.case as C);
  } catch (error) {
    if (error instanceof InputError) throw error;
    throw unfitCase(spec.claim, file.case, (x) => spec.instanceOf(x as C), error, { what: 'instance', writer: 'verify', otherwise: (error instanceof Error ? error.message : String(error)).split('\n')[0] });
  }
  requireInstanceOfCase(file as unknown as Record<string, unknown>, ofCase);
}

/** The conclusion on a checked case: a JavaScript error from a field no check covers is bad input naming the field, as claim replay says it. */
export function guardedConclusion<T>(spec: ClaimSpec<unknown>, file: NecessityCounterexample, run: () => T): T {
  try {
    return run();
  } catch (error) {
    if (error instanceof InputError) throw error;
    throw unfitCase(spec.claim, file.case, (x) => spec.explain(x, file.construction), error, { what: 'conclusion', writer: 'verify', otherwise: (error instanceof Error ? error.message : String(error)).split('\n')[0] });
  }
}
