// Where a report's replay commands run (U.md D1 follow-up). The stored command stays report-relative
// (the same bytes for any --out), so the md, html and README words say where it works: in the report
// folder inside a project that has jepa-verify, else with npx --prefix. verify's terminal lines are
// rewritten to run from the working directory, so no line may then say they run in the report folder.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { computeFindings } from '../../src/report/findings.ts';
import { expandPacked } from '../../src/report/html/pack.ts';
import { prepare } from '../../src/report/html/model.ts';
import { renderHtml } from '../../src/report/html/render.ts';
import { renderMarkdown } from '../../src/report/markdown.ts';
import { findingsSectionMarkdown } from '../../src/report/readme.ts';
import { terminalSummary } from '../../src/report/terminal.ts';
import type { VerificationReport } from '../../src/report/schema.ts';
import { reportOf } from './helpers.ts';

const dir = mkdtempSync(join(tmpdir(), 'hrep-replay-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const CMD = 'npx jepa-verify replay counterexamples/X.any.json';
const report: VerificationReport = reportOf([
    {
      id: 'X',
      paper: '§4.3',
      statement: 'k1 > 0',
      uses: [],
      repairs: [],
      results: [{ reading: 'any', method: 'property', verdict: 'refuted', cases: 8, decided: 8, undecided: 0, corners: [], counterexample: 'counterexamples/X.any.json', replayCommand: CMD, detail: 'Refuted after 8 cases.' }],
    },
]);
const prepared = () => prepare(JSON.parse(JSON.stringify(report)) as VerificationReport, (p) => ({ path: p, data: null, error: 'not read in this test' }), undefined, { plots: false });
const WHERE_MD = 'run it in the report folder inside a project that has jepa-verify; elsewhere add `--prefix <path to jepa-verify>` after `npx`';
const WHERE_HTML = 'run it in the report folder inside a project that has jepa-verify; elsewhere add --prefix &lt;path to jepa-verify&gt; after npx';

describe('replay hints', () => {
  it('md and html keep the report-relative command and say it needs a project with jepa-verify, else --prefix', () => {
    const md = renderMarkdown(prepared());
    const html = expandPacked(renderHtml(prepared()));
    expect(md).toContain(CMD);
    expect(html).toContain('npx jepa-verify replay counterexamples/<wbr>X.any.json');
    expect(md).not.toContain('(run it in the report folder)');
    expect(md).not.toContain('Replay (in the report folder)');
    expect(html).not.toContain('Replay (in the report folder)');
    // the findings' lead sentence and each check's replay label
    expect(md.split(WHERE_MD).length - 1).toBeGreaterThanOrEqual(2);
    expect(html.split(WHERE_HTML).length - 1).toBeGreaterThanOrEqual(2);
    // GitHub must show the placeholder, not take it for a tag: code in md, escaped in html
    expect(md).toContain('`--prefix <path to jepa-verify>`');
    expect(html).toContain('--prefix &lt;path to jepa-verify&gt;');
  });

  it('the README block says the same', () => {
    const readme = findingsSectionMarkdown(report, computeFindings(prepared()));
    expect(readme).toContain('in the report folder inside a project that has jepa-verify, elsewhere with `npx --prefix <path to jepa-verify> jepa-verify replay ...`');
  });

  it("verify's terminal, whose replay lines run from the working directory, never says they run in the report folder", () => {
    const here = terminalSummary(report, dir, { replayLine: (c) => c.replace('npx jepa-verify', 'npx --prefix /pkg jepa-verify').replace('counterexamples/', 'out/counterexamples/') });
    expect(here).toContain('replay: npx --prefix /pkg jepa-verify replay out/counterexamples/X.any.json');
    expect(here).not.toMatch(/Replay commands run in/);
    // as stored (no rewriting), the line says where the stored commands work
    const stored = terminalSummary(report, dir);
    expect(stored).toContain(`replay: ${CMD}`);
    expect(stored.replace(/\s+/g, ' ')).toContain(`Replay commands run in ${dir}/ inside a project that has jepa-verify; elsewhere add --prefix <path to jepa-verify> after npx.`);
  });
});
