// A variant's counterexample whose `case` lacks a field (D28 of the new-user walkthrough) is bad
// input: exit 2 with one line naming the field, as replay says of any other counterexample file.
// Before, the variant replay ran the check on it and reported a scientific outcome (exit 1, "k =
// undefined is not > 0") or a JavaScript TypeError ("Cannot read properties of undefined").
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inProcess, oneCleanLine, ROOT, viaBin } from '../cli/helpers.ts';

const tmp = mkdtempSync(join(tmpdir(), 'jepa-variant-missing-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const VARIANTS = ['u-orthogonal-only', 'two-layer-head', 'assumption3-weakest'];
const fileOf = (variant: string, name: string) => join(tmp, 'out', variant, 'counterexamples', 'variant', name);

beforeAll(async () => {
  for (const v of VARIANTS) {
    const r = await inProcess(['variant', `properties/variants/${v}.ts`, '--runs', '300', '--ledger', 'none', '--out', join(tmp, 'out'), '--json'], ROOT);
    expect(r.code, r.err).toBe(0);
  }
}, 300_000);

/** A copy of the file with the case field at `path` (dot-separated, under `case`) deleted. */
function without(file: string, path: string): string {
  const data = JSON.parse(readFileSync(file, 'utf8'));
  const keys = path.split('.');
  let at = data.case;
  for (const k of keys.slice(0, -1)) at = at[k];
  expect(keys.at(-1)! in at, `${path} is in the generated case`).toBe(true);
  delete at[keys.at(-1)!];
  const out = join(tmp, `${path}-${file.split('/').slice(-4).join('-')}`);
  writeFileSync(out, JSON.stringify(data, null, 2));
  return out;
}

const replay = (file: string) => inProcess(['replay', file], ROOT);

describe('variant replay: a case with a field deleted', () => {
  // [variant, counterexample file, deleted field, the error line]
  const cases: [string, string, string, string][] = [
    ['u-orthogonal-only', 'P1.eq5.on-policy.json', 'k', 'case.k: missing'],
    ['u-orthogonal-only', 'P1.eq5.on-policy.json', 'instance', 'case.instance: missing'],
    ['u-orthogonal-only', 'P1.eq5.on-policy.json', 'pair', 'case.pair: missing'],
    ['u-orthogonal-only', 'P1.eq5.on-policy.json', 'instance.head', 'case.instance.head: expected {W, b}'],
    ['u-orthogonal-only', 'P1.eq5.on-policy.json', 'instance.mdp', 'case.instance.mdp: expected an object with P, R, mu, gamma'],
    ['u-orthogonal-only', 'P1.logit-gain.any.json', 'eps', 'case.eps: missing'],
    // Fields only the variant's configuration adds: the model is the configured check's own cases.
    ['two-layer-head', 'P1.logit-gain.any.json', 'twoLayer', 'case.twoLayer: missing'],
    ['two-layer-head', 'P1.combine.on-policy.json', 'twoLayer.W1', 'case.twoLayer.W1: missing'],
    ['assumption3-weakest', 'P2.combine.on-policy.check1.json', 'uPick.weights', 'case.uPick.weights: missing'],
    ['assumption3-weakest', 'P2.combine.on-policy.check1.json', 'partial.pair', 'case.partial.pair: missing'],
  ];

  it('each untouched file still refutes (exit 0)', async () => {
    for (const [variant, name] of new Set(cases.map(([v, n]) => [v, n] as const))) {
      const r = await replay(fileOf(variant, name));
      expect(r.code, `${variant}/${name}: ${r.err}`).toBe(0);
      expect(r.out.trim().split('\n').at(-1)).toBe('verdict: refuted');
    }
  }, 300_000);

  for (const [variant, name, field, line] of cases)
    it(`${variant} ${name} without case.${field}: exit 2, "${line}"`, async () => {
      const r = await replay(without(fileOf(variant, name), field));
      expect(r.code, r.out).toBe(2);
      expect(r.out).toBe('');
      expect(oneCleanLine(r.err), r.err).toBe(true);
      expect(r.err.trim()).toBe(`jepa-verify: ${line}`);
    }, 120_000);

  it('the paper side of the same run is held to the same rule (its files name no variant)', async () => {
    const paper = join(tmp, 'out', 'u-orthogonal-only', 'counterexamples', 'paper');
    const name = readdirSync(paper).find((f) => f.startsWith('P1.eq5.on-policy'))!;
    const r = await replay(without(join(paper, name), 'k'));
    expect(r.code).toBe(2);
    expect(r.err.trim()).toBe('jepa-verify: case.k: missing');
  }, 120_000);

  it('through the real bin: one line, exit 2, for a deleted top-level and a deleted nested field', () => {
    const top = viaBin(['replay', without(fileOf('u-orthogonal-only', 'P1.eq5.on-policy.json'), 'instance')]);
    expect(top.code).toBe(2);
    expect(top.err.trim()).toBe('jepa-verify: case.instance: missing');
    const nested = viaBin(['replay', without(fileOf('two-layer-head', 'P1.combine.on-policy.json'), 'twoLayer.W1')]);
    expect(nested.code).toBe(2);
    expect(nested.err.trim()).toBe('jepa-verify: case.twoLayer.W1: missing');
  }, 120_000);
});
