// The §4.5 / §5.5 conclusion in a finding's derivation: Prop. 2's gain is k1' = d_pi p A (w^T u), the
// section is §5.5, and each reading says whether it fails on the case shown (a reader saw
// 'fixed-data: -0.0884' under a headline 'refuted on-policy, fixed-data' and 'k1 = 0.125', §4.5).
import { describe, expect, it } from 'vitest';
import { conclude } from '../../src/derivation/conclude.ts';

const facts = (rTu: number, prop2 = rTu !== 1) => ({
  exact: false, k: 1, k1: 0.125, C: 0, rTu, ...(prop2 ? { k1Const: 0.125 } : {}),
  signs: { 'on-policy': { J: 1, Jorder: 1 }, 'fixed-data': { J: -1, Jorder: 1 } },
  slopes: { 'on-policy': { J: 0.0883883, d2J: 0 }, 'fixed-data': { J: -0.0883883, d2J: 0 } },
}) as unknown as Parameters<typeof conclude>[1];

describe("combine's conclusion", () => {
  it("Prop. 2: k1' = k1 (w^T u), §5.5, and the reading that does not fail says so", () => {
    const c = conclude('combine', facts(Math.SQRT1_2));
    expect(c.failing).toEqual(['on-policy']);
    expect(c.text).toMatch(/^with k = 1(\.0+)? \(k1' = 0\.0883883/);
    expect(c.text).toMatch(/on-policy: dDelta J\/deps = 0\.0883883 > 0: fails; fixed-data: dDelta J\/deps = -0\.0883883: does not fail on this case/);
    expect(c.text).toMatch(/the §5\.5 conclusion fails\.$/);
  });

  it("Prop. 2 with w = u (w^T u = 1) is still Prop. 2", () => {
    expect(conclude('combine', facts(1, true)).text).toMatch(/\(k1' = 0\.125.*§5\.5 conclusion fails\.$/);
  });

  it('Prop. 1 (r = u, a unit): k1 and §4.5', () => {
    const c = conclude('combine', facts(1));
    expect(c.text).toMatch(/\(k1 = 0\.125/);
    expect(c.text).toMatch(/the §4\.5 conclusion fails\.$/);
  });
});
