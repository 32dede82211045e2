// §5.3: under Assumption 3, a unit u in U \ span(P) exists (U = ker W ∩ z_d^⊥).
import { A3_READINGS, A3_TEXT, type A3Reading, assumption3, chooseU, defineClaim, fmt, maxAbs, norm, OUTSIDE_TOL, type Prop2Case, prop2CaseArbitrary, prop2Corners, type PropertyCheck, RANK_RULE, subspaces, type Subspaces, uResiduals } from '../src/api.ts';

const subCache = new WeakMap<Prop2Case, Subspaces>();
const subOf = (c: Prop2Case): Subspaces => {
  let sub = subCache.get(c);
  if (!sub) subCache.set(c, (sub = subspaces(c.partial.instance.head.W, c.partial.instance.encoder, c.partial.pair[0])));
  return sub;
};

export const uExistsCheck = (a3: A3Reading): PropertyCheck<Prop2Case> => ({
  reading: 'any',
  interpretation: A3_TEXT[a3],
  arbitrary: prop2CaseArbitrary,
  run: (c) => {
    const { instance, pair } = c.partial;
    const sub = subOf(c);
    const a = assumption3(sub, a3);
    if (!a.holds) return { kind: 'skip', reason: `Assumption 3 (${a3}) fails` };
    const zd = instance.encoder[pair[0]];
    const chosen = chooseU(sub, c.uPick);
    const tolerance = 64 * sub.d * Number.EPSILON;
    const res = chosen ? uResiduals(instance.head.W, zd, chosen.u) : null;
    const scaled = res ? Math.max(res.Wu / Math.max(maxAbs(instance.head.W), 1e-300), res.uz / Math.max(norm(zd), 1e-300), res.unit) : Infinity;
    if (chosen && scaled <= tolerance && chosen.distance > OUTSIDE_TOL) return { kind: 'ok' };
    return {
      kind: 'violation', margin: Number.isFinite(scaled) ? scaled : 1, noise: tolerance,
      message: chosen ? `u found but its relative residual is ${fmt(scaled)} (distance to span(P) ${fmt(chosen.distance)})` : `no u in U \\ span(P): dim U = ${sub.U.length}, dim span(P) = ${sub.dimS}, ${a3}: ${a.lhs} <= ${a.rhs}`,
      measured: { dimU: sub.U.length, dimS: sub.dimS, residual: Number.isFinite(scaled) ? scaled : null },
      predicted: { tolerance },
      confirm: () => ({ confirmed: false, margin: null, digits: 64, message: 'dim U > dim span(P) is exact algebra under this reading; an SVD failure is a numerical event, not a refutation' }),
    };
  },
  corners: (c) => {
    const sub = subOf(c);
    const chosen = chooseU(sub, c.uPick);
    const out = prop2Corners(c, undefined, false, sub);
    if (chosen && chosen.distance < 1e-3) out.push('dist(u, span(P)) < 1e-3');
    if (chosen?.how === 'tilted') out.push('u nearly in span(P)');
    return out;
  },
  instanceOf: (c) => c.partial.instance,
  rule: `Under the reading of Assumption 3, the §5.3 search (combinations of an SVD basis of U, rejecting those within ${OUTSIDE_TOL} of span(P), then the basis vector farthest from it) must return a unit u with |W u|/max|W|, |u^T z_d|/|z_d|, ||u|^2 - 1| <= 64 d eps64 and dist(u, span(P)) > ${OUTSIDE_TOL}. Ranks by ${RANK_RULE}. The SMT layer proves the claim formally; this complements it.`,
});

export default defineClaim({
  id: 'P2.u-exists',
  statement: 'under Assumption 3, a unit u in U \\ span(P) exists',
  latex: '\\dim\\mathcal{S} \\le d - |\\mathcal{A}| - 2 \\implies \\exists u \\in \\mathcal{U} \\setminus \\mathcal{S},\\ \\|u\\| = 1',
  paper: '§5.3',
  uses: ['P2.dimU'],
  hypotheses: ['Assumption 3: dim S <= d - A - 2 (four readings, each a separate check)', 's_a != s_b share z_d; P = [z_d, z(s) for s != s_a]'],
  checks: A3_READINGS.map(uExistsCheck),
});
