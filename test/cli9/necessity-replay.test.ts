// Q8 / N4: replay of a necessity counterexample (ablate's files) says, in a theorist's words, which
// hypothesis fails on the case and by which figure, which conclusion fails and why (with the
// precision), and prints the instance; no "dropped hypothesis false on the case: true".
// The figures are checked against values computed here from the file's instance.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { inProcess, ROOT } from '../cli/helpers.ts';

const FIX = join(ROOT, 'test', 'cli9', 'fixtures');
const replayLines = async (name: string) => {
  const r = await inProcess(['replay', join(FIX, name)]);
  expect(r.code).toBe(0);
  expect(r.out).not.toMatch(/dropped hypothesis false/);
  return r.out.split('\n');
};

/** Rank of a small matrix of dyadic rationals by Gaussian elimination (entries stay exact in float64 here). */
function rank(rows: number[][]): number {
  const m = rows.map((r) => r.slice());
  let r = 0;
  for (let col = 0; col < (m[0]?.length ?? 0) && r < m.length; col++) {
    const p = m.findIndex((row, i) => i >= r && Math.abs(row[col]) > 1e-12);
    if (p < 0) continue;
    [m[r], m[p]] = [m[p], m[r]];
    for (let i = 0; i < m.length; i++) if (i !== r) { const f = m[i][col] / m[r][col]; m[i] = m[i].map((x, j) => x - f * m[r][j]); }
    r++;
  }
  return r;
}

describe('replay of a necessity counterexample', () => {
  it('P2.combine without Assumption 3: names the failing dimension count, the other hypotheses, why the conclusion fails, the instance', async () => {
    const file = JSON.parse(readFileSync(join(FIX, 'P2.combine.drop-Assumption-3.paper.json'), 'utf8'));
    const E: number[][] = file.instance.encoder, W: number[][] = file.instance.head.W;
    const sa: number = file.case.pair[0];
    const d = E[0].length, A = W.length, r = rank(E.filter((_, s) => s !== sa));
    expect(r).toBeGreaterThan(d - A - 2);
    const lines = await replayLines('P2.combine.drop-Assumption-3.paper.json');
    expect(lines[0]).toBe("P2.combine without Assumption 3, with the paper's construction");
    expect(lines[1]).toMatch(new RegExp(`^Assumption 3 fails on this case: dim span\\(P\\) = ${r} > d - \\|A\\| - 2 = ${d} - ${A} - 2 = ${d - A - 2} \\(P: the codes of the states other than s_a = ${sa}`));
    expect(lines[2]).toMatch(/^the other hypotheses hold: Assumption 1: a positive advantage .*; s_a reachable \(repair\): .*; Assumption 2 \(Lipschitz world model\): /);
    expect(lines[3]).toMatch(/^the conclusion fails on this case: J cannot be lowered along the paper's construction for any k: the paper's construction does not exist: /);
    // The instance, one field a line, as a claim counterexample's replay prints it.
    expect(lines).toContain(`  encoder = ${JSON.stringify(E)}`);
    expect(lines).toContain(`  lambda = ${JSON.stringify(file.instance.lambda)}`);
    expect(lines.filter(Boolean).at(-1)).toBe('verdict: Assumption 3 is needed: without it the conclusion fails while every other hypothesis holds');
  });

  it('P1.gap without Assumption 1: the common optimal action and V*(mu), checked by value iteration here', async () => {
    const file = JSON.parse(readFileSync(join(FIX, 'P1.gap.drop-Assumption-1.paper.json'), 'utf8'));
    const { P, R, mu, gamma } = file.case.mdp as { P: number[][][]; R: number[][]; mu: number[]; gamma: number };
    let V = mu.map(() => 0);
    const Q = () => P.map((row, s) => row.map((p, a) => R[s][a] + gamma * p.reduce((acc, x, t) => acc + x * V[t], 0)));
    for (let i = 0; i < 2000; i++) V = Q().map((q) => Math.max(...q));
    const q = Q();
    const common = R[0].map((_, a) => a).filter((a) => q.every((qs, s) => qs[a] >= V[s] - 1e-12));
    const Vmu = mu.reduce((acc, m, s) => acc + m * V[s], 0);
    const lines = await replayLines('P1.gap.drop-Assumption-1.paper.json');
    expect(lines[1]).toBe(`Assumption 1 fails on this case: action(s) ${common.join(', ')} optimal in every state (exact Q*)`);
    const printed = lines[3].match(/V\*\(mu\) = (-?\d+)\/(\d+)\)/);
    expect(printed, lines[3]).not.toBeNull();
    expect(Number(printed![1]) / Number(printed![2])).toBeCloseTo(Vmu, 12);
    expect(lines[3]).toMatch(/^the conclusion fails on this case: no gap: the class's best deterministic value equals V\*\(mu\) as exact rationals/);
  });

  it('P1.eq3 without Assumption 1, construction-free: the gradient figure and its precision', async () => {
    const lines = await replayLines('P1.eq3.drop-Assumption-1.free.json');
    expect(lines[0]).toMatch(/^P1\.eq3 without Assumption 1, construction-free \(any direction\)/);
    expect(lines[2]).toMatch(/s_Δ reachable \(repair\): holds by the ladder/);
    expect(lines[3]).toBe('the conclusion fails on this case: J_PG does not fall at first order in any direction: |grad J_PG| = 0 <= 1e-9 and every d_pi(s) pi(a|s) A(s, a) is exactly 0 in float64, so J_PG is stationary');
  });
});
