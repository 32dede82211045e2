// N9's N6: a finding's headline (the derivation's conclusion, whyOf) prints the exact rationals the
// derivation has (k1 = 4/9, not 0.444444) and says "exact" without double parentheses. The expected
// fractions are the hand computations of Q9's table (P1.combine.on-policy: dJ/deps = 4/9 on-policy,
// 2/9 fixed-data; P1.eq5: (1/2) d2 J_JEPA = 1/2; P2.k1-pos check1: 1/2 x 1/2 x (-1) = -1/4).
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { rederive } from '../../src/claims/rederive.ts';
import { whyOf } from '../../src/report/findings.ts';
import { perturbationDerivation, perturbationFacts, type PerturbationInput } from '../../src/derivation/perturbation.ts';
import type { PreparedResult } from '../../src/report/html/model.ts';

const FIXTURES = path.join(import.meta.dirname, '../fixtures/ledger-counterexamples');
const load = (name: string) => JSON.parse(fs.readFileSync(path.join(FIXTURES, name), 'utf8')) as Record<string, unknown>;
const conclusionOf = (name: string) => rederive(load(name))!.conclusion;
const why = (conclusion: string) => whyOf({ result: { detail: 'the detail' }, counterexample: { data: { message: 'm', derivation: { conclusion } } } } as unknown as PreparedResult);

describe('exact headline numbers', () => {
  it('P1.combine: k1 and both slopes as fractions, in the conclusion and in the finding\'s why', () => {
    const c = conclusionOf('P1.combine.on-policy.json');
    expect(c).toContain('with k = 1 (k1 = 4/9, C = 0, 2C/k1 = 0): on-policy: dDelta J/deps = 4/9 > 0: fails; fixed-data: dDelta J/deps = 2/9 > 0: fails (exact, in rational arithmetic).');
    expect(why(c)).toContain('k1 = 4/9');
    expect(c).not.toMatch(/0\.4444|0\.2222/);
  });

  it('P1.eq5 and P2.k1-pos: 1/2 and -1/4', () => {
    expect(conclusionOf('P1.eq5.on-policy.json')).toContain("(1/2) d2Delta J_JEPA/deps2 = 1/2 > C' = 0");
    expect(conclusionOf('P2.k1-pos.any.check1.json')).toContain("k1' = d_pi(s_a) p A (w^T u) = 1/4 x -1 = -1/4 (exact, in rational arithmetic): not > 0.");
  });

  it('no "(exactly (rational arithmetic))" in any recorded derivation', () => {
    for (const f of fs.readdirSync(FIXTURES).filter((x) => x.endsWith('.json'))) {
      const d = rederive(load(f));
      if (d) expect(d.conclusion, f).not.toMatch(/\(exactly \(|\)\)/);
    }
  });

  it('a 64-digit derivation keeps its decimals (√2/16 is not a rational)', () => {
    const c = conclusionOf('P2.combine.on-policy.check1.json');
    expect(c).toContain("k1' = 0.0883883");
    expect(c).toContain('(at 64 digits)');
  });

  it('the decision facts stay the numbers they were (the rationals ride under a symbol key)', () => {
    const file = load('P1.combine.on-policy.json') as { case: { instance: unknown } };
    // the input the adapter builds is not exported; the exact facts of a derivation and of facts alone serialise the same
    const input = { instance: file.case.instance, state: 0, action: 0, u: [1], r: [1], k: 1 } as unknown as PerturbationInput;
    const full = perturbationDerivation(input).facts;
    expect(JSON.stringify(full)).toBe(JSON.stringify(perturbationFacts(input)));
    expect(full.exact).toBe(true);
  });
});
