// The second copy of the re-checkable claims, kept only for the variants whose overrides are not
// yet fields of src/claims/configuration.ts (head, encoder, construction, Lipschitz rule, readings,
// generator, hypotheses): their variant column and the same-case notes. A report's paper column is
// the ledger's own checks (run.ts); a configured variant runs those under its configuration.
// The rules are the ledger's (src/claims/prop1Checks.ts, properties/P1.*.ts): first-order claims by
// the Taylor rule, bounds by the noise-aware excess, and every candidate confirmed at 64 digits;
// a candidate whose configuration has no 64-digit form is reported, never counted as refuted.
import { fmt, type Confirmation, type Outcome, type PropertyCheck } from '../claims/framework.ts';
import { EPS_SEQUENCE, TAYLOR_RULE, taylorFit } from '../claims/taylor.ts';
import { confirmBound, confirmSlope } from '../claims/confirm.ts';
import { reachableStates } from '../engine/mdp.ts';
import { eq5Bound } from '../construction/prop1.ts';
import { instanceCorners } from '../search/corners.ts';
import { lipschitz, worldModelFn } from '../engine/worldModel.ts';
import { P, precisePredictor } from './precise.ts';
import {
  codesAt, deltaSeries, eq5Constants, logitsWithScale, preciseSetup, setupFor,
  type Config, type PreciseSetup, type Setup,
} from './setup.ts';
import type { Big, ObjectiveReading, VariantCase, VariantClaimId } from './types.ts';

export interface ClaimText {
  statement: string;
  paper: string;
  /** What the generic check asserts, when it generalises the paper's statement to other classes. */
  reading?: string;
}

export const CLAIM_TEXT: Record<VariantClaimId, ClaimText> = {
  'P1.u-exists': { statement: 'if d - rank(W) >= 2, a unit u with W u = 0 and u^T z_d = 0 exists', paper: '§4.2', reading: 'under the hypotheses, the construction returns a direction u and a head tweak r' },
  'P1.logits-fixed': { statement: '(W + dW) z_d = W z_d for dW = k e_aΔ u^T', paper: '§4.2', reading: 'after the change, the logits of every state other than s_Δ are what they were' },
  'P1.logit-gain': { statement: '(W + dW)(z_d + eps u) = W z_d + k eps e_aΔ', paper: '§4.2', reading: 'after the change, the logits of s_Δ are the old ones plus k eps in a_Δ, exactly' },
  'P1.k1-pos': { statement: 'under Assumption 1, k1 > 0 for the (s_Δ, a_Δ) it provides', paper: '§4.3' },
  'P1.eq3': { statement: 'Delta J_PG = -k1 k eps + O(eps^2), k1 = d_pi(s_Δ) p_aΔ A^{pi_c}(s_Δ, a_Δ)', paper: 'eq. (3)' },
  'P1.eq4': { statement: "e' <= L eps + e and e'^2 - e^2 <= L^2 eps^2 + 2 L eps e", paper: 'eq. (4)' },
  'P1.eq5': { statement: "Delta J_JEPA <= C eps + C' eps^2, C = 2 m L E_max, C' = m L^2", paper: 'eq. (5)' },
  'P1.combine': { statement: 'with k > 2C/k1 and eps small enough, Delta J < 0', paper: '§4.5' },
  'P2.u-exists': { statement: 'under Assumption 3, a unit u in U \\ span(P) exists', paper: '§5.3', reading: 'under the hypotheses, the construction returns u and w' },
  'P2.logits-fixed': { statement: '(W + dW) z = W z for the code z of every state other than s_a', paper: '§5.4' },
  'P2.logit-gain': { statement: '(W + dW)(z_d + eps u) = W z_d + k eps (w^T u) e_aΔ', paper: '§5.4' },
  'P2.k1-pos': { statement: "k1' = d_pi(s_a) p_aΔ A^{pi_c}(s_a, a_Δ) w^T u > 0", paper: '§5.5' },
  'P2.eq3': { statement: "Delta J_PG = -k1' k eps + O(eps^2)", paper: '§5.5' },
  'P2.jepa': { statement: "Delta J_JEPA <= C eps + C' eps^2, as in eq. (5)", paper: '§5.5' },
  'P2.combine': { statement: "with k > 2C/k1' and eps small enough, Delta J < 0", paper: '§5.5' },
};

const unavailable = (why: string): Confirmation => ({ confirmed: false, margin: null, digits: P.digits, message: `no 64-digit check: ${why}`, unavailable: true });

/** Run a confirmation at 64 digits, or say why there is none; a failure inside it is reported, not thrown. */
function confirmWith(s: Setup, f: (x: PreciseSetup) => Confirmation): Confirmation {
  const x = preciseSetup(s);
  if (typeof x === 'string') return unavailable(x);
  try {
    const result = f(x);
    if (!result.confirmed) return result;
    // A refutation must meet every hypothesis: those with an exact form are re-decided exactly.
    const failing = s.hypotheses.filter((h) => h.exact && !h.exact(s.c, s.info)).map((h) => h.name);
    if (failing.length > 0) return { ...result, confirmed: false, message: `${result.message}; but in exact arithmetic ${failing.join(', ')} fails` };
    const floatOnly = s.hypotheses.filter((h) => !h.exact).map((h) => h.name);
    return floatOnly.length > 0 ? { ...result, message: `${result.message} (hypotheses decided in float64 only: ${floatOnly.join(', ')})` } : result;
  } catch (error) {
    return unavailable(`the 64-digit evaluation failed (${error instanceof Error ? error.message.split('\n')[0] : String(error)})`);
  }
}

function corners(s: Setup | null, c: VariantCase): string[] {
  const out = instanceCorners(c.instance);
  if (!s) return out;
  const { pred, info, spread, cfg } = s;
  const { S, A } = info;
  if (!reachableStates(c.instance.mdp)[pred.state]) out.push(`${cfg.family === 'P1' ? 's_Δ' : 's_a'} unreachable`);
  let target = false;
  for (let st = 0; st < S; st++) for (let a = 0; a < A; a++) if (info.parts.mdp.P[(st * A + a) * S + pred.state] > 0) target = true;
  if (target) out.push(`${cfg.family === 'P1' ? 's_Δ' : 's_a'} is a successor state`);
  if (pred.p > 0.999) out.push('p_aΔ near 1');
  if (pred.p < 1e-6) out.push('p_aΔ near 0');
  if (pred.gain < 0) out.push('logit gain < 0');
  if (spread.some((x, st) => st !== pred.state && Math.abs(x) > 1e-9)) out.push('other codes move too');
  if (cfg.head.name !== 'linear') {
    const J = info.jacobian;
    const size = Math.max(...J.map((r) => Math.max(...r.map(Math.abs))));
    if (size < 1e-6) out.push('hidden layer saturated at z_d');
  }
  if (cfg.lipschitz.name !== 'certified') {
    const certified = lipschitz(c.instance.worldModel, info.d).L;
    if (pred.L < certified * (1 - 1e-6)) out.push('L below the certified constant');
    if (pred.L < 0.5 * certified) out.push('L below half the certified constant');
  }
  if (cfg.family === 'P2') out.push(`dim span(P) ${info.dimSpanP <= info.d - info.A - 2 ? '<=' : '>'} d - |A| - 2`);
  return out;
}

interface CheckArgs {
  id: VariantClaimId;
  cfg: Config;
  reading: ObjectiveReading | null;
  interpretation?: string;
  run: (c: VariantCase, s: Setup) => Outcome;
  rule: string;
  /** u-exists: a failed construction is the violation, not a skip. */
  onConstructionFailure?: (c: VariantCase, reason: string) => Outcome;
}

function check(args: CheckArgs): PropertyCheck<VariantCase> {
  const { id, cfg } = args;
  const interpretation = [args.reading ? `${args.reading.label}: ${args.reading.description}` : null, CLAIM_TEXT[id].reading ? `read generically: ${CLAIM_TEXT[id].reading}` : null, args.interpretation].filter(Boolean).join('; ');
  return {
    // A variant's own readings carry their own labels; the report schema's ReadingLabel covers the paper's.
    reading: (args.reading?.label ?? 'any') as PropertyCheck<VariantCase>['reading'],
    interpretation: interpretation || undefined,
    arbitrary: cfg.arbitrary,
    run: (c) => {
      const r = setupFor(c, cfg, id);
      if (!r.ok) return r.constructionFailed && args.onConstructionFailure ? args.onConstructionFailure(c, r.reason) : { kind: 'skip', reason: r.reason };
      return args.run(c, r.setup);
    },
    corners: (c) => {
      const r = setupFor(c, cfg, id);
      return corners(r.ok ? r.setup : null, c);
    },
    instanceOf: (c) => c.instance,
    rule: args.rule,
  };
}

// ------------------------------------------------------------------ the claims

function uExists(id: VariantClaimId, cfg: Config): PropertyCheck<VariantCase>[] {
  return [check({
    id, cfg, reading: null,
    run: () => ({ kind: 'ok' }),
    onConstructionFailure: (_c, reason) => ({
      kind: 'violation', margin: 1, noise: 0, message: `the hypotheses hold but the construction fails: ${reason}`,
      measured: {}, predicted: {},
      confirm: () => unavailable('existence is decided by float64 SVD ranks here; an exact rank decision is not implemented'),
    }),
    rule: 'Under the hypotheses, the construction (SVD null spaces, rank rule of src/construction/nullspace.ts) must return a direction; a failure cannot be confirmed at 64 digits here, so it makes the verdict inconclusive, not refuted.',
  })];
}

/** The logit identities of §4.2 / §5.4: `which` selects the states compared and the expected change. */
function logitIdentity(id: VariantClaimId, cfg: Config, which: 'others' | 'moved'): PropertyCheck<VariantCase>[] {
  const gap = (s: Setup, logits: ArrayLike<number>, k: number, eps: number, gain: number) => {
    const { S, A } = s.info;
    const l0 = s.info.base.logits;
    let worst = 0;
    for (let st = 0; st < S; st++) {
      if ((which === 'moved') !== (st === s.pred.state)) continue;
      for (let a = 0; a < A; a++) {
        const expected = l0[st * A + a] + (which === 'moved' && a === s.pred.action ? k * eps * gain : 0);
        worst = Math.max(worst, Math.abs(logits[st * A + a] - expected));
      }
    }
    return worst;
  };
  return [check({
    id, cfg, reading: null,
    run: (c, s) => {
      for (const eps of EPS_SEQUENCE) {
        const { logits, scale } = logitsWithScale(s, c.k, codesAt(s, eps), eps);
        // The base logits carry their own rounding, at the unmoved codes' scale.
        const noise = 1024 * s.info.d * Number.EPSILON * (scale + logitsWithScale(s, 0, s.info.base.codes, 0).scale);
        const g = gap(s, logits, c.k, eps, s.pred.gain);
        if (g <= noise) continue;
        return {
          kind: 'violation', margin: g, noise,
          message: which === 'others' ? `at eps = ${eps} the logits of a state other than s_Δ moved by ${fmt(g)}` : `at eps = ${eps} the logits of s_Δ differ from W z_d + k eps${s.pred.gain === 1 ? '' : ' (gain)'} e_aΔ by ${fmt(g)}`,
          measured: { gap: g }, predicted: { gap: 0, gain: s.pred.gain },
          construction: constructionRecord(s, c.k, eps),
          confirm: () => confirmWith(s, (x) => {
            const l = x.logitsAt(c.k, eps);
            const l0 = x.logitsAt(0, 0);
            const kb = P.big(c.k);
            const eb = P.big(eps);
            let worst = P.zero;
            l.forEach((row, st) => {
              if ((which === 'moved') !== (st === s.pred.state)) return;
              row.forEach((v, a) => {
                const expected = which === 'moved' && a === s.pred.action ? l0[st][a].plus(kb.times(eb).times(x.gain)) : l0[st][a];
                const diff = v.minus(expected).abs();
                if (diff.gt(worst)) worst = diff;
              });
            });
            const m = worst.toNumber();
            return { confirmed: m > 1e-40 * (1 + scale), margin: m, digits: P.digits, message: `gap ${fmt(m)} with the construction exact to 64 digits` };
          }),
        };
      }
      return { kind: 'ok' };
    },
    rule: `Logits after the change at eps = 1e-1..1e-7 against the claimed ones; a gap above 1024 d eps64 times the logits' magnitude is a candidate, confirmed when it exceeds 1e-40 of that magnitude with the construction's directions exact to 64 digits.`,
  })];
}

function k1Pos(id: VariantClaimId, cfg: Config): PropertyCheck<VariantCase>[] {
  return [check({
    id, cfg, reading: null,
    run: (_c, s) => {
      const { pred } = s;
      if (pred.k1 > 0) return { kind: 'ok' };
      return {
        kind: 'violation', margin: -pred.k1, noise: 0,
        message: `k1 = d_pi(s) p A${pred.gain === 1 ? '' : ' (gain)'} = ${fmt(pred.visitation)} x ${fmt(pred.p)} x ${fmt(pred.advantage)}${pred.gain === 1 ? '' : ` x ${fmt(pred.gain)}`} = ${fmt(pred.k1)} at (s, a_Δ) = (${pred.state}, ${pred.action})`,
        measured: { k1: pred.k1, visitation: pred.visitation, p: pred.p, advantage: pred.advantage, gain: pred.gain },
        predicted: { k1: null },
        construction: { state: pred.state, action: pred.action },
        confirm: () => confirmWith(s, (x) => {
          const q = x.predictions();
          const confirmed = q.advantage.gt(0) && !q.k1.gt(0);
          return { confirmed, margin: -q.k1.toNumber(), digits: P.digits, message: `k1 = ${q.k1.toSignificantDigits(6).toString()} with A = ${fmt(q.advantage.toNumber())} > 0` };
        }),
      };
    },
    rule: 'k1 from exact policy evaluation; a case with k1 <= 0 is confirmed when, at 64 digits, A(s, a_Δ) > 0 and k1 <= 0 and every hypothesis with an exact form holds exactly.',
  })];
}

function eq3(id: VariantClaimId, cfg: Config): PropertyCheck<VariantCase>[] {
  return cfg.readings.map((reading) => check({
    id, cfg, reading,
    run: (c, s) => {
      const g = -s.pred.k1 * c.k;
      const fit = taylorFit(deltaSeries(s, c.k, reading, 'deltaJ_PG'), g);
      // Nothing measured (predicted and measured change both within noise): undecided, not support.
      if (fit.undecided) return { kind: 'undecided', reason: 'predicted and measured change both within float64 noise' };
      if (!fit.suspicious) return { kind: 'ok' };
      return {
        kind: 'violation', margin: Math.abs((fit.estimate ?? 0) - g), noise: 1e-4 * (Math.abs(g) + Math.abs(fit.estimate ?? 0)),
        message: `Delta J_PG: measured first-order coefficient ${fit.estimate === null ? '0 (within float64 noise)' : fmt(fit.estimate)} against the predicted -k1 k = ${fmt(g)} (remainder rate ${fit.rate === null ? 'n/a' : fit.rate.toFixed(2)})`,
        measured: { slope: fit.estimate, rate: fit.rate, ...Object.fromEntries(fit.points.map((p) => [`delta@${p.eps}`, p.delta])) },
        predicted: { slope: g, k1: s.pred.k1, k: c.k, gain: s.pred.gain },
        construction: constructionRecord(s, c.k, fit.points.map((p) => p.eps)),
        confirm: () => confirmWith(s, (x) => confirmSlope((eps) => x.deltaAt(c.k, eps, reading, 'deltaJ_PG') / eps, () => -x.predictions().k1.toNumber() * c.k)),
      };
    },
    rule: TAYLOR_RULE,
  }));
}

function eq4(id: VariantClaimId, cfg: Config): PropertyCheck<VariantCase>[] {
  return [false, true].map((square) => check({
    id, cfg, reading: null,
    interpretation: square ? "the squared form e'^2 - e^2 <= L^2 eps^2 + 2 L eps e" : "e' <= L eps + e",
    run: (c, s) => {
      const { d, A } = s.info;
      const world = worldModelFn(c.instance.worldModel, d, A);
      const zd = Float64Array.from(s.info.zd);
      const { u } = s.built;
      const { L } = s.pred;
      const scale = 1 + Math.max(...s.info.zd.map(Math.abs));
      for (const eps of EPS_SEQUENCE) {
        const moved = zd.map((x, j) => x + eps * u[j]);
        for (let a = 0; a < A; a++) {
          const p0 = world(zd, a, new Float64Array(d));
          const p1 = world(moved, a, new Float64Array(d));
          const e = Math.hypot(...p0.map((x, j) => x - zd[j]));
          const ePrime = Math.hypot(...p1.map((x, j) => x - zd[j]));
          const lhs = square ? ePrime * ePrime - e * e : ePrime;
          const rhs = square ? L * L * eps * eps + 2 * L * eps * e : L * eps + e;
          const noise = 64 * Number.EPSILON * (e + ePrime + L * eps + 1e-300) * (square ? e + ePrime + L * eps : 1) * scale;
          if (lhs - rhs <= noise) continue;
          return {
            kind: 'violation', margin: lhs - rhs, noise,
            message: `action ${a}, eps = ${eps}: ${square ? "e'^2 - e^2" : "e'"} = ${fmt(lhs)} exceeds ${fmt(rhs)} (L = ${fmt(L)})`,
            measured: { e, ePrime, L }, predicted: { bound: rhs },
            construction: { action: a, u, eps },
            confirm: () => confirmWith(s, (x) => {
              const predict = precisePredictor(c.instance.worldModel, A);
              const z = P.vec(s.info.zd);
              const eb = P.big(eps);
              const zm = z.map((v, j) => v.plus(eb.times(x.u[j])));
              const err = (p: Big[]) => P.sqrt(p.reduce((acc, v, j) => acc.plus(v.minus(z[j]).times(v.minus(z[j]))), P.zero));
              const e64 = err(predict(z, a));
              const e1 = err(predict(zm, a));
              const Lb = P.big(L);
              const lhs64 = square ? e1.times(e1).minus(e64.times(e64)) : e1;
              const rhs64 = square ? Lb.times(Lb).times(eb).times(eb).plus(Lb.times(eb).times(e64).times(2)) : Lb.times(eb).plus(e64);
              const m = lhs64.minus(rhs64).toNumber();
              return { confirmed: m > 1e-40 * (1 + Math.abs(rhs64.toNumber())), margin: m, digits: P.digits, message: `excess ${fmt(m)}` };
            }),
          };
        }
      }
      return { kind: 'ok' };
    },
    rule: "For every action and eps = 1e-1..1e-7: e and e' from the world model at z_d and z_d + eps u, L by the configuration's rule; an excess above 64 eps64 times the magnitudes is a candidate, confirmed at 64 digits (the same L).",
  }));
}

function eq5(id: VariantClaimId, cfg: Config): PropertyCheck<VariantCase>[] {
  return cfg.readings.map((reading) => check({
    id, cfg, reading,
    interpretation: "m = the reading's data weight on s_Δ's steps (d_pi(s_Δ) for on-policy and fixed-data, 1 for offline data), C = 2 lambda m L E_max, C' = lambda m L^2, E_max = max e over transitions with P(s'|s,a) > 0",
    run: (c, s) => {
      const { m, C, Cprime } = eq5Constants(s, reading);
      const bound = (eps: number) => C * eps + Cprime * eps * eps;
      const points = deltaSeries(s, c.k, reading, 'deltaJ_JEPA');
      const worst = points
        .map((p) => ({ ...p, b: bound(p.eps), excess: p.delta - bound(p.eps) }))
        .filter((p) => p.excess > p.noise + 1e-13 * Math.abs(p.b))
        .sort((x, y) => x.eps - y.eps)[0];
      if (!worst) {
        // As the ledger's bound checks: change and bound both within noise exercise nothing.
        const idle = points.every((p) => Math.abs(p.delta) <= p.noise && Math.abs(bound(p.eps)) <= p.noise);
        return idle ? { kind: 'undecided', reason: 'change and bound both within float64 noise at every eps' } : { kind: 'ok' };
      }
      return {
        kind: 'violation', margin: worst.excess, noise: worst.noise,
        message: `Delta J_JEPA = ${fmt(worst.delta)} exceeds the bound ${fmt(worst.b)} by ${fmt(worst.excess)} at eps = ${worst.eps}`,
        measured: Object.fromEntries(points.map((p) => [`delta@${p.eps}`, p.delta])),
        predicted: { C, Cprime, m, L: s.pred.L, Emax: s.pred.Emax, lambda: c.instance.lambda },
        construction: constructionRecord(s, c.k, worst.eps),
        confirm: () => confirmWith(s, (x) => {
          const m64 = reading.jepa === 'offline-uniform' ? 1 : x.base.d[s.pred.state].toNumber();
          const lambda = c.instance.lambda;
          const { L, Emax } = s.pred;
          return confirmBound((eps) => x.deltaAt(c.k, eps, reading, 'deltaJ_JEPA'), eq5Bound(lambda, m64, L, Emax));
        }),
      };
    },
    rule: "Delta J_JEPA(eps) exact at eps = 1e-1..1e-7 against C eps + C' eps^2; an excess above the float64 noise is a candidate, confirmed only if it persists at 64 digits at eps = 1e-6 and 1e-9.",
  }));
}

function combine(id: VariantClaimId, cfg: Config): PropertyCheck<VariantCase>[] {
  return cfg.readings.map((reading) => check({
    id, cfg, reading,
    run: (c, s) => {
      const { C } = eq5Constants(s, reading);
      const { k1 } = s.pred;
      if (!(k1 > 0)) return { kind: 'skip', reason: 'k1 <= 0: no k satisfies k > 2C/k1 (see k1-pos)' };
      const kMin = (2 * C) / k1;
      if (!Number.isFinite(kMin)) return { kind: 'skip', reason: '2C/k1 overflows' };
      const k = kMin > 0 ? c.kScale * kMin : c.k;
      const fit = taylorFit(deltaSeries(s, k, reading, 'deltaJ'), 0);
      const slope = fit.estimate;
      const smallest = fit.points[fit.points.length - 1];
      const noise = smallest.noise / smallest.eps;
      if (slope === null) return { kind: 'undecided', reason: 'no settled slope (Delta J within float64 noise at eps = 1e-5..1e-2)' };
      // As the ledger's P1.combine: a negative slope decides, one within noise of 0 does not.
      const tol = 10 * noise + 1e-9 * (Math.abs(k1 * k) + C);
      if (slope < -tol) return { kind: 'ok' };
      if (slope <= tol) return { kind: 'undecided', reason: 'dDelta J/deps within float64 noise of 0' };
      return {
        kind: 'violation', margin: slope, noise,
        message: `with k = ${fmt(k)} > 2C/k1 = ${fmt(kMin)}, dDelta J/deps = ${fmt(slope)} > 0, so Delta J > 0 for all small eps`,
        measured: { slope, ...Object.fromEntries(fit.points.map((p) => [`deltaJ@${p.eps}`, p.delta])) },
        predicted: { k1, C, k, kMin, predictedSlope: -k1 * k + C },
        construction: constructionRecord(s, k, fit.points.map((p) => p.eps)),
        confirm: () => confirmWith(s, (x) => {
          const s1 = x.deltaAt(k, 1e-12, reading, 'deltaJ') / 1e-12;
          const s2 = x.deltaAt(k, 1e-16, reading, 'deltaJ') / 1e-16;
          const confirmed = s2 > 1e-30 && Math.abs(s1 - s2) <= 1e-3 * Math.abs(s2);
          return { confirmed, margin: s2, digits: P.digits, message: `dDelta J/deps = ${fmt(s2)} at eps = 1e-16 (${fmt(s1)} at 1e-12)` };
        }),
      };
    },
    rule: 'k is drawn above 2C/k1 (kScale in (1, 100] times it; any k > 0 when C = 0); the slope dDelta J/deps at 0 (Richardson) must be negative; a positive slope above noise is confirmed at 64 digits (eps = 1e-12, 1e-16, converged).',
  }));
}

function constructionRecord(s: Setup, k: number, eps: number | number[]): Record<string, unknown> {
  const moved = s.spread.map((x, st) => (x !== 0 && st !== s.pred.state ? st : -1)).filter((st) => st >= 0);
  return { state: s.pred.state, action: s.pred.action, u: s.built.u, r: s.built.r, k, eps, gain: s.pred.gain, ...(moved.length > 0 ? { spread: s.spread } : {}), ...(s.built.record ?? {}) };
}

const BUILDERS: Record<VariantClaimId, (id: VariantClaimId, cfg: Config) => PropertyCheck<VariantCase>[]> = {
  'P1.u-exists': uExists,
  'P1.logits-fixed': (id, cfg) => logitIdentity(id, cfg, 'others'),
  'P1.logit-gain': (id, cfg) => logitIdentity(id, cfg, 'moved'),
  'P1.k1-pos': k1Pos,
  'P1.eq3': eq3,
  'P1.eq4': eq4,
  'P1.eq5': eq5,
  'P1.combine': combine,
  'P2.u-exists': uExists,
  'P2.logits-fixed': (id, cfg) => logitIdentity(id, cfg, 'others'),
  'P2.logit-gain': (id, cfg) => logitIdentity(id, cfg, 'moved'),
  'P2.k1-pos': k1Pos,
  'P2.eq3': eq3,
  'P2.jepa': eq5,
  'P2.combine': combine,
};

/** The checks of one claim under a configuration, in a fixed order (labels follow the ledger's rule). */
export function checksFor(id: VariantClaimId, cfg: Config): PropertyCheck<VariantCase>[] {
  return BUILDERS[id](id, cfg);
}

/** The ledger's labelling: a check shares its reading with another only in eq4 (plain and squared). */
export function labelOf(checks: PropertyCheck<unknown>[], i: number): string {
  return checks.filter((c) => c.reading === checks[i].reading).length > 1 ? `check${i + 1}` : '';
}
