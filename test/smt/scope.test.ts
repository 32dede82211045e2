// A `proved` must follow from premises that are not the statement, and a proof of one step says so.
import { afterAll, describe, expect, it } from 'vitest';
import { p1Rank } from '../../src/smt/claims/dimension.ts';
import { checkSmt, runSmtClaim, shutdownSmt, SMT_CLAIMS } from '../../src/smt/index.ts';

afterAll(async () => {
  await shutdownSmt();
});

describe('SMT premises and scope', () => {
  it("P1.rank's premises do not contain the statement rank W <= |A|", () => {
    const q = p1Rank.queries()[0];
    expect(q.premises).toBeDefined();
    expect(q.premises!).not.toMatch(/\(<= r nA\)/);
    expect(q.premises!).not.toMatch(/\(>= nA r\)/);
  });

  it('P1.rank is unsat with its premises and sat without rank-nullity (the premise does the work)', async () => {
    const q = p1Rank.queries()[0];
    expect((await checkSmt(q)).status).toBe('unsat');
    const without = { ...q, body: q.body.replace('(assert (= kT (- nA r)))', '') };
    expect(without.body).not.toBe(q.body);
    expect((await checkSmt(without)).status).toBe('sat');
  }, 60_000);

  it('a proof of one step is reported as proved (step) with the step named, and every SMT claim states what it proves', async () => {
    const r = await runSmtClaim(p1Rank);
    expect(r.verdict).toBe('proved');
    expect(r.scope).toMatch(/^proved \(step\): only the integer step/);
    for (const c of SMT_CLAIMS) expect(c.interpretation, c.id).toBeTruthy();
    for (const id of ['P1.combine', 'P2.combine', 'P1.dim', 'P1.u-exists', 'P2.dimU', 'P2.u-exists']) expect(SMT_CLAIMS.find((c) => c.id === id)!.step, id).toBeTruthy();
  }, 60_000);
});
