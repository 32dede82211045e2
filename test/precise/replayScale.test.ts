// A committed 2-state counterexample padded to 250 states replays end to end: the 64-digit
// confirmation, Assumption 1 by the certified bound (exact rationals at this size took ~25 s per
// 200 states of chain), and no derivation rebuilt for a reader at this size.
import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { replay, DEFAULT_LIMITS, DERIVATION_MAX_STATES } from '../../src/cli/replay.ts';
import { prop1Hypotheses, prop1Setup, type Prop1Case } from '../../src/claims/prop1Case.ts';

const SOURCE = new URL('../fixtures/ledger-counterexamples/P1.dV.on-policy.json', import.meta.url);

/** New states after the original ones, a chain (s -> s+1 with probability 0.9 or 0.5), code z_d, never entered from the original states. */
function padded(c: Prop1Case, N: number): Prop1Case {
  const inst = c.instance;
  const S0 = inst.mdp.P.length, A = inst.mdp.P[0].length;
  const P = inst.mdp.P.map((rows) => rows.map((p) => [...p, ...new Array(N - S0).fill(0)]));
  const R = inst.mdp.R.map((r) => [...r]);
  for (let s = S0; s < N; s++) {
    P.push(Array.from({ length: A }, (_, a) => Object.assign(new Array<number>(N).fill(0), s + 1 < N ? { [s + 1]: a === 0 ? 0.9 : 0.5 } : {})));
    R.push(Array.from({ length: A }, (_, a) => ((s * 7 + a * 3) % 5) / 4 - 0.5));
  }
  const mdp = { ...inst.mdp, P, R, mu: [...inst.mdp.mu, ...new Array(N - S0).fill(0)] };
  return { ...c, instance: { ...inst, mdp, encoder: [...inst.encoder, ...Array.from({ length: N - S0 }, () => [...inst.encoder[0]])] } };
}

describe('replay at scale', () => {
  it('a 250-state padding of the P1.dV counterexample still refutes, Assumption 1 certified', async () => {
    const file = JSON.parse(readFileSync(SOURCE, 'utf8'));
    const big = padded(file.case, 250);
    // The padding keeps the pair (s_Δ, a_Δ) the check moves: the original states come first.
    const [small, large] = [prop1Setup(file.case), prop1Setup(big)];
    if (!small.ok || !large.ok) throw new Error('setup failed');
    expect([large.setup.pred.state, large.setup.pred.action]).toEqual([small.setup.pred.state, small.setup.pred.action]);
    const h = prop1Hypotheses(big);
    expect(h.holds).toBe(true);
    expect(h.why).toMatch(/^Assumption 1 \(Q\* at 64 digits within a certified [0-9.]+e-6\d\)/);

    const path = join(mkdtempSync(join(tmpdir(), 'replay-scale-')), 'P1.dV.250.json');
    writeFileSync(path, JSON.stringify({ ...file, case: big, instance: big.instance }));
    const out = await replay(path, undefined, { ...DEFAULT_LIMITS, maxBytes: 30_000_000, maxSize: 1000 });
    expect(out.refutes).toBe(true);
    expect(out.lines.at(-1)).toBe('verdict: refuted');
    expect(out.lines).toContain(`derivation: not recomputed (250 states; the chain printed for a reader by hand is rebuilt up to ${DERIVATION_MAX_STATES} states, and the verdict does not use it)`);
  }, 300_000);
});
