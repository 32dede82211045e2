// Planted twins of every SMT claim: the claim's own query with a wrong statement or a premise that is
// not enough (a factor doubled or dropped, a term dropped, a hypothesis weakened) must come out
// not proved, and here sat (refuted, with a model). Each twin edits one query's text, so the test
// also pins the statement down: an edit that no longer matches fails.
import { afterAll, describe, expect, it } from 'vitest';
import { runSmtClaim, shutdownSmt, SMT_CLAIMS, softmaxJacobianCheck, type SmtClaim } from '../../src/smt/index.ts';

afterAll(async () => {
  await shutdownSmt();
});

interface Twin { id: string; what: string; query: number; edit: [string | RegExp, string][] }

const TWINS: Twin[] = [
  { id: 'P1.rank', what: 'statement rank W <= |A| - 1', query: 0, edit: [['(assert (> r nA))', '(assert (> r (- nA 1)))']] },
  { id: 'P1.dim', what: 'the -1 dropped (dim >= d - rank W)', query: 0, edit: [['(assert (< dimU (- (- d r) 1)))', '(assert (< dimU (- d r)))']] },
  { id: 'P1.u-exists', what: 'hypothesis weakened to d - rank W >= 1', query: 0, edit: [['(assert (>= (- d r) 2))', '(assert (>= (- d r) 1))']] },
  { id: 'P1.logits-fixed', what: 'premise u^T z_d = 0 dropped', query: 0, edit: [[/; u\^T z_d = 0\n\(assert [^\n]*\)\n/, '']] },
  { id: 'P1.logit-gain', what: 'gain 2 k eps instead of k eps', query: 0, edit: [['(* k eps e)', '(* 2.0 k eps e)']] },
  { id: 'P1.softmax-jac', what: 'diagonal pi_i without the -pi_i pi_j term', query: 0, edit: [['(* p_0 (- 1.0 p_0))', 'p_0']] },
  { id: 'P1.eq2', what: 'eta doubled on the moved action', query: 0, edit: [['(* p_0 (- 1.0 p_0) dl)))', '(* 2.0 p_0 (- 1.0 p_0) dl)))']] },
  { id: 'P1.dV', what: 'the factor 1 / (1 - p_a) dropped', query: 0, edit: [['(/ (* p_0 (- 1.0 p_0) dl) (- 1.0 p_0))', '(* p_0 (- 1.0 p_0) dl)']] },
  { id: 'P1.eq4', what: 'L halved in e\' <= L eps + e (scalar step)', query: 4, edit: [['(> ep (+ (* L eps) e))', '(> ep (+ (* (/ L 2.0) eps) e))']] },
  { id: 'P1.eq4', what: 'the factor 2 of the cross term dropped (identity step, d = 1)', query: 0, edit: [['(* 2.0 (* (- WD_0 Wd_0) (- Wd_0 zd_0)))', '(* (- WD_0 Wd_0) (- Wd_0 zd_0))']] },
  { id: 'P1.combine', what: 'k > 2C/k1 weakened to k > 0', query: 0, edit: [['(assert (> k (/ (* 2.0 C) k1)))', '(assert (> k 0.0))']] },
  { id: 'P2.dimU', what: 'the -1 dropped (dim U >= d - |A|)', query: 0, edit: [['(assert (< dimU (- (- d nA) 1)))', '(assert (< dimU (- d nA)))']] },
  { id: 'P2.u-exists', what: 'Assumption 3 weakened to dim span(P) <= d - |A| - 1', query: 0, edit: [['(<= dimS (- (- d nA) 2))', '(<= dimS (- (- d nA) 1))']] },
  { id: 'P2.compensator', what: 'v = -u + 2w', query: 0, edit: [[/\(\+ \(- u_(\d)\) w_\1\)/g, '(+ (- u_$1) (* 2.0 w_$1))']] },
  { id: 'P2.logits-fixed', what: 'premise w in span(P)^perp dropped', query: 0, edit: [[/; w in span\(P\)\^perp\n\(assert [^\n]*\)\n/, '']] },
  { id: 'P2.logit-gain', what: 'the w^T u factor dropped from the gain', query: 0, edit: [['(* k eps (+ (* w_0 u_0) (* w_1 u_1)) e)', '(* k eps e)']] },
  { id: 'P2.combine', what: 'k > 2C/k1\' weakened to k > 0', query: 0, edit: [['(assert (> k (/ (* 2.0 C) k1)))', '(assert (> k 0.0))']] },
];

const apply = (text: string, edit: Twin['edit']): string => edit.reduce((t, [from, to]) => {
  const next = t.replace(from as never, to);
  expect(next, `edit ${String(from)} did not match`).not.toBe(t);
  return next;
}, text);

function twinOf(t: Twin): SmtClaim {
  const claim = SMT_CLAIMS.find((c) => c.id === t.id)!;
  const q = claim.queries()[t.query];
  // The premises text gets the same edit when the edit is in the premises (a dropped premise).
  const premises = q.premises === undefined ? undefined : (() => { try { return apply(q.premises, t.edit); } catch { return q.premises; } })();
  const edited = { ...q, label: `twin of ${q.label}: ${t.what}`, body: apply(q.body, t.edit), ...(premises === undefined ? {} : { premises }) };
  return { ...claim, id: `twin.${t.id}`, step: undefined, queries: () => [edited] };
}

describe('planted SMT twins: a wrong statement or premise is not proved', () => {
  it('every SMT claim has a twin here', () => {
    for (const c of SMT_CLAIMS) expect(TWINS.some((t) => t.id === c.id), c.id).toBe(true);
  });
  for (const t of TWINS) {
    it(`${t.id}: ${t.what}`, async () => {
      const r = await runSmtClaim(twinOf(t));
      expect(r.verdict, r.detail.slice(0, 300)).toBe('refuted');
    }, 60_000);
  }
});

describe('planted twin of the symbolic check (P1.softmax-jac)', () => {
  it('pi_i delta_ij without the -pi_i pi_j term is refuted at 64 digits; the paper\'s entry is proved', () => {
    const twin = softmaxJacobianCheck((pi, i, j) => `(${pi(i)}) * (${i === j ? 1 : 0})`);
    expect(twin.verdict).toBe('refuted');
    expect(softmaxJacobianCheck().verdict).toBe('proved');
  }, 60_000);
});
