// Every formal claim of the layer is proved, with its SMT-LIB text recorded.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClaimResult } from '../../src/report/schema.ts';
import { FORMAL_CLAIM_IDS, runFormalChecks, shutdownSmt } from '../../src/smt/index.ts';

let results: Map<string, ClaimResult[]>;
let seconds = 0;

beforeAll(async () => {
  const start = performance.now();
  results = await runFormalChecks();
  seconds = (performance.now() - start) / 1000;
  console.log(`formal checks: ${seconds.toFixed(2)} s`);
  for (const [id, rs] of results) for (const r of rs) console.log(`  ${id} [${r.method}] ${r.verdict} (${r.cases} cases, ${(r.seconds ?? 0).toFixed(2)} s)`);
}, 180_000);

afterAll(async () => {
  await shutdownSmt();
});

describe('runFormalChecks', () => {
  it.each([...FORMAL_CLAIM_IDS])('%s is proved', (id) => {
    const rs = results.get(id) ?? [];
    expect(rs.length).toBeGreaterThan(0);
    for (const r of rs) {
      expect(r.verdict, r.detail).toBe('proved');
      expect(r.reading).toBe('any');
      expect(r.counterexample).toBeNull();
      expect(r.corners.length).toBeGreaterThan(0);
    }
    const smt = rs.find((r) => r.method === 'smt')!;
    const proofs = smt.smt!.filter((rec) => !rec.scope?.startsWith('non-vacuity'));
    const vacuity = smt.smt!.filter((rec) => rec.scope?.startsWith('non-vacuity'));
    expect(smt.cases).toBe(proofs.length);
    for (const rec of smt.smt!) {
      expect(rec.query).toMatch(/\(set-logic QF_(NRA|LIA)\)/);
      expect(rec.query).toContain('(check-sat)');
      expect(rec.scope).toMatch(/proved/);
    }
    for (const rec of proofs) expect(rec.status).toBe('unsat');
    // Every proof comes with a satisfiable premise set: none of them is vacuous.
    expect(vacuity.length).toBe(proofs.length);
    for (const rec of vacuity) expect(rec.status).toBe('sat');
    expect(smt.detail).toContain('not vacuous');
  });

  it('checks the soft-max Jacobian symbolically too', () => {
    const sym = results.get('P1.softmax-jac')!.find((r) => r.method === 'symbolic');
    expect(sym?.verdict, sym?.detail).toBe('proved');
  });

  it('honours `only`', async () => {
    const only = await runFormalChecks({ only: ['P1.rank'] });
    expect([...only.keys()]).toEqual(['P1.rank']);
  });

  it('states the premises of the combine step as the brief requires', () => {
    expect(results.get('P1.combine')![0].detail).toContain("whether those premises hold is the numeric checks' verdict");
  });
});
