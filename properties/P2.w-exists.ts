// §5.3: there is w in span(P)^⊥ with w^T u != 0 (for u from §5.3, u not in span(P)).
import { assumption3Exact, preciseDot, A3_READINGS, A3_TEXT, type A3Reading, defineClaim, dot, fmt, norm, projectN, type Prop2Case, prop2CaseArbitrary, prop2Corners, prop2Setup, type PropertyCheck } from '../src/api.ts';

/** The witness the claim is checked with; the paper's argument points at the projection of u onto span(P)^⊥. */
export const projectionWitness = (N: number[][], u: number[]): number[] => projectN(N, u);

export const wExistsCheck = (a3: A3Reading, witness = projectionWitness): PropertyCheck<Prop2Case> => ({
  reading: 'any',
  interpretation: A3_TEXT[a3],
  // Reading (i) of Assumption 3 is the paper's own (S := span(P), §5.2); (ii)-(iv) are interpretations.
  paperDefinition: a3 === 'span',
  arbitrary: prop2CaseArbitrary,
  hypotheses: (c) => assumption3Exact(c, a3),
  run: (c) => {
    const r = prop2Setup(c, a3, { needA1: false });
    if (!r.ok) return { kind: 'skip', reason: r.reason };
    const { sub, u, instance, sa } = r.setup;
    const w = witness(sub.N, u);
    const wn = norm(w);
    const codes = instance.encoder.filter((_, s) => s !== sa);
    const scale = Math.max(1e-300, ...instance.encoder.map(norm));
    // w in span(P)^⊥ (relative residual) and w^T u != 0 (relative to |w|).
    const offP = Math.max(0, ...codes.map((z) => Math.abs(dot(w, z)))) / (Math.max(wn, 1e-300) * scale);
    const wTu = dot(w, u);
    const tolerance = 64 * sub.d * Number.EPSILON;
    if (wn > 0 && offP <= tolerance && Math.abs(wTu) > 1e-9 * wn) return { kind: 'ok' };
    return {
      kind: 'violation', margin: Math.max(offP, wn === 0 ? 1 : 0), noise: tolerance,
      message: `witness w: |w| = ${fmt(wn)}, max |w^T z|/(|w| |z|) = ${fmt(offP)}, w^T u = ${fmt(wTu)} (dist(u, span(P)) = ${fmt(r.setup.chosen.distance)})`,
      measured: { wNorm: wn, offP, wTu }, predicted: { tolerance },
      // The witness at 80 digits on its exact stored values: far from span(P)^⊥ (relative residual
      // above 1e-8, where rounding gives ~1e-16) or orthogonal to u means it is no witness.
      confirm: () => {
        const ws = w.map((x) => x);
        const size = Math.max(1e-300, norm(ws));
        const offExact = Math.max(0, ...codes.map((z) => Math.abs(preciseDot(ws, z)))) / (size * scale);
        const wTuExact = preciseDot(ws, u);
        const confirmed = wn === 0 || offExact > 1e-8 || Math.abs(wTuExact) <= 1e-12 * size;
        return { confirmed, margin: Math.max(offExact, wn === 0 ? 1 : 0), digits: 80, message: `at 80 digits max |w^T z|/(|w| |z|) = ${fmt(offExact)}, w^T u = ${fmt(wTuExact)}` };
      },
    };
  },
  corners: (c) => { const r = prop2Setup(c, a3, { needA1: false }); return prop2Corners(c, r.ok ? r.setup : undefined, false); },
  instanceOf: (c) => c.partial.instance,
  rule: 'The witness w = proj_{span(P)^⊥}(u) must satisfy max_z |w^T z| <= 64 d eps64 |w| max|z| over the columns z of P and |w^T u| > 1e-9 |w|.',
});

export default defineClaim({
  id: 'P2.w-exists',
  statement: 'there is w in span(P)^⊥ with w^T u != 0',
  latex: '\\exists w \\in \\mathcal{N} = \\mathcal{S}^{\\perp}:\\ w^\\top u \\ne 0',
  paper: '§5.3',
  uses: ['P2.u-exists'],
  hypotheses: ['u from §5.3 (unit, W u = 0, u^T z_d = 0, u not in span(P)), which Assumption 3 provides (four readings)'],
  checks: A3_READINGS.map((a3) => wExistsCheck(a3)),
});
