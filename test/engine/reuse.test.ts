// The float64 engine's allocation-free and shared-class paths give the bits of the plain
// computation they replace: each is compared here with an independent, allocating reference
// written the straightforward way (one entry per state, a fresh buffer per call, text keys).
import fc from 'fast-check';
import { Matrix, SingularValueDecomposition } from 'ml-matrix';
import { describe, expect, it } from 'vitest';
import { basePoint, jepaErrors, logits, prepare } from '../../src/engine/objective.ts';
import { evaluatePolicy, optimalValues } from '../../src/engine/evaluate.ts';
import { flatten, type FlatMdp } from '../../src/engine/mdp.ts';
import { worldModelFn } from '../../src/engine/worldModel.ts';
import { nullSpaceOfRows, nullSpaceWorkspace, rankOfRows, spectralNormFlat, svdWorkspace } from '../../src/engine/svd.ts';
import { nullSpace, rankOf } from '../../src/construction/nullspace.ts';
import { distinctCodes, sameCodeText } from '../../src/construction/codes.ts';
import { mdpArbitrary } from '../../src/search/arbitraries/mdp.ts';
import { worldModelArbitrary, mlpArbitrary } from '../../src/search/arbitraries/worldModel.ts';
import { headArbitrary } from '../../src/search/arbitraries/head.ts';
import { vector } from '../../src/search/arbitraries/scalar.ts';
import type { Instance, WorldModel } from '../../src/model/types.ts';

const same = (a: ArrayLike<number>, b: ArrayLike<number>) => a.length === b.length && Array.from(a).every((x, i) => Object.is(x, b[i]));

/** The MLP as objective.ts evaluated it before: fresh arrays per layer and per call. */
function mlpReference(model: Extract<WorldModel, { kind: 'mlp' }>, z: number[], a: number, A: number): number[] {
  let x = [...z, ...Array.from({ length: A }, (_, i) => (i === a ? 1 : 0))];
  model.layers.forEach((layer, i) => {
    x = layer.W.map((row, r) => {
      let s = layer.b[r];
      for (let j = 0; j < row.length; j++) s += row[j] * x[j];
      return i < model.layers.length - 1 ? Math.tanh(s) : s;
    });
  });
  return x;
}

/** ||W_psi(E(s), a) - E(t)||^2 for every (s, a, t), each state on its own (no classes of equal codes). */
function errorsReference(inst: Instance): number[] {
  const S = inst.encoder.length, A = inst.head.W.length, d = inst.encoder[0].length;
  const world = worldModelFn(inst.worldModel, d, A);
  const out: number[] = [];
  for (let s = 0; s < S; s++)
    for (let a = 0; a < A; a++) {
      const p = world(Float64Array.from(inst.encoder[s]), a, new Float64Array(d));
      for (let t = 0; t < S; t++) {
        let e = 0;
        for (let j = 0; j < d; j++) {
          const diff = p[j] - inst.encoder[t][j];
          e += diff * diff;
        }
        out.push(e);
      }
    }
  return out;
}

function logitsReference(inst: Instance): number[] {
  const out: number[] = [];
  for (const z of inst.encoder)
    inst.head.W.forEach((w, a) => {
      let x = inst.head.b[a];
      for (let j = 0; j < z.length; j++) x += w[j] * z[j];
      out.push(x);
    });
  return out;
}

/** Instances whose states share codes from a small pool (with -0 against 0 among them), or not. */
const instanceArbitrary = fc.record({ S: fc.integer({ min: 2, max: 7 }), A: fc.integer({ min: 2, max: 4 }), d: fc.integer({ min: 2, max: 6 }) }).chain(({ S, A, d }) =>
  fc.record({
    mdp: mdpArbitrary(S, A),
    pool: fc.array(vector(d, 2), { minLength: 2, maxLength: 3 }),
    pick: fc.array(fc.nat(3), { minLength: S, maxLength: S }),
    head: headArbitrary(A, d),
    worldModel: worldModelArbitrary(A, d),
  }).map(({ mdp, pool, pick, head, worldModel }): Instance => {
    const codes = [...pool, pool[0].map((x) => (x === 0 ? -0 : x))];
    return { mdp, encoder: pick.map((i) => codes[i % codes.length].slice()), head, worldModel, lambda: 1 };
  }));

describe('float64 engine without per-call allocation', () => {
  it('the MLP world model gives the allocating evaluation bit for bit, call after call', () => {
    fc.assert(fc.property(fc.integer({ min: 2, max: 6 }), fc.integer({ min: 2, max: 4 }), fc.integer({ min: 0, max: 1000 }), (d, A, seed) => {
      const [model] = fc.sample(mlpArbitrary(A, d), { seed, numRuns: 1 }) as Extract<WorldModel, { kind: 'mlp' }>[];
      const zs = fc.sample(vector(d, 3), { seed: seed + 1, numRuns: 6 });
      const f = worldModelFn(model, d, A);
      for (let i = 0; i < zs.length; i++) {
        const a = i % A;
        const out = f(Float64Array.from(zs[i]), a, new Float64Array(d));
        expect(same(out, mlpReference(model, zs[i], a, A))).toBe(true);
      }
    }), { numRuns: 150, seed: 3 });
  });

  it('logits and JEPA errors computed once per class of equal codes are every state\'s own bits', () => {
    let shared = 0, negativeZero = 0;
    fc.assert(fc.property(instanceArbitrary, (inst) => {
      const prep = prepare(inst);
      if (new Set(inst.encoder.map((z) => z.join(','))).size < inst.encoder.length) shared++;
      if (inst.encoder.some((z) => z.some((x) => Object.is(x, -0)))) negativeZero++;
      expect(same(logits(prep), logitsReference(inst))).toBe(true);
      expect(same(jepaErrors(prep), errorsReference(inst))).toBe(true);
      let base: ReturnType<typeof basePoint> | null = null;
      try { base = basePoint(prep); } catch { return; }
      expect(same(base.errSq, errorsReference(inst))).toBe(true);
    }), { numRuns: 300, seed: 11 });
    expect(shared).toBeGreaterThan(100);
    expect(negativeZero).toBeGreaterThan(10);
  });

  it('shared SVD workspaces and the rank without vectors give the fresh-workspace results', () => {
    const sizes = fc.integer({ min: 1, max: 9 }).chain((cols) => fc.record({
      cols: fc.constant(cols),
      rows: fc.array(fc.array(fc.oneof(fc.constant(0), fc.double({ min: -5, max: 5, noNaN: true })), { minLength: cols, maxLength: cols }), { minLength: 0, maxLength: cols + 3 }),
    }));
    let deficient = 0;
    fc.assert(fc.property(sizes, ({ rows, cols }) => {
      const ns = nullSpace(rows, cols);
      expect(rankOf(rows, cols)).toBe(ns.rank);
      if (ns.rank < Math.min(rows.length, cols)) deficient++;
      if (rows.length <= cols) {
        expect(rankOfRows(rows, cols)).toBe(ns.rank);
        // A workspace of its own against the shared one (used in between by other sizes above).
        const fresh = nullSpaceOfRows(rows, cols, nullSpaceWorkspace(cols));
        expect(ns.basis.every((b, i) => same(b, fresh.basis[i]))).toBe(true);
        expect(same(ns.singularValues, fresh.singularValues)).toBe(true);
      }
      if (rows.length > 0) {
        const flat = rows.flat();
        const fresh = spectralNormFlat(flat, rows.length, cols, svdWorkspace(Math.max(rows.length, cols), Math.min(rows.length, cols)));
        expect(Object.is(spectralNormFlat(flat, rows.length, cols), fresh)).toBe(true);
      }
    }), { numRuns: 400, seed: 7 });
    expect(deficient).toBeGreaterThan(20);
  });

  it('policy iteration on one reused workspace gives the allocating iteration\'s V, Q and policy', () => {
    /** optimalValues as it was: a fresh policy array and evaluatePolicy per iteration. */
    const reference = (mdp: FlatMdp) => {
      const { S, A } = mdp;
      const policy = new Int32Array(S);
      for (let it = 0; it < 10_000; it++) {
        const pi = new Float64Array(S * A);
        for (let s = 0; s < S; s++) pi[s * A + policy[s]] = 1;
        const ev = evaluatePolicy(mdp, pi);
        let changed = false;
        for (let s = 0; s < S; s++) {
          let best = policy[s];
          for (let a = 0; a < A; a++) if (ev.Q[s * A + a] > ev.Q[s * A + best] + 1e-12 * (1 + Math.abs(ev.Q[s * A + best]))) best = a;
          if (best !== policy[s]) { policy[s] = best; changed = true; }
        }
        if (!changed) return { V: ev.V, Q: ev.Q, policy };
      }
      throw new Error('no convergence');
    };
    let compared = 0, improved = 0;
    const mdps = fc.record({ S: fc.integer({ min: 2, max: 9 }), A: fc.integer({ min: 2, max: 5 }) }).chain(({ S, A }) => mdpArbitrary(S, A));
    fc.assert(fc.property(mdps, (m) => {
      const mdp = flatten(m);
      let ref: ReturnType<typeof reference> | null = null;
      try { ref = reference(mdp); } catch (e) { expect(() => optimalValues(mdp)).toThrow((e as Error).message); return; }
      const got = optimalValues(mdp);
      compared++;
      if (Array.from(ref.policy).some((a) => a !== 0)) improved++;
      expect(same(got.V, ref.V) && same(got.Q, ref.Q) && same(got.policy, ref.policy)).toBe(true);
    }), { numRuns: 300, seed: 17 });
    expect(compared).toBeGreaterThan(250);
    expect(improved).toBeGreaterThan(100);
  });

  it('a tall null space (more rows than columns) is ml-matrix\'s on the unit rows, result for result', () => {
    /** construction/nullspace.ts's tall path as it was: ml-matrix's SVD of the unit rows, no padding. */
    const reference = (rows: number[][], cols: number) => {
      const scaled = rows.map((r) => {
        const n = Math.sqrt(r.reduce((s, x) => s + x * x, 0));
        return n > 0 ? r.map((x) => x / n) : r.slice();
      });
      const svd = new SingularValueDecomposition(new Matrix(scaled), { computeLeftSingularVectors: false, computeRightSingularVectors: true, autoTranspose: false });
      const sigma = svd.diagonal;
      const tolerance = Math.max(rows.length, cols) * Number.EPSILON * sigma.reduce((m, x) => Math.max(m, x), 0);
      const basis: number[][] = [];
      let rank = 0;
      for (let i = 0; i < cols; i++) {
        if (sigma[i] > tolerance) rank++;
        else basis.push(svd.rightSingularVectors.getColumn(i));
      }
      return { rank, basis, singularValues: Array.from(sigma), tolerance };
    };
    const tall = fc.integer({ min: 1, max: 8 }).chain((cols) => fc.record({
      cols: fc.constant(cols),
      rows: fc.array(fc.array(fc.oneof(fc.constant(0), fc.double({ min: -5, max: 5, noNaN: true })), { minLength: cols, maxLength: cols }), { minLength: cols + 1, maxLength: cols + 6 }),
      repeat: fc.boolean(),
    }));
    let deficient = 0;
    fc.assert(fc.property(tall, ({ rows, cols, repeat }) => {
      // Repeated rows make the tall matrix rank-deficient, so a basis is returned.
      const M = repeat ? rows.map((r, i) => rows[i % 2]) : rows;
      const ref = reference(M, cols);
      const got = nullSpace(M, cols);
      if (ref.basis.length > 0) deficient++;
      expect(got.rank).toBe(ref.rank);
      expect(rankOf(M, cols)).toBe(ref.rank);
      expect(same(got.singularValues, ref.singularValues)).toBe(true);
      expect(Object.is(got.tolerance, ref.tolerance)).toBe(true);
      expect(got.basis.length).toBe(ref.basis.length);
      expect(got.basis.every((b, i) => same(b, ref.basis[i]))).toBe(true);
    }), { numRuns: 400, seed: 13 });
    expect(deficient).toBeGreaterThan(50);
  });

  it('codes compared as numbers count and match as their text z.join(",") does', () => {
    const pool = [0, -0, 1, 0.1, 1e-300, NaN, Infinity, -Infinity, 2 ** -1074, 0.30000000000000004, 0.3];
    const code = fc.array(fc.constantFrom(...pool), { minLength: 1, maxLength: 3 });
    fc.assert(fc.property(fc.array(code, { minLength: 1, maxLength: 8 }), (encoder) => {
      expect(distinctCodes(encoder)).toBe(new Set(encoder.map((z) => z.join(','))).size);
      for (const x of encoder) for (const y of encoder) expect(sameCodeText(x, y)).toBe(x.join(',') === y.join(','));
    }), { numRuns: 500, seed: 5 });
  });
});
