// The kenneweg experiment's table and findings, derived from training.json alone (no clock, no
// hand-written verdicts): per environment and configuration, return with a 95% interval against a
// random policy and the optimum, collapse counts under both criteria, scale and shape; then which
// of Kenneweg et al.'s findings reproduce under which criterion. A configuration whose return is not
// above the random policy's is reported as not learning, and no collapse conclusion rests on it.

import { COLLAPSE_CONVENTIONS, KENNEWEG_THRESHOLD, SCALE_FREE_THRESHOLD, collapsedKenneweg, collapsedScaleFree } from './metrics.ts';
import { KENNEWEG_BUDGET, KENNEWEG_CONFIGS, KENNEWEG_HYPER, type KennewegConfig, type KennewegEnv, type Reference, reference } from './kenneweg.ts';
import type { RunRecord, TrainingReport } from './records.ts';

/** Two-sided 95% Student t quantiles for 1..10 degrees of freedom. */
const T95 = [12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228];

export interface CellSummary {
  env: string;
  config: KennewegConfig;
  label: string;
  /** null where there is no JEPA loss (an EMA target has nothing to do). */
  ema: boolean | null;
  runs: number;
  returnMean: number | null;
  /** Half-width of the 95% interval: over seeds (t) with 2+ seeds, else the one run's evaluation episodes. */
  returnCi: number | null;
  ref: Reference;
  learns: boolean;
  collapsed1e7: number;
  collapsedScaleFree: number;
  meanNorm: number | null;
  headNorm: number | null;
  spread: number | null;
  effRank: number | null;
  batchVariance: number | null;
}

export function median(xs: (number | null | undefined)[]): number | null {
  const v = xs.filter((x): x is number => typeof x === 'number').sort((a, b) => a - b);
  if (v.length === 0) return null;
  const m = Math.floor(v.length / 2);
  return v.length % 2 ? v[m] : (v[m - 1] + v[m]) / 2;
}

const isKennewegRun = (r: RunRecord) => typeof r.config === 'string' && r.config in KENNEWEG_CONFIGS;

export function kennewegCells(report: TrainingReport): CellSummary[] {
  const runs = report.runs.filter(isKennewegRun);
  const out: CellSummary[] = [];
  const refs = new Map<string, Reference>();
  for (const env of [...new Set(runs.map((r) => r.env))]) {
    if (!refs.has(env)) refs.set(env, reference(env as KennewegEnv));
    const ref = refs.get(env)!;
    for (const config of Object.keys(KENNEWEG_CONFIGS) as KennewegConfig[])
      for (const ema of [true, false]) {
        const rs = runs.filter((r) => r.env === env && r.config === config && (r.ema === true) === ema);
        if (rs.length === 0) continue;
        const rets = rs.map((r) => r.final.return).filter((x): x is number => x !== null);
        const n = rets.length;
        const mean = n > 0 ? rets.reduce((a, b) => a + b, 0) / n : null;
        let ci: number | null = null;
        if (n >= 2 && mean !== null) {
          const sd = Math.sqrt(rets.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1));
          ci = ((T95[n - 2] ?? 1.96) * sd) / Math.sqrt(n);
        } else if (n === 1) ci = rs[0].final.returnCi ?? null;
        const learns = mean !== null && ci !== null && mean - ci > ref.random + ref.randomCi;
        out.push({
          env, config, label: KENNEWEG_CONFIGS[config].label, ema: KENNEWEG_CONFIGS[config].jepa ? ema : null, runs: rs.length,
          returnMean: mean, returnCi: ci, ref, learns,
          collapsed1e7: rs.filter((r) => collapsedKenneweg(r.final.batchVariance)).length,
          collapsedScaleFree: rs.filter((r) => collapsedScaleFree(r.final.spread ?? r.final.scaleFreeVariance, r.final.effRank ?? null)).length,
          meanNorm: median(rs.map((r) => r.final.meanNorm)),
          headNorm: median(rs.map((r) => r.final.headNorm)),
          spread: median(rs.map((r) => r.final.spread)),
          effRank: median(rs.map((r) => r.final.effRank)),
          batchVariance: median(rs.map((r) => r.final.batchVariance)),
        });
      }
  }
  return out;
}

export type Criterion = '1e-7' | 'scale-free';
export type FindingVerdict = 'reproduces' | 'partly' | 'does not reproduce' | 'not assessed';

export interface Finding {
  env: string;
  ema: boolean;
  id: 'F1' | 'F2' | 'F3' | 'F4';
  claim: string;
  /** Per criterion for F1-F3; F4 compares returns and has one verdict under both keys. */
  verdict: Record<Criterion, FindingVerdict>;
  detail: Record<Criterion, string>;
}

export const FINDINGS: Record<Finding['id'], string> = {
  F1: 'without RL gradients and without a regulariser (JEPA only) the encoder collapses',
  F2: 'with RL gradients (JEPA + RL) the encoder does not collapse',
  F3: 'a variance regulariser without RL gradients (JEPA + variance regulariser) prevents collapse',
  F4: 'RL gradients do better than the external regulariser (JEPA + RL return above JEPA + variance regulariser)',
};

/** Short forms for the generated sentences. */
export const FINDINGS_SHORT: Record<Finding['id'], string> = {
  F1: 'JEPA only collapses',
  F2: 'JEPA + RL does not collapse',
  F3: 'the variance regulariser prevents collapse',
  F4: 'RL gradients beat the regulariser on return',
};

const collapsedOf = (c: CellSummary, k: Criterion) => (k === '1e-7' ? c.collapsed1e7 : c.collapsedScaleFree);

export function fmt(x: number | null, digits = 3): string {
  if (x === null || !Number.isFinite(x)) return 'n/a';
  if (x === 0) return '0';
  const a = Math.abs(x);
  if (a >= 1e4 || a < 1e-2) return x.toExponential(digits - 1);
  return Number(x.toPrecision(digits)).toString();
}

export const returnText = (c: CellSummary) => `${fmt(c.returnMean)} ± ${fmt(c.returnCi)}`;
const notLearning = (c: CellSummary) => `${c.label} does not learn (return ${returnText(c)} vs random ${fmt(c.ref.random)})`;

function collapseFinding(c: CellSummary, k: Criterion, wantCollapsed: boolean): [FindingVerdict, string] {
  if (!c.learns) return ['not assessed', notLearning(c)];
  const m = collapsedOf(c, k);
  const hit = wantCollapsed ? m : c.runs - m;
  const v: FindingVerdict = hit === c.runs ? 'reproduces' : hit === 0 ? 'does not reproduce' : 'partly';
  return [v, `${m}/${c.runs} ${c.label} runs collapsed`];
}

export function kennewegFindings(report: TrainingReport): Finding[] {
  const cells = kennewegCells(report);
  const out: Finding[] = [];
  for (const env of [...new Set(cells.map((c) => c.env))])
    for (const ema of [true, false]) {
      const cell = (config: KennewegConfig) => cells.find((c) => c.env === env && c.config === config && c.ema === ema);
      const pairs: [Finding['id'], KennewegConfig, boolean][] = [['F1', 'jepa', true], ['F2', 'jepa+rl', false], ['F3', 'jepa+var', false]];
      for (const [id, config, wantCollapsed] of pairs) {
        const c = cell(config);
        if (!c) continue;
        const a = collapseFinding(c, '1e-7', wantCollapsed), b = collapseFinding(c, 'scale-free', wantCollapsed);
        out.push({ env, ema, id, claim: FINDINGS[id], verdict: { '1e-7': a[0], 'scale-free': b[0] }, detail: { '1e-7': a[1], 'scale-free': b[1] } });
      }
      const rl = cell('jepa+rl'), vr = cell('jepa+var');
      if (rl && vr) {
        let v: FindingVerdict, d: string;
        const lo = (c: CellSummary) => (c.returnMean ?? NaN) - (c.returnCi ?? Infinity);
        const hi = (c: CellSummary) => (c.returnMean ?? NaN) + (c.returnCi ?? Infinity);
        if (!rl.learns && !vr.learns) [v, d] = ['not assessed', 'neither configuration learns'];
        else if (lo(rl) > hi(vr)) [v, d] = ['reproduces', `JEPA + RL ${returnText(rl)} above JEPA + variance regulariser ${returnText(vr)}`];
        else if (lo(vr) > hi(rl)) [v, d] = ['does not reproduce', `JEPA + variance regulariser ${returnText(vr)} above JEPA + RL ${returnText(rl)}`];
        else [v, d] = ['not assessed', `the 95% intervals overlap (JEPA + RL ${returnText(rl)}, regulariser ${returnText(vr)})`];
        out.push({ env, ema, id: 'F4', claim: FINDINGS.F4, verdict: { '1e-7': v, 'scale-free': v }, detail: { '1e-7': d, 'scale-free': d } });
      }
    }
  return out;
}

/** One generated sentence per environment and EMA setting. */
export function findingSentences(report: TrainingReport): string[] {
  const fs = kennewegFindings(report);
  const out: string[] = [];
  for (const env of [...new Set(fs.map((f) => f.env))])
    for (const ema of [true, false]) {
      const g = fs.filter((f) => f.env === env && f.ema === ema);
      if (g.length === 0) continue;
      const parts = g.map((f) => {
        const head = `${f.id} "${FINDINGS_SHORT[f.id]}"`;
        if (f.id === 'F4' || f.verdict['1e-7'] === 'not assessed') return `${head}: ${f.verdict['1e-7']} (${f.detail['1e-7']})`;
        const same = f.verdict['1e-7'] === f.verdict['scale-free'] && f.detail['1e-7'] === f.detail['scale-free'];
        return same
          ? `${head}: ${f.verdict['1e-7']} under both criteria (${f.detail['1e-7']})`
          : `${head}: ${f.verdict['1e-7']} under the 1e-7 threshold (${f.detail['1e-7']}), ${f.verdict['scale-free']} under the scale-free criterion (${f.detail['scale-free']})`;
      });
      // F2 and F3 say a safeguard prevents a collapse; that is only shown where the unguarded
      // configuration (F1) does collapse under the same criterion.
      const f1 = g.find((f) => f.id === 'F1');
      const vacuous = (['1e-7', 'scale-free'] as const).filter((k) => f1?.verdict[k] === 'does not reproduce');
      const caveat = vacuous.length
        ? ` JEPA only did not collapse either under ${vacuous.length === 2 ? 'either criterion' : `the ${vacuous[0] === '1e-7' ? '1e-7 threshold' : 'scale-free criterion'}`}, so F2 and F3 holding there does not show that RL gradients or the regulariser prevent a collapse.`
        : '';
      out.push(`${env}, ${ema ? 'EMA target encoder (as Kenneweg et al.)' : 'no EMA target (eq. (1))'}: ${parts.join('; ')}.${caveat}`);
    }
  return out;
}

export function kennewegMarkdown(report: TrainingReport): string {
  const L: string[] = [];
  const cells = kennewegCells(report);
  const seeds = [...new Set(report.runs.map((r) => r.seed))];
  const H = KENNEWEG_HYPER;
  const envs = [...new Set(cells.map((c) => c.env))];
  L.push("## Training: Kenneweg et al. (2025)'s four configurations", '');
  L.push(
    `Experiment \`${report.experiment}\`${report.quick ? ' (--quick: reduced budget, not for conclusions)' : ''}, seeds ${seeds.join(', ')} (${seeds.length} per cell), ${report.runs.length} runs. ` +
      `RL algorithm: **A2C** (eq. (1): Monte-Carlo returns, value baseline, advantages standardised per batch, value targets G x ${H.returnScale}), not the PPO of Kenneweg et al. ` +
      `Network: encoder E_phi = tanh MLP (pixels -> ${H.hidden} -> d = ${H.d}, last layer linear), linear softmax policy head and linear value head on the code, world model W_psi = tanh MLP on [z; onehot(a)]. ` +
      `Adam lr ${H.lr}, gradient clip ${H.clip}, gamma ${H.gamma}, lambda ${H.lambda} on the JEPA loss, variance regulariser = ${H.varCoef} x mean_j max(0, 1 - sqrt(Var_j(z) + 1e-4)) (VICReg's variance term), ` +
      `EMA target encoder tau ${H.emaTau} per update (without EMA the target is E_phi(s_{t+1}) itself, gradient through both sides, as eq. (1)).`,
    '',
  );
  for (const env of envs) {
    const b = KENNEWEG_BUDGET[env as KennewegEnv]?.[report.quick ? 'quick' : 'full'];
    const desc = env === 'catch' ? "bsuite Catch, the 10 x 5 binary board (50 inputs)" : 'CartPole-v1 dynamics seen as two stacked 40 x 11 grayscale frames (880 inputs)';
    L.push(`- **${env}**: ${desc}; ${b ? `${b.steps} environment steps per run, updates on whole episodes of at least ${b.batchSteps} steps, final return over ${b.evalEpisodes} evaluation episodes (sampled policy)` : ''}.`);
  }
  L.push('- Codes measured on a fixed probe of 256 random-policy observations per run.', '');
  L.push(
    `"learns" = the lower end of the return's 95% interval (Student t over seeds; one seed: over its evaluation episodes) is above the random policy's mean plus its own interval. ` +
      'Collapse counts of a configuration that does not learn are shown in brackets and no conclusion is drawn from them.',
    '',
  );
  for (const env of envs) {
    const cs = cells.filter((c) => c.env === env);
    const ref = cs[0].ref;
    L.push(`### ${env}: return against random ${fmt(ref.random)}${ref.randomCi > 0 ? ` ± ${fmt(ref.randomCi)}` : ' (exact)'}, ${ref.optimumKind} ${fmt(ref.optimum)}`, '');
    L.push(`| configuration | EMA target | return (95% CI) | learns? | collapsed (batch var < ${KENNEWEG_THRESHOLD}) | collapsed (scale-free) | mean code norm | head norm | spread | effRank | batch variance |`);
    L.push('|---|---|---|---|---|---|---|---|---|---|---|');
    for (const c of cs) {
      const cnt = (k: number) => (c.learns ? `${k}/${c.runs}` : `(${k}/${c.runs})`);
      L.push(
        `| ${c.label} | ${c.ema === null ? 'n/a' : c.ema ? 'yes' : 'no'} | ${returnText(c)} | ${c.learns ? 'yes' : '**no**'} | ${cnt(c.collapsed1e7)} | ${cnt(c.collapsedScaleFree)} | ` +
          `${fmt(c.meanNorm)} | ${fmt(c.headNorm)} | ${fmt(c.spread)} | ${fmt(c.effRank)} | ${fmt(c.batchVariance)} |`,
      );
    }
    L.push('', 'Scale and shape columns are medians over seeds of the final codes.', '');
  }
  L.push('### Which of Kenneweg et al.\'s findings reproduce', '');
  L.push('| env | EMA target | finding | under batch var < 1e-7 | under the scale-free criterion |', '|---|---|---|---|---|');
  for (const f of kennewegFindings(report))
    L.push(`| ${f.env} | ${f.ema ? 'yes' : 'no'} | ${f.id}: ${f.claim} | ${f.verdict['1e-7']} | ${f.verdict['scale-free']} |`);
  L.push('', ...findingSentences(report).map((s) => `- ${s}`), '');
  L.push(
    `Criteria: "batch var < 1e-7" is Kenneweg et al.'s threshold on the raw per-dimension batch variance; "scale-free" is spread < ${SCALE_FREE_THRESHOLD} (the same threshold after rescaling the codes to unit mean square per coordinate) or no spread above float64 rounding. ` +
      'reproduces = every run agrees with the finding, partly = some do, does not reproduce = none does; not assessed = the configuration does not learn, or (F4) the return intervals overlap.',
    '',
  );
  L.push('Metric conventions:', '', ...COLLAPSE_CONVENTIONS.map((c) => `- ${c}`), '');
  return L.join('\n');
}
