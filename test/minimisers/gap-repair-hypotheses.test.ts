// A §7 gap repair's own hypothesis is part of the hypotheses its refutation rests on (Q9's Q7: it
// was decided inside run() only, so replay's hypotheses line showed Assumption 1 alone), and the
// no-gap message prints -V*(mu) as an exact value (N9's N15: "-V*(mu) = -0").
import { describe, expect, it } from 'vitest';
import { onPolicyGapCheck } from '../../src/minimisers/gapChecks.ts';
import type { MinCase } from '../../src/minimisers/cases.ts';

// The default run's P1.gap repair counterexample: s1 -> s0 under a0 with reward 1, s0 absorbing at 0.
const shipped: MinCase = { mdp: { P: [[[0, 0], [0, 1]], [[0, 0], [1, 0]]], R: [[0, 0], [1, 0]], mu: [0, 1], gamma: 0.5 }, lambda: 1, pair: [0, 1], logits: [0, 0] } as unknown as MinCase;

describe('gap repairs: the repair hypothesis among the hypotheses', () => {
  it('a case outside the repair hypothesis is outside the hypotheses', () => {
    const check = onPolicyGapCheck('collapsed', { test: () => false, why: 'the repair condition' });
    const h = check.hypotheses!(shipped);
    expect(h.holds).toBe(false);
    expect(h.why).toBe("the repair's hypothesis fails: the repair condition");
  });

  it('inside it, both are stated', () => {
    const h = onPolicyGapCheck('collapsed', { test: () => true, why: 'the repair condition' }).hypotheses!(shipped);
    expect(h.holds).toBe(true);
    expect(h.why).toMatch(/^Assumption 1: .*; the repair condition \(exact\)$/);
  });
});

describe('the no-gap message', () => {
  it('prints -V*(mu) = 0 when V*(mu) = 0, not -0', () => {
    // s0: a0 stays at reward 0, a1 pays -1; s1: a1 stays at 0, a0 pays -1 (Assumption 1 holds); mu = s0, so constant a0 reaches V* = 0.
    const c = { mdp: { P: [[[1, 0], [0, 1]], [[1, 0], [0, 1]]], R: [[0, -1], [-1, 0]], mu: [1, 0], gamma: 0.5 }, lambda: 1, pair: [0, 1], logits: [0, 0] } as unknown as MinCase;
    const out = onPolicyGapCheck('collapsed').run(c) as { kind: string; message?: string };
    expect(out.kind).toBe('violation');
    expect(out.message).toMatch(/both infima equal -V\*\(mu\) = 0, so there is no gap/);
  });
});
