// Every Proposition 2 / §6 claim file loads and runs a small budget without 'error', checks and
// repairs alike, with the interpretation of Assumption 3 stated where the claim depends on it.
import { describe, expect, it } from 'vitest';
import { runProperty, type Claim } from '../../src/claims/framework.ts';

const IDS = ['P2.dimU', 'P2.u-exists', 'P2.w-exists', 'P2.compensator', 'P2.logits-fixed', 'P2.logit-gain', 'P2.k1-pos', 'P2.eq3', 'P2.jepa', 'P2.combine', 'P2', 'S6.deeper-heads'];

describe('Proposition 2 and §6 claim files', () => {
  for (const id of IDS) {
    it(`${id} runs without error`, async () => {
      const claim = (await import(`../../properties/${id}.ts`)).default as Claim;
      expect(claim.id).toBe(id);
      const groups = [claim.checks, ...(claim.repairs ?? []).map((r) => r.checks)];
      for (const [g, checks] of groups.entries()) {
        for (const [i, check] of checks.entries()) {
          const { result } = runProperty(claim.id, check, { seed: 1, runs: 20, counterexampleDir: null }, `t${g}-${i}`);
          expect(result.verdict, `${id} group ${g} check ${i}: ${result.detail.slice(-300)}`).not.toBe('error');
          if (id !== 'P2.dimU' && id !== 'P2.compensator') expect(result.interpretation ?? '').toMatch(/Assumption 3/);
        }
      }
    });
  }
});
