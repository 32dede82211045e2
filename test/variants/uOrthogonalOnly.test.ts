// u-orthogonal-only as configuration overrides: §4.2's u drawn from z_d^⊥ (W u = 0 dropped),
// read by the ledger's P1 checks through prop1Direction.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { channelCaseArbitrary, configure, prop1Direction, runProperty, type ChannelCase } from '../../src/api.ts';
import { logitGainCheck } from '../../properties/P1.logit-gain.ts';

const cfg = configure({ construction: 'u-orthogonal-only' });
const dot = (x: number[], y: number[]) => x.reduce((s, v, i) => s + v * y[i], 0);

describe('u-orthogonal-only configuration', () => {
  it('draws a unit u ⊥ z_d, not required to lie in ker W', () => {
    let outsideKernel = 0;
    fc.assert(fc.property(channelCaseArbitrary(), (c: ChannelCase) => {
      const dir = prop1Direction(c.W, c.zd, c.uPick, cfg);
      expect(dir.kernelOfW).toBe(false);
      if (!dir.u) return;
      expect(Math.abs(dot(dir.u, dir.u) - 1)).toBeLessThan(1e-12);
      expect(Math.abs(dot(dir.u, c.zd))).toBeLessThanOrEqual(1e-12 * (1 + Math.hypot(...c.zd)));
      const Wu = Math.max(...c.W.map((row) => Math.abs(dot(row, dir.u!))));
      if (Wu > 1e-6 * (1 + Math.max(...c.W.flat().map(Math.abs)))) outsideKernel++;
    }), { seed: 11, numRuns: 100 });
    expect(outsideKernel).toBeGreaterThan(0);
  });

  it("P1.logit-gain is refuted under it, with the gap eps |W u| the paper's noise rule would call rounding", () => {
    const paper = logitGainCheck();
    const variant = paper.under!(cfg);
    expect(paper.under!(configure())).toBe(paper);
    const run = runProperty('P1.logit-gain', variant, { seed: 42, runs: 300, counterexampleDir: mkdtempSync(join(tmpdir(), 'h10-uo-')) });
    expect(run.result.verdict).toBe('refuted');
    const c = run.counterexample!.case as ChannelCase;
    const u = prop1Direction(c.W, c.zd, c.uPick, cfg).u!;
    // The gap at the logits other than a_Δ is eps (W u)_i exactly (independently of the check's code).
    const others = c.W.map((row, i) => (i === c.action ? 0 : c.eps * Math.abs(dot(row, u))));
    expect(Math.max(...others, 0) + c.eps * Math.abs(dot(c.W[c.action], u))).toBeGreaterThan(0);
    expect(paper.run(c).kind).not.toBe('violation');
  }, 60_000);
});
