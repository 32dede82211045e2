// Input validation at the edge: every malformed field gets one line naming it, never a stack trace.
import type { Instance, Mdp, WorldModel } from './types.ts';

/** Bad input (exit 2). The message names the field and the index. */
export class InputError extends Error {
  override name = 'InputError';
}

const fail = (field: string, what: string): never => {
  throw new InputError(`${field}: ${what}`);
};

function finiteArray(value: unknown, field: string, length?: number): number[] {
  if (!Array.isArray(value)) return fail(field, 'expected an array');
  if (length !== undefined && value.length !== length) fail(field, `expected length ${length}, got ${value.length}`);
  value.forEach((x, i) => {
    if (typeof x !== 'number' || !Number.isFinite(x)) fail(`${field}[${i}]`, `expected a finite number, got ${JSON.stringify(x)}`);
  });
  return value as number[];
}

function finiteMatrix(value: unknown, field: string, rows: number | undefined, cols: number | undefined): number[][] {
  if (!Array.isArray(value)) return fail(field, 'expected an array of rows');
  if (rows !== undefined && value.length !== rows) fail(field, `expected ${rows} rows, got ${value.length}`);
  value.forEach((row, i) => finiteArray(row, `${field}[${i}]`, cols));
  return value as number[][];
}

/** Row-sum slack for "<= 1": a row written as 1/3 + 1/3 + 1/3 must pass. */
const ROW_SUM_SLACK = 1e-12;

export function validateMdp(mdp: unknown, field = 'mdp'): Mdp {
  if (typeof mdp !== 'object' || mdp === null) return fail(field, 'expected an object with P, R, mu, gamma');
  const m = mdp as Record<string, unknown>;
  if (!Array.isArray(m.P) || m.P.length === 0) fail(`${field}.P`, 'expected a non-empty array P[s][a][s\']');
  const P = m.P as unknown[];
  const S = P.length;
  if (!Array.isArray(P[0]) || (P[0] as unknown[]).length === 0) fail(`${field}.P[0]`, 'expected at least one action');
  const A = (P[0] as unknown[]).length;
  P.forEach((rows, s) => {
    finiteMatrix(rows, `${field}.P[${s}]`, A, S);
    (rows as number[][]).forEach((row, a) => {
      row.forEach((p, t) => {
        if (p < 0) fail(`${field}.P[${s}][${a}][${t}]`, `probability ${p} is negative`);
      });
      const total = row.reduce((x, y) => x + y, 0);
      if (total > 1 + ROW_SUM_SLACK) fail(`${field}.P[${s}][${a}]`, `row sums to ${total} > 1 (not stochastic)`);
    });
  });
  finiteMatrix(m.R, `${field}.R`, S, A);
  const mu = finiteArray(m.mu, `${field}.mu`, S);
  mu.forEach((x, s) => {
    if (x < 0) fail(`${field}.mu[${s}]`, `probability ${x} is negative`);
  });
  const muTotal = mu.reduce((x, y) => x + y, 0);
  if (Math.abs(muTotal - 1) > 1e-9) fail(`${field}.mu`, `sums to ${muTotal}, expected 1`);
  const gamma = m.gamma;
  if (typeof gamma !== 'number' || !Number.isFinite(gamma) || gamma <= 0 || gamma > 1) fail(`${field}.gamma`, `expected a number in (0, 1], got ${JSON.stringify(gamma)}`);
  const checked = { P: m.P as number[][][], R: m.R as number[][], mu, gamma: gamma as number };
  if (gamma === 1) {
    const trap = statesSomePolicyNeverLeaves(checked);
    if (trap.length > 0) fail(`${field}.gamma`, `gamma = 1 needs every policy to end episodes with certainty, but a policy can stay forever in states [${trap.join(', ')}]`);
  }
  return checked;
}

/**
 * The largest set C of states in which some policy can stay forever: every s in C has an action
 * whose whole mass (no termination) stays in C. Empty iff every policy terminates with certainty.
 */
export function statesSomePolicyNeverLeaves(mdp: Mdp): number[] {
  const S = mdp.P.length;
  const inC = new Array<boolean>(S).fill(true);
  for (let changed = true; changed; ) {
    changed = false;
    for (let s = 0; s < S; s++) {
      if (!inC[s]) continue;
      const canStay = mdp.P[s].some((row) => {
        let kept = 0;
        row.forEach((p, t) => { if (inC[t]) kept += p; });
        return kept >= 1 - ROW_SUM_SLACK;
      });
      if (!canStay) { inC[s] = false; changed = true; }
    }
  }
  return inC.flatMap((x, s) => (x ? [s] : []));
}

function validateWorldModel(value: unknown, actions: number, d: number, field: string): WorldModel {
  if (typeof value !== 'object' || value === null) return fail(field, 'expected an object');
  const wm = value as Record<string, unknown>;
  if (wm.kind === 'affine') {
    if (!Array.isArray(wm.M)) fail(`${field}.M`, 'expected M[a] (d x d) for each action');
    if ((wm.M as unknown[]).length !== actions) fail(`${field}.M`, `expected ${actions} matrices, got ${(wm.M as unknown[]).length}`);
    (wm.M as unknown[]).forEach((M, a) => finiteMatrix(M, `${field}.M[${a}]`, d, d));
    finiteMatrix(wm.c, `${field}.c`, actions, d);
    return value as WorldModel;
  }
  if (wm.kind === 'mlp') {
    if (wm.activation !== 'tanh') fail(`${field}.activation`, `only "tanh" is supported, got ${JSON.stringify(wm.activation)}`);
    if (!Array.isArray(wm.layers) || wm.layers.length === 0) fail(`${field}.layers`, 'expected a non-empty array of {W, b}');
    let width = d + actions;
    (wm.layers as unknown[]).forEach((layer, i) => {
      const l = layer as Record<string, unknown>;
      const W = finiteMatrix(l?.W, `${field}.layers[${i}].W`, undefined, width);
      finiteArray(l?.b, `${field}.layers[${i}].b`, W.length);
      width = W.length;
    });
    if (width !== d) fail(`${field}.layers`, `last layer outputs ${width} values, expected d = ${d}`);
    return value as WorldModel;
  }
  return fail(`${field}.kind`, `expected "affine" or "mlp", got ${JSON.stringify(wm.kind)}`);
}

export function validateInstance(value: unknown, field = 'instance'): Instance {
  if (typeof value !== 'object' || value === null) return fail(field, 'expected an object');
  const v = value as Record<string, unknown>;
  const mdp = validateMdp(v.mdp, `${field}.mdp`);
  const S = mdp.P.length;
  const A = mdp.P[0].length;
  if (!Array.isArray(v.encoder) || v.encoder.length !== S) fail(`${field}.encoder`, `expected ${S} codes (one per state)`);
  const d = Array.isArray((v.encoder as unknown[])[0]) ? ((v.encoder as unknown[][])[0].length) : 0;
  if (d < 1) fail(`${field}.encoder[0]`, 'expected a code of length d >= 1');
  finiteMatrix(v.encoder, `${field}.encoder`, S, d);
  const head = v.head as Record<string, unknown> | undefined;
  if (typeof head !== 'object' || head === null) fail(`${field}.head`, 'expected {W, b}');
  finiteMatrix(head!.W, `${field}.head.W`, A, d);
  finiteArray(head!.b, `${field}.head.b`, A);
  const worldModel = validateWorldModel(v.worldModel, A, d, `${field}.worldModel`);
  const lambda = v.lambda;
  if (typeof lambda !== 'number' || !Number.isFinite(lambda) || lambda < 0) fail(`${field}.lambda`, `expected a finite number >= 0, got ${JSON.stringify(lambda)}`);
  return { mdp, encoder: v.encoder as number[][], head: head as unknown as Instance['head'], worldModel, lambda: lambda as number };
}
