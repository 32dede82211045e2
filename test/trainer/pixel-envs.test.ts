import { describe, expect, it } from 'vitest';
import { Rng } from '../../src/autodiff/rng.ts';
import { CATCH, catchObs, catchRandomReturn, catchReset, catchStep } from '../../src/envs/catch.ts';
import { cartPoleStep } from '../../src/envs/cartpole.ts';
import {
  CART_DARK, FRAME_H, FRAME_SIZE, FRAME_W, POLE_DARK, pixelCartPoleObs, pixelCartPoleReset, pixelCartPoleStep, renderCartPole,
} from '../../src/envs/pixel-cartpole.ts';

const at = (obs: number[], r: number, c: number) => obs[r * CATCH.columns + c];

describe('bsuite Catch (10 x 5)', () => {
  it('a hand-traced episode: ball in column 4, paddle from 2 moves right twice, catches, +1 after 9 steps', () => {
    let s = { ballX: 4, ballY: 0, paddleX: 2 };
    let obs = catchObs(s);
    expect(obs.length).toBe(50);
    expect(obs.reduce((a, b) => a + b, 0)).toBe(2);
    expect([at(obs, 0, 4), at(obs, 9, 2)]).toEqual([1, 1]);
    const actions = [2, 2, 2, 1, 0, 2, 1, 1, 1]; // +1, +1, +1 (clipped at 4), 0, -1, +1, 0, 0, 0
    const paddle = [3, 4, 4, 4, 3, 4, 4, 4, 4];
    const rewards: number[] = [];
    actions.forEach((a, t) => {
      const r = catchStep(s, a);
      s = r.state;
      rewards.push(r.reward);
      expect(s.paddleX).toBe(paddle[t]);
      expect(s.ballY).toBe(t + 1);
      expect(r.terminated).toBe(t === 8);
    });
    expect(rewards).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 1]);
    // On the last board ball and paddle share the bottom cell.
    obs = catchObs(s);
    expect(at(obs, 9, 4)).toBe(1);
    expect(obs.reduce((a, b) => a + b, 0)).toBe(1);
  });

  it('a miss gives -1; the paddle is clipped at column 0', () => {
    let s = { ballX: 4, ballY: 0, paddleX: 2 };
    let last = 0;
    for (let t = 0; t < 9; t++) {
      const r = catchStep(s, 0);
      s = r.state;
      last = r.reward;
    }
    expect(s.paddleX).toBe(0);
    expect(last).toBe(-1);
  });

  it('reset: ball in row 0 at every column with frequency ~1/5, paddle at column 2', () => {
    const rng = new Rng(3);
    const counts = [0, 0, 0, 0, 0];
    for (let i = 0; i < 5000; i++) {
      const s = catchReset(rng);
      expect([s.ballY, s.paddleX]).toEqual([0, 2]);
      counts[s.ballX]++;
    }
    for (const c of counts) expect(Math.abs(c / 5000 - 0.2)).toBeLessThan(0.03);
  });

  it('random-policy return: exact value agrees with simulation', () => {
    // Whatever the paddle's distribution, a uniform ball column is hit with probability 1/5.
    expect(catchRandomReturn()).toBeCloseTo(2 / 5 - 1, 12);
    const rng = new Rng(9);
    let sum = 0;
    const N = 20000;
    for (let i = 0; i < N; i++) {
      let s = catchReset(rng);
      for (;;) {
        const r = catchStep(s, rng.int(3));
        s = r.state;
        if (r.terminated) {
          sum += r.reward;
          break;
        }
      }
    }
    expect(Math.abs(sum / N - catchRandomReturn())).toBeLessThan(0.03);
  });
});

/** Exact area of [a0,a1] x [b0,b1] inside pixel (r, c) of the frame, in screen units (y up). */
function overlap(r: number, c: number, a0: number, a1: number, b0: number, b1: number): number {
  const x0 = c * 15, x1 = x0 + 15, y1 = 240 - r * 15, y0 = y1 - 15;
  return Math.max(0, Math.min(x1, a1) - Math.max(x0, a0)) * Math.max(0, Math.min(y1, b1) - Math.max(y0, b0));
}

describe('pixel CartPole', () => {
  it('upright pole at x = 0: every pixel equals the exact area coverage of cart and pole', () => {
    const f = renderCartPole([0, 0, 0, 0]);
    expect(f.length).toBe(FRAME_SIZE);
    for (let r = 0; r < FRAME_H; r++)
      for (let c = 0; c < FRAME_W; c++) {
        // Pole: x 295..305, y 102.5..227.5 (hinge at 107.5, 5 px below it); cart: x 275..325, y 85..115.
        const pole = overlap(r, c, 295, 305, 102.5, 227.5);
        const cart = overlap(r, c, 275, 325, 85, 115) - overlap(r, c, 295, 305, 102.5, 115);
        expect(f[r * FRAME_W + c]).toBeCloseTo((pole * POLE_DARK + cart * CART_DARK) / 225, 12);
      }
  });

  it('moving the cart by 1.2 shifts the frame by exactly 1.2 x 125 / 15 = 10 columns', () => {
    const a = renderCartPole([0, 0, 0.1, 0]);
    const b = renderCartPole([1.2, 0, 0.1, 0]);
    for (let r = 0; r < FRAME_H; r++)
      for (let c = 0; c < FRAME_W - 10; c++) expect(b[r * FRAME_W + c + 10]).toBeCloseTo(a[r * FRAME_W + c], 12);
  });

  it('a pole leaning right (theta > 0) moves its dark mass right of the upright one, by ~ sin(theta) x length / 2', () => {
    const centroidX = (f: Float64Array, rows: number) => {
      let m = 0, mx = 0;
      for (let r = 0; r < rows; r++) for (let c = 0; c < FRAME_W; c++) (m += f[r * FRAME_W + c]), (mx += f[r * FRAME_W + c] * (c + 0.5) * 15);
      return mx / m;
    };
    // Rows 0..6 hold only pole (the cart starts at row 8), so the centroid is the pole's.
    const up = centroidX(renderCartPole([0, 0, 0, 0]), 7);
    const lean = centroidX(renderCartPole([0, 0, 0.15, 0]), 7);
    expect(up).toBeCloseTo(300, 6);
    expect(lean).toBeGreaterThan(300 + 0.5 * Math.sin(0.15) * 125);
    expect(lean).toBeLessThan(300 + Math.sin(0.15) * 125);
  });

  it('observation stacks [previous, current]; one hand-computed push from rest leaves the picture unchanged', () => {
    const rng = new Rng(1);
    const s0 = pixelCartPoleReset(rng);
    const o0 = pixelCartPoleObs(s0);
    expect(o0.slice(0, FRAME_SIZE)).toEqual(o0.slice(FRAME_SIZE));
    // From rest, Euler moves x and theta only from the second step on: x_dot = 0.02 x 9.7561.
    const rest = { phys: [0, 0, 0, 0] as [number, number, number, number], frame: renderCartPole([0, 0, 0, 0]), prev: renderCartPole([0, 0, 0, 0]) };
    const s1 = pixelCartPoleStep(rest, 1).state;
    expect(s1.phys[1]).toBeCloseTo(0.02 * (10 / 1.1 + (0.05 * (10 / 1.1)) / (0.5 * (4 / 3 - 0.1 / 1.1)) / 1.1), 12);
    expect(Array.from(s1.frame)).toEqual(Array.from(rest.frame));
    const s2 = pixelCartPoleStep(s1, 1).state;
    expect(s2.phys).toEqual(cartPoleStep(s1.phys, 1).state);
    const o2 = pixelCartPoleObs(s2);
    expect(o2.slice(0, FRAME_SIZE)).toEqual(Array.from(s1.frame));
    expect(o2.slice(FRAME_SIZE)).toEqual(Array.from(renderCartPole(s2.phys)));
    // Once the cart moves by a sample spacing (2.5 screen units, 0.02 world units) the frames differ.
    let s = s2;
    while (s.phys[0] < 0.05) s = pixelCartPoleStep(s, 1).state;
    const o = pixelCartPoleObs(s);
    expect(o.slice(FRAME_SIZE)).not.toEqual(o.slice(0, FRAME_SIZE));
  });
});
