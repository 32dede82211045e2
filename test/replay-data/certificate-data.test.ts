// N10: a §7 certificate's MDP, pair and claim are data. Each edit N9 made is exit 2 with one line
// naming the field (was: gamma 2 / 1.5 hung, gamma 1 "internal error", gamma <= 0 exit 1, a P row
// summing to 1.8, pair [0, 99] or another claim's ID exit 0 "the certificate holds"). A legal
// gamma = 1 still replays, with the exact enclosure computed here by value iteration.
import { rmSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { oneCleanLine } from '../cli/helpers.ts';
import { edited, replayBounded, replayHere, tmp } from './helpers.ts';

afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const CERT = 'P1.gap.on-policy.4.json';
const expectBadInput = (r: { code: number; out: string; err: string }, line: string) => {
  expect(r.code, r.err || r.out).toBe(2);
  expect(oneCleanLine(r.err), r.err).toBe(true);
  expect(r.err.trim()).toBe(`jepa-verify: ${line}`);
  expect(r.out).toBe('');
};

describe('certificate replay: bad MDP values are exit 2 naming the field', () => {
  // These hung (> 240 s) before: run through the bin under a time limit.
  it.each([2, 1.5])('mdp.gamma = %s: exit 2, does not hang', (gamma) => {
    const r = replayBounded(edited(CERT, (f) => { f.mdp.gamma = gamma; }), 60);
    expectBadInput(r, `mdp.gamma: expected a number in (0, 1], got ${gamma}`);
  });

  it.each([0, -1])('mdp.gamma = %s: exit 2 (was exit 1, judged as data)', async (gamma) => {
    expectBadInput(await replayHere(edited(CERT, (f) => { f.mdp.gamma = gamma; })), `mdp.gamma: expected a number in (0, 1], got ${gamma}`);
  });

  it('mdp.gamma = 1 where a policy never ends: exit 2 (was exit 3 "I - gamma P_pi is singular")', async () => {
    // P[0][0] = [1, 0, 0] keeps state 0 forever, and so on: the validator names the states.
    expectBadInput(await replayHere(edited(CERT, (f) => { f.mdp.gamma = 1; })), 'mdp.gamma: gamma = 1 needs every policy to end episodes with certainty, but a policy can stay forever in states [0, 1, 2]');
  });

  it('a P row summing to 1.8: exit 2 (was exit 0, "the certificate holds")', async () => {
    expectBadInput(await replayHere(edited(CERT, (f) => { f.mdp.P[0][0] = [0.9, 0.9, 0]; })), 'mdp.P[0][0]: row sums to 1.8 > 1 (not stochastic)');
  });

  it('mu summing to 2.7: exit 2 (was exit 1)', async () => {
    expectBadInput(await replayHere(edited(CERT, (f) => { f.mdp.mu = [0.9, 0.9, 0.9]; })), 'mdp.mu: sums to 2.7, expected 1');
  });
});

describe('certificate replay: claim, class, pair, best point and cover name what exists', () => {
  it('pair [0, 99] with 3 states: exit 2 (was exit 0)', async () => {
    expectBadInput(await replayHere(edited(CERT, (f) => { f.pair = [0, 99]; })), "pair[1]: expected a state index below 3 (the MDP's number of states), got 99");
  });

  it('pair [1, 1]: exit 2', async () => {
    expectBadInput(await replayHere(edited(CERT, (f) => { f.pair = [1, 1]; })), 'pair: expected two distinct states, got [1,1]');
  });

  it('claim changed to P1.eq3 (no certificates): exit 2 (was exit 0)', async () => {
    expectBadInput(await replayHere(edited(CERT, (f) => { f.claim = 'P1.eq3'; })), 'claim: "P1.eq3" has no §7 certificates (verify writes them for G.attained (class all), P1.gap (class collapsed), P2.gap (class tied); "§7" is a certificate of no one claim)');
  });

  it("claim changed to P2.gap on a collapsed-class file: exit 2 naming the class", async () => {
    expectBadInput(await replayHere(edited(CERT, (f) => { f.claim = 'P2.gap'; })), 'class: a P2.gap certificate is over the tied class, got "collapsed"');
  });

  it('best.q off the simplex: exit 2 (was judged as data)', async () => {
    expectBadInput(await replayHere(edited(CERT, (f) => { f.best.q = [5, 5, 5]; })), 'best.q: sums to 15, expected 1');
  });

  it('a leaf vertex index beyond the cell: exit 2', async () => {
    expectBadInput(await replayHere(edited(CERT, (f) => { f.leaves[0].at = 7; })), 'leaves[].at: expected a vertex index below 3 (the cell\'s vertices) or -1, got 7');
  });

  it('a cover deeper than the search goes (45 bisections): exit 2', async () => {
    // Replace leaf 0 by its two children: still a partition, one level deeper than the search writes.
    const r = await replayHere(edited(CERT, (f) => {
      const deep = '0'.repeat(44);
      f.leaves = [{ sigma: [-1, -1, -1], path: deep + '0', at: -1 }, { sigma: [-1, -1, -1], path: deep + '1', at: -1 },
        ...Array.from({ length: 44 }, (_, i) => ({ sigma: [-1, -1, -1], path: '0'.repeat(i) + '1', at: -1 }))];
    }));
    expectBadInput(r, 'leaves[].path: 45 bisections, deeper than the search goes (44)');
  });

  it('more leaves than the search writes (6,002 for 1 rest policy + 6,000 splits): exit 2 before any bound is computed', async () => {
    // A true partition: the 4,096 cells of depth 12, the first 1,906 of them split once more.
    const paths = Array.from({ length: 4096 }, (_, i) => i.toString(2).padStart(12, '0')).flatMap((p, i) => (i < 1906 ? [p + '0', p + '1'] : [p]));
    expect(paths.length).toBe(6002);
    const r = await replayHere(edited(CERT, (f) => { f.leaves = paths.map((path) => ({ sigma: [-1, -1, -1], path, at: -1 })); }));
    expectBadInput(r, 'leaves: 6002 leaves, more than the search writes (3^0 rest policies + 6000 splits = 6001)');
  });

  it('a cover whose 64-digit work is hours (100 leaves at 64 states): exit 2, does not run for hours', () => {
    const S = 64;
    const r = replayBounded(edited(CERT, (f) => {
      f.mdp = { P: Array.from({ length: S }, () => [new Array(S).fill(0.5 / S), new Array(S).fill(0.25 / S)]), R: Array.from({ length: S }, (_, s) => [s % 2, 0.5]), mu: new Array(S).fill(1 / S), gamma: 0.5 };
      f.pair = [0, 1];
      f.best = { q: [1, 0], sigma: new Array(S).fill(-1) };
      f.leaves = [...Array.from({ length: 99 }, (_, i) => '0'.repeat(i) + '1'), '0'.repeat(99)].map((path) => ({ sigma: new Array(S).fill(-1), path, at: -1 }));
    }), 60);
    expectBadInput(r, "leaves: 100 leaves at 64 states need about 100 x 64^3 = 2.6e+7 64-digit operations, above replay's limit of 2e+7 (about two minutes)");
  });
});

describe('certificate replay: gamma = 1 is legal where every policy ends', () => {
  it('G.attained at gamma = 1 (as verify wrote it): exit 0', async () => {
    const r = await replayHere(edited('G.attained.on-policy.1.json', () => {}));
    expect(r.code, r.err).toBe(0);
    expect(r.out.trim().split('\n').at(-1)).toMatch(/contains it \(the certificate holds\)$/);
  });

  it("P2.gap's cover at gamma = 1 on an MDP that always ends: the exact enclosure [-V*(mu), -best tied], not a cover needing gamma < 1", async () => {
    const P = [[[0.5, 0.5], [0, 1]], [[0, 0.5], [0, 0]]];
    const R = [[0.25, 0], [-0.5, -0.125]];
    // Value iteration at gamma = 1 (every policy ends: state 1 leaks half its mass, state 0 leaks through 1).
    const value = (pick: (s: number, q: number[]) => number) => {
      let V = [0, 0];
      for (let i = 0; i < 4000; i++) V = P.map((rows, s) => pick(s, rows.map((p, a) => R[s][a] + p[0] * V[0] + p[1] * V[1])));
      return V[0]; // mu = [1, 0]
    };
    const Vstar = value((_, q) => Math.max(...q));
    const tied = Math.max(value((_, q) => q[0]), value((_, q) => q[1]));
    expect(tied).toBeLessThan(Vstar - 1e-3); // a gap: the enclosure branch is taken
    const r = await replayHere(edited('P2.gap.on-policy.4.json', (f) => { f.mdp.P = P; f.mdp.R = R; f.mdp.gamma = 1; }));
    expect([0, 1]).toContain(r.code);
    expect(r.err).toBe('');
    const lines = r.out.trim().split('\n');
    expect(lines[1]).toMatch(/^exact enclosure without a branch-and-bound cover \(the file's 16 leaves are not used: their bounds need gamma < 1\)/);
    const m = /certified interval on inf J: \[(\S+), (\S+)\];/.exec(lines.at(-1)!);
    expect(Number(m![1])).toBeCloseTo(-Vstar, 12);
    expect(Number(m![2])).toBeCloseTo(-tied, 12);
  });
});
