// The headline counts and reading names the reports show (U.md D15, D25, D26): a property check's
// headline is its decided cases (undecided ones never support holds), a trained result says it counts
// trained networks and that 'holds' needs 200 of them meeting every hypothesis, and reading 'any' is "any reading".
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
import type { ClaimResult, VerificationReport } from '../../src/report/schema.ts';
import { reportOf } from './helpers.ts';

const dir = mkdtempSync(join(tmpdir(), 'hrep-counts-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const res = (p: Partial<ClaimResult> & Pick<ClaimResult, 'verdict'>): ClaimResult => ({ reading: 'on-policy', method: 'property', cases: 1, corners: [], counterexample: null, detail: '', ...p });

const report: VerificationReport = reportOf([
    {
      id: 'X.eq3',
      paper: 'eq. (3)',
      statement: 'a first-order claim',
      uses: [],
      repairs: [],
      results: [
        res({ verdict: 'holds', cases: 513, decided: 300, undecided: 213, detail: 'No violation in 513 cases, 300 decided.' }),
        res({ verdict: 'holds', reading: 'fixed-data', cases: 300, decided: 300, undecided: 0 }),
        res({ verdict: 'holds', method: 'trained', cases: 3, detail: 'Verdict: holds. 3 trained configuration(s) used (1 meeting every hypothesis), 8 trained in all (training seeds 42).' }),
      ],
    },
    {
      id: 'X.any',
      paper: '§4.3',
      statement: 'a claim not involving J',
      uses: [],
      repairs: [],
      results: [res({ verdict: 'refuted', reading: 'any', cases: 8, decided: 8, undecided: 0, detail: 'Refuted after 8 cases.' })],
    },
]);

const prepared = () => prepare(JSON.parse(JSON.stringify(report)) as VerificationReport, (p) => ({ path: p, data: null, error: 'none' }), undefined, { plots: false });

describe('headline counts', () => {
  const md = renderMarkdown(prepared());
  const html = expandPacked(renderHtml(prepared()));

  it('a property check states its decided cases and the undecided beside them, never the raw count alone', () => {
    expect(md).toContain('Check 1: ☑️ holds · on-policy · property · 300 decided (213 undecided)');
    expect(md).not.toContain('513 cases ·');
    expect(md).toContain('Check 2: ☑️ holds · fixed-data · property · 300 decided');
    expect(md).not.toContain('300 decided (0 undecided)');
    expect(html).toContain('on-policy · property · 300 decided (213 undecided)');
    // the "what holds" table counts decided cases too
    const holding = computeFindings(prepared()).holding.find((h) => h.claim === 'X.eq3')!;
    expect(holding.methods).toContain('property, 300 decided (213 undecided)');
    expect(holding.methods.join('; ')).not.toMatch(/513/);
  });

  it('a trained result counts trained networks and states the 200-decided rule for them', () => {
    expect(md).toContain('Check 3: ☑️ holds · on-policy · trained · 3 trained networks (1 meeting every hypothesis)');
    expect(md).not.toMatch(/trained · 3 cases/);
    expect(md).toMatch(/Not a property search: holds on 3 trained network configurations, 1 meeting every hypothesis.*'holds' needs 200 \(fewer is inconclusive\)/);
    expect(html).toMatch(/Not a property search: holds on 3 trained network configurations/);
    expect(computeFindings(prepared()).holding.find((h) => h.claim === 'X.eq3')!.methods).toContain('trained, 3 trained networks (1 meeting every hypothesis)');
  });
});

describe("reading 'any'", () => {
  it('is "any reading" in the markdown, the html, the terminal and the README block, never "both"', () => {
    const md = renderMarkdown(prepared());
    const html = expandPacked(renderHtml(prepared()));
    const term = terminalSummary(report, dir);
    const readme = findingsSectionMarkdown(report, computeFindings(prepared()));
    for (const text of [md, html, term, readme]) {
      expect(text).toContain('any reading');
      expect(text).not.toMatch(/both readings/);
    }
    expect(md).toContain('❌ refuted (any reading)');
    expect(term).toMatch(/X\.any \(§4\.3; any reading\)/);
    expect(readme).toMatch(/\| X\.any \(§4\.3\) \| any reading \|/);
    expect(html).toMatch(/<td class="rd">any reading<\/td>/);
  });
});
