// The human side of reports/training.json: a markdown section and the Kenneweg comparison.
// Nothing here reads the clock, so the section is as reproducible as the JSON.

import { COLLAPSE_CONVENTIONS, KENNEWEG_THRESHOLD } from './metrics.ts';
import type { MetricPoint, RunRecord, TrainingReport } from './records.ts';
import { findingSentences, kennewegMarkdown } from './kenneweg-report.ts';

export type KennewegVerdict = 'reproduces' | 'partly' | 'direction only' | 'does not reproduce' | 'not assessed' | 'no data';

export interface ConditionSummary {
  runs: number;
  /** Runs whose final batch variance is below Kenneweg et al.'s 1e-7 (null counts as not collapsed). */
  collapsed: number;
  medianBatchVariance: number | null;
  medianScaleFreeVariance: number | null;
  medianReturn: number | null;
  /** Runs whose final return rose above their first recorded one by more than LEARNING_GAIN (relative). */
  learned?: number;
}

/**
 * The relative rise of the return over a run that counts as learning: half its starting value. A JEPA +
 * RL run whose policy stays near its start gave its encoder almost no RL signal (FrozenLake's reward is
 * at the goal only; the quick A2C runs go from 0.0122 to 0.0137, a policy still close to random), so it
 * cannot test whether RL gradients prevent collapse: 'not assessed', not 'does not reproduce'.
 */
export const LEARNING_GAIN = 0.5;

/** How different two scale-free variances must be (relative) for the text to call one lower. */
export const SCALE_FREE_GAP = 0.05;

function learnedRun(r: RunRecord): boolean {
  const start = r.curve.find((p) => p.return !== null)?.return ?? null;
  const end = r.final.return;
  return start !== null && end !== null && end > start + LEARNING_GAIN * Math.max(Math.abs(start), 1e-12);
}

export interface KennewegRow {
  env: string;
  mode: string;
  jepaOnly: ConditionSummary;
  jepaPlusRl: ConditionSummary;
  verdict: KennewegVerdict;
  /** kenneweg experiment: the generated findings sentence for this environment and EMA setting. */
  text?: string;
}

function median(xs: (number | null)[]): number | null {
  const v = xs.filter((x): x is number => x !== null).sort((a, b) => a - b);
  if (v.length === 0) return null;
  const m = Math.floor(v.length / 2);
  return v.length % 2 ? v[m] : (v[m - 1] + v[m]) / 2;
}

export const isCollapsed = (p: MetricPoint) => p.batchVariance !== null && p.batchVariance < KENNEWEG_THRESHOLD;

function summarise(runs: RunRecord[]): ConditionSummary {
  return {
    runs: runs.length,
    collapsed: runs.filter((r) => isCollapsed(r.final)).length,
    medianBatchVariance: median(runs.map((r) => r.final.batchVariance)),
    medianScaleFreeVariance: median(runs.map((r) => r.final.scaleFreeVariance)),
    medianReturn: median(runs.map((r) => r.final.return)),
    learned: runs.filter(learnedRun).length,
  };
}

function groups(report: TrainingReport): { env: string; mode: string; runs: RunRecord[] }[] {
  const out: { env: string; mode: string; runs: RunRecord[] }[] = [];
  for (const r of report.runs) {
    let g = out.find((x) => x.env === r.env && x.mode === r.mode);
    if (!g) out.push((g = { env: r.env, mode: r.mode, runs: [] }));
    g.runs.push(r);
  }
  return out;
}

function verdictOf(jepaOnly: ConditionSummary, jepaPlusRl: ConditionSummary): KennewegVerdict {
  let verdict: KennewegVerdict;
  if (jepaOnly.runs === 0 || jepaPlusRl.runs === 0) verdict = 'no data';
  else if (jepaPlusRl.learned === 0) verdict = 'not assessed';
  else if (jepaOnly.collapsed === jepaOnly.runs && jepaPlusRl.collapsed === 0) verdict = 'reproduces';
  else if (jepaOnly.collapsed / jepaOnly.runs > jepaPlusRl.collapsed / jepaPlusRl.runs) verdict = 'partly';
  else if (
    jepaOnly.collapsed / jepaOnly.runs === jepaPlusRl.collapsed / jepaPlusRl.runs &&
    jepaOnly.medianBatchVariance !== null &&
    jepaPlusRl.medianBatchVariance !== null &&
    jepaOnly.medianBatchVariance * DIRECTION_FACTOR <= jepaPlusRl.medianBatchVariance
  )
    verdict = 'direction only';
  else verdict = 'does not reproduce';
  return verdict;
}

/** How much lower the JEPA-only median batch variance must be for 'direction only'. */
export const DIRECTION_FACTOR = 10;

/**
 * Kenneweg et al. (2025): without RL gradients the JEPA encoder collapses (batch variance < 1e-7),
 * with them it does not. 'reproduces' = every JEPA-only run collapsed and no JEPA + RL run did;
 * 'partly' = a larger share of JEPA-only runs collapsed than of JEPA + RL runs; 'direction only' =
 * equal shares (the threshold not reached) but a JEPA-only median batch variance at least
 * DIRECTION_FACTOR times lower.
 */
export function kennewegComparison(report: TrainingReport): KennewegRow[] {
  // The four-configuration grid has its own table (kenneweg-report.ts); its rows here compare JEPA
  // only with JEPA + RL per environment and EMA setting and carry the generated findings sentence.
  const grid = report.runs.filter((r) => r.config !== undefined);
  if (grid.length > 0) {
    const sentences = findingSentences(report);
    const rows: KennewegRow[] = [];
    for (const env of [...new Set(grid.map((r) => r.env))])
      for (const ema of [true, false]) {
        const of = (config: string) => grid.filter((r) => r.env === env && r.config === config && (r.ema === true) === ema);
        const jo = summarise(of('jepa')), jr = summarise(of('jepa+rl'));
        if (jo.runs === 0 && jr.runs === 0) continue;
        const text = sentences.find((t) => t.startsWith(`${env}, ${ema ? 'EMA' : 'no EMA'}`));
        rows.push({ env, mode: `a2c, ${ema ? 'EMA target' : 'no EMA'}`, jepaOnly: jo, jepaPlusRl: jr, verdict: verdictOf(jo, jr), text });
      }
    return rows;
  }
  return groups(report).map(({ env, mode, runs }) => {
    const jepaOnly = summarise(runs.filter((r) => !r.rlIntoEncoder));
    const jepaPlusRl = summarise(runs.filter((r) => r.rlIntoEncoder));
    const verdict = verdictOf(jepaOnly, jepaPlusRl);
    return { env, mode, jepaOnly, jepaPlusRl, verdict };
  });
}

export function fmt(x: number | null, digits = 3): string {
  if (x === null) return 'n/a';
  if (x === 0) return '0';
  const a = Math.abs(x);
  if (a >= 1e4 || a < 1e-2) return x.toExponential(digits - 1);
  return Number(x.toPrecision(digits)).toString();
}

const range = (xs: (number | null)[]) => {
  const v = xs.filter((x): x is number => x !== null);
  if (v.length === 0) return 'n/a';
  const m = fmt(median(v));
  return v.length === 1 ? m : `${m} [${fmt(Math.min(...v))}, ${fmt(Math.max(...v))}]`;
};

export function trainingMarkdown(report: TrainingReport): string {
  if (report.runs.some((r) => r.config !== undefined)) return kennewegMarkdown(report);
  const L: string[] = [];
  const seeds = [...new Set(report.runs.map((r) => r.seed))];
  const stopGrad = [...new Set(report.runs.map((r) => r.stopGradTarget))];
  L.push('## Training: does the policy gradient keep the JEPA encoder from collapsing?', '');
  L.push(
    `Experiment \`${report.experiment}\`${report.quick ? ' (--quick: reduced budget, not for conclusions)' : ''}, ` +
      `seeds ${seeds.join(', ')}, ${report.runs.length} runs. Network: encoder E_phi = tanh MLP (observation -> 32 -> d = 16), ` +
      'a linear softmax policy head l(z) = W z + b and a linear value head on the code, world model W_psi = tanh MLP on [z; onehot(a)] (-> 32 -> 16); ' +
      'Adam, float64. "RL -> E = no" detaches the code fed to the heads, so only the JEPA loss trains the encoder.',
    '',
  );
  L.push(
    '- **exact** (tabular): J = J_PG + J_JEPA with J_PG = -mu^T V^pi and J_JEPA = lambda sum_s d_pi(s) sum_a pi(a|s) sum_s\' P(s\'|s,a) ||W_psi(E(s),a) - E(s\')||^2 ' +
      '(d_pi the discounted visitation, gamma = 0.99), differentiated end to end through (I - gamma P_pi)^{-1} (on-policy reading). The value head is a readout on detached codes. return = mu^T V^pi.',
    '- **a2c**: eq. (1) on N sampled episodes per update, A_t = G_t - V(E(s_t)) from the value head (value loss coefficient 0.5), JEPA loss on the sampled transitions, undiscounted as in eq. (1); ' +
      'each sum divided by the batch\'s step count. FrozenLake return = exact mu^T V^pi of the current policy; CartPole return = mean undiscounted return (curve: the update\'s batch; final: 20 evaluation episodes).',
    `- stop-gradient on the JEPA target E(s_{t+1}): ${stopGrad.map((s) => (s ? 'yes' : 'no')).join(', ')}.`,
    '- Codes measured: FrozenLake, all 16 states; CartPole, a fixed probe of 256 random-policy observations.',
    '',
  );
  L.push('Metric conventions:', '', ...COLLAPSE_CONVENTIONS.map((c) => `- ${c}`), '');

  L.push('### Final metrics (median [min, max] over seeds)', '');
  L.push('| env | mode | lambda | RL -> E | return | batch variance | scale-free variance | RankMe | distinct codes | mean norm | head norm | collapsed (< 1e-7) |');
  L.push('|---|---|---|---|---|---|---|---|---|---|---|---|');
  for (const g of groups(report)) {
    const lambdas = [...new Set(g.runs.map((r) => r.lambda))];
    for (const lambda of lambdas)
      for (const rl of [false, true]) {
        const rs = g.runs.filter((r) => r.lambda === lambda && r.rlIntoEncoder === rl);
        if (rs.length === 0) continue;
        const col = (k: 'return' | 'batchVariance' | 'scaleFreeVariance' | 'rankMe' | 'distinctCodes' | 'meanNorm' | 'headNorm') => range(rs.map((r) => r.final[k]));
        L.push(
          `| ${g.env} | ${g.mode} | ${lambda} | ${rl ? 'yes' : 'no'} | ${col('return')} | ${col('batchVariance')} | ${col('scaleFreeVariance')} | ${col('rankMe')} | ` +
            `${col('distinctCodes')} | ${col('meanNorm')} | ${col('headNorm')} | ${rs.filter((r) => isCollapsed(r.final)).length}/${rs.length} |`,
        );
      }
  }
  L.push('');

  L.push('### Comparison with Kenneweg et al. (2025)', '');
  L.push(
    'Kenneweg et al. (pixel CartPole, momentum target encoder) report that a JEPA encoder trained without RL gradients collapses (batch variance < 1e-7) ' +
      'while one that also receives the RL gradients does not. Here, per environment and mode, over all lambdas and seeds:',
    '',
  );
  L.push(
    '| env | mode | JEPA only: collapsed | median batch var | median scale-free var | JEPA + RL: collapsed | median batch var | median scale-free var | reproduces? |',
  );
  L.push('|---|---|---|---|---|---|---|---|---|');
  const rows = kennewegComparison(report);
  for (const r of rows)
    L.push(
      `| ${r.env} | ${r.mode} | ${r.jepaOnly.collapsed}/${r.jepaOnly.runs} | ${fmt(r.jepaOnly.medianBatchVariance)} | ${fmt(r.jepaOnly.medianScaleFreeVariance)} | ` +
        `${r.jepaPlusRl.collapsed}/${r.jepaPlusRl.runs} | ${fmt(r.jepaPlusRl.medianBatchVariance)} | ${fmt(r.jepaPlusRl.medianScaleFreeVariance)} | ${r.verdict} |`,
    );
  L.push('');
  L.push(
    `Verdicts: reproduces = every JEPA-only run below 1e-7 and no JEPA + RL run; partly = a larger share of JEPA-only runs below 1e-7; ` +
      `direction only = no difference at the threshold but a JEPA-only median batch variance at least ${DIRECTION_FACTOR}x lower; ` +
      `not assessed = no JEPA + RL run's return rose by more than ${LEARNING_GAIN * 100}% of its start (little RL signal reached the encoder); otherwise does not reproduce.`,
    '',
  );
  for (const r of rows) L.push(`- ${kennewegSentence(r)}`);
  L.push('');
  L.push(
    'Reading the figures: batch variance is not scale-free. The paper\'s J has no weight decay, so codes can shrink while the head grows ' +
      '(compare mean norm and head norm) and J_JEPA falls with the code scale at no cost to J_PG; a low batch variance with a large head ' +
      'norm and a RankMe above 1 is a shrunken, not a structureless, code. Without the RL path, lambda only rescales the encoder\'s gradient, ' +
      'which Adam largely undoes.',
    '',
  );
  return L.join('\n');
}

export function kennewegSentence(r: KennewegRow): string {
  if (r.text !== undefined) return r.text;
  const a = r.jepaOnly, b = r.jepaPlusRl;
  let s =
    `${r.env} (${r.mode}): JEPA only ${a.collapsed}/${a.runs} collapsed (median final batch variance ${fmt(a.medianBatchVariance)}, median return ${fmt(a.medianReturn)}); ` +
    `JEPA + RL ${b.collapsed}/${b.runs} collapsed (median ${fmt(b.medianBatchVariance)}, median return ${fmt(b.medianReturn)}): ${r.verdict}` +
    (r.verdict === 'not assessed' ? ` (no JEPA + RL run's return rose by more than ${LEARNING_GAIN * 100}% of its start: the policy barely learned, so little RL signal reached the encoder).` : '.');
  // Batch variance is not scale-free; say so when the scale-free measure points the other way by more than SCALE_FREE_GAP.
  if (a.medianScaleFreeVariance !== null && b.medianScaleFreeVariance !== null && b.medianScaleFreeVariance < a.medianScaleFreeVariance * (1 - SCALE_FREE_GAP)) {
    s += ` The scale-free variance is lower WITH RL (${fmt(b.medianScaleFreeVariance)} vs ${fmt(a.medianScaleFreeVariance)})`;
    // Only a batch variance that is larger as printed is called larger (equal medians once read 'larger').
    const printedLarger = fmt(b.medianBatchVariance) !== fmt(a.medianBatchVariance) && (b.medianBatchVariance ?? 0) > (a.medianBatchVariance ?? 0);
    s += printedLarger ? ": the RL condition's larger batch variance comes with a larger common offset of the codes." : fmt(b.medianBatchVariance) === fmt(a.medianBatchVariance) ? ', with the batch variances equal to the digits shown.' : '.';
  }
  return s;
}
