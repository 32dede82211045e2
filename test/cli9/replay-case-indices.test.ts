// N3: the index fields of the documented case types (README "The case a counterexample replays") are
// named when they are not indices: Prop. 1/2 `pair`, Prop. 2 `partial.pair`, §7 `pair` and `extra`,
// §4.2/§4.3 `action`. And a counterexample file whose check rebuilds a construction must show it:
// a missing `construction` is exit 2, as a missing `instance` is (it replayed "refuted" before).
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { replay } from '../../src/cli/replay.ts';
import { findCheck } from '../../src/claims/recheck.ts';
import { loadClaims } from '../../src/ledger/claims.ts';
import { ROOT } from '../cli/helpers.ts';

const tmp = mkdtempSync(join(tmpdir(), 'cli9-indices-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const FIXTURES = join(ROOT, 'test', 'fixtures', 'ledger-counterexamples');

let n = 0;
/** A fixture with one field set (a dotted path, numbers index arrays) or deleted (undefined). */
function edited(name: string, path: string, value: unknown): string {
  const data = JSON.parse(readFileSync(join(FIXTURES, name), 'utf8'));
  const keys = path.split('.').map((k) => (/^\d+$/.test(k) ? Number(k) : k));
  let o = data;
  for (const k of keys.slice(0, -1)) o = o[k];
  if (value === undefined) delete o[keys.at(-1)!];
  else o[keys.at(-1)!] = value;
  const out = join(tmp, `${n++}-${name}`);
  writeFileSync(out, JSON.stringify(data));
  return out;
}

const inputError = (p: Promise<unknown>) => p.then(() => 'no error', (e: Error) => (e.name === 'InputError' ? e.message : `${e.name}: ${e.message}`));

describe('replay names the index field of a case', () => {
  it.each([
    ['P1.eq5.on-policy.json', 'case.pair', -5, 'case.pair: expected a non-negative integer, got -5'],
    ['P1.eq5.on-policy.json', 'case.pair', 0.5, 'case.pair: expected a non-negative integer, got 0.5'],
    ['P2.jepa.on-policy.check2.json', 'case.pair', -1, 'case.pair: expected a non-negative integer, got -1'],
    ['P2.jepa.on-policy.check2.json', 'case.partial.pair.0', 0.5, 'case.partial.pair[0]: expected a non-negative integer, got 0.5'],
    ['P2.jepa.on-policy.check2.json', 'case.partial.pair.0', 7, "case.partial.pair[0]: expected a state index below 2 (the MDP's number of states), got 7"],
    ['P2.jepa.on-policy.check2.json', 'case.partial.pair.0', 0, 'case.partial.pair: expected two distinct states, got [0,0]'],
    ['P1.gap.on-policy.json', 'case.pair.0', -1, 'case.pair[0]: expected a non-negative integer, got -1'],
    ['P1.gap.on-policy.json', 'case.pair.1', 5, "case.pair[1]: expected a state index below 2 (the MDP's number of states), got 5"],
    ['P1.local.on-policy.json', 'case.extra', -1, 'case.extra: expected a non-negative integer, got -1'],
    ['P1.local.on-policy.json', 'case.extra', 0.5, 'case.extra: expected a non-negative integer, got 0.5'],
  ])('%s with %s = %s', async (name, path, value, message) => {
    expect(await inputError(replay(edited(name, path, value)))).toBe(message);
  });

  it('an extra past --max-size is refused before the check builds a code of that dimension', async () => {
    expect(await inputError(replay(edited('P1.local.on-policy.json', 'case.extra', 1000)))).toBe('case.extra: 1000 makes the code dimension exceed the limit of 64 states, actions or dimensions (--max-size N raises it)');
  });

  it('a large integer pair is still taken modulo the pairs (README), and refutes as the file does', async () => {
    await expect(replay(edited('P1.eq5.on-policy.json', 'case.pair', 1e300))).resolves.toMatchObject({ refutes: true });
  });

  it.each([
    ['P1.dim', 'W', 'the rows of W'],
    ['P1.eq2', 'logits', 'the entries of logits'],
  ])('%s: an action index past %s', async (id, field, what) => {
    const claims = await loadClaims();
    const check = findCheck(claims.find((c) => c.id === id)!, 'any', undefined)!;
    const [value] = fc.sample(check.arbitrary() as fc.Arbitrary<Record<string, unknown>>, { numRuns: 1, seed: 3 });
    const rows = (value[field] as unknown[]).length;
    const c = JSON.parse(JSON.stringify({ ...value, action: rows }));
    const path = join(tmp, `${id}.json`);
    writeFileSync(path, JSON.stringify({ schemaVersion: 1, claim: id, reading: 'any', instance: check.instanceOf(value), case: c }));
    expect(await inputError(replay(path))).toBe(`case.action: expected an action index below ${rows} (${what}), got ${rows}`);
  });
});

describe('a counterexample file without its construction', () => {
  it.each(['P1.eq5.on-policy.json', 'P1.gap.on-policy.json', 'P2.jepa.on-policy.check2.json', 'P1.on-policy.json'])('%s: exit 2 naming construction', async (name) => {
    expect(await inputError(replay(edited(name, 'construction', undefined)))).toBe(
      'construction: missing (a counterexample file shows the construction its case rebuilds; FORMATS.md)',
    );
  });
});
