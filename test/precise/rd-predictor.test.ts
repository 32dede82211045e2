// The world model's 64-digit predictions go through rdPredictor.ts (decimal.js's operations replayed
// on BigInt coefficients, the MLP's tanh included). Compared here, digit for digit and sign of zero
// included, with the decimal.js route: bigPredictor with a tanh that is not the engine's own (which
// keeps decimal.js) for MLPs, and matVec written out for affine models; seeded models with weights
// from 1e-6 to 1e3 (tanh saturating and not), zero and -0 inputs, at 64 and 76 digits.
import type { BigNumber } from 'mathjs';
import { describe, expect, it } from 'vitest';
import { seeded, repr } from './decimalTestKit.ts';
import { bigPredictor, bigWorldModel, preciseContext } from '../../src/precise/evaluate.ts';
import type { WorldModel } from '../../src/model/types.ts';

type Big = BigNumber;


describe('rdPredictor', () => {
  for (const digits of [64, 76]) {
    it(`predicts decimal.js's digits at ${digits} digits`, () => {
      const c = preciseContext(digits);
      const r = seeded(digits);
      const num = () => (r() < 0.1 ? 0 : (r() - 0.5) * 10 ** (Math.floor(r() * 9) - 6));
      for (let i = 0; i < 60; i++) {
        const d = 1 + Math.floor(r() * 6);
        const nA = 1 + Math.floor(r() * 3);
        const mat = (rows: number, cols: number) => Array.from({ length: rows }, () => Array.from({ length: cols }, num));
        let wm: WorldModel;
        if (r() < 0.4) {
          wm = { kind: 'affine', M: Array.from({ length: nA }, () => mat(d, d)), c: mat(nA, d) };
        } else {
          const widths = [d + nA, ...Array.from({ length: 1 + Math.floor(r() * 2) }, () => 1 + Math.floor(r() * 6)), d];
          wm = { kind: 'mlp', activation: 'tanh', layers: widths.slice(1).map((w, k) => ({ W: mat(w, widths[k]), b: Array.from({ length: w }, num) })) };
        }
        const big = bigWorldModel(c, wm);
        const fast = bigPredictor(c, big, nA);
        const slow = bigPredictor(c, big, nA, (x) => c.tanh(x));
        for (let k = 0; k < 4; k++) {
          const z = Array.from({ length: d }, () => c.big(k === 0 ? -0 : num() * (r() < 0.3 ? 1e4 : 1)));
          const a = Math.floor(r() * nA);
          const want = big.kind === 'affine' ? big.M[a].map((row, j) => row.reduce((s, x, t) => s.plus(x.times(z[t])), c.zero).plus(big.c[a][j])) : slow(z, a);
          expect(fast(z, a).map(repr)).toEqual(want.map(repr));
        }
      }
    });
  }
});
