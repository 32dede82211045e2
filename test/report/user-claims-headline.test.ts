// The terminal's first line (U.md D14): refutations of the user's claims (verify --claims) are the
// user's, not "claims refuted under the paper's own definitions".
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { terminalSummary } from '../../src/report/terminal.ts';
import { expandPacked } from '../../src/report/html/pack.ts';
import { prepare } from '../../src/report/html/model.ts';
import { renderHtml } from '../../src/report/html/render.ts';
import { renderMarkdown } from '../../src/report/markdown.ts';
import type { ClaimEntry, VerificationReport } from '../../src/report/schema.ts';

const dir = mkdtempSync(join(tmpdir(), 'hrep-headline-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const claim = (id: string, verdict: 'holds' | 'refuted'): ClaimEntry => ({ id, paper: 'starter', statement: id, uses: [], repairs: [], results: [{ reading: 'any', method: 'property', verdict, cases: 300, decided: 300, undecided: 0, corners: [], counterexample: null, detail: 'x' }] });
const report = (claims: ClaimEntry[]): VerificationReport => ({ schemaVersion: 1, tool: { name: 'jepa-verify', version: '0.1.0' }, seed: 42, budget: { runsPerClaim: 300 }, claims });
const first = (r: VerificationReport) => terminalSummary(r, dir).split('\n')[0];

describe("the summary's headline", () => {
  it("names a --no-paper run's findings as the user's claims", () => {
    expect(first(report([claim('my.claim', 'holds')]))).toMatch(/^None of your claims \(--claims\) refuted \(seed 42/);
    expect(first(report([claim('my.claim', 'refuted')]))).toMatch(/^1 finding: your claims \(--claims\) refuted \(seed 42/);
    expect(first(report([claim('my.claim', 'refuted')]))).not.toContain("paper's own definitions");
  });

  it("keeps the paper's wording for the paper's claims and says both beside each other", () => {
    expect(first(report([claim('P1.eq3', 'holds')]))).toMatch(/^No claim refuted under the paper's own definitions \(seed/);
    expect(first(report([claim('P1.k1-pos', 'refuted'), claim('my.claim', 'refuted')]))).toMatch(/^1 finding: claims refuted under the paper's own definitions; 1 finding: your claims \(--claims\) refuted \(seed/);
  });

  it('says the same in verification.md and verification.html', () => {
    const r = report([claim('my.claim', 'refuted')]);
    const pr = () => prepare(JSON.parse(JSON.stringify(r)) as VerificationReport, (p) => ({ path: p, data: null, error: 'none' }), undefined, { plots: false });
    const md = renderMarkdown(pr());
    const html = expandPacked(renderHtml(pr()));
    expect(md).toContain('1 finding: your claims (--claims) refuted, each with');
    expect(html).toContain('<p class="lead">1 finding: your claims (--claims) refuted, each with');
    for (const t of [md, html]) expect(t).not.toMatch(/refuted under the paper(&#39;|')s own definitions/);
    // a paper-only report keeps its words
    const paper = report([claim('P1.eq3', 'holds')]);
    expect(renderMarkdown(prepare(paper, () => ({ path: '', data: null }), undefined, { plots: false }))).toContain("No claim is refuted under the paper's own definitions.");
  });
});
