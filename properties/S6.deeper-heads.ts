// §6: parameters that strictly lower J also exist for policy heads deeper than one linear layer.
// Checked on a two-layer head l(z) = W2 tanh(W1 z + b1) + b2 (src/construction/twoLayerHead.ts).
import fc from 'fast-check';
import { A3_TEXT, advantagePositive, assumption3, baseTwoLayerObjective, DECREASE_EPS, defineClaim, exactRank, fmt, gridDouble, hiddenSize, instanceCorners, isolatingSetup, type IsolatingSetup, lastLayerMove, norm, type Outcome, pairCollapse, type PartialInstance, partialInstanceArbitrary, preciseTwoLayerDelta, preciseTwoLayerPoint, type PropertyCheck, reachableStates, type Reading, READING_TEXT, READINGS, scaleOf, searchMove, sign64, subspaces, type TwoLayerHead, type TwoLayerMove, twoLayerDelta, twoLayerPoint, type TwoLayerPoint, vector } from '../src/api.ts';
import { certificateCheck, partialCandidate } from './P2.ts';

const matrix = (rows: number, cols: number, bound = 2) => fc.array(fc.array(gridDouble(-bound, bound), { minLength: cols, maxLength: cols }), { minLength: rows, maxLength: rows });
const zeros = (rows: number, cols: number) => Array.from({ length: rows }, () => new Array<number>(cols).fill(0));

/**
 * Two-layer heads with H = 1..6 hidden units: random layers, W1 = 0, rank-1 W1, W2 = 0, columns of W2
 * proportional to 1 (units the policy ignores), one such column beside random ones.
 */
export function twoLayerHeadArbitrary(A: number, d: number): fc.Arbitrary<TwoLayerHead> {
  return fc.integer({ min: 1, max: 6 }).chain((H) => {
    const W1 = fc.oneof(
      { weight: 5, arbitrary: matrix(H, d) },
      { weight: 1, arbitrary: fc.constant(zeros(H, d)) },
      { weight: 1, arbitrary: fc.tuple(vector(H), vector(d)).map(([x, y]) => x.map((a) => y.map((b) => a * b))) },
    );
    const W2 = fc.oneof(
      { weight: 5, arbitrary: matrix(A, H) },
      { weight: 1, arbitrary: fc.constant(zeros(A, H)) },
      { weight: 1, arbitrary: vector(H).map((c) => Array.from({ length: A }, () => c.slice())) },
      { weight: 1, arbitrary: fc.tuple(matrix(A, H), gridDouble(-2, 2)).map(([M, c]) => M.map((r) => r.map((x, j) => (j === 0 ? c : x)))) },
    );
    return fc.record({ W1, b1: fc.oneof(fc.constant(new Array<number>(H).fill(0)), vector(H, 1)), W2, b2: fc.oneof(fc.constant(new Array<number>(A).fill(0)), vector(A)) });
  });
}

export interface S6Case {
  partial: PartialInstance;
  head: TwoLayerHead;
}

export const s6CaseArbitrary = (): fc.Arbitrary<S6Case> =>
  partialInstanceArbitrary().chain((partial) => twoLayerHeadArbitrary(partial.instance.head.W.length, partial.instance.encoder[0].length).map((head) => ({ partial, head })));

interface S6Setup { base: TwoLayerPoint; sa: number; action: number; iso: IsolatingSetup }

function s6Setup(c: S6Case, reading: Reading): S6Setup | { skip: string } {
  const { instance, pair } = c.partial;
  const sub = subspaces(instance.head.W, instance.encoder, pair[0]);
  // Assumption 3 in the proof's reading; |A| is the number of actions (the two-layer head has no W).
  if (!assumption3({ ...sub, rankW: instance.head.W.length }, 'span').holds) return { skip: 'Assumption 3 (span) fails' };
  const base = twoLayerPoint(instance, c.head);
  const { A } = base.prep;
  for (const sa of pair) {
    let action = -1;
    for (let a = 0; a < A; a++) if (base.advantage[sa * A + a] > 0 && (action < 0 || base.advantage[sa * A + a] > base.advantage[sa * A + action])) action = a;
    if (action < 0) continue;
    if (!reachableStates(instance.mdp)[sa]) return { skip: 'extra hypothesis fails: s_a unreachable (d_pi(s_a) = 0)' };
    return { base, sa, action, iso: isolatingSetup(base, instance, sa, reading) };
  }
  return { skip: 'Assumption 1 fails at both collapsed states' };
}

const cache = new WeakMap<S6Case, Map<Reading, { setup: S6Setup | { skip: string } }>>();

/** The setup of a case, shared by the construction check's run and its hypotheses. */
function evaluate(c: S6Case, reading: Reading) {
  let byReading = cache.get(c);
  if (!byReading) cache.set(c, (byReading = new Map()));
  let hit = byReading.get(reading);
  if (!hit) byReading.set(reading, (hit = { setup: s6Setup(c, reading) }));
  return hit;
}

/** The construction's target logit direction c from g = dJ/dl(s_a) (a planted twin passes another). */
export type LogitDirection = (g: number[]) => number[];
const descent: LogitDirection = (g) => { const n = norm(g); return g.map((x) => -x / n); };

interface Witness { move: TwoLayerMove; K: number; alpha: number; beta: number }

/**
 * The last-layer construction as a definite witness: dW2 = K c g_h^T (g_h ⊥ every other state's hidden
 * vector), the code of s_a along u ∝ W1^T diag(tanh') g_h. Its first-order slope is alpha + K beta with
 * alpha the code move's own (k = 0, central difference) and beta = |W1^T diag(tanh') g_h| (g . c);
 * K = 1 + 2 max(alpha, 0) / |beta| puts the predicted slope at or below -|beta| when beta < 0.
 */
function constructWitness(s: S6Setup, reading: Reading, direction: LogitDirection): Witness | { undecided: string } | { skip: string } {
  const { base, iso } = s;
  const gNorm = norm(iso.g);
  // Outside the statement (it needs c = -g/|g| and g_h): skipped, not undecided.
  if (!(gNorm > 0)) return { skip: 'dJ/dl(s_a) = 0: c undefined' };
  const c = direction(iso.g);
  const code = lastLayerMove(base, iso, c, 0);
  if (!code) return { skip: "no hidden slack: no g_h ⊥ the other states' hidden vectors with W1^T diag(tanh') g_h != 0" };
  const n = lastLayerMove(base, iso, c, 1)!.stepScale;
  const beta = n * iso.g.reduce((acc, x, a) => acc + x * c[a], 0);
  const at = baseTwoLayerObjective(base, reading);
  const central = (h: number) => {
    const up = twoLayerDelta(base, code, h, reading, at);
    const down = twoLayerDelta(base, code, -h, reading, at);
    return { slope: (up.deltaJ - down.deltaJ) / (2 * h), rounding: (up.noise + down.noise) / (2 * h) };
  };
  const fine = central(1e-5);
  const coarse = central(2e-5);
  const alpha = fine.slope;
  // Error of alpha: rounding plus the O(h^2) truncation, estimated from the two steps (Richardson: (coarse - fine) / 3).
  const slopeError = fine.rounding + coarse.rounding + Math.abs(coarse.slope - fine.slope) / 3;
  // The predicted slope alpha - |beta| - 2 max(alpha, 0) stays <= -|beta| / 2 while the error of alpha is below |beta| / 2; 4x that margin is required.
  if (!(Math.abs(beta) > 8 * slopeError)) return { undecided: "the head tweak's slope |beta| is within 8x the error of the code move's slope" };
  const K = 1 + (2 * Math.max(alpha, 0)) / Math.abs(beta);
  return { move: lastLayerMove(base, iso, c, K)!, K, alpha, beta };
}

/** s_a != s_b share z_d (codes compared exactly), A(s_a, a) > 0 under the two-layer policy (premises.ts: 0 exactly or within 64-digit noise is not > 0), s_a reachable (structural), Assumption 3 (span) by exact rank. */
function s6Hypotheses(c: S6Case, reading: Reading): { holds: boolean; why: string } {
  const collapse = pairCollapse(c.partial.instance.encoder, c.partial.pair[0], c.partial.pair[1]);
  if (!collapse.holds) return { holds: false, why: collapse.why };
  const { setup } = evaluate(c, reading);
  if ('skip' in setup) return { holds: false, why: setup.skip };
  const { instance } = c.partial;
  const A = instance.head.W.length;
  const d = instance.encoder[0].length;
  const dimS = exactRank(instance.encoder);
  if (dimS > d - A - 2) return { holds: false, why: `Assumption 3 (span) fails exactly: dim span(P) = ${dimS} > d - |A| - 2 = ${d - A - 2}` };
  if (!reachableStates(instance.mdp)[setup.sa]) return { holds: false, why: 's_a unreachable' };
  const point = preciseTwoLayerPoint(instance, c.head);
  const adv = advantagePositive(instance.mdp, 'A(s_a, a_Δ)', setup.sa, point.A[setup.sa][setup.action], point.Q);
  if (!adv.holds) return { holds: false, why: adv.why };
  return { holds: true, why: `${collapse.why}, Assumption 3 (span) exactly (dim span(P) = ${dimS}), s_a = ${setup.sa} reachable, ${adv.why}` };
}

/**
 * The repair, universal: the last-layer construction (the paper's rank-1 tweak moved up one layer) with
 * c = -dJ/dl(s_a)/|.| and K above its first-order threshold lowers J at small eps. Every case where it
 * applies decides it; a construction that raises J at every eps is a violation, confirmed at 64 digits.
 */
export const constructionCheck = (reading: Reading, direction: LogitDirection = descent): PropertyCheck<S6Case> => ({
  reading,
  interpretation: `${A3_TEXT.span}; Assumption 1 on the two-layer head's policy; s_a reachable from mu; ${READING_TEXT[reading]}`,
  arbitrary: s6CaseArbitrary,
  hypotheses: (c) => s6Hypotheses(c, reading),
  run: (c): Outcome => {
    const { setup } = evaluate(c, reading);
    if ('skip' in setup) return { kind: 'skip', reason: setup.skip };
    const w = constructWitness(setup, reading, direction);
    if ('skip' in w) return { kind: 'skip', reason: w.skip };
    if ('undecided' in w) return { kind: 'undecided', reason: w.undecided };
    const r = searchMove(setup.base, w.move, reading, DECREASE_EPS);
    if (r.kind === 'decrease') return { kind: 'ok', figures: { deltaJ: r.deltaJ, eps: r.eps, K: w.K } };
    if (r.kind === 'undecided') return { kind: 'undecided', reason: 'Delta J of the construction within float64 noise at every eps' };
    const move = w.move;
    return {
      kind: 'violation', margin: r.deltaJ - r.noise, noise: r.noise,
      message: `the last-layer construction (K = ${fmt(w.K)}, predicted slope alpha + K beta = ${fmt(w.alpha + w.K * w.beta)}) raises J: Delta J = ${fmt(r.deltaJ)} at eps = ${fmt(r.eps)}, the smallest tried`,
      measured: { deltaJ: r.deltaJ }, predicted: { slope: w.alpha + w.K * w.beta },
      construction: { K: w.K, eps: r.eps, u: move.u, alpha: w.alpha, beta: w.beta },
      confirm: () => {
        const p = preciseTwoLayerDelta(c.partial.instance, c.head, move, r.eps, reading);
        const first = p.deltaJ.minus(p.deltaJAtZero);
        // Both are differences of J values: their signs count only beyond 64-digit noise (precise/sign.ts).
        const scale = scaleOf([p.J0]);
        const signs = [sign64('Delta J', p.deltaJ, scale), sign64('Delta J - Delta J(0)', first, scale)];
        const ok = signs.every((x) => x.sign === 1);
        const noise = signs.find((x) => x.sign === null);
        return { confirmed: ok, margin: p.deltaJ.toNumber(), digits: p.digits, message: `Delta J = ${p.deltaJ.toPrecision(8)} at eps = ${fmt(r.eps)} (${first.toPrecision(8)} beyond Delta J at eps = 0)${noise ? `; ${noise.text}` : ''}` };
      },
    };
  },
  corners: (c) => instanceCorners(c.partial.instance).filter((x) => !x.includes('W')).concat(`H = ${hiddenSize(c.head)}`),
  instanceOf: (c) => ({ ...c.partial.instance, twoLayerHead: c.head }),
  maxRuns: 300,
  rule: "One witness per case, built by a rule (no search): the last-layer move dW2 = K c g_h^T with c = -dJ/dl(s_a)/|dJ/dl(s_a)|, g_h ⊥ the other states' hidden vectors, the code of s_a along W1^T diag(tanh') g_h; K = 1 + 2 max(alpha, 0)/|beta| from the code move's slope alpha (central difference) and the tweak's beta = |W1^T diag(tanh') g_h| (g . c). Delta J at eps = 1e-2..1e-10 / (K |W1^T diag(tanh') g_h|): a decrease beyond 10x float64 noise (plus |Delta J at eps = 0|) holds; an increase at the smallest eps is a violation, confirmed when Delta J > 0 and Delta J - Delta J(0) > 0 at 64 digits, each beyond 1e-40 of max(1, |J|) (64-digit noise). Cases where the construction does not apply (dJ/dl(s_a) = 0, no such g_h) are outside the statement and skipped; where its lever or Delta J is within noise, undecided.",
});

/** The certificate of P2 with the two-layer head: W1 = 0, b1 = 0, W2 = 0, b2 = 0 is the uniform policy too. */
const s6Certificate = (reading: Reading): PropertyCheck<ReturnType<typeof certificateCheck> extends PropertyCheck<infer T> ? T : never> => {
  const inner = certificateCheck(reading, 'span');
  return {
    ...inner,
    interpretation: `${inner.interpretation}; the lower bound -V*(mu) + 0 holds for every head architecture, so a configuration attaining it admits no strictly lower J whatever the head`,
    run: (c) => {
      const o = inner.run(c);
      if (o.kind !== 'violation') return o;
      return { ...o, message: `${o.message}; with the two-layer head W1 = 0, b1 = 0, W2 = 0, b2 = 0 (the same uniform policy) no parameters of any architecture lower J` };
    },
    instanceOf: (c) => {
      const cand = partialCandidate(c, 'span');
      if (!cand) return c;
      const A = cand.instance.head.W.length;
      const d = cand.instance.encoder[0].length;
      return { ...cand.instance, twoLayerHead: { W1: zeros(1, d), b1: [0], W2: zeros(A, 1), b2: new Array<number>(A).fill(0) } };
    },
  };
};

export default defineClaim({
  id: 'S6.deeper-heads',
  statement: 'parameters that strictly lower J also exist for policy heads deeper than one linear layer',
  latex: '\\exists (\\theta\', \\phi\', \\psi\'):\\ \\mathcal{J}(\\theta\', \\phi\', \\psi\') < \\mathcal{J}(\\theta, \\phi, \\psi)\\ \\text{for a two-layer head}',
  paper: '§6',
  uses: ['P2'],
  hypotheses: ['the hypotheses of Prop. 2 (Assumptions 1-3, s_a != s_b share z_d)', 'policy head l(z) = W2 tanh(W1 z + b1) + b2 (two layers, H hidden units)'],
  checks: READINGS.map(s6Certificate),
  // The repair is the universal statement about one construction, not "some parameter change lowers
  // J": a search that finds nothing proves nothing, so an existence search could only ever hold or be
  // inconclusive, and a check that cannot come out refuted is no evidence (issue 11).
  repairs: [{
    statement: "with s_a reachable from mu, the last-layer construction lowers J: dW2 = k c g_h^T with c = -dJ/dl(s_a) normalised and g_h orthogonal to every other state's hidden vector, the code of s_a moved along W1^T diag(tanh') g_h, k above its first-order threshold, small eps (universal over the cases where such g_h exists)",
    checks: READINGS.map((r) => constructionCheck(r)),
  }],
});
