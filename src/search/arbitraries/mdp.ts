// MDPs as CLAIMS.md allows them: sub-stochastic rows, gamma in (0, 1] (gamma = 1 only with certain
// termination), with absorbing, terminal, self-looping and unreachable states and tied rewards.
import fc from 'fast-check';
import type { Mdp } from '../../model/types.ts';
import { gridDouble, moderate } from './scalar.ts';

type RowKind = 'random' | 'terminal' | 'absorbing' | 'deterministic' | 'self-loop';

const rowKind = fc.constantFrom<RowKind>('random', 'random', 'random', 'terminal', 'absorbing', 'deterministic', 'self-loop');

function row(kind: RowKind, S: number, s: number, weights: number[], target: number, keep: number): number[] {
  const out = new Array<number>(S).fill(0);
  if (kind === 'terminal') return out;
  if (kind === 'absorbing') { out[s] = 1; return out; }
  if (kind === 'deterministic') { out[target % S] = 1; return out; }
  if (kind === 'self-loop') { out[s] = 0.5; out[target % S] += 0.5 * keep; return out; }
  const total = weights.reduce((x, y) => x + y, 0);
  if (total === 0) return out;
  return weights.map((w) => (w / total) * keep);
}

const gammaArbitrary = fc.oneof(
  { weight: 5, arbitrary: gridDouble(0.05, 0.99) },
  { weight: 1, arbitrary: gridDouble(1e-6, 0.05) },
  { weight: 1, arbitrary: fc.constant(1) },
);

const rewardArbitrary = (S: number, A: number): fc.Arbitrary<number[][]> =>
  fc.oneof(
    { weight: 4, arbitrary: fc.array(fc.array(moderate(2), { minLength: A, maxLength: A }), { minLength: S, maxLength: S }) },
    // Tied rewards: small integers make exact ties between actions common.
    { weight: 2, arbitrary: fc.array(fc.array(fc.integer({ min: -1, max: 1 }), { minLength: A, maxLength: A }), { minLength: S, maxLength: S }) },
    { weight: 1, arbitrary: fc.integer({ min: -1, max: 1 }).map((r) => Array.from({ length: S }, () => new Array<number>(A).fill(r))) },
  );

/** mu: one start state or a spread; states outside supp(mu) with no way in are unreachable. */
const muArbitrary = (S: number): fc.Arbitrary<number[]> =>
  fc.oneof(
    fc.integer({ min: 0, max: S - 1 }).map((s) => Array.from({ length: S }, (_, i) => (i === s ? 1 : 0))),
    fc.array(fc.integer({ min: 0, max: 4 }), { minLength: S, maxLength: S }).map((w) => {
      const total = w.reduce((x, y) => x + y, 0);
      return total === 0 ? Array.from({ length: S }, () => 1 / S) : w.map((x) => x / total);
    }),
  );

export function mdpArbitrary(S: number, A: number): fc.Arbitrary<Mdp> {
  const rows = fc.array(
    fc.record({
      kind: rowKind,
      weights: fc.array(fc.oneof(fc.constant(0), gridDouble(0, 1)), { minLength: S, maxLength: S }),
      target: fc.nat(S - 1),
      keep: fc.oneof(fc.constant(1), gridDouble(0.5, 1)),
    }),
    { minLength: S * A, maxLength: S * A },
  );
  return fc
    .record({ rows, R: rewardArbitrary(S, A), mu: muArbitrary(S), gamma: gammaArbitrary, termination: gridDouble(0.05, 0.5), unreachable: fc.array(fc.nat(S - 1), { maxLength: 2 }) })
    .map(({ rows, R, mu: generatedMu, gamma, termination, unreachable }) => {
      let mu = generatedMu.slice();
      // Plain loops (the same rows in the same order): Array.from({ length }) was a visible part of generation.
      const P: number[][][] = [];
      for (let s = 0; s < S; s++) {
        const ps: number[][] = [];
        for (let a = 0; a < A; a++) {
          const r = rows[s * A + a];
          ps.push(row(r.kind, S, s, r.weights, r.target, r.keep));
        }
        P.push(ps);
      }
      // Cut every way into the chosen states (and their start mass): they become unreachable.
      const cut = new Set(unreachable.filter((s) => mu.some((m, i) => m > 0 && i !== s && !unreachable.includes(i))));
      if (cut.size > 0) {
        for (const s of cut) mu[s] = 0;
        const total = mu.reduce((x, y) => x + y, 0);
        mu = mu.map((x) => x / total);
        for (let s = 0; s < S; s++) for (let a = 0; a < A; a++) for (const t of cut) if (!cut.has(s)) P[s][a][t] = 0;
      }
      // gamma = 1 is allowed only when every policy ends episodes with certainty: leak mass everywhere.
      if (gamma === 1) for (const rs of P) for (const r of rs) for (let t = 0; t < S; t++) r[t] *= 1 - termination;
      return { P, R, mu, gamma };
    });
}
