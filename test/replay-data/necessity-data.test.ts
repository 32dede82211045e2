// N11: a necessity counterexample is data. Its shown `instance` must be its case's (exit 2 naming the
// first difference, as claim counterexamples), its case passes the MDP validator and the claim's
// case model, and its hypothesis is one the claim can drop: each edit N9 made is exit 2 with one line
// naming the field (was: exit 0 on a changed or missing instance, exit 3 on case.mdp.gamma = 2, a hang
// on a P row summing to 1.8, exit 1 "unknown hypothesis").
import { rmSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { oneCleanLine } from '../cli/helpers.ts';
import { edited, fixture, replayBounded, replayHere, tmp } from './helpers.ts';

afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const P1C = 'P1.combine.drop-Assumption-1.free.json';
const P2C = 'P2.combine.drop-Assumption-3.paper.json';
const expectBadInput = (r: { code: number; out: string; err: string }, line: string) => {
  expect(r.code, r.err || r.out).toBe(2);
  expect(oneCleanLine(r.err), r.err).toBe(true);
  expect(r.err.trim()).toBe(`jepa-verify: ${line}`);
  expect(r.out).toBe('');
};
const DIFFERS = "in case: the file's instance is not its case's (replay runs the case; to try another instance, edit the case)";

describe("necessity replay: the file's instance is its case's", () => {
  it('as written: exit 0, the hypothesis is needed', async () => {
    for (const name of [P1C, P2C, 'P1.gap.drop-Assumption-1.paper.json']) {
      const r = await replayHere(edited(name, () => {}));
      expect(r.code, `${name}: ${r.err}`).toBe(0);
      expect(r.out.trim().split('\n').at(-1)).toMatch(/^verdict: .* is needed: /);
    }
  });

  it('instance.mdp.mu changed to [0.25, 0.25]: exit 2 naming the first difference (was exit 0)', async () => {
    expect(fixture(P1C).case.mdp.mu).toEqual([1, 0]);
    expectBadInput(await replayHere(edited(P1C, (f) => { f.instance.mdp.mu = [0.25, 0.25]; })), `instance.mdp.mu[0]: 0.25 vs 1 ${DIFFERS}`);
  });

  it('instance deleted: exit 2 (was exit 0)', async () => {
    expectBadInput(await replayHere(edited(P1C, (f) => { delete f.instance; })), 'instance: missing' /* the schema requires it */);
  });

  it('an instance encoder entry changed: exit 2 naming it', async () => {
    const e = fixture(P2C).instance.encoder[1][0];
    expectBadInput(await replayHere(edited(P2C, (f) => { f.instance.encoder[1][0] = e + 1; })), `instance.encoder[1][0]: ${e + 1} vs ${e} ${DIFFERS}`);
  });
});

describe("necessity replay: the case's values are checked before the conclusion runs", () => {
  it('case.mdp.gamma = 2: exit 2 (was exit 3 "internal error")', async () => {
    expectBadInput(await replayHere(edited(P1C, (f) => { f.case.mdp.gamma = 2; })), 'case.mdp.gamma: expected a number in (0, 1], got 2');
  });

  it('case.mdp.P[0][0] summing to 1.8: exit 2, does not hang (was > 60 s)', () => {
    const r = replayBounded(edited(P1C, (f) => { f.case.mdp.P[0][0] = [0.9, 0.9]; }), 60);
    expectBadInput(r, 'case.mdp.P[0][0]: row sums to 1.8 > 1 (not stochastic)');
  });

  it('case.pair out of the states: exit 2', async () => {
    expectBadInput(await replayHere(edited(P1C, (f) => { f.case.pair = [0, 5]; })), "case.pair[1]: expected a state index below 2 (the MDP's number of states), got 5");
  });

  it('case.lambda = -1: exit 2', async () => {
    expectBadInput(await replayHere(edited(P1C, (f) => { f.case.lambda = -1; })), 'case.lambda: expected a finite number >= 0, got -1');
  });

  it('case.vals empty (the configuration has no entries to draw): exit 2', async () => {
    expectBadInput(await replayHere(edited(P1C, (f) => { f.case.vals = []; })), 'case.vals: expected a non-empty array of numbers (the configuration draws its entries from it)');
  });

  it('case.extra = 1000 (codes of dimension 1,001): exit 2 before the configuration is built', () => {
    const r = replayBounded(edited(P1C, (f) => { f.case.extra = 1000; }), 60);
    expectBadInput(r, "case.extra: 1000 makes the code dimension exceed the limit of 64 states, actions or dimensions (replay's default --max-size; --max-size does not reach necessity files)");
  });

  it('case.kind unknown: exit 2', async () => {
    expectBadInput(await replayHere(edited(P1C, (f) => { f.case.kind = 'nope'; })), 'case.kind: expected one of random, stationary, uniform, got "nope"');
  });
});

describe('necessity replay: the hypothesis is one the claim can drop', () => {
  it('"Assumption 9": exit 2 naming the field (was exit 1 "unknown hypothesis")', async () => {
    expectBadInput(await replayHere(edited(P2C, (f) => { f.hypothesis = 'Assumption 9'; })), 'hypothesis: P2.combine has no hypothesis "Assumption 9"; its hypotheses are "Assumption 1", "s_a reachable (repair)", "Assumption 3", "Assumption 2 (Lipschitz world model)"');
  });

  it('claim changed to P1.eq3, which has no "Assumption 3": exit 2 (was exit 1)', async () => {
    expectBadInput(await replayHere(edited(P2C, (f) => { f.claim = 'P1.eq3'; })), 'hypothesis: P1.eq3 has no hypothesis "Assumption 3"; its hypotheses are "Assumption 1", "s_Δ reachable (repair)", "d - rank W >= 2"');
  });

  it('a hypothesis no case can drop (Assumption 2): exit 2 with the reason', async () => {
    const r = await replayHere(edited(P1C, (f) => { f.hypothesis = 'Assumption 2 (Lipschitz world model)'; }));
    expectBadInput(r, 'hypothesis: "Assumption 2 (Lipschitz world model)" cannot be dropped inside the checked classes (every world model the tool checks (affine, tanh MLP) is Lipschitz: dropping Assumption 2 needs a non-Lipschitz class), so no case drops it');
  });
});
