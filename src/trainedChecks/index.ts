// Method 'trained': the first-order claims (P1.eq3, P1.eq5, P2.eq3, P2.jepa) checked on the
// parameters that training reached, against the exact change and a sampled one (analysis.ts).
import type { ClaimResult, CounterexampleFile, PlotSeries, Verdict } from '../report/schema.ts';
import type { Reading } from '../model/types.ts';
import { atPrecision, fmt } from '../claims/framework.ts';
import { boundPlot, taylorPlot } from '../claims/prop1Checks.ts';
import { TAYLOR_RULE } from '../claims/taylor.ts';
import { MIN_DECIDED } from '../claims/assemble.ts';
import { trainedConfigurationsAt, type TrainedConfiguration } from '../trainer/trained.ts';
import { COLLAPSE_TOL } from './collapse.ts';
import { SAMPLING_LINEAR_TOL, studyConfiguration, type ConfigStudy, type Construction, type KStudy, type Prop, type SampledStudy, type StudyOptions } from './analysis.ts';

export { studyConfiguration } from './analysis.ts';
export type { ConfigStudy } from './analysis.ts';
export { collapseGroups, snapGroups, COLLAPSE_TOL } from './collapse.ts';
export { sampledDeltas } from './sampled.ts';

export interface TrainedOptions {
  seed: number;
  quick: boolean;
}

/** Training lengths studied: trainedConfigurations' quick (150 Adam steps) and full (1000) runs, from one run (trainedConfigurationsAt). */
export const CHECKPOINTS = [
  { quick: true, steps: 150 },
  { quick: false, steps: 1000 },
] as const;

export const ROLLOUTS = { quick: 50_000, full: 500_000 } as const;

/** Training seeds: quick trains with the run's seed only; full adds the next two seeds. */
export const trainingSeeds = (opts: TrainedOptions): number[] => (opts.quick ? [opts.seed] : [opts.seed, opts.seed + 1, opts.seed + 2]);

/** The trained configurations the checks study, by training seed and checkpoint, in study order. */
export type TrainedRuns = Array<{ seed: number; steps: number; configs: TrainedConfiguration[] }>;

export function trainedRuns(opts: TrainedOptions): TrainedRuns {
  return trainingSeeds(opts).flatMap((seed) => {
    // One training run per environment gives every checkpoint (the 150-step run is the 1000-step run's start).
    const bySteps = trainedConfigurationsAt(seed, CHECKPOINTS.map((cp) => cp.steps));
    return CHECKPOINTS.map((cp) => ({ seed, steps: cp.steps, configs: bySteps.get(cp.steps)! }));
  });
}

/**
 * Every trained configuration, collapsed or not, with what the constructions found on it. `runs` and
 * `study` are for tests (planted twins on the very configurations verify studies, trained once).
 */
export function trainedStudies(opts: TrainedOptions, runs: TrainedRuns = trainedRuns(opts), study: Pick<StudyOptions, 'rollouts' | 'plant'> = {}): ConfigStudy[] {
  const studies: ConfigStudy[] = [];
  for (const { seed, steps, configs } of runs)
    for (const cfg of configs)
      studies.push(studyConfiguration(cfg, studies.length, { seed, quick: opts.quick, rollouts: opts.quick ? ROLLOUTS.quick : ROLLOUTS.full, ...study }, `${cfg.env} @ ${steps} steps (seed ${seed})`));
  return studies;
}

type Kind = 'first-order' | 'bound';
/** `what`: the statement a trained case is consistent with, for an inconclusive result's detail. */
const CLAIMS: { id: string; prop: Prop; kind: Kind; what: string }[] = [
  { id: 'P1.eq3', prop: 'P1', kind: 'first-order', what: 'eq. (3)' },
  { id: 'P1.eq5', prop: 'P1', kind: 'bound', what: 'eq. (5)' },
  { id: 'P2.eq3', prop: 'P2', kind: 'first-order', what: "§5.5's Delta J_PG = -k1' k eps + O(eps^2)" },
  { id: 'P2.jepa', prop: 'P2', kind: 'bound', what: "§5.5's bound (as in eq. (5))" },
];

interface Case {
  study: ConfigStudy;
  c: Construction;
  ks: KStudy[];
  unsnappedOffset: number | null;
  /** Whether the configuration meets every hypothesis of the claim (P1: Assumption 1). */
  inHypotheses: boolean;
}

/**
 * inside: the prediction lies in the interval. remainder: it does not, but the exact change does
 * (the interval resolves the O(eps^2) remainder, at most 5% of the prediction at the chosen eps,
 * whose eps^2 rate the exact check established). miss: neither lies in it. too few: see MIN_NONZERO.
 */
type SampledVerdict = 'inside' | 'remainder' | 'miss' | 'too few';

/**
 * With common random numbers most rollouts contribute exactly 0; the normal 95% interval rests
 * on the rollouts that do not, and is not trusted on fewer than this many.
 */
export const MIN_NONZERO = 30;

function sampledVerdict(s: SampledStudy, kind: Kind): SampledVerdict {
  const iv = kind === 'first-order' ? s.pg : s.jepa;
  if (iv.nonzero < MIN_NONZERO) return 'too few';
  const within = (x: number) => iv.ci95[0] <= x && x <= iv.ci95[1];
  if (kind === 'first-order') return within(s.predictedPG) ? 'inside' : within(s.exactPG) ? 'remainder' : 'miss';
  return iv.ci95[0] <= s.bound ? 'inside' : 'miss';
}

/** P(X >= m) for X ~ Binomial(n, q). */
export function binomialTail(n: number, q: number, m: number): number {
  if (m <= 0) return 1;
  let term = Math.pow(1 - q, n); // P(X = 0)
  let below = 0;
  for (let x = 0; x < m; x++) {
    below += term;
    term *= ((n - x) / (x + 1)) * (q / (1 - q));
  }
  return Math.max(0, 1 - below);
}

/** The family of sampled intervals contradicts the claim when this many misses are improbable (< 1%) at 95% coverage. */
export const MISS_TAIL = 0.01;

const list = (xs: number[]) => `[${xs.map((x) => fmt(x)).join(', ')}]`;
const interval = (ci: [number, number]) => `[${fmt(ci[0])}, ${fmt(ci[1])}]`;

function collapseText(s: ConfigStudy): string {
  const big = s.collapse.groups.map((g, i) => ({ g, d: s.collapse.diameters[i] })).filter((x) => x.g.length >= 2);
  return (
    `${s.collapse.groups.length} code group(s) over ${s.collapse.groups.reduce((n, g) => n + g.length, 0)} states ` +
    `(collapsed: ${big.map((x) => `{${x.g.join(',')}} diameter ${fmt(x.d)}`).join('; ')}; mean code norm ${fmt(s.collapse.meanNorm)}); ` +
    `snapping moved codes by at most ${fmt(s.snapped.maxMove)} (${fmt(s.snapped.maxMoveRel)} of the mean norm; Frobenius ${fmt(s.snapped.frobenius)}) ` +
    `and changed J_PG by ${fmt(s.snapDelta.J_PG)}, J_JEPA by ${fmt(s.snapDelta.J_JEPA)}`
  );
}

function caseText(k: Case, kind: Kind, reading: Reading): string {
  const { c, study } = k;
  const p = c.pred;
  const head =
    `${study.label}: ${collapseText(study)}. ` +
    (c.prop === 'P1' ? `Assumption 1 ${study.assumption1 ? 'holds' : 'FAILS (one action is optimal in every state, so a constant policy is optimal; reported for information, it cannot refute)'}. ` : '') +
    `${c.prop === 'P1' ? '(s_Δ, a_Δ)' : `(s_a, a_Δ) = (${c.state}, ${c.action}), s_b = ${c.partner}; `}${c.prop === 'P1' ? ` = (${c.state}, ${c.action}); ` : ''}` +
    `p_aΔ ${fmt(p.p)}, A ${fmt(p.advantage)}, d_pi ${fmt(p.visitation)}, ${c.prop === 'P1' ? 'k1' : `w^T u ${fmt(c.gain)}, k1'`} = ${fmt(c.k1)}; ` +
    `L ${fmt(p.L)} (${p.Lexact ? 'exact' : 'certified upper bound'}), E_max ${fmt(p.Emax)}, m ${fmt(p.m)}, C ${fmt(p.C)}, C' ${fmt(p.Cprime)}, 2C/k1 ${fmt(c.kMin)}; ${c.notes.join('; ')}` +
    (k.unsnappedOffset !== null ? `; on the unsnapped codes the head tweak alone (k = 1, eps = 0) already moves J_PG by ${fmt(k.unsnappedOffset)}, as u^T z_s != 0 there` : '') +
    '. ';
  const perK = k.ks.map((ks) => {
    const rs = ks.readings[reading];
    if (kind === 'first-order') {
      const status = rs.pgStatus === 'noise' ? `a float64 candidate that vanished at 64 digits (${rs.pgConfirmation?.message})` : rs.pgStatus === 'refuted' ? `REFUTED at 64 digits (${rs.pgConfirmation?.message})` : rs.pgStatus === 'no-signal' ? 'no change above float64 noise' : 'within the rule';
      let text = `${ks.label} (k = ${fmt(ks.k)}): predicted slope ${fmt(rs.fit.slope)}, Richardson ${fmt(rs.fit.estimate)}, remainder rate ${rs.fit.rate === null ? 'n/a (remainder at float64 noise)' : rs.fit.rate.toFixed(2)}, ${status}; exact Delta J_PG at eps 1e-1..1e-7 ${list(rs.fit.points.map((q) => q.delta))}`;
      if (reading === 'on-policy' && ks.sampled) text += `; ${sampledText(ks.sampled, 'first-order')}`;
      return text;
    }
    const worst = Math.max(...rs.jepaPoints.map((q) => q.delta - rs.bound(q.eps)));
    const status = rs.jepaStatus === 'noise' ? `a float64 excess that vanished at 64 digits (${rs.jepaConfirmation?.message})` : rs.jepaStatus === 'refuted' ? `EXCEEDED, confirmed at 64 digits (${rs.jepaConfirmation?.message})` : 'below the bound';
    let text = `${ks.label} (k = ${fmt(ks.k)}): exact Delta J_JEPA at eps 1e-1..1e-7 ${list(rs.jepaPoints.map((q) => q.delta))} against C eps + C' eps^2 ${list(rs.jepaPoints.map((q) => rs.bound(q.eps)))}, largest Delta - bound ${fmt(worst)}, ${status}`;
    if (reading === 'on-policy' && ks.sampled) text += `; ${sampledText(ks.sampled, 'bound')}`;
    return text;
  });
  return head + perK.join('. ') + '.';
}

function sampledText(s: SampledStudy, kind: Kind): string {
  const v = sampledVerdict(s, kind);
  const iv = kind === 'first-order' ? s.pg : s.jepa;
  const where = `sampled at eps = ${s.eps} (${s.rollouts} rollouts with common random numbers, ${iv.nonzero} with a nonzero difference, horizon ${s.horizon})`;
  const few = `fewer than ${MIN_NONZERO} rollouts differ, too few for the normal interval to be trusted, so it decides nothing`;
  if (kind === 'first-order') {
    const resolved = s.pg.ci95[0] > 0 || s.pg.ci95[1] < 0 ? 'the interval excludes 0' : 'the interval also contains 0 (sign not resolved)';
    const verdict = v === 'too few' ? few : v === 'inside' ? `the prediction lies inside; ${resolved}` : v === 'remainder' ? 'the prediction lies outside but the exact change inside: the interval resolves the O(eps^2) remainder, not a first-order discrepancy' : 'the prediction and the exact change both lie OUTSIDE (a miss)';
    return `${where}: Delta J_PG ${fmt(s.pg.mean)}, 95% CI ${interval(s.pg.ci95)}, predicted ${fmt(s.predictedPG)}, exact ${fmt(s.exactPG)}: ${verdict}`;
  }
  const verdict = v === 'too few' ? few : v === 'inside' ? 'no evidence of an excess over the bound' : 'the whole interval lies ABOVE the bound';
  return `${where}: Delta J_JEPA ${fmt(s.jepa.mean)}, 95% CI ${interval(s.jepa.ci95)}, exact ${fmt(s.exactJEPA)}, bound ${fmt(s.bound)}: ${verdict}`;
}

const RULE: Record<Kind, string> = {
  'first-order': `${TAYLOR_RULE} Sampled: the predicted -k1 k eps should lie in the 95% interval of a Monte-Carlo Delta J_PG (trainer's sampledDeltaJ) at the largest eps where the exact change is within ${SAMPLING_LINEAR_TOL * 100}% of the prediction (an interval resting on fewer than ${MIN_NONZERO} rollouts with a nonzero difference decides nothing); an interval missing the prediction but holding the exact change resolves the O(eps^2) remainder and counts as agreement; intervals missing both are misses, and only more misses than 95% coverage explains (binomial tail < ${MISS_TAIL}) make the verdict inconclusive, never refuted.`,
  bound: "Delta J_JEPA(eps) exact at eps = 1e-1..1e-7 against C eps + C' eps^2; an excess above float64 noise is a candidate, a refutation only if it persists at 64 digits at eps = 1e-6 and 1e-9. Sampled: a Monte-Carlo Delta J_JEPA whose whole 95% interval lies above the bound is a miss; more misses than 95% coverage explains (binomial tail < 0.01) make the verdict inconclusive, never refuted.",
};

function interpretation(prop: Prop, reading: Reading): string {
  return [
    `Trained networks: trainedConfigurations (exact-mode training, lambda = 1, RL gradient into the encoder) after 150 and after 1000 Adam steps from the same initialisation, for each training seed; the MLP world model as trained`,
    `collapse: states grouped when their codes are within ${COLLAPSE_TOL} x (mean code norm) of each other (single linkage; group diameters reported); the constructions are applied to the configuration with each group's codes replaced by the group mean (a change of the encoder's output table, not of the encoder MLP; its size and its effect on J are reported)`,
    prop === 'P1'
      ? 'Prop. 1 is applied only where all reachable states fall in one group (codes of unreachable states, which J never sees, need not collapse); (s_Δ, a_Δ) is the pair with positive advantage maximising k1; u from channelU; Assumption 1 decided exactly on the MDP (configurations where it fails are reported but cannot refute)'
      : "Prop. 2 is applied where some group has two or more states; (s_a, a_Δ) the pair in such a group with positive advantage maximising k1, s_b another state of its group; u, w from prop2Setup (u the first basis vector of U outside span(P), w the unit projection of u onto span(P)^⊥, so w^T u > 0); Assumption 3 in reading (i) dim span(P) <= d - |A| - 2",
    prop === 'P1' ? 'k = 1 and the §4.5 choice k = 2 (2C/k1); m = d_pi(s_Δ), C and C\' lambda-weighted as in the ledger' : 'k = 1 and the §5.5 choice k = 2 (2C/k1\'); m = d_pi(s_a), C and C\' lambda-weighted as in the ledger',
    reading === 'on-policy'
      ? 'on-policy: J_PG = -mu^T V^pi with the trajectory distribution moving with theta; the sampled comparison uses rollouts of both policies with common random numbers'
      : 'fixed-data: the eq. (1) surrogate with the unperturbed data held fixed (exact engine only; this surrogate is exactly linear in one logit because sum_a pi A = 0 cancels the log-partition term, so its remainder sits at float64 noise)',
  ].join('; ');
}

function resultFor({ id, prop, kind, what }: (typeof CLAIMS)[number], reading: Reading, studies: ConfigStudy[], seconds: number, seed: number): ClaimResult & { counterexampleFile?: CounterexampleFile } {
  const cases: Case[] = [];
  for (const s of studies) {
    const x = s.constructions[prop];
    if (x) cases.push({ study: s, c: x.construction, ks: x.ks, unsnappedOffset: x.unsnappedOffset, inHypotheses: prop === 'P2' || s.assumption1 });
  }
  const statusOf = (ks: KStudy) => (kind === 'first-order' ? ks.readings[reading].pgStatus : ks.readings[reading].jepaStatus);
  const inCases = cases.filter((k) => k.inHypotheses);
  const refuted = inCases.flatMap((k) => k.ks.filter((ks) => statusOf(ks) === 'refuted').map((ks) => ({ k, ks })));
  const noSignal = inCases.some((k) => k.ks.some((ks) => statusOf(ks) === 'no-signal'));
  const decided = reading === 'on-policy' ? inCases.flatMap((k) => k.ks.filter((ks) => ks.sampled && sampledVerdict(ks.sampled, kind) !== 'too few')) : [];
  const misses = decided.filter((ks) => sampledVerdict(ks.sampled!, kind) === 'miss');
  const missTail = binomialTail(decided.length, 0.05, misses.length);
  let verdict: Verdict | undefined;
  let why = '';
  if (refuted.length > 0) { verdict = 'refuted'; why = `${refuted.length} trained case(s) violate the claim, confirmed at 64 digits`; }
  else if (inCases.length === 0) { verdict = 'inconclusive'; why = cases.length > 0 ? 'every trained configuration the construction applied to fails a hypothesis (Assumption 1)' : 'no trained configuration is collapsed as the construction needs'; }
  else if (noSignal) { verdict = 'inconclusive'; why = 'the exact change is below float64 noise in some case'; }
  const missWord = kind === 'first-order' ? 'miss both the prediction and the exact change' : 'lie wholly above the bound';
  const outside = reading === 'on-policy' ? cases.filter((k) => !k.inHypotheses).flatMap((k) => k.ks.filter((ks) => ks.sampled && sampledVerdict(ks.sampled, kind) !== 'too few')) : [];
  const outsideText = outside.length > 0 ? ` (on the configurations outside the hypotheses, ${outside.filter((ks) => sampledVerdict(ks.sampled!, kind) === 'miss').length} of ${outside.length} decisive intervals ${missWord})` : '';
  const sampledSummary = reading !== 'on-policy' ? '' : decided.length === 0
    ? `; no sampled interval on the configurations meeting the hypotheses was decisive (too few rollouts differ), so the sampled comparison adds nothing there${outsideText}`
    : `; ${misses.length} of ${decided.length} decisive sampled 95% intervals ${missWord}, binomial tail ${fmt(missTail)} at 95% coverage${outsideText}`;
  if (verdict === undefined) {
    if (missTail < MISS_TAIL) { verdict = 'inconclusive'; why = `the exact comparison agrees, but more sampled intervals ${missWord} than 95% coverage explains${sampledSummary}`; }
    // CLAIMS.md's rule for every check: no violation on too few decided cases is inconclusive, not holds.
    // A configuration meeting every hypothesis is one decided case (the others cannot refute).
    else if (inCases.length < MIN_DECIDED) {
      verdict = 'inconclusive';
      const n = inCases.length;
      why = `consistent with ${what} on ${n} trained configuration${n === 1 ? '' : 's'} meeting every hypothesis (${inCases.map((k) => k.study.label).join('; ')}); 'holds' needs ${MIN_DECIDED} decided cases${sampledSummary}`;
    } else { verdict = 'holds'; why = `the exact comparison agrees in every case${sampledSummary}`; }
  }
  const skipped = studies.filter((s) => !s.constructions[prop]).map((s) => `${s.label}: ${s.skipped[prop]}`);
  const detail =
    `${RULE[kind]} Verdict: ${verdict} — ${why}. ` +
    `${cases.length} trained configuration(s) used (${inCases.length} meeting every hypothesis), ${studies.length} trained in all (training seeds ${[...new Set(studies.map((x) => x.label.replace(/.*seed (-?\d+)\)$/, '$1')))].join(', ')}). ` +
    cases.map((k) => caseText(k, kind, reading)).join(' ') +
    (skipped.length ? ` Not used: ${skipped.join('; ')}.` : '');
  const plots: PlotSeries[] = cases.flatMap((k) =>
    k.ks.map((ks) => {
      const rs = ks.readings[reading];
      const title = `${k.study.label}, ${ks.label} (${reading})`;
      return kind === 'first-order' ? taylorPlot(`Delta J_PG against ${prop === 'P1' ? '-k1' : "-k1'"} k eps: ${title}`, rs.fit) : boundPlot(`Delta J_JEPA against C eps + C' eps^2: ${title}`, rs.jepaPoints, rs.bound);
    }),
  );
  const result: ClaimResult & { counterexampleFile?: CounterexampleFile } = {
    reading,
    verdict: verdict!,
    method: 'trained',
    cases: cases.length,
    decided: inCases.length,
    corners: [...new Set(cases.map((k) => k.study.env))],
    cornerCounts: Object.fromEntries([...new Set(cases.map((k) => k.study.env))].map((e) => [e, cases.filter((k) => k.study.env === e).length])),
    counterexample: null,
    detail,
    interpretation: interpretation(prop, reading),
    plots,
    seconds: Math.round(seconds * 1000) / 1000,
  };
  if (kind === 'bound' && cases.length > 0) {
    const worst = Math.max(...cases.flatMap((k) => k.ks.flatMap((ks) => ks.readings[reading].jepaPoints.map((q) => q.delta - ks.readings[reading].bound(q.eps)))));
    result.margins = { float64: worst, highPrecision: null };
  }
  if (refuted.length > 0) {
    const { k, ks } = refuted[0];
    const rs = ks.readings[reading];
    const outcome = kind === 'first-order' ? rs.pgOutcome : rs.jepaOutcome;
    const confirmation = kind === 'first-order' ? rs.pgConfirmation : rs.jepaConfirmation;
    if (outcome.kind === 'violation' && confirmation) {
      const path = `reports/counterexamples/${id}.${reading}.trained.json`;
      result.counterexample = path;
      result.margins = { float64: outcome.margin, highPrecision: confirmation.margin, digits: confirmation.digits };
      result.counterexampleFile = {
        schemaVersion: 1, claim: id, reading,
        replay: { seed, path: `trained:${k.study.label}:${ks.label}` },
        instance: k.c.instance,
        construction: outcome.construction,
        measured: outcome.measured,
        predicted: outcome.predicted,
        message: `${outcome.message} (trained configuration ${k.study.label}, snapped; ${atPrecision(confirmation.digits)}: ${confirmation.message})`,
      };
    }
  }
  return result;
}

/**
 * Results of method 'trained' by claim ID: P1.eq3, P1.eq5, P2.eq3, P2.jepa, each under the
 * on-policy reading (exact and sampled) and the fixed-data reading (exact). Both modes study the
 * trained configurations (150 and 1000 training steps); quick trains with the given seed and
 * draws 50 000 rollouts per sampled comparison, full trains with three seeds and draws 500 000.
 */
export function trainedResults(opts: TrainedOptions): Map<string, ClaimResult[]> {
  const started = performance.now();
  const studies = trainedStudies(opts);
  return resultsFromStudies(studies, opts.seed, (performance.now() - started) / 1000);
}

export function resultsFromStudies(studies: ConfigStudy[], seed: number, seconds = 0): Map<string, ClaimResult[]> {
  const out = new Map<string, ClaimResult[]>();
  for (const claim of CLAIMS)
    out.set(claim.id, (['on-policy', 'fixed-data'] as const).map((reading) => resultFor(claim, reading, studies, seconds / CLAIMS.length / 2, seed)));
  return out;
}
