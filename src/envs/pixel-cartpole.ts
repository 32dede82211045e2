// CartPole seen through low-resolution grayscale frames. The dynamics are Gymnasium's
// (cartpole.ts); the picture follows Gymnasium's render(): a 600 x 400 screen, world width 4.8,
// so scale = 125 px per unit, the cart a 50 x 30 box whose centre is at height carty = 100, the pole
// 10 px wide and 125 px long (2 x half-length x scale), hinged cartheight / 4 = 7.5 px above the
// cart's centre and drawn over it, leaning right for theta > 0. Colours as Gymnasium's (cart black,
// pole RGB 202,152,101) in ITU-R 601 luma, stored as darkness 1 - luma/255 so the background is 0.
// Omitted: the constant track line and the 5 px axle dot (a third of a low-resolution pixel at the
// pole's base), which carry no state information.
//
// The frame is the band of the screen that the cart and pole can occupy (heights 75..240 px),
// downsampled by 15 to 40 x 11 pixels, each pixel the mean darkness of a 6 x 6 grid of samples
// (exact area coverage for the upright pole, whose edges fall on the sample grid). An observation
// stacks the previous and the current frame (velocity is not visible in one frame); at a reset
// the previous frame is the current one.

import type { Rng } from '../autodiff/rng.ts';
import { CARTPOLE, type CartPoleState, cartPoleReset, cartPoleStep } from './cartpole.ts';

export const PIXELS = {
  scale: 600 / (2 * CARTPOLE.xThreshold),
  screenWidth: 600,
  cartWidth: 50,
  cartHeight: 30,
  cartY: 100,
  poleWidth: 10,
  poleLength: 125,
  factor: 15,
  top: 240,
  bottom: 75,
  samples: 6,
  frames: 2,
} as const;
export const FRAME_W = PIXELS.screenWidth / PIXELS.factor; // 40
export const FRAME_H = (PIXELS.top - PIXELS.bottom) / PIXELS.factor; // 11
export const FRAME_SIZE = FRAME_W * FRAME_H;

const luma = (r: number, g: number, b: number) => 0.299 * r + 0.587 * g + 0.114 * b;
export const CART_DARK = 1;
export const POLE_DARK = 1 - luma(202, 152, 101) / 255;

/** Darkness at one screen point (x right, y up, Gymnasium's unflipped coordinates). */
function darkness(px: number, py: number, cartX: number, cos: number, sin: number): number {
  const { cartWidth, cartHeight, cartY, poleWidth, poleLength } = PIXELS;
  // Pole frame: u across, v along the pole, from the hinge.
  const dx = px - cartX, dy = py - (cartY + cartHeight / 4);
  const u = dx * cos - dy * sin, v = dx * sin + dy * cos;
  if (Math.abs(u) <= poleWidth / 2 && v >= -poleWidth / 2 && v <= poleLength - poleWidth / 2) return POLE_DARK;
  if (Math.abs(px - cartX) <= cartWidth / 2 && Math.abs(py - cartY) <= cartHeight / 2) return CART_DARK;
  return 0;
}

/** The 40 x 11 frame of a state, row 0 at the top. */
export function renderCartPole(s: CartPoleState): Float64Array {
  const { scale, screenWidth, factor, top, samples } = PIXELS;
  const cartX = s[0] * scale + screenWidth / 2;
  const cos = Math.cos(s[2]), sin = Math.sin(s[2]);
  const out = new Float64Array(FRAME_SIZE);
  const step = factor / samples, w = 1 / (samples * samples);
  // Only pixels near the cart and pole can be dark: skip columns out of reach of the pole's tip.
  const reach = PIXELS.cartWidth / 2 + PIXELS.poleLength;
  const c0 = Math.max(0, Math.floor((cartX - reach) / factor)), c1 = Math.min(FRAME_W - 1, Math.floor((cartX + reach) / factor));
  for (let r = 0; r < FRAME_H; r++)
    for (let c = c0; c <= c1; c++) {
      let acc = 0;
      for (let i = 0; i < samples; i++)
        for (let j = 0; j < samples; j++) acc += darkness(c * factor + (j + 0.5) * step, top - r * factor - (i + 0.5) * step, cartX, cos, sin);
      out[r * FRAME_W + c] = acc * w;
    }
  return out;
}

export interface PixelCartPoleState {
  phys: CartPoleState;
  frame: Float64Array;
  prev: Float64Array;
}

export function pixelCartPoleReset(rng: Rng): PixelCartPoleState {
  const phys = cartPoleReset(rng);
  const frame = renderCartPole(phys);
  return { phys, frame, prev: frame };
}

export function pixelCartPoleStep(s: PixelCartPoleState, action: number): { state: PixelCartPoleState; terminated: boolean } {
  const r = cartPoleStep(s.phys, action);
  return { state: { phys: r.state, frame: renderCartPole(r.state), prev: s.frame }, terminated: r.terminated };
}

/** [previous frame; current frame], 2 x 440 values. */
export function pixelCartPoleObs(s: PixelCartPoleState): number[] {
  const o = new Array<number>(PIXELS.frames * FRAME_SIZE);
  for (let i = 0; i < FRAME_SIZE; i++) {
    o[i] = s.prev[i];
    o[FRAME_SIZE + i] = s.frame[i];
  }
  return o;
}

/** CartPole-v1's reward threshold (Gymnasium's registration): an environment counts as solved at 475. */
export const CARTPOLE_REWARD_THRESHOLD = 475;
