// The budget line (Q9's Q6): verification.json's runsPerClaim is what a search asks for; checks with
// their own case cap (maxRuns) decide fewer, and every output's budget line must say which and how
// many, read off the results. The expected text below is built from the report by hand.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { computeFindings } from '../../src/report/findings.ts';
import { renderHtml } from '../../src/report/html/render.ts';
import { expandPacked } from '../../src/report/html/pack.ts';
import { prepare } from '../../src/report/html/model.ts';
import { renderMarkdown } from '../../src/report/markdown.ts';
import { findingsSectionMarkdown } from '../../src/report/readme.ts';
import { terminalSummary } from '../../src/report/terminal.ts';
import { budgetCaps } from '../../src/report/budget.ts';
import type { ClaimResult, VerificationReport } from '../../src/report/schema.ts';
import { reportOf } from './helpers.ts';

const dir = mkdtempSync(join(tmpdir(), 'hrep-budget-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const res = (p: Partial<ClaimResult> & Pick<ClaimResult, 'verdict'>): ClaimResult => ({ reading: 'on-policy', method: 'property', cases: 1, corners: [], counterexample: null, detail: '', ...p });

const report: VerificationReport = reportOf(
  [
    {
      id: 'X.full',
      paper: 'eq. (3)',
      statement: 'a claim searched to the budget',
      uses: [],
      results: [res({ verdict: 'holds', cases: 12000, decided: 10000, undecided: 2000 }), res({ verdict: 'refuted', reading: 'fixed-data', cases: 3, decided: 3 })],
      repairs: [{ statement: 'capped repair', results: [res({ verdict: 'holds', cases: 319, decided: 300 }), res({ verdict: 'holds', reading: 'fixed-data', cases: 373, decided: 300 })] }],
    },
    {
      id: 'G.cert',
      paper: '§7',
      statement: 'a certificate claim',
      uses: [],
      results: [res({ verdict: 'refuted', method: 'certificate', cases: 2, decided: 2 })],
      repairs: [
        { statement: 'refuted repair', results: [res({ verdict: 'refuted', method: 'certificate', cases: 1, decided: 1 })] },
        { statement: 'capped certificate repair', results: [res({ verdict: 'holds', method: 'certificate', cases: 362, decided: 300 })] },
      ],
    },
    {
      id: 'X.skip',
      paper: '§4',
      statement: 'a claim whose search hit its skip cap',
      uses: [],
      repairs: [],
      results: [res({ verdict: 'holds', cases: 9000, decided: 4000, detail: 'The search stopped at its skip cap (50 skipped or undecided cases per decided case of the budget) after 209000 generated cases.' })],
    },
  ],
  10000,
);

const prepared = () => prepare(JSON.parse(JSON.stringify(report)) as VerificationReport, (p) => ({ path: p, data: null, error: 'none' }), undefined, { plots: false });

describe('budget line', () => {
  it('finds the capped checks in the results: 3 results at 300, one skip-capped, none of the refuted or full ones', () => {
    expect(budgetCaps(report)).toEqual({ runs: 10000, capped: [{ cap: 300, checks: ['X.full repair 1', 'G.cert repair 2'], results: 3 }], skipCapped: ['X.skip'] });
  });

  it('has no caps to name when every search reached the budget', () => {
    const full = reportOf([{ id: 'X.full', paper: '', statement: '', uses: [], repairs: [], results: [res({ verdict: 'holds', cases: 300, decided: 300 })] }], 300);
    expect(budgetCaps(full).capped).toEqual([]);
  });

  it('every output states the budget and the checks capped below it', () => {
    const md = renderMarkdown(prepared());
    const html = expandPacked(renderHtml(prepared()));
    const term = terminalSummary(report, dir);
    const readme = findingsSectionMarkdown(report, computeFindings(prepared()));
    const line = 'budget 10,000 decided cases per property or certificate check; 3 checks capped at 300 (X.full repair 1, G.cert repair 2); X.skip stopped at the skip cap with fewer';
    expect(md).toContain(line);
    expect(html).toContain(line);
    expect(readme).toContain(line);
    expect(term).toContain('(seed 42, 10,000 decided/check)\n  below the budget: 3 checks capped at 300; 1 check stopped at the skip cap with fewer\n');
    for (const t of [md, html, term, readme]) expect(t).not.toMatch(/10,?000 decided cases per check\b/);
  });
});
