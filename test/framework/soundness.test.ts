// The framework's verdict rules, on synthetic checks whose truth is known: undecided cases never
// support 'holds', a throwing confirmation is an 'error' for its unit only, a violation whose
// hypotheses fail at high precision is not recorded, and the refiner's result is re-verified.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { runProperty, type Outcome, type PropertyCheck } from '../../src/claims/framework.ts';
import { firstOrderOutcome } from '../../src/claims/prop1Checks.ts';
import { taylorFit } from '../../src/claims/taylor.ts';

const base = (run: (x: number) => Outcome, extra: Partial<PropertyCheck<number>> = {}): PropertyCheck<number> => ({
  reading: 'any', arbitrary: () => fc.integer({ min: 0, max: 1000 }), run, corners: () => [], instanceOf: (x) => x, rule: 'synthetic.', ...extra,
});
const violation = (x: number, confirm: () => ReturnType<Extract<Outcome, { kind: 'violation' }>['confirm']>): Outcome => ({
  kind: 'violation', margin: 1, noise: 0, message: `case ${x}`, measured: {}, predicted: {}, confirm,
});
const opts = { seed: 3, runs: 300, counterexampleDir: null };

describe('verdict rules of the framework', () => {
  it('the budget counts decided cases: undecided ones are counted and reported but drawn past, on the same case sequence', () => {
    const seen: number[] = [];
    const half = runProperty('t', base((x) => { seen.push(x); return x % 2 === 0 ? { kind: 'undecided', reason: 'nothing measured' } : { kind: 'ok' }; }), opts).result;
    const odd = seen.filter((x) => x % 2 === 1).length;
    expect(half.decided).toBe(300);
    expect(odd).toBe(300);
    expect(half.undecided).toBe(seen.length - 300);
    expect(half.undecided! + half.decided!).toBe(half.cases);
    expect(half.undecidedReasons).toEqual({ 'nothing measured': half.undecided });
    expect(half.verdict).toBe('holds');
    // The same seed draws the same sequence whether or not cases are undecided.
    const all: number[] = [];
    const ok = runProperty('t', base((x) => { all.push(x); return { kind: 'ok' }; }), opts).result;
    expect(ok.decided).toBe(300);
    expect(ok.verdict).toBe('holds');
    expect(seen.slice(0, 300)).toEqual(all);
  });

  it('a check deciding almost nothing stops at the skip cap, says so, and is inconclusive with fewer than 200 decided', () => {
    const seen: number[] = [];
    const r = runProperty('t', base((x) => { seen.push(x); return x % 1000 === 7 ? { kind: 'ok' } : { kind: 'undecided', reason: 'nothing measured' }; }), { ...opts, runs: 20 }).result;
    // 20 decided cases of budget, 50 skips each: the search ends at the 1001st skip.
    expect(r.decided).toBe(seen.filter((x) => x % 1000 === 7).length);
    expect(r.decided).toBeLessThan(20);
    expect(seen.length).toBe(1001 + r.decided!);
    expect(r.verdict).toBe('inconclusive');
    expect(r.detail).toContain(`after ${1001 + r.decided!} generated cases, with ${r.decided} of the 20 decided cases the budget asks for`);
    expect(r.detail).toMatch(/stopped at its skip cap/);
    expect(r.detail).toMatch(/fewer than the 200 a 'holds' needs/);
  });

  it('a first-order case predicting -1 against a measured change of 0 is a violation, not ok; both zero is undecided', () => {
    const points = [1e-1, 1e-2, 1e-3, 1e-4, 1e-5, 1e-6, 1e-7].map((eps) => ({ eps, delta: 0, noise: 1e-17 }));
    const args = { name: 'x', instance: null as never, perturbation: null as never, preciseSlope: () => 0, predicted: {}, precisePredicted: () => -1 };
    expect(firstOrderOutcome({ ...args, fit: taylorFit(points, -1) }).kind).toBe('violation');
    expect(firstOrderOutcome({ ...args, fit: taylorFit(points, 0) }).kind).toBe('undecided');
  });

  it('a confirm() that throws is an error result for this unit, not an exception out of runProperty', () => {
    const check = base((x) => (x > 500 ? violation(x, () => { throw new Error('boom'); }) : { kind: 'ok' }));
    const r = runProperty('t', check, opts).result;
    expect(r.verdict).toBe('error');
    expect(r.detail).toMatch(/boom/);
  });

  it('a confirmed violation whose hypotheses fail at high precision is not recorded', () => {
    const confirmed = () => ({ confirmed: true, margin: 1, digits: 64, message: 'confirmed' });
    const check = base((x) => (x > 500 ? violation(x, confirmed) : { kind: 'ok' }), { hypotheses: () => ({ holds: false, why: 'A = 0 exactly' }) });
    const r = runProperty('t', check, opts).result;
    expect(r.verdict).not.toBe('refuted');
    expect(r.detail).toMatch(/a hypothesis fails at high precision: A = 0 exactly/);
    const ok = runProperty('t', { ...check, hypotheses: () => ({ holds: true, why: 'A > 0 at 64 digits' }) }, opts);
    expect(ok.result.verdict).toBe('refuted');
    expect(ok.counterexample?.hypothesesExact).toBe('A > 0 at 64 digits');
  });

  it('the refiner runs on the confirmed case, its notes reach the file, and a refinement that no longer refutes is dropped', () => {
    const confirm = (x: number) => () => ({ confirmed: x > 500, margin: 1, digits: 64, message: `x = ${x}` });
    const run = (x: number): Outcome => (x > 500 ? violation(x, confirm(x)) : { kind: 'ok' });
    const good = runProperty('t', base(run, { refine: (x, still) => ({ value: still(501) ? 501 : x, notes: { minimality: ['501 is the least refuting case'] } }) }), opts).counterexample!;
    expect(good.case).toBe(501);
    expect(good.minimality).toEqual(['501 is the least refuting case']);
    const bad = runProperty('t', base(run, { refine: () => ({ value: 3, notes: { bogus: true } }) }), opts).counterexample!;
    expect(bad.case).toBeGreaterThan(500);
    expect(bad.bogus).toBeUndefined();
  });
});
