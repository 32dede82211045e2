// Tabular environments in the shape of Mdp (src/model/types.ts), plus what sampling needs:
// per-transition rewards, an observation vector per state, and a truncation horizon.
//
// Terminal states (FrozenLake's H and G, goals, pits) are kept as states with NO outgoing mass:
// P[t][a][.] = 0. Entering t is then an ordinary transition (so the JEPA term of the step into
// t, whose target is E(t), exists as in a sampled episode where the terminal observation is
// returned), V(t) = 0, and the episode ends there, which is how Mdp reads missing mass.

import type { Mdp } from '../model/types.ts';

export interface TabularEnv {
  name: string;
  mdp: Mdp;
  /** reward3[s][a][s']: the reward of that transition; mdp.R[s][a] = sum_s' P reward3. */
  reward3: number[][][];
  /** obs[s]: the observation vector the encoder sees in state s. */
  obs: number[][];
  /** True for states with no outgoing mass (entering them ends the episode). */
  terminal: boolean[];
  /** Truncation length of a sampled episode. */
  horizon: number;
  labels: string[];
}

export const nStates = (env: TabularEnv) => env.mdp.P.length;
export const nActions = (env: TabularEnv) => env.mdp.R[0].length;

function oneHot(n: number, i: number): number[] {
  const v = new Array<number>(n).fill(0);
  v[i] = 1;
  return v;
}

function finish(name: string, P: number[][][], reward3: number[][][], mu: number[], gamma: number, horizon: number, labels: string[]): TabularEnv {
  const nS = P.length;
  const R = P.map((Ps, s) => Ps.map((row, a) => row.reduce((acc, p, t) => acc + p * reward3[s][a][t], 0)));
  const terminal = P.map((Ps) => Ps.every((row) => row.every((p) => p === 0)));
  return { name, mdp: { P, R, mu, gamma }, reward3, obs: P.map((_, s) => oneHot(nS, s)), terminal, horizon, labels };
}

export const FROZEN_LAKE_4X4 = ['SFFF', 'FHFH', 'FFFH', 'HFFG'];
export const LEFT = 0, DOWN = 1, RIGHT = 2, UP = 3;

/**
 * FrozenLake-v1 4x4 as Gymnasium builds its table: state = row * 4 + col, actions
 * 0=LEFT 1=DOWN 2=RIGHT 3=UP, moves clamped at the edges; slippery: each of (a-1)%4, a,
 * (a+1)%4 with probability 1/3 (outcomes landing on the same cell add up); reward 1 on
 * entering G; H and G terminal; start S. Gymnasium's time limit is 100 steps. Gymnasium does
 * not discount; gamma is ours (the paper's objects need one).
 */
export function frozenLake(slippery: boolean, gamma = 0.99, map: string[] = FROZEN_LAKE_4X4): TabularEnv {
  const nrow = map.length, ncol = map[0].length, nS = nrow * ncol, nA = 4;
  const letter = (s: number) => map[Math.floor(s / ncol)][s % ncol];
  const move = (row: number, col: number, a: number): number => {
    if (a === LEFT) col = Math.max(col - 1, 0);
    else if (a === DOWN) row = Math.min(row + 1, nrow - 1);
    else if (a === RIGHT) col = Math.min(col + 1, ncol - 1);
    else if (a === UP) row = Math.max(row - 1, 0);
    return row * ncol + col;
  };
  const P = Array.from({ length: nS }, () => Array.from({ length: nA }, () => new Array<number>(nS).fill(0)));
  const reward3 = Array.from({ length: nS }, () => Array.from({ length: nA }, () => new Array<number>(nS).fill(0)));
  for (let s = 0; s < nS; s++) {
    if ('GH'.includes(letter(s))) continue;
    const row = Math.floor(s / ncol), col = s % ncol;
    for (let a = 0; a < nA; a++) {
      const dirs = slippery ? [(a + 3) % 4, a, (a + 1) % 4] : [a];
      for (const b of dirs) {
        const t = move(row, col, b);
        P[s][a][t] += 1 / dirs.length;
        reward3[s][a][t] = letter(t) === 'G' ? 1 : 0;
      }
    }
  }
  const mu = new Array<number>(nS).fill(0);
  const starts = [...Array(nS).keys()].filter((s) => letter(s) === 'S');
  for (const s of starts) mu[s] = 1 / starts.length;
  const labels = [...Array(nS).keys()].map((s) => `${letter(s)}(${Math.floor(s / ncol)},${s % ncol})`);
  return finish(slippery ? 'frozenlake-slippery' : 'frozenlake', P, reward3, mu, gamma, 100, labels);
}

/**
 * A chain 0..n-1 starting at 0: action 1 moves right, action 0 left, each reversed with
 * probability slip. Entering n-1 pays 1 and ends the episode; LEFT at state 0 pays a small
 * 0.01 and stays, a nearby distractor that makes the greedy action differ between states.
 */
export function chain(n = 6, slip = 0.1, gamma = 0.95): TabularEnv {
  const nA = 2;
  const P = Array.from({ length: n }, () => Array.from({ length: nA }, () => new Array<number>(n).fill(0)));
  const reward3 = Array.from({ length: n }, () => Array.from({ length: nA }, () => new Array<number>(n).fill(0)));
  for (let s = 0; s < n - 1; s++)
    for (let a = 0; a < nA; a++) {
      const intended = a === 1 ? Math.min(s + 1, n - 1) : Math.max(s - 1, 0);
      const reversed = a === 1 ? Math.max(s - 1, 0) : Math.min(s + 1, n - 1);
      P[s][a][intended] += 1 - slip;
      P[s][a][reversed] += slip;
      for (const t of [intended, reversed]) reward3[s][a][t] = t === n - 1 ? 1 : s === 0 && t === 0 && a === 0 ? 0.01 : 0;
    }
  const mu = new Array<number>(n).fill(0);
  mu[0] = 1;
  return finish(`chain${n}`, P, reward3, mu, gamma, 100, [...Array(n).keys()].map((s) => (s === n - 1 ? `goal${s}` : `s${s}`)));
}

/**
 * A deterministic 4x4 gridworld with FrozenLake's action coding: start (0,0), goal (3,3)
 * paying +1, a pit at (2,1) paying -1; both end the episode.
 */
export function gridworld(gamma = 0.95): TabularEnv {
  const map = ['SFFF', 'FFFF', 'FPFF', 'FFFG'];
  const nrow = 4, ncol = 4, nS = 16, nA = 4;
  const letter = (s: number) => map[Math.floor(s / ncol)][s % ncol];
  const P = Array.from({ length: nS }, () => Array.from({ length: nA }, () => new Array<number>(nS).fill(0)));
  const reward3 = Array.from({ length: nS }, () => Array.from({ length: nA }, () => new Array<number>(nS).fill(0)));
  for (let s = 0; s < nS; s++) {
    if ('GP'.includes(letter(s))) continue;
    const row = Math.floor(s / ncol), col = s % ncol;
    for (let a = 0; a < nA; a++) {
      let r = row, c = col;
      if (a === LEFT) c = Math.max(c - 1, 0);
      else if (a === DOWN) r = Math.min(r + 1, nrow - 1);
      else if (a === RIGHT) c = Math.min(c + 1, ncol - 1);
      else r = Math.max(r - 1, 0);
      const t = r * ncol + c;
      P[s][a][t] = 1;
      reward3[s][a][t] = letter(t) === 'G' ? 1 : letter(t) === 'P' ? -1 : 0;
    }
  }
  const mu = new Array<number>(nS).fill(0);
  mu[0] = 1;
  return finish('gridworld4', P, reward3, mu, gamma, 100, [...Array(nS).keys()].map((s) => `${letter(s)}(${Math.floor(s / ncol)},${s % ncol})`));
}

export interface TabularStep {
  /** Next state, or -1 when the draw fell in missing mass (the episode ends with no next state). */
  next: number;
  reward: number;
  done: boolean;
}

/** One sampled transition from s under a, driven by the given uniform u (common random numbers). */
export function tabularStep(env: TabularEnv, s: number, a: number, u: number): TabularStep {
  const row = env.mdp.P[s][a];
  let acc = 0;
  for (let t = 0; t < row.length; t++) {
    acc += row[t];
    if (u < acc) return { next: t, reward: env.reward3[s][a][t], done: env.terminal[t] };
  }
  return { next: -1, reward: 0, done: true };
}

/** Draws the initial state from mu with uniform u. */
export function tabularReset(env: TabularEnv, u: number): number {
  const mu = env.mdp.mu;
  let acc = 0, last = 0;
  for (let s = 0; s < mu.length; s++) {
    if (mu[s] > 0) last = s;
    acc += mu[s];
    if (u < acc) return s;
  }
  return last;
}

export function tabularEnvByName(name: string): TabularEnv {
  switch (name) {
    case 'frozenlake-slippery': return frozenLake(true);
    case 'frozenlake': return frozenLake(false);
    case 'chain': return chain();
    case 'gridworld': return gridworld();
    default: throw new Error(`unknown tabular environment '${name}'`);
  }
}
