// The variants' engines against the ledger's: same objective (float64 and 64 digits) and the same
// case-by-case outcomes when a variant changes nothing.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { subSeed } from '../../src/claims/framework.ts';
import { loadClaims } from '../../src/ledger/claims.ts';
import { preciseDeltaAt } from '../../src/claims/confirm.ts';
import { basePoint, delta, prepare } from '../../src/engine/objective.ts';
import { checksFor } from '../../src/variants/checks.ts';
import { paperConfig, preciseSetup, setupFor, pointAt } from '../../src/variants/setup.ts';
import { deltaTerms } from '../../src/variants/engine.ts';
import { ON_POLICY, FIXED_DATA } from '../../src/variants/paper.ts';
import type { VariantCase } from '../../src/variants/types.ts';

const cfg = paperConfig('P1');
const cases = fc.sample(cfg.arbitrary(), { seed: 11, numRuns: 40 }) as VariantCase[];

describe('variant engines', () => {
  it('compute the objective as the tabular engines do (linear head, tabular encoder)', () => {
    let compared = 0;
    for (const c of cases) {
      const r = setupFor(c, cfg, 'P1.eq3');
      if (!r.ok) continue;
      const s = r.setup;
      const eps = 1e-3;
      const p = { state: s.pred.state, action: s.pred.action, u: s.built.u, r: s.built.r, k: c.k, eps };
      for (const reading of [ON_POLICY, FIXED_DATA]) {
        let ours;
        try {
          ours = deltaTerms(s.info.parts, s.info.base, pointAt(s, c.k, eps), reading);
        } catch {
          continue; // near-singular policy evaluation: both engines refuse
        }
        const theirs = delta(basePoint(prepare(c.instance)), p, reading.label as 'on-policy' | 'fixed-data');
        expect(Math.abs(ours.deltaJ - theirs.deltaJ)).toBeLessThanOrEqual(10 * (ours.noise + theirs.noise) + 1e-12 * Math.abs(theirs.deltaJ));
      }
      if (compared < 4) {
        const x = preciseSetup(s);
        if (typeof x === 'string') throw new Error(x);
        for (const reading of [ON_POLICY, FIXED_DATA]) {
          const ref = preciseDeltaAt(c.instance, p, reading.label as 'on-policy' | 'fixed-data', 'deltaJ', eps);
          const ours = x.deltaAt(c.k, eps, reading, 'deltaJ');
          // The 64-digit u here is projected exactly onto ker W ∩ z_d^⊥, the ledger's is the float64 one: they differ by ~1e-16 relative.
          expect(Math.abs(ours - ref)).toBeLessThanOrEqual(1e-9 * (1 + Math.abs(ref)));
        }
      }
      compared++;
    }
    expect(compared).toBeGreaterThan(10);
  });

  it('give the ledger\'s outcome on the ledger\'s cases when nothing is varied', async () => {
    const claims = await loadClaims();
    for (const [id, index] of [['P1.eq3', 0], ['P1.eq5', 1], ['P1.combine', 0], ['P1.k1-pos', 0]] as const) {
      const ledger = claims.find((c) => c.id === id)!.checks[index];
      const mine = checksFor(id, cfg)[index];
      const seed = subSeed(42, id, '');
      const ledgerCases = fc.sample(ledger.arbitrary(), { seed, numRuns: 25 });
      const mineCases = fc.sample(mine.arbitrary(), { seed, numRuns: 25 });
      ledgerCases.forEach((c, i) => {
        expect((mineCases[i] as VariantCase).instance).toEqual((c as VariantCase).instance);
        expect(mine.run(mineCases[i]).kind).toBe(ledger.run(c).kind);
      });
    }
  });
});
