// verify() checks its options as the CLI checks its flags (the same ranges, from the same option
// table): bad input is an InputError whose one line names the option, before anything runs.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { defineClaim, verify, type VerifyOptions } from '../../src/api.ts';
import { VERIFY } from '../../src/cli/commands.ts';

const claim = defineClaim({
  id: 'api.abs-nonnegative', statement: '|x| >= 0', paper: 'test', uses: [], hypotheses: [],
  checks: [{
    reading: 'any', rule: '|x| against 0', corners: () => [], instanceOf: (x: number) => ({ x }),
    arbitrary: () => fc.integer({ min: -50, max: 50 }),
    run: (x: number) => (Math.abs(x) >= 0 ? { kind: 'ok' } : { kind: 'violation', margin: 1, noise: 0, message: 'negative', measured: {}, predicted: {}, confirm: () => ({ confirmed: true, margin: 1, digits: Infinity, message: 'exact' }) }),
  }],
});

/** The InputError verify() rejects with (its name and one-line message). */
async function rejection(options: unknown): Promise<{ name: string; message: string }> {
  const error = await verify(options as VerifyOptions).then(() => null, (e: Error) => e);
  expect(error, `verify(${JSON.stringify(options)}) resolved`).not.toBeNull();
  expect(error!.message.includes('\n')).toBe(false);
  return { name: error!.name, message: error!.message };
}

describe('verify() options', () => {
  it('the CLI ranges: runs in [1, 10000000] and seed in [0, 2147483647] (read from the CLI table)', async () => {
    expect([VERIFY.options.runs.min, VERIFY.options.runs.max]).toEqual([1, 10_000_000]);
    expect([VERIFY.options.seed.min, VERIFY.options.seed.max]).toEqual([0, 2 ** 31 - 1]);
    for (const runs of [-1, 0, 1.5, 'abc', 10_000_001, Number.NaN, null])
      expect(await rejection({ claims: [claim], runs })).toEqual({ name: 'InputError', message: expect.stringMatching(/^runs: expected an integer in \[1, 10000000\], got /) });
    for (const seed of [1.5, -1, 2 ** 31, '42'])
      expect(await rejection({ claims: [claim], seed })).toEqual({ name: 'InputError', message: expect.stringMatching(/^seed: expected an integer in \[0, 2147483647\], got /) });
  });

  it('unknown keys, non-boolean flags, a bad only, a non-object', async () => {
    expect(await rejection({ claims: [claim], bogus: 1 })).toEqual({ name: 'InputError', message: 'bogus: not an option of verify() (options: claims, paper, only, seed, runs, formal)' });
    expect((await rejection({ claims: [claim], paper: 'yes' })).message).toBe('paper: expected true or false, got "yes"');
    expect((await rejection({ claims: [claim], formal: 1 })).message).toBe('formal: expected true or false, got 1');
    expect((await rejection({ claims: [claim], only: 'api.abs-nonnegative' })).message).toMatch(/^only: expected a non-empty array of claim IDs/);
    expect((await rejection({ claims: [claim], only: [1] })).message).toMatch(/^only: expected a non-empty array of claim IDs/);
    expect((await rejection({ claims: [claim], only: [] })).message).toMatch(/^only: expected a non-empty array of claim IDs/);
    expect((await rejection('fast')).message).toBe('options: expected an object, got "fast"');
  });

  it('claims: an array of valid claims, checked as verify --claims checks a claim file', async () => {
    expect((await rejection({ claims: claim })).message).toBe('claims: expected an array of claims (defineClaim objects), got object');
    expect(await rejection({ claims: [{ id: 'x' }] })).toEqual({ name: 'InputError', message: 'claims[0]: statement: expected a non-empty string' });
    expect((await rejection({ claims: [claim, { ...claim, checks: [{ ...claim.checks[0], run: 1 }] }] })).message).toBe('claims[1]: checks[0].run: expected a function');
    expect((await rejection({ claims: [claim, claim] })).message).toBe('claims: id "api.abs-nonnegative" appears twice');
  });

  it('claims: [] counts as no claims given: the paper runs unless paper: false, which then has nothing to run', async () => {
    const { report } = await verify({ claims: [], only: ['P1.eq3'], runs: 1 });
    expect(report.claims.map((c) => c.id)).toEqual(['P1.eq3']);
    expect((await rejection({ claims: [], paper: false })).message).toBe("paper: false needs claims of your own (the claims to run instead of the paper's)");
    expect((await rejection({ paper: false })).message).toBe("paper: false needs claims of your own (the claims to run instead of the paper's)");
  });

  it('valid options run: the claim holds at the given runs and seed', async () => {
    const { report } = await verify({ claims: [claim], runs: 20, seed: 0, paper: false, only: ['api.abs-nonnegative'], formal: false });
    expect(report.claims.map((c) => c.id)).toEqual(['api.abs-nonnegative']);
    expect(report.seed).toBe(0);
    expect(report.claims[0].results[0].verdict).not.toBe('refuted');
  });
});
