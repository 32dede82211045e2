// The §7 checks on hand-made instances whose answers are known in closed form.
import { describe, expect, it } from 'vitest';
import type { Mdp } from '../../src/model/types.ts';
import { onPolicyGapCheck } from '../../src/minimisers/gapChecks.ts';
import { attainedCheck } from '../../src/minimisers/attainedChecks.ts';
import { findDescent } from '../../src/minimisers/local.ts';
import { collapsedConfig } from '../../src/minimisers/config.ts';
import { stationaryLogits } from '../../src/minimisers/localChecks.ts';

// Action 0 optimal at the start state forever; state 1 (reachable through action 1) prefers action 1.
const unvisited: Mdp = { P: [[[1, 0], [0, 1]], [[0, 1], [0, 1]]], R: [[1, 0], [0, 1.05]], mu: [1, 0], gamma: 0.9 };
const base = { lambda: 1, pair: [0, 1] as [number, number], logits: [0, 0] };

describe('§7 checks', () => {
  it('P1.gap: refuted exactly when the constant optimum never visits the improvable state', () => {
    const out = onPolicyGapCheck('collapsed').run({ mdp: unvisited, ...base });
    expect(out.kind).toBe('violation');
    if (out.kind === 'violation') expect(out.confirm().confirmed).toBe(true);
  });

  it('P1.gap: holds when the start state itself needs different actions over time', () => {
    // state 0 -> state 1 under either action; state 0 prefers action 0, state 1 action 1 (both visited).
    const m: Mdp = { P: [[[0, 1], [0, 1]], [[0, 0], [0, 0]]], R: [[1, 0], [0, 1]], mu: [1, 0], gamma: 0.9 };
    expect(onPolicyGapCheck('collapsed').run({ mdp: m, ...base }).kind).toBe('ok');
  });

  it('G.attained: not attained with a reachable strictly suboptimal action; attained when all actions tie', () => {
    const out = attainedCheck('on-policy').run({ mdp: unvisited, ...base });
    expect(out.kind).toBe('violation');
    const tied: Mdp = { P: [[[1, 0], [1, 0]], [[0, 1], [0, 0]]], R: [[1, 1], [0, 2]], mu: [1, 0], gamma: 0.9 };
    expect(attainedCheck('on-policy').run({ mdp: tied, ...base }).kind).toBe('ok');
  });

  it('G.attained under fixed data: the uniform policy\'s exact advantage decides it (hand value 211/440), no on-policy infimum attached', () => {
    // Uniform policy: V(1) = 1.05/2/0.1 = 5.25, V(0) = 0.5 (1 + 0.9 V(0)) + 0.5 (0.9 x 5.25) = 229/44, A(0, 0) = 1 - 0.1 V(0) = 211/440
    // for the decimals; the doubles 0.9 and 1.05 move it by about 1e-17 (it is shown to 17 digits).
    const check = attainedCheck('fixed-data');
    const out = check.run({ mdp: unvisited, ...base });
    expect(out.kind).toBe('violation');
    if (out.kind === 'violation') {
      expect(out.message).toContain("uniform policy's A(0, 0) = 0.4795454545454545");
      expect(Math.abs((out.measured as { uniformAdvantage: number }).uniformAdvantage - 211 / 440)).toBeLessThan(1e-15);
      const confirmation = out.confirm();
      expect(confirmation.confirmed).toBe(true);
      expect(confirmation.message).toContain('give A(0, 0) = 0.4795454545454545');
    }
    const tied: Mdp = { P: [[[1, 0], [1, 0]], [[0, 1], [0, 0]]], R: [[1, 1], [0, 2]], mu: [1, 0], gamma: 0.9 };
    expect(check.run({ mdp: tied, ...base }).kind).toBe('ok');
    expect(check.interval).toBeUndefined();
    // Its answer agrees with the on-policy criterion on these (full support: the two readings coincide).
    expect(attainedCheck('on-policy').run({ mdp: tied, ...base }).kind).toBe('ok');
  });

  it('P1.local: at a stationary collapsed configuration, negative curvature is certified in both readings', () => {
    const m: Mdp = { P: [[[0.5, 0.3, 0], [0, 1, 0]], [[1, 0, 0], [0.2, 0.3, 0.1]], [[0, 0, 0.9], [0.3, 0.3, 0.3]]], R: [[1, 0], [0, 2], [0.3, -1]], mu: [0.5, 0.5, 0], gamma: 0.9 };
    const b = stationaryLogits(m);
    expect(b).not.toBeNull();
    for (const reading of ['on-policy', 'fixed-data'] as const) {
      const found = findDescent(m, 0.7, collapsedConfig(3, 2, 2, b!), reading);
      expect(found.kind).toBe('second-order');
      if (found.kind === 'second-order') expect(found.drops[0]).toBeLessThan(0);
    }
  });
});
