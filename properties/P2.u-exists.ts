// §5.3: under Assumption 3, a unit u in U \ span(P) exists (U = ker W ∩ z_d^⊥).
import { A3_CONSTRUCTION_ONLY, configurable, assumption3Exact, witnessResiduals, A3_READINGS, A3_TEXT, type A3Reading, assumption3, chooseU, defineClaim, fmt, maxAbs, norm, OUTSIDE_TOL, type Prop2Case, prop2CaseArbitrary, prop2Corners, type PropertyCheck, RANK_RULE, subspaces, type Subspaces, uResiduals } from '../src/api.ts';

const subCache = new WeakMap<Prop2Case, Subspaces>();
const subOf = (c: Prop2Case): Subspaces => {
  let sub = subCache.get(c);
  if (!sub) subCache.set(c, (sub = subspaces(c.partial.instance.head.W, c.partial.instance.encoder, c.partial.pair[0])));
  return sub;
};

/**
 * `choose` is the construction of u the check runs (the paper's §5.3 search by default; planted tests
 * pass non-witnesses). `a3` null is the 'construction-only' configuration: Assumption 3 is replaced by
 * the existence of u itself, so only the residuals of the u found are checked.
 */
export const uExistsCheck = (a3: A3Reading | null, choose: typeof chooseU = chooseU): PropertyCheck<Prop2Case> => configurable<PropertyCheck<Prop2Case>>({
  reading: 'any',
  interpretation: a3 ? A3_TEXT[a3] : A3_CONSTRUCTION_ONLY,
  // Reading (i) of Assumption 3 is the paper's own (S := span(P), §5.2); (ii)-(iv) are interpretations.
  paperDefinition: a3 === null || a3 === 'span',
  arbitrary: prop2CaseArbitrary,
  hypotheses: (c) => (a3 ? assumption3Exact(c, a3) : { holds: true, why: 'Assumption 3 replaced by the existence of u (the construction found one)' }),
  run: (c) => {
    const { instance, pair } = c.partial;
    const sub = subOf(c);
    const a = a3 ? assumption3(sub, a3) : { holds: true, lhs: NaN, rhs: NaN };
    if (!a.holds) return { kind: 'skip', reason: `Assumption 3 (${a3}) fails` };
    const zd = instance.encoder[pair[0]];
    const chosen = choose(sub, c.uPick);
    if (!a3 && !chosen) return { kind: 'skip', reason: 'U ⊆ span(P): no u' };
    const tolerance = 64 * sub.d * Number.EPSILON;
    const res = chosen ? uResiduals(instance.head.W, zd, chosen.u) : null;
    const scaled = res ? Math.max(res.Wu / Math.max(maxAbs(instance.head.W), 1e-300), res.uz / Math.max(norm(zd), 1e-300), res.unit) : Infinity;
    if (chosen && scaled <= tolerance && chosen.distance > OUTSIDE_TOL) return { kind: 'ok' };
    return {
      kind: 'violation', margin: Number.isFinite(scaled) ? scaled : 1, noise: tolerance,
      message: chosen ? `u found but its relative residual is ${fmt(scaled)} (distance to span(P) ${fmt(chosen.distance)})` : `no u in U \\ span(P): dim U = ${sub.U.length}, dim span(P) = ${sub.dimS}, ${a3}: ${a.lhs} <= ${a.rhs}`,
      measured: { dimU: sub.U.length, dimS: sub.dimS, residual: Number.isFinite(scaled) ? scaled : null },
      predicted: { tolerance },
      // The u returned is re-examined at 80 digits on the exact stored values: residuals or a distance
      // to span(P) far above rounding mean it is no witness. 'No u found' has no exact check here
      // (whether U ⊆ span(P) exactly is not decided), so it stays undecided rather than vanishing.
      confirm: () => {
        if (!chosen) return { confirmed: false, unavailable: true, margin: null, digits: 80, message: 'no u returned; U ⊆ span(P) is not decided exactly here' };
        const P = [zd, ...instance.encoder.filter((_, s) => s !== pair[0])];
        const r = witnessResiduals(instance.head.W, zd, chosen.u, P);
        const worst = Math.max(r.Wu, r.uz, r.unit);
        const inside = (r.distance ?? 1) <= 1e-12;
        return { confirmed: worst > 1e-8 || inside, margin: Math.max(worst, inside ? 1 : 0), digits: 80, message: `at 80 digits |W u|/max|W| = ${fmt(r.Wu)}, |u^T z_d|/|z_d| = ${fmt(r.uz)}, ||u| - 1| = ${fmt(r.unit)}, dist(u, span(P)) = ${fmt(r.distance)}` };
      },
    };
  },
  corners: (c) => {
    const sub = subOf(c);
    const chosen = choose(sub, c.uPick);
    const out = prop2Corners(c, undefined, false, sub);
    if (chosen && chosen.distance < 1e-3) out.push('dist(u, span(P)) < 1e-3');
    if (chosen?.how === 'tilted') out.push('u nearly in span(P)');
    return out;
  },
  instanceOf: (c) => c.partial.instance,
  rule: `Under the reading of Assumption 3, the §5.3 search (combinations of an SVD basis of U, rejecting those within ${OUTSIDE_TOL} of span(P), then the basis vector farthest from it) must return a unit u with |W u|/max|W|, |u^T z_d|/|z_d|, ||u|^2 - 1| <= 64 d eps64 and dist(u, span(P)) > ${OUTSIDE_TOL}. Ranks by ${RANK_RULE}. The SMT layer proves the claim formally; this complements it.`,
}, (cfg) => (cfg.assumption3 === 'construction-only' && a3 !== null ? uExistsCheck(null, choose) : null), ['assumption3']);

export default defineClaim({
  id: 'P2.u-exists',
  statement: 'under Assumption 3, a unit u in U \\ span(P) exists',
  latex: '\\dim\\mathcal{S} \\le d - |\\mathcal{A}| - 2 \\implies \\exists u \\in \\mathcal{U} \\setminus \\mathcal{S},\\ \\|u\\| = 1',
  paper: '§5.3',
  uses: ['P2.dimU'],
  hypotheses: ['Assumption 3: dim S <= d - A - 2 (four readings, each a separate check)', 's_a != s_b share z_d; P = [z_d, z(s) for s != s_a]'],
  checks: A3_READINGS.map((a3) => uExistsCheck(a3)),
});
