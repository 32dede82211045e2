import { describe, expect, it } from 'vitest';
import { CARTPOLE, cartPoleStep } from '../../src/envs/cartpole.ts';
import { DOWN, LEFT, RIGHT, UP, chain, frozenLake, gridworld, tabularStep } from '../../src/envs/tabular.ts';

describe('FrozenLake 4x4 (Gymnasium FrozenLake-v1: SFFF / FHFH / FFFH / HFFG)', () => {
  const slip = frozenLake(true);
  const det = frozenLake(false);
  const P = slip.mdp.P;

  it('has 16 states, 4 actions, starts at S = 0, holes 5 7 11 12 and goal 15 terminal', () => {
    expect(P.length).toBe(16);
    expect(slip.mdp.R[0].length).toBe(4);
    expect(slip.mdp.mu).toEqual([1, ...new Array(15).fill(0)]);
    expect([...slip.terminal.keys()].filter((s) => slip.terminal[s])).toEqual([5, 7, 11, 12, 15]);
    for (const t of [5, 7, 11, 12, 15]) for (let a = 0; a < 4; a++) expect(P[t][a].every((p) => p === 0)).toBe(true);
  });

  it('slippery: hand-derived rows', () => {
    const third = 1 / 3;
    // s0 LEFT: UP and LEFT both bump into the corner (stay at 0), DOWN goes to 4.
    expect(P[0][LEFT][0]).toBeCloseTo(2 * third, 15);
    expect(P[0][LEFT][4]).toBeCloseTo(third, 15);
    // s0 DOWN: LEFT -> 0, DOWN -> 4, RIGHT -> 1.
    expect([P[0][DOWN][0], P[0][DOWN][4], P[0][DOWN][1]].map((x) => x * 3)).toEqual([1, 1, 1].map((x) => expect.closeTo(x, 12)));
    // s4 = (1,0) RIGHT: DOWN -> 8, RIGHT -> 5 (hole), UP -> 0.
    expect(P[4][RIGHT][8]).toBeCloseTo(third, 15);
    expect(P[4][RIGHT][5]).toBeCloseTo(third, 15);
    expect(P[4][RIGHT][0]).toBeCloseTo(third, 15);
    // s14 = (3,2) RIGHT: DOWN stays at 14, RIGHT reaches G = 15 (reward 1), UP -> 10.
    expect(P[14][RIGHT][15]).toBeCloseTo(third, 15);
    expect(P[14][RIGHT][14]).toBeCloseTo(third, 15);
    expect(P[14][RIGHT][10]).toBeCloseTo(third, 15);
    expect(slip.mdp.R[14][RIGHT]).toBeCloseTo(third, 15);
    expect(slip.reward3[14][RIGHT][15]).toBe(1);
    // s10 = (2,2) DOWN: LEFT -> 9, DOWN -> 14, RIGHT -> 11 (hole); no reward.
    expect(P[10][DOWN][9]).toBeCloseTo(third, 15);
    expect(P[10][DOWN][14]).toBeCloseTo(third, 15);
    expect(P[10][DOWN][11]).toBeCloseTo(third, 15);
    expect(slip.mdp.R[10][DOWN]).toBe(0);
    // s13 = (3,1) UP: RIGHT -> 14, UP -> 9, LEFT -> 12 (hole).
    expect(P[13][UP][14]).toBeCloseTo(third, 15);
    expect(P[13][UP][9]).toBeCloseTo(third, 15);
    expect(P[13][UP][12]).toBeCloseTo(third, 15);
    // Only transitions into G pay.
    for (let s = 0; s < 16; s++) for (let a = 0; a < 4; a++) for (let t = 0; t < 16; t++) if (slip.reward3[s][a][t] !== 0) expect(t).toBe(15);
  });

  it('every non-terminal row sums to 1 (no missing mass before a terminal state)', () => {
    for (const env of [slip, det])
      for (let s = 0; s < 16; s++) {
        if (env.terminal[s]) continue;
        for (let a = 0; a < 4; a++) expect(env.mdp.P[s][a].reduce((x, y) => x + y, 0)).toBeCloseTo(1, 14);
      }
  });

  it('not slippery: deterministic moves clamped at the edges', () => {
    const Q = det.mdp.P;
    expect(Q[0][LEFT][0]).toBe(1);
    expect(Q[0][UP][0]).toBe(1);
    expect(Q[0][RIGHT][1]).toBe(1);
    expect(Q[0][DOWN][4]).toBe(1);
    expect(Q[14][RIGHT][15]).toBe(1);
    expect(det.mdp.R[14][RIGHT]).toBe(1);
    expect(Q[3][RIGHT][3]).toBe(1);
    expect(Q[9][DOWN][13]).toBe(1);
  });

  it('sampling follows the table (inverse CDF) and ends on H and G', () => {
    // Row 14/RIGHT has mass 1/3 on states 10, 14, 15 in index order.
    expect(tabularStep(slip, 14, RIGHT, 0.0)).toEqual({ next: 10, reward: 0, done: false });
    expect(tabularStep(slip, 14, RIGHT, 0.5)).toEqual({ next: 14, reward: 0, done: false });
    expect(tabularStep(slip, 14, RIGHT, 0.9)).toEqual({ next: 15, reward: 1, done: true });
    expect(tabularStep(slip, 4, RIGHT, 0.5)).toEqual({ next: 5, reward: 0, done: true });
  });
});

describe('chain and gridworld', () => {
  it('chain: right with prob 1 - slip, goal pays 1 and is terminal', () => {
    const c = chain(6, 0.1);
    expect(c.mdp.P[2][1][3]).toBeCloseTo(0.9, 15);
    expect(c.mdp.P[2][1][1]).toBeCloseTo(0.1, 15);
    expect(c.mdp.R[4][1]).toBeCloseTo(0.9, 15);
    expect(c.terminal[5]).toBe(true);
  });
  it('gridworld: pit at (2,1) pays -1, goal (3,3) pays +1', () => {
    const g = gridworld();
    expect(g.mdp.R[5][DOWN]).toBe(-1);
    expect(g.mdp.R[14][RIGHT]).toBe(1);
    expect(g.terminal[9]).toBe(true);
    expect(g.terminal[15]).toBe(true);
  });
});

describe('CartPole (Gymnasium CartPole-v1 dynamics)', () => {
  it('constants', () => {
    expect(CARTPOLE).toMatchObject({ gravity: 9.8, masscart: 1, masspole: 0.1, length: 0.5, forceMag: 10, tau: 0.02, xThreshold: 2.4, maxSteps: 500 });
    // 12 degrees = 0.20944 rad (the "0.2095" of Gymnasium's docs is this rounded).
    expect(CARTPOLE.thetaThreshold).toBeCloseTo((12 * Math.PI) / 180, 15);
    expect(Math.abs(CARTPOLE.thetaThreshold - 0.2095)).toBeLessThan(1e-4);
  });
  it('one step from rest, pushing right: exact fractions', () => {
    // temp = 10/1.1 = 100/11; thetaacc = -(100/11) / (0.5 (4/3 - 0.1/1.1)) = -600/41;
    // xacc = 100/11 + 0.05 (600/41) / 1.1 = 4400/451. Euler: positions use the old velocities.
    const { state, terminated } = cartPoleStep([0, 0, 0, 0], 1);
    expect(state[0]).toBe(0);
    expect(state[1]).toBeCloseTo((0.02 * 4400) / 451, 14);
    expect(state[2]).toBe(0);
    expect(state[3]).toBeCloseTo((-0.02 * 600) / 41, 14);
    expect(terminated).toBe(false);
  });
  it('one step from a generic state, pushing left', () => {
    // Reference values from an independent evaluation of Gymnasium's formulas.
    const { state } = cartPoleStep([0.1, 0.5, 0.05, -0.3], 0);
    expect(state[0]).toBeCloseTo(0.11, 14);
    expect(state[1]).toBeCloseTo(0.3042023453560374, 13);
    expect(state[2]).toBeCloseTo(0.044, 14);
    expect(state[3]).toBeCloseTo(0.008023313606151494, 13);
  });
  it('terminates past |x| > 2.4 or |theta| > 12 degrees', () => {
    expect(cartPoleStep([2.4, 1, 0, 0], 1).terminated).toBe(true);
    expect(cartPoleStep([0, 0, 0.2094, 0.1], 1).terminated).toBe(true);
    expect(cartPoleStep([0, 0, 0.2, 0], 1).terminated).toBe(false);
    expect(cartPoleStep([0, 0, -0.2094, -0.1], 0).terminated).toBe(true);
  });
});
