// The refinement decides robustness from the derivation's facts alone (perturbationFacts: no chain
// for a reader, second derivatives only where a sign needs them), and the derivation evaluates the
// perturbed and base points once for both readings. Both must give exactly what the full,
// per-reading computation gives: the same facts digit for digit, hence the same failing readings.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { perturbationDerivation, perturbationFacts, type PerturbationInput } from '../../src/derivation/perturbation.ts';
import { prop1Adapter, prop2Adapter } from '../../src/claims/refiners.ts';
import { digitsScalar, exactScalar, firstOrder, firstOrderBoth, secondOrder, secondOrderBoth, type Scalar } from '../../src/precise/dual.ts';
import { READINGS } from '../../src/model/types.ts';
import type { ClaimKind } from '../../src/derivation/conclude.ts';
import type { Adapter } from '../../src/search/refine.ts';

const FIXTURES = path.join(import.meta.dirname, '../fixtures/ledger-counterexamples');
const KINDS: ClaimKind[] = ['eq5', 'combine', 'someK', 'eq3', 'k1', 'generic'];
// Reads every getter and keeps -0 apart from 0, so lazily computed facts are compared in full.
const text = (x: unknown) => JSON.stringify(x, (_k, v) => (Object.is(v, -0) ? '-0' : typeof v === 'number' && !Number.isFinite(v) ? String(v) : v));
const outcome = <T>(f: () => T): { value: T } | { error: string } => { try { return { value: f() }; } catch (e) { return { error: String(e) }; } };

interface Sample { family: 'prop1' | 'prop2'; c: unknown }
function samples(): Sample[] {
  const out: Sample[] = [];
  for (const f of fs.readdirSync(FIXTURES).filter((x) => x.endsWith('.json'))) {
    const file = JSON.parse(fs.readFileSync(path.join(FIXTURES, f), 'utf8'));
    const family = String(file.derivationSource ?? '').split(':')[0];
    if (family === 'prop1' || family === 'prop2') out.push({ family, c: file.case });
  }
  // Random cases as the search below a counterexample's size draws them (most meet no hypothesis: null either way).
  for (const [family, ad] of [['prop1', prop1Adapter('generic')], ['prop2', prop2Adapter('generic')]] as const) {
    for (const sz of [{ S: 2, A: 2, d: 1 }, { S: 3, A: 2, d: 2 }, { S: 2, A: 3, d: 3 }]) {
      for (const c of (ad.sample as (s: typeof sz, n: number, seed: number) => unknown[])(sz, 6, 5)) out.push({ family, c });
    }
  }
  return out;
}

describe('facts alone = the full derivation\'s facts', () => {
  const cases = samples();

  it('failing readings and facts agree for every kind, on recorded counterexamples and random cases', () => {
    let derived = 0;
    for (const kind of KINDS) {
      for (const kRule of ['free', 'threshold'] as const) {
        const ads = { prop1: prop1Adapter(kind, kRule), prop2: prop2Adapter(kind, kRule) } as Record<string, Adapter<unknown>>;
        for (const { family, c } of cases) {
          const ad = ads[family];
          const full = outcome(() => ad.derive!(c));
          const alone = outcome(() => ad.failing!(c));
          expect(text(alone)).toBe(text('value' in full ? { value: full.value?.failing ?? null } : full));
          const input = 'value' in full ? (full.value as { input?: PerturbationInput } | null)?.input : undefined;
          if (!input) continue;
          derived++;
          for (const inp of kind === 'someK' ? [{ ...input, k: 1 }, { ...input, k: 0 }] : [input]) {
            expect(text(perturbationFacts(inp))).toBe(text(perturbationDerivation(inp).facts));
          }
        }
      }
    }
    expect(derived).toBeGreaterThan(100);
  }, 120_000);

  it('both readings from one evaluation = each reading on its own, digit for digit (exact and 64 digits)', () => {
    let compared = 0;
    const ad = prop2Adapter('generic');
    for (const { c } of cases.filter((x) => x.family === 'prop2')) {
      const input = outcome(() => ((ad as Adapter<unknown>).derive!(c) as { input?: PerturbationInput } | null)?.input);
      if (!('value' in input) || !input.value) continue;
      const { instance, state, action, u, r, k } = input.value;
      for (const S of [exactScalar, digitsScalar(64)] as Scalar<unknown>[]) {
        const p = { state, action, u: u.map(S.of), r: r.map(S.of), k: S.of(k) };
        const both = outcome(() => firstOrderBoth(S, instance, p));
        const second = outcome(() => secondOrderBoth(S, instance, p));
        for (const rd of READINGS) {
          const pick = <T>(o: { value: Record<string, T> } | { error: string }) => ('value' in o ? { value: o.value[rd] } : o);
          expect(canon(pick(both))).toBe(canon(outcome(() => firstOrder(S, instance, p, rd))));
          expect(canon(pick(second))).toBe(canon(outcome(() => secondOrder(S, instance, p, rd))));
          if ('value' in both) compared++;
        }
      }
    }
    expect(compared).toBeGreaterThan(8);
  }, 120_000);
});

/** Every 64-digit value with its sign (-0 kept), every rational as s n/d; the field object itself left out. */
function canon(x: unknown): string {
  const walk = (v: unknown): unknown => {
    if (typeof v === 'number') return Object.is(v, -0) ? '-0' : String(v);
    if (typeof v === 'bigint') return `${v}n`;
    if (Array.isArray(v)) return v.map(walk);
    if (v && typeof v === 'object') {
      const o = v as Record<string, unknown>;
      if (typeof o.isNeg === 'function' && typeof o.valueOf === 'function') return `D${String(o.valueOf())}`;
      if (typeof o.n === 'bigint' && typeof o.d === 'bigint') return `Q${o.s}:${o.n}/${o.d}`;
      return Object.fromEntries(Object.entries(o).filter(([key]) => key !== 'scalar').map(([key, y]) => [key, walk(y)]));
    }
    return v;
  };
  return JSON.stringify(walk(x));
}
