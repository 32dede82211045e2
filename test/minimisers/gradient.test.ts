// The autodiff gradient of J (both readings) against central differences of the 64-digit objective.
import { describe, expect, it } from 'vitest';
import { layout, pack } from '../../src/minimisers/config.ts';
import { objective64, objectiveGrad, toBigVector } from '../../src/minimisers/objective.ts';
import { preciseContext, type Big } from '../../src/precise/evaluate.ts';

const mdp = { P: [[[0.5, 0.3, 0], [0, 1, 0]], [[1, 0, 0], [0.2, 0.3, 0.1]], [[0, 0, 0.9], [0.3, 0.3, 0.3]]], R: [[1, 0], [0, 2], [0.3, -1]], mu: [0.5, 0.5, 0], gamma: 0.9 };
const cfg = { E: [[0.1, 0.2], [0.3, -0.1], [0.5, 0.7]], W: [[1, 0.5], [-0.3, 0.2]], b: [0.1, -0.2], M: [[[0.9, 0.1], [0, 1.1]], [[0.5, 0], [0.2, 0.3]]], c: [[0.1, 0], [0, -0.2]] };

describe('gradient of J', () => {
  for (const reading of ['on-policy', 'fixed-data'] as const) {
    it(`matches 64-digit central differences (${reading})`, () => {
      const L = layout(3, 2, 2);
      const x = pack(cfg);
      const { grad } = objectiveGrad(mdp, 0.7, L, x, reading);
      const c = preciseContext(64);
      const xb = toBigVector(x);
      const base = objective64(mdp, 0.7, L, xb, reading).point;
      const h = c.math.bignumber('1e-25') as Big;
      // Every third coordinate keeps the test fast while touching E, W, b, M and c.
      for (let i = 0; i < x.length; i += 3) {
        const xp = xb.slice(); xp[i] = xp[i].plus(h);
        const xm = xb.slice(); xm[i] = xm[i].minus(h);
        const fd = objective64(mdp, 0.7, L, xp, reading, base).J.minus(objective64(mdp, 0.7, L, xm, reading, base).J).div(h.times(2)).toNumber();
        expect(Math.abs(fd - grad[i])).toBeLessThan(1e-12 * (1 + Math.abs(fd)));
      }
    });
  }
});
