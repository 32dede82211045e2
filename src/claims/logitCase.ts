// Cases for the single-state claims of §4.3: a logit vector, the action a_Δ, and a logit step.
import fc from 'fast-check';
import { gridDouble } from '../search/arbitraries/scalar.ts';

export interface LogitCase {
  logits: number[];
  action: number;
}

export const logitCaseArbitrary = (): fc.Arbitrary<LogitCase> =>
  fc.integer({ min: 2, max: 5 }).chain((n) =>
    fc.record({
      logits: fc.tuple(fc.array(gridDouble(-5, 5), { minLength: n, maxLength: n }), fc.constantFrom(1, 1, 1, 10, 100)).map(([l, s]) => l.map((x) => x * s)),
      action: fc.nat(n - 1),
    }),
  );

export function softmax(l: number[]): number[] {
  const max = Math.max(...l);
  const e = l.map((x) => Math.exp(x - max));
  const z = e.reduce((a, b) => a + b, 0);
  return e.map((x) => x / z);
}

export function logitCorners(c: LogitCase): string[] {
  const p = softmax(c.logits);
  const out = [`|A| = ${c.logits.length}`];
  if (p[c.action] > 0.999) out.push('p_aΔ near 1');
  if (p[c.action] < 1e-6) out.push('p_aΔ near 0');
  if (new Set(c.logits).size < c.logits.length) out.push('tied logits');
  if (Math.max(...c.logits.map(Math.abs)) >= 100) out.push('logits at extreme scale');
  return out;
}
