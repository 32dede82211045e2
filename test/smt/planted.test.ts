// Planted false steps are refuted with a model that really violates them; timeouts are inconclusive.
import { afterAll, describe, expect, it } from 'vitest';
import { eq4Direct } from '../../src/smt/claims/eq4.ts';
import { softmaxScript } from '../../src/smt/claims/softmax.ts';
import { p1Rank } from '../../src/smt/claims/dimension.ts';
import { checkSmt, runSmtClaim, shutdownSmt, smtCounterexample, type SmtClaim } from '../../src/smt/index.ts';
import { Script, add, gt, lt, mul, ne, neg, real, sub } from '../../src/smt/smtlib.ts';

afterAll(async () => {
  await shutdownSmt();
});

const planted = (id: string, query: ReturnType<SmtClaim['queries']>[number]): SmtClaim => ({
  id,
  proves: id,
  premises: 'planted',
  corners: ['planted'],
  scope: 'planted',
  queries: () => [query],
});

const softmax = (l: number[]) => {
  const m = Math.max(...l);
  const ex = l.map((v) => Math.exp(v - m));
  const s = ex.reduce((a, b) => a + b, 0);
  return ex.map((v) => v / s);
};
const norm = (a: number[], b: number[]) => Math.hypot(...a.map((ai, i) => ai - b[i]));
const pick = (inst: Record<string, number>, name: string, d: number) => Array.from({ length: d }, (_, i) => inst[`${name}_${i}`]);

describe('planted false algebraic steps', () => {
  it('eq. (2) without the p_a factor (delta pi_j = -p_j Delta l) is refuted, and the model violates it in float64', async () => {
    const n = 3, a = 0, j = 1;
    const { s, p, dp } = softmaxScript(n);
    s.declare('dl').negate(ne(mul(dp(j, a), 'dl'), neg(mul(p[j], 'dl'))), 'eq. (2) with p_a dropped (planted)');
    const result = await runSmtClaim(planted('planted.eq2', s.query('planted eq. (2)')));
    expect(result.verdict).toBe('refuted');
    expect(result.counterexample).toMatch(/planted\.eq2/);
    const cx = result.counterexampleFile!;
    expect(cx).toMatchObject({ schemaVersion: 1, claim: 'planted.eq2', reading: 'any' });
    const inst = cx.instance as Record<string, number>;
    const x = pick(inst, 'x', n);
    const dl = inst.dl;
    expect(x.every((v) => Number.isFinite(v) && v > 0)).toBe(true);
    // Independent float64 check: the true first-order shift by a central difference of softmax itself.
    const l = x.map(Math.log);
    const h = 1e-6;
    const shifted = (sign: number) => softmax(l.map((v, i) => (i === a ? v + sign * h : v)));
    const trueShift = ((shifted(1)[j] - shifted(-1)[j]) / (2 * h)) * dl;
    const pj = softmax(l)[j];
    const plantedShift = -pj * dl;
    expect(Math.abs(trueShift - plantedShift)).toBeGreaterThan(1e-3 * Math.max(Math.abs(trueShift), Math.abs(plantedShift)));
    // ...while the paper's eq. (2) agrees with the same finite difference.
    const pa = softmax(l)[a];
    expect(Math.abs(trueShift - -pj * pa * dl)).toBeLessThan(1e-6 * (Math.abs(dl) + 1));
  }, 60_000);

  it('eq. (5) with C missing the factor 2 (m = 1, e = E_max) is refuted, and the model violates it in float64', async () => {
    const d = 1; // nlsat finds no model within the timeout for d >= 2, even for this sat query
    const sq = (t: string) => mul(t, t);
    const negation = gt(sub(sq('ep'), sq('e')), add(mul('L', 'L', 'eps', 'eps'), mul('L', 'eps', 'e')));
    const result = await runSmtClaim(planted('planted.eq5', eq4Direct(d, negation)));
    expect(result.verdict).toBe('refuted');
    const inst = result.counterexampleFile!.instance as Record<string, number>;
    const [zD, zd, WD, Wd] = ['zD', 'zd', 'WD', 'Wd'].map((name) => pick(inst, name, d));
    const L = inst.L;
    const eps = norm(zD, zd);
    const e = norm(Wd, zd);
    const ep = norm(WD, zd);
    // The model meets the hypothesis (Lipschitz at the pair)...
    expect(L).toBeGreaterThanOrEqual(0);
    expect(norm(WD, Wd)).toBeLessThanOrEqual(L * eps * (1 + 1e-9) + 1e-12);
    // ...violates the planted bound by far more than rounding...
    const scale = ep * ep + e * e + L * L * eps * eps + L * eps * e;
    expect(ep * ep - e * e - (L * L * eps * eps + L * eps * e)).toBeGreaterThan(1e-6 * scale);
    // ...and satisfies the paper's eq. (4).
    expect(ep * ep - e * e).toBeLessThanOrEqual(L * L * eps * eps + 2 * L * eps * e + 1e-9 * scale);
  }, 60_000);

  it('a proof whose premises contradict each other is reported as vacuous, not proved', async () => {
    const q = new Script().declare('x').assert(gt('x', real(1)), lt('x', real(0))).negate(gt('x', real(5))).query('vacuous');
    const result = await runSmtClaim(planted('planted.vacuous', q));
    expect(result.verdict).toBe('error');
    expect(result.detail).toMatch(/Vacuous/);
  }, 60_000);

  it('smtCounterexample keeps the query so the refutation can be replayed', () => {
    const cx = smtCounterexample('X', { model: { a: 1.5 }, exactModel: { a: '(/ 3.0 2.0)' }, record: { query: '(check-sat)', seconds: 0, status: 'sat' } }, 'm');
    expect(cx).toMatchObject({ schemaVersion: 1, claim: 'X', reading: 'any', instance: { a: 1.5 }, message: 'm', smtQuery: '(check-sat)' });
  });
});

describe('timeouts', () => {
  it('a 1 ms timeout on a hard query gives an inconclusive verdict with the reason', async () => {
    const hard = planted('hard.eq4-direct-d3', eq4Direct(3));
    const result = await runSmtClaim(hard, { timeoutMs: 1 });
    expect(result.verdict).toBe('inconclusive');
    expect(result.smt![0].status).toBe('timeout');
    expect(result.detail).toMatch(/timeout/);
  }, 60_000);

  it('the wall-clock watchdog stops a check whose solver timeout would come too late, and Z3 stays usable', async () => {
    const out = await checkSmt(eq4Direct(3), { timeoutMs: 600_000, watchdogMs: 300 });
    expect(out.status).toBe('timeout');
    expect(out.reason).toMatch(/watchdog/);
    expect(out.seconds).toBeLessThan(15);
    const next = await checkSmt(p1Rank.queries()[0]);
    expect(next.status).toBe('unsat');
  }, 60_000);

  it('real() refuses non-integer literals rather than printing them wrongly', () => {
    expect(real(2)).toBe('2.0');
    expect(real(-3)).toBe('(- 3.0)');
    expect(() => real(0.5)).toThrow();
  });
});
