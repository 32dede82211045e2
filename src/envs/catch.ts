// bsuite's Catch (bsuite/environments/catch.py): a 10 x 5 board, the ball starts in row 0 at a
// uniformly drawn column, the paddle in the bottom row at column columns // 2 = 2. Each step the
// paddle moves by -1/0/+1 (actions 0/1/2, clipped to the board) and then the ball falls one row;
// when the ball reaches the paddle's row the episode ends with reward +1 if the columns match,
// else -1 (so 9 steps an episode). The observation is the binary board: 1 at the ball and at the
// paddle, 0 elsewhere, row-major.

import type { Rng } from '../autodiff/rng.ts';

export const CATCH = { rows: 10, columns: 5 } as const;
/** bsuite's _ACTIONS = (-1, 0, 1). */
export const CATCH_ACTIONS = [-1, 0, 1] as const;

export interface CatchState {
  ballX: number;
  ballY: number;
  paddleX: number;
}

export function catchReset(rng: Rng): CatchState {
  return { ballX: rng.int(CATCH.columns), ballY: 0, paddleX: Math.floor(CATCH.columns / 2) };
}

export function catchStep(s: CatchState, action: number): { state: CatchState; reward: number; terminated: boolean } {
  if (!(action in CATCH_ACTIONS)) throw new Error(`catch: action ${action} is not 0, 1 or 2`);
  const paddleX = Math.min(CATCH.columns - 1, Math.max(0, s.paddleX + CATCH_ACTIONS[action]));
  const ballY = s.ballY + 1;
  const state = { ballX: s.ballX, ballY, paddleX };
  if (ballY === CATCH.rows - 1) return { state, reward: paddleX === s.ballX ? 1 : -1, terminated: true };
  return { state, reward: 0, terminated: false };
}

export function catchObs(s: CatchState): number[] {
  const board = new Array<number>(CATCH.rows * CATCH.columns).fill(0);
  board[s.ballY * CATCH.columns + s.ballX] = 1;
  board[(CATCH.rows - 1) * CATCH.columns + s.paddleX] = 1;
  return board;
}

/**
 * Exact expected return of the uniformly random policy: the probability that the paddle, after
 * rows - 1 uniform moves from the centre (clipped), ends on the ball's column, times 2, minus 1.
 */
export function catchRandomReturn(): number {
  let dist = new Array<number>(CATCH.columns).fill(0);
  dist[Math.floor(CATCH.columns / 2)] = 1;
  for (let t = 0; t < CATCH.rows - 1; t++) {
    const next = new Array<number>(CATCH.columns).fill(0);
    dist.forEach((p, x) => {
      for (const dx of CATCH_ACTIONS) next[Math.min(CATCH.columns - 1, Math.max(0, x + dx))] += p / CATCH_ACTIONS.length;
    });
    dist = next;
  }
  // The ball's column is uniform and independent of the paddle's walk.
  const hit = dist.reduce((a, p) => a + p / CATCH.columns, 0);
  return 2 * hit - 1;
}
