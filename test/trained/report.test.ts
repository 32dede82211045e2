// How the reports weigh a trained-network result that is inconclusive for want of decided cases
// (CLAIMS.md: too few decided cases is inconclusive, not holds): beside property checks that hold it
// neither makes the claim undecided nor counts in support; alone it leaves the reading inconclusive;
// a trained refutation still refutes.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { computeFindings } from '../../src/report/findings.ts';
import { prepare } from '../../src/report/html/model.ts';
import { aggregateVerdict } from '../../src/report/html/verdicts.ts';
import { mermaidGraph, renderMarkdown } from '../../src/report/markdown.ts';
import { budgetCaps } from '../../src/report/budget.ts';
import { terminalSummary } from '../../src/report/terminal.ts';
import type { ClaimResult, VerificationReport } from '../../src/report/schema.ts';
import { reportOf } from '../report/helpers.ts';

const dir = mkdtempSync(join(tmpdir(), 'htrained-report-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const res = (p: Partial<ClaimResult> & Pick<ClaimResult, 'verdict'>): ClaimResult => ({ reading: 'on-policy', method: 'property', cases: 1, corners: [], counterexample: null, detail: '', ...p });
const trainedFew = (reading: 'on-policy' | 'fixed-data') =>
  res({ verdict: 'inconclusive', method: 'trained', reading, cases: 3, decided: 1, detail: "Verdict: inconclusive — consistent with eq. (3) on 1 trained configuration meeting every hypothesis (lake @ 1000 steps (seed 42)); 'holds' needs 200 decided cases. 3 trained configuration(s) used (1 meeting every hypothesis)." });

const report: VerificationReport = reportOf([
  {
    id: 'X.eq3', paper: 'eq. (3)', statement: 'a first-order claim', uses: [], repairs: [],
    results: [
      res({ verdict: 'holds', cases: 300, decided: 300, undecided: 0 }),
      res({ verdict: 'holds', reading: 'fixed-data', cases: 300, decided: 300, undecided: 0 }),
      trainedFew('on-policy'),
      trainedFew('fixed-data'),
    ],
  },
  {
    id: 'X.only', paper: 'eq. (9)', statement: 'checked on trained networks alone', uses: [], repairs: [],
    results: [trainedFew('on-policy')],
  },
]);

const prepared = () => prepare(JSON.parse(JSON.stringify(report)) as VerificationReport, (p) => ({ path: p, data: null, error: 'none' }), undefined, { plots: false });

describe('an inconclusive trained result', () => {
  it('beside property checks that hold: the claim holds, is not undecided, and the trained check is not listed as support', () => {
    const f = computeFindings(prepared());
    const x = f.holding.find((h) => h.claim === 'X.eq3');
    expect(x?.verdict).toBe('holds');
    expect(x!.methods.some((m) => m.startsWith('trained'))).toBe(false);
    expect(f.open.map((o) => o.claim)).not.toContain('X.eq3');
    const term = terminalSummary(report, dir);
    expect(term).toMatch(/Holds \(1\): X\.eq3/);
    expect(term).not.toMatch(/Undecided:[^\n]*X\.eq3/);
    // its own badge still says inconclusive
    expect(renderMarkdown(prepared())).toMatch(/Check 3: ⚠️ inconclusive · on-policy · trained · 3 trained networks \(1 meeting every hypothesis\)/);
  });

  it('is neither a colour of the claim graph beside other checks nor a check capped below the search budget', () => {
    const graph = mermaidGraph(report.claims);
    expect(graph).toMatch(/c_X_eq3\["[^"]*"\]:::holds/);
    expect(graph).toMatch(/c_X_only\["[^"]*"\]:::inconclusive/);
    expect(budgetCaps(report).capped).toEqual([]);
  });

  it('alone: the reading is inconclusive, listed as undecided', () => {
    const f = computeFindings(prepared());
    expect(f.holding.map((h) => h.claim)).not.toContain('X.only');
    expect(f.open.find((o) => o.claim === 'X.only')?.verdict).toBe('inconclusive');
  });

  it('does not mask anything else: refuted, error and other inconclusive checks still decide', () => {
    const t = trainedFew('on-policy');
    expect(aggregateVerdict([res({ verdict: 'holds' }), t])).toBe('holds');
    expect(aggregateVerdict([res({ verdict: 'proved', method: 'smt' }), t])).toBe('proved');
    expect(aggregateVerdict([res({ verdict: 'inconclusive' }), t])).toBe('inconclusive');
    expect(aggregateVerdict([res({ verdict: 'error' }), t])).toBe('error');
    expect(aggregateVerdict([res({ verdict: 'holds' }), { ...t, verdict: 'refuted' }])).toBe('refuted');
    expect(aggregateVerdict([t])).toBe('inconclusive');
  });
});
