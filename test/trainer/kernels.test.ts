import { describe, expect, it } from 'vitest';
import { Rng, Tensor, colStd, constant, gradcheck, mul, sum, varianceHinge, cloneLayers, emaUpdate } from '../../src/autodiff/index.ts';
import { a2cLoss, collectBatch } from '../../src/trainer/a2c.ts';
import { catchEpisodic } from '../../src/trainer/kenneweg.ts';
import { allParams, initNet } from '../../src/trainer/model.ts';

function param(rows: number, cols: number, seed: number, s = 1): Tensor {
  const r = new Rng(seed);
  return new Tensor(Float64Array.from({ length: rows * cols }, () => s * r.normal()), rows, cols, true);
}
const weigh = (y: Tensor) => sum(mul(y, constant(Array.from({ length: y.size }, (_, i) => Math.cos(1.3 * i) + 0.3), y.rows, y.cols)));

describe('fused batch kernels: values and gradients against finite differences', () => {
  it('colStd equals a two-pass population std per column', () => {
    const a = param(7, 3, 1);
    const s = colStd(a, 1e-4);
    for (let j = 0; j < 3; j++) {
      const col = [...Array(7).keys()].map((i) => a.data[i * 3 + j]);
      const m = col.reduce((x, y) => x + y, 0) / 7;
      expect(s.data[j]).toBeCloseTo(Math.sqrt(col.reduce((x, y) => x + (y - m) ** 2, 0) / 7 + 1e-4), 13);
    }
    const r = gradcheck(() => weigh(colStd(a, 1e-4)), [a]);
    expect(r.failures).toEqual([]);
  });

  it('varianceHinge: value by hand, gradient by finite differences with columns on both sides of std 1', () => {
    // Column scales 0.3 and 3: the first column is inside the hinge, the second outside.
    const a = new Tensor(Float64Array.from({ length: 20 }, (_, k) => (k % 2 === 0 ? 0.3 : 3) * Math.sin(1.7 * k + 0.4)), 10, 2, true);
    const s = colStd(a, 1e-4).data;
    expect(s[0]).toBeLessThan(1);
    expect(s[1]).toBeGreaterThan(1);
    expect(varianceHinge(a).item()).toBeCloseTo((1 - s[0]) / 2, 14);
    const r = gradcheck(() => varianceHinge(a), [a]);
    expect(r.failures).toEqual([]);
  });

  it('emaUpdate moves the target by (1 - tau) of the gap; cloneLayers copies values, not buffers', () => {
    const net = initNet({ obsDim: 3, nActions: 2, d: 4, encHidden: 5, wmHidden: 5 }, 1);
    const t = cloneLayers(net.encoder);
    const before = Float64Array.from(t[0].w.data);
    net.encoder[0].w.data[0] += 1;
    expect(t[0].w.data[0]).toBe(before[0]);
    emaUpdate(t, net.encoder, 0.9);
    expect(t[0].w.data[0]).toBeCloseTo(before[0] + 0.1, 14);
    expect(t[0].w.data[1]).toBe(before[1]);
  });
});

describe('the kenneweg loss (A2C + JEPA with EMA target, variance regulariser, standardised advantages) gradchecks', () => {
  const env = catchEpisodic();
  for (const [name, extra] of [
    ['JEPA + RL, EMA target', { rlIntoEncoder: true, ema: true, varCoef: 0 }],
    ['JEPA + variance regulariser, no RL gradient, no EMA', { rlIntoEncoder: false, ema: false, varCoef: 1 }],
  ] as const)
    it(name, () => {
      const net = initNet({ obsDim: env.obsDim, nActions: env.nActions, d: 4, encHidden: 6, wmHidden: 5 }, 7);
      const batch = collectBatch(net, env, 3, new Rng(2));
      const target = extra.ema ? cloneLayers(net.encoder) : null;
      // A target that differs from the online encoder, as it does after some updates.
      if (target) for (const l of target) for (let i = 0; i < l.w.size; i++) l.w.data[i] *= 0.8;
      const opts = {
        lambda: 0.7, rlIntoEncoder: extra.rlIntoEncoder, stopGradTarget: false, valueCoef: 0.5, target, varCoef: extra.varCoef,
        returnScale: 0.01, normaliseAdvantage: true,
      };
      const r = gradcheck(() => a2cLoss(net, batch, opts).loss, allParams(net), { maxPerParam: 12 });
      expect(r.failures.slice(0, 3)).toEqual([]);
      expect(r.checked).toBeGreaterThan(50);
    });
});
