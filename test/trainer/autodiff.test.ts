import { describe, expect, it } from 'vitest';
import {
  Rng, Tensor, add, concatCols, concatRows, constant, exp, gatherCols, gatherRows, gradcheck, hashSeed, log, logSoftmax, matmul, mean,
  mul, neg, pick, relu, scale, softmax, solve, square, stopGrad, sub, sum, sumCols, sumRows, tanh, transpose,
} from '../../src/autodiff/index.ts';

const rng = new Rng(7);
function param(rows: number, cols: number, f: () => number = () => rng.normal()): Tensor {
  const t = new Tensor(new Float64Array(rows * cols), rows, cols, true);
  for (let i = 0; i < t.size; i++) t.data[i] = f();
  return t;
}
/** A fixed random weighting, so every output entry carries a different upstream gradient. */
function weigh(y: Tensor): Tensor {
  const w = constant(Array.from({ length: y.size }, (_, i) => Math.sin(1.7 * i + 0.3) + 0.5), y.rows, y.cols);
  return sum(mul(y, w));
}
function expectPass(f: () => Tensor, params: Tensor[]) {
  const r = gradcheck(f, params);
  expect(r.failures, JSON.stringify(r.failures.slice(0, 3))).toEqual([]);
  expect(r.checked).toBeGreaterThan(0);
}

describe('gradcheck of every op (|a - n| <= 1e-5 + 1e-3 |n|)', () => {
  it('matmul', () => {
    const a = param(3, 4), b = param(4, 2);
    expectPass(() => weigh(matmul(a, b)), [a, b]);
  });
  it('transpose', () => {
    const a = param(3, 2);
    expectPass(() => weigh(transpose(a)), [a]);
  });
  for (const [name, op] of [['add', add], ['sub', sub], ['mul', mul]] as const) {
    it(`${name}, same shape and every broadcast`, () => {
      const a = param(3, 4), same = param(3, 4), row = param(1, 4), col = param(3, 1), one = param(1, 1);
      expectPass(() => weigh(op(a, same)), [a, same]);
      expectPass(() => weigh(op(a, row)), [a, row]);
      expectPass(() => weigh(op(col, a)), [col, a]);
      expectPass(() => weigh(op(a, one)), [a, one]);
      expectPass(() => weigh(op(row, col)), [row, col]);
    });
  }
  it('scale, neg', () => {
    const a = param(2, 3);
    expectPass(() => weigh(scale(a, -2.5)), [a]);
    expectPass(() => weigh(neg(a)), [a]);
  });
  it('tanh, exp, square', () => {
    const a = param(3, 3);
    expectPass(() => weigh(tanh(a)), [a]);
    expectPass(() => weigh(exp(a)), [a]);
    expectPass(() => weigh(square(a)), [a]);
  });
  it('relu (inputs away from the kink)', () => {
    const a = param(3, 3, () => (rng.next() < 0.5 ? -1 : 1) * (0.1 + rng.next()));
    expectPass(() => weigh(relu(a)), [a]);
  });
  it('log (positive inputs)', () => {
    const a = param(2, 3, () => 0.2 + rng.next() * 2);
    expectPass(() => weigh(log(a)), [a]);
  });
  it('sum, mean, sumRows, sumCols', () => {
    const a = param(3, 4);
    expectPass(() => scale(sum(a), 1.3), [a]);
    expectPass(() => mean(mul(a, a)), [a]);
    expectPass(() => weigh(sumRows(a)), [a]);
    expectPass(() => weigh(sumCols(a)), [a]);
  });
  it('logSoftmax, softmax', () => {
    const a = param(3, 4, () => 3 * rng.normal());
    expectPass(() => weigh(logSoftmax(a)), [a]);
    expectPass(() => weigh(softmax(a)), [a]);
  });
  it('gatherRows, gatherCols, pick (with repeats)', () => {
    const a = param(4, 3);
    expectPass(() => weigh(gatherRows(a, [2, 0, 2, 3])), [a]);
    expectPass(() => weigh(gatherCols(a, [1, 1, 0])), [a]);
    expectPass(() => weigh(pick(a, [0, 3, 3, 1], [2, 0, 0, 1])), [a]);
  });
  it('concatCols, concatRows', () => {
    const a = param(2, 3), b = param(2, 1), c = param(1, 3);
    expectPass(() => weigh(concatCols([a, b, a])), [a, b]);
    expectPass(() => weigh(concatRows([a, c])), [a, c]);
  });
  it('solve (dense LU), both arguments', () => {
    const A = param(4, 4, () => 0.3 * rng.normal());
    for (let i = 0; i < 4; i++) A.data[i * 5] += 2;
    const B = param(4, 2);
    expectPass(() => weigh(solve(A, B)), [A, B]);
    // The solution solves the system.
    const X = solve(A, B);
    const AX = matmul(A, X);
    for (let i = 0; i < B.size; i++) expect(AX.data[i]).toBeCloseTo(B.data[i], 12);
  });
  it('stopGrad: the detached value is a constant of the checked function', () => {
    const a = param(2, 3);
    expectPass(() => weigh(mul(tanh(stopGrad(a)), a)), [a]);
  });
  it('a composite graph where a node feeds several consumers', () => {
    const x = param(2, 3), w = param(3, 3);
    expectPass(() => {
      const h = tanh(matmul(x, w));
      return add(sum(mul(h, h)), mean(logSoftmax(add(h, x))));
    }, [x, w]);
  });
});

describe('tape mechanics', () => {
  it('stopGrad blocks the gradient', () => {
    const a = param(2, 2);
    a.zeroGrad();
    sum(mul(stopGrad(a), a)).backward();
    for (let i = 0; i < a.size; i++) expect(a.grad![i]).toBeCloseTo(a.data[i], 15);
  });
  it('backward is iterative: a 50 000-op chain does not overflow the stack', () => {
    const x = param(1, 1, () => 0.5);
    let y: Tensor = x;
    for (let i = 0; i < 50_000; i++) y = scale(y, 1);
    x.zeroGrad();
    y.backward();
    expect(x.grad![0]).toBe(1);
  });
  it('constants get no gradient buffer', () => {
    const c = constant([1, 2], 1, 2), p = param(1, 2);
    sum(mul(c, p)).backward();
    expect(c.grad).toBeNull();
  });
});

describe('seeded PRNG', () => {
  it('is deterministic per seed and in [0, 1)', () => {
    const a = new Rng(42), b = new Rng(42), c = new Rng(43);
    const xs = Array.from({ length: 1000 }, () => a.next());
    expect(xs).toEqual(Array.from({ length: 1000 }, () => b.next()));
    expect(xs).not.toEqual(Array.from({ length: 1000 }, () => c.next()));
    expect(Math.min(...xs)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...xs)).toBeLessThan(1);
    expect(hashSeed(1, 2)).not.toBe(hashSeed(2, 1));
  });
  it('Box-Muller normals have mean ~0 and variance ~1', () => {
    const r = new Rng(5);
    const xs = Array.from({ length: 20000 }, () => r.normal());
    const m = xs.reduce((s, x) => s + x, 0) / xs.length;
    const v = xs.reduce((s, x) => s + (x - m) ** 2, 0) / xs.length;
    expect(Math.abs(m)).toBeLessThan(0.03);
    expect(Math.abs(v - 1)).toBeLessThan(0.05);
  });
});

describe('gradcheck itself', () => {
  it('flags a wrong backward rule', () => {
    const a = param(2, 2);
    // Forward x^2 with a deliberately wrong derivative x (instead of 2x).
    const badSquare = (x: Tensor) => {
      const out = new Tensor(x.data.map((v) => v * v), x.rows, x.cols, true, [x], 'bad');
      out.backwardFn = () => {
        const g = x.g();
        for (let i = 0; i < x.size; i++) g[i] += out.grad![i] * x.data[i];
      };
      return out;
    };
    expect(gradcheck(() => sum(badSquare(a)), [a]).ok).toBe(false);
  });
});
