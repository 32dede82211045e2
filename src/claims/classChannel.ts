// The §4.2 channel claims (P1.u-exists, P1.logits-fixed, P1.logit-gain) under a configuration's head
// or encoder class: the logits of every state after the change are computed by the classes' one
// definition (src/engine/classes.ts) in float64, and a candidate is confirmed with the same
// definition at 64 digits and the construction's directions exact to 64 digits.
import type { Confirmation, Outcome, PropertyCheck } from './types.ts';
import { fmt } from './framework.ts';
import { rankOf } from '../construction/nullspace.ts';
import { classLogits, FLOAT, type HeadField } from '../engine/classes.ts';
import { BIG, bigOf, classesOf, spreadOf, type Classes } from './classModel.ts';
import { classDirection, noDirectionThroughHead } from './classDirection.ts';
import { channelCaseArbitraryUnder, channelCorners, maxAbs, type ChannelCase } from './channelCase.ts';
import type { Configuration } from './configuration.ts';
import { exactRank } from './exactRank.ts';

/** S and s_Δ of a channel case: the features' states under the linear encoder, else s_Δ = 0 and one other collapsed state. */
const statesOf = (c: ChannelCase): { S: number; state: number } => (c.features ? { S: c.features.length, state: c.state ?? 0 } : { S: 2, state: 0 });

function setup(c: ChannelCase, cfg: Configuration) {
  const { S, state } = statesOf(c);
  if (c.features && !(Number.isInteger(state) && state >= 0 && state < S)) throw new Error(`case.state: expected an integer in [0, ${S})`);
  const classes: Classes = classesOf(c, cfg, S, c.zd.length);
  const dir = classDirection(c.W, c.zd, c.uPick, cfg, classes.head);
  return { S, state, classes, dir };
}

/** The largest deviation of the logits from the claimed ones: other states unchanged ('others'), or s_Δ's up by k eps gain on a_Δ ('moved'). */
function deviation<T>(F: HeadField<T>, which: 'others' | 'moved', l: T[][], l0: T[][], state: number, action: number, gain: T): T {
  let worst = F.zero;
  l.forEach((row, s) => {
    if ((which === 'moved') !== (s === state)) return;
    row.forEach((v, a) => {
      const expected = a === action ? F.add(l0[s][a], gain) : l0[s][a];
      const diff = F.sub(v, expected);
      if (F.cmpAbs(diff, worst) > 0) worst = diff;
    });
  });
  // Signed: the caller takes |.| in its own arithmetic.
  return worst;
}

const abs = (x: number) => Math.abs(x);

/**
 * P1.logits-fixed ('others') / P1.logit-gain ('moved') under the classes. The float64 gap is
 * compared with 1024 d eps64 times the logits' magnitude (the products' rounding and the computed
 * u's residuals); a candidate is confirmed when the 64-digit gap, with u and r exact to 64 digits,
 * exceeds 1e-40 of that magnitude.
 */
/** `claimed` is the claimed change of logit a_Δ per k eps (moved: 1, others: 0 in the paper): a planted twin changes it. */
export function classLogitCheck(which: 'others' | 'moved', cfg: Configuration, claimed = which === 'moved' ? 1 : 0): PropertyCheck<ChannelCase> {
  return {
    reading: 'any',
    arbitrary: channelCaseArbitraryUnder(cfg),
    run: (c): Outcome => {
      const { S, state, classes, dir } = setup(c, cfg);
      if (!dir.u || !dir.r) return { kind: 'skip', reason: `${dir.space} = {0}` };
      const spread = spreadOf(FLOAT, classes, state, S);
      if (!spread) return { kind: 'skip', reason: 'the encoder cannot move the code of s_Δ' };
      const A = c.W.length;
      const m = { codes: Array.from({ length: S }, () => c.zd), W: c.W, b: new Array<number>(A).fill(0), head: classes.head, spread, u: dir.u, r: dir.r, action: c.action };
      const l = classLogits(FLOAT, m, c.k, c.eps);
      const l0 = classLogits(FLOAT, m, 0, 0);
      const g = abs(deviation(FLOAT, which, l.logits, l0.logits, state, c.action, claimed * c.k * c.eps));
      // The logits' magnitude: every |W'_aj h_j| of the moved and unmoved evaluation.
      const size = (maxAbs(c.W) + c.k * Math.max(...dir.r.map(abs))) * Math.max(1, ...c.zd.map(abs)) * c.zd.length;
      const noise = 1024 * c.zd.length * Number.EPSILON * (2 * size + c.k * c.eps);
      if (g <= noise) return { kind: 'ok' };
      return {
        kind: 'violation', margin: g, noise,
        message: which === 'others' ? `at eps = ${c.eps} the logits of a state other than s_Δ moved by ${fmt(g)}` : `at eps = ${c.eps} the logits of s_Δ differ from the old ones + k eps e_aΔ by ${fmt(g)}`,
        measured: { gap: g }, predicted: { gap: 0 },
        construction: { state, action: c.action, u: dir.u, r: dir.r, k: c.k, eps: c.eps, ...(c.features ? { spread } : {}) },
        confirm: (): Confirmation => {
          const exact = dir.exactPair();
          const spread64 = spreadOf(BIG, classes, state, S);
          if (!exact || !spread64) return { confirmed: false, unavailable: true, margin: null, digits: 64, message: 'no direction meets the constraints near the float64 one at 64 digits' };
          const z = c.zd.map(BIG.of);
          const m64 = { codes: Array.from({ length: S }, () => z), W: c.W.map((row) => row.map(BIG.of)), b: new Array(A).fill(BIG.zero), head: classes.head, spread: spread64, u: exact.uExact.map(bigOf), r: exact.rExact.map(bigOf), action: c.action };
          const k = BIG.of(c.k);
          const eps = BIG.of(c.eps);
          const g64 = deviation(BIG, which, classLogits(BIG, m64, k, eps).logits, classLogits(BIG, m64, BIG.zero, BIG.zero).logits, state, c.action, k.times(eps).times(BIG.of(claimed))).abs().toNumber();
          return { confirmed: g64 > 1e-40 * (1 + size), margin: g64, digits: 64, message: `gap ${fmt(g64)} with u, r exact to 64 digits` };
        },
      };
    },
    corners: (c) => [...channelCorners(c), ...(c.features ? [`${c.features.length} states, ${c.features[0].length} features`] : [])],
    instanceOf: (c) => ({ head: { W: c.W }, zd: c.zd, k: c.k, eps: c.eps }),
    rule: `The logits of every state after the change under the configuration's classes (head ${cfg.head}, encoder ${cfg.encoder}) at the case's eps, against the claimed ones; a gap above 1024 d eps64 times the logits' magnitude is a candidate, confirmed when, with u and r exact to 64 digits, it exceeds 1e-40 of that magnitude at 64 digits.`,
  };
}

/**
 * P1.u-exists under a two-layer head: when d - rank(W) >= minGap (the last layer, as the paper
 * states it), the construction must return a u in U = ker (W J) ∩ (J^T h(z_d))^⊥ with J u != 0. A
 * failure is confirmed when at 64 digits every u in U has J u = 0 (rank [M; J] = rank M).
 */
export function classUExistsCheck(minGap: number, cfg: Configuration): PropertyCheck<ChannelCase> {
  return {
    reading: 'any',
    arbitrary: channelCaseArbitraryUnder(cfg),
    hypotheses: (c) => {
      const r = exactRank(c.W);
      return c.zd.length - r >= minGap ? { holds: true, why: `d - exact rank W = ${c.zd.length - r} >= ${minGap}` } : { holds: false, why: `d - exact rank W = ${c.zd.length - r} < ${minGap}` };
    },
    run: (c): Outcome => {
      const d = c.zd.length;
      if (d - rankOf(c.W, d) < minGap) return { kind: 'skip', reason: `d - rank(W) < ${minGap}` };
      const { classes, dir } = setup(c, cfg);
      if (dir.u) return { kind: 'ok' };
      const head = classes.head!;
      return {
        kind: 'violation', margin: 1, noise: 0, message: `the hypotheses hold but no direction passes through the head: ${dir.space} = {0}`,
        measured: {}, predicted: {},
        confirm: () => {
          const why = noDirectionThroughHead(c.W, c.zd, head);
          if (why.undecidable) return { confirmed: false, unavailable: true, margin: null, digits: 64, message: why.undecidable };
          return { confirmed: why.fails !== null, margin: why.fails ? 1 : 0, digits: 64, message: why.fails ?? 'at 64 digits some u in U has J u != 0 (the float64 rank decision was wrong)' };
        },
      };
    },
    corners: channelCorners,
    instanceOf: (c) => ({ head: { W: c.W }, zd: c.zd }),
    rule: `When d - rank(W) >= ${minGap}, the construction through the two-layer head must return u with W J u = 0, h(z_d)^T J u = 0 and J u != 0; a failure is confirmed when at 64 digits rank [W J; h^T J; J] = rank [W J; h^T J] (every u in U has J u = 0), with the hypothesis decided by the exact rank of W.`,
  };
}
