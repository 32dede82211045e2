// N9's N7: a claim Z3 proved beside a numerical search with too few decided cases is named with both
// in every output (stdout did, the md/html "Undecided" list said only "inconclusive"), and counts
// in result texts follow the number ("1 decided case", never "1 decided cases").
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
import type { Tally } from '../../src/claims/search.ts';
import { baseResult, noViolationResult, tallyText } from '../../src/claims/assemble.ts';
import type { PropertyCheck } from '../../src/claims/types.ts';
import type { ClaimResult, VerificationReport } from '../../src/report/schema.ts';
import { reportOf } from './helpers.ts';

const emptyTally = (): Tally => ({
  cases: 0, decided: 0, undecided: 0, undecidedReasons: {}, skipped: 0, skipReasons: {}, vanished: 0, firstVanished: '', unavailable: 0,
  firstUnavailable: '', crashed: null, cornerCounts: {}, representative: null, firstConfirmed: null,
});

const dir = mkdtempSync(join(tmpdir(), 'hrep-undecided-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const res = (p: Partial<ClaimResult> & Pick<ClaimResult, 'verdict'>): ClaimResult => ({ reading: 'any', method: 'property', cases: 1, corners: [], counterexample: null, detail: '', ...p });

const report: VerificationReport = reportOf(
  [
    {
      id: 'P1.rank',
      paper: '§4.2',
      statement: 'rank W <= |A|',
      uses: [],
      repairs: [],
      results: [
        res({ verdict: 'proved', method: 'smt', detail: 'Z3 proved it.' }),
        res({ verdict: 'inconclusive', decided: 1, undecided: 0, detail: "Numerical rank by SVD against |A|. No violation in 1 case, 1 decided (seed 7). Inconclusive: only 1 decided case, fewer than the 200 a 'holds' needs." }),
      ],
    },
    {
      id: 'X.open',
      paper: '§4.3',
      statement: 'nothing proves this one',
      uses: [],
      repairs: [],
      results: [res({ verdict: 'inconclusive', decided: 1, undecided: 0, detail: "A rule. No violation in 1 case, 1 decided (seed 7). Inconclusive: only 1 decided case, fewer than the 200 a 'holds' needs." })],
    },
  ],
  1,
);

const prepared = () => prepare(JSON.parse(JSON.stringify(report)) as VerificationReport, (p) => ({ path: p, data: null, error: 'none' }), undefined, { plots: false });

describe('the Undecided list', () => {
  it('names the proof beside the inconclusive search in the markdown, the html, the README block and stdout', () => {
    const md = renderMarkdown(prepared());
    const html = expandPacked(renderHtml(prepared()));
    const readme = findingsSectionMarkdown(report, computeFindings(prepared()));
    const term = terminalSummary(report, dir);
    const both = 'proved by smt (Z3); a numerical check is inconclusive';
    expect(md).toContain(`- [P1.rank](#p1rank) ⚠️ inconclusive (${both}): only 1 decided case, fewer than the 200`);
    expect(html).toMatch(new RegExp(`P1\\.rank</a> <span class="badge[^"]*"[^>]*>[^<]*inconclusive</span> \\(${both.replace(/[()]/g, '\\$&')}\\): only 1 decided case,`));
    expect(readme).toContain(`**Undecided**: P1.rank (${both}), X.open (inconclusive).`);
    expect(term.replace(/\s+/g, " ")).toContain(`P1.rank inconclusive (${both}): only 1 decided case,`);
    // a claim nothing proved says only that it is inconclusive
    expect(md).toContain('- [X.open](#xopen) ⚠️ inconclusive: only 1 decided case');
    expect(md).not.toMatch(/X\.open[^\n]*proved by/);
  });
});

describe('counts follow the number', () => {
  const check = { reading: 'any', rule: 'A rule.' } as unknown as PropertyCheck<unknown>;
  it('one case, one decided case, one skipped and one undecided case are singular', () => {
    const t = emptyTally();
    t.cases = 1;
    t.decided = 1;
    t.skipped = 1;
    t.skipReasons = { why: 1 };
    const r = noViolationResult(check, baseResult(check, t, 1, 0), t, 7, null, 200);
    expect(r.verdict).toBe('inconclusive');
    expect(r.detail).toContain('No violation in 1 case, 1 decided (seed 7).');
    expect(r.detail).toContain("only 1 decided case, fewer than the 200 a 'holds' needs");
    expect(r.detail).toContain('1 generated case fell outside the hypotheses and was skipped (why: 1).');
    expect(r.detail).not.toMatch(/\b1 (decided |generated )?cases\b/);
    t.undecided = 1;
    t.undecidedReasons = { none: 1 };
    expect(tallyText(t)).toContain('1 case met the hypotheses but was undecided (the check measured nothing) and does not count for holds');
  });
  it('several stay plural', () => {
    const t = emptyTally();
    t.cases = 3;
    t.decided = 2;
    const r = noViolationResult(check, baseResult(check, t, 3, 0), t, 7, null, 200);
    expect(r.detail).toContain('No violation in 3 cases, 2 decided');
    expect(r.detail).toContain('only 2 decided cases, fewer');
  });
});
