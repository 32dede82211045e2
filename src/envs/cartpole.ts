// CartPole-v1 with Gymnasium's dynamics (classic_control/cartpole.py), in float64 where
// Gymnasium rounds observations to float32. Reward 1 on every step including the one that
// terminates; the v1 time limit truncates at 500 steps.

import type { Rng } from '../autodiff/rng.ts';

export const CARTPOLE = {
  gravity: 9.8,
  masscart: 1.0,
  masspole: 0.1,
  length: 0.5, // half the pole's length
  forceMag: 10.0,
  tau: 0.02,
  thetaThreshold: (12 * 2 * Math.PI) / 360, // 0.20944 rad
  xThreshold: 2.4,
  maxSteps: 500,
} as const;

export type CartPoleState = [number, number, number, number]; // x, x_dot, theta, theta_dot

/** One Euler step: action 1 pushes right, 0 left. */
export function cartPoleStep(state: CartPoleState, action: number): { state: CartPoleState; terminated: boolean } {
  const { gravity, masscart, masspole, length, forceMag, tau, thetaThreshold, xThreshold } = CARTPOLE;
  const totalMass = masspole + masscart;
  const polemassLength = masspole * length;
  let [x, xDot, theta, thetaDot] = state;
  const force = action === 1 ? forceMag : -forceMag;
  const cos = Math.cos(theta), sin = Math.sin(theta);
  const temp = (force + polemassLength * thetaDot * thetaDot * sin) / totalMass;
  const thetaAcc = (gravity * sin - cos * temp) / (length * (4.0 / 3.0 - (masspole * cos * cos) / totalMass));
  const xAcc = temp - (polemassLength * thetaAcc * cos) / totalMass;
  x = x + tau * xDot;
  xDot = xDot + tau * xAcc;
  theta = theta + tau * thetaDot;
  thetaDot = thetaDot + tau * thetaAcc;
  const terminated = x < -xThreshold || x > xThreshold || theta < -thetaThreshold || theta > thetaThreshold;
  return { state: [x, xDot, theta, thetaDot], terminated };
}

export function cartPoleReset(rng: Rng): CartPoleState {
  return [rng.uniform(-0.05, 0.05), rng.uniform(-0.05, 0.05), rng.uniform(-0.05, 0.05), rng.uniform(-0.05, 0.05)];
}

/** Gymnasium's observation is the state itself. */
export function cartPoleObs(state: CartPoleState): number[] {
  return [...state];
}
