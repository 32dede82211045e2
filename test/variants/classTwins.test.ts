// Planted twins under the head and encoder classes: where a claim holds under a class (the variant
// column says holds), a deliberately wrong twin of the same check under the same configuration must
// be refuted, so the class path can fail.
import { describe, expect, it } from 'vitest';
import { runProperty, type PropertyCheck } from '../../src/claims/framework.ts';
import { configure } from '../../src/claims/configuration.ts';
import { classLogitCheck } from '../../src/claims/classChannel.ts';
import { eq3Check } from '../../properties/P1.eq3.ts';

const run = (check: PropertyCheck<any>, runs = 200, seed = 5) => runProperty('twin', { ...check, refine: undefined }, { seed, runs, counterexampleDir: null, shrinkAttempts: 50 }).result;
const TWO_LAYER = configure({ head: 'two-layer-tanh' });
const FEATURES = configure({ encoder: 'linear-features' });

describe('planted twins under the classes', () => {
  it('P1.logits-fixed under the two-layer head: the other states claimed to gain k eps on a_Δ', () => {
    expect(run(classLogitCheck('others', TWO_LAYER)).verdict).toBe('holds');
    expect(run(classLogitCheck('others', TWO_LAYER, 1)).verdict).toBe('refuted');
  });

  it('P1.logit-gain under the linear-features encoder: the gain claimed 2 k eps', () => {
    expect(run(classLogitCheck('moved', FEATURES)).verdict).toBe('holds');
    expect(run(classLogitCheck('moved', FEATURES, 2)).verdict).toBe('refuted');
  });

  it('P1.eq3 under the two-layer head: k1 doubled', () => {
    const r = run(eq3Check('fixed-data', (q) => 2 * q.k1, TWO_LAYER), 100);
    expect(r.verdict, r.detail.slice(-300)).toBe('refuted');
  });
});
