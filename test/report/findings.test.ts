import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expandPacked } from '../../src/report/html/pack.ts';
import { afterAll, describe, expect, it } from 'vitest';
import { buildReports } from '../../src/report/build.ts';
import { computeFindings, intervalText, necessityPivot, oneSentence, whyOf } from '../../src/report/findings.ts';
import { formulaHtml, looksLikeProse } from '../../src/report/html/findings.ts';
import { prepare } from '../../src/report/html/model.ts';
import { aggregateVerdict, claimReadings, readingVerdict } from '../../src/report/html/verdicts.ts';
import { END, findingsSectionMarkdown, replaceSection, START } from '../../src/report/readme.ts';
import { findingsOf, terminalSummary, wrap } from '../../src/report/terminal.ts';
import type { ClaimResult, VerificationReport } from '../../src/report/schema.ts';
import { freshOutDir, loadFixture, reportOf } from './helpers.ts';

const dirs: string[] = [];
const outDir = () => {
  const d = freshOutDir(false);
  dirs.push(d);
  return d;
};
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

const r = (p: Partial<ClaimResult> & Pick<ClaimResult, 'verdict'>): ClaimResult => ({ reading: 'any', method: 'property', cases: 1, corners: [], counterexample: null, detail: '', ...p });

describe('one verdict per claim and reading', () => {
  it('refuted wins, then error, inconclusive; proved needs a proof and nothing worse', () => {
    expect(aggregateVerdict([r({ verdict: 'proved' }), r({ verdict: 'holds' })])).toBe('proved');
    expect(aggregateVerdict([r({ verdict: 'holds' }), r({ verdict: 'holds' })])).toBe('holds');
    expect(aggregateVerdict([r({ verdict: 'proved' }), r({ verdict: 'inconclusive' })])).toBe('inconclusive');
    expect(aggregateVerdict([r({ verdict: 'error' }), r({ verdict: 'refuted' })])).toBe('refuted');
    expect(aggregateVerdict([])).toBeNull();
  });

  it('ignores checks under another interpretation', () => {
    expect(aggregateVerdict([r({ verdict: 'holds' }), r({ verdict: 'refuted', paperDefinition: false })])).toBe('holds');
  });

  it("counts checks of reading 'any' in both readings", () => {
    const c = { id: 'X', statement: '', paper: '', uses: [], repairs: [], results: [r({ verdict: 'refuted' }), r({ verdict: 'holds', reading: 'on-policy' }), r({ verdict: 'holds', reading: 'fixed-data' })] };
    expect(claimReadings(c)).toEqual(['on-policy', 'fixed-data']);
    expect(readingVerdict(c, 'on-policy')).toBe('refuted');
    expect(readingVerdict(c, 'fixed-data')).toBe('refuted');
  });
});

describe('computeFindings', () => {
  const fixture = loadFixture();
  const dir = outDir();
  const f = findingsOf(fixture, dir);

  it('has one finding per claim refuted under the paper’s definitions, in claim order', () => {
    const refuted = fixture.claims.filter((c) => claimReadings(c).some((rd) => readingVerdict(c, rd) === 'refuted')).map((c) => c.id);
    expect(f.findings.flatMap((x) => x.claims)).toEqual(refuted);
    expect(f.findings.map((x) => x.n)).toEqual(refuted.map((_, i) => i + 1));
  });

  it('lists interpretation-only failures apart, with the paper-definition verdict', () => {
    expect(f.interpretationOnly.map((x) => x.claim)).toEqual(['P1.dV']);
    expect(f.interpretationOnly[0].paperVerdict).toBe('holds');
    expect(f.findings.some((x) => x.claims.includes('P1.dV'))).toBe(false);
    expect(f.holding.map((h) => h.claim)).toContain('P1.dV');
  });

  it('leaves out other-interpretation failures of a claim already refuted under the paper\'s definitions', () => {
    const rep = structuredClone(fixture);
    const eq5 = rep.claims.find((c) => c.id === 'P1.eq5')!;
    eq5.results.push({ ...eq5.results[0], paperDefinition: false, interpretation: 'another reading' });
    const g = findingsOf(rep, dir);
    expect(g.interpretationOnly.map((x) => x.claim)).toEqual(['P1.dV']);
  });

  it('pivots the necessity table: one row per claim and hypothesis, both constructions side by side', () => {
    const rows = necessityPivot([
      { claim: 'P1', hypothesis: 'A1', construction: 'paper', verdict: 'needed', cases: 1 },
      { claim: 'P1', hypothesis: 'A1', construction: 'free', verdict: 'not needed', cases: 40 },
      { claim: 'P1', hypothesis: 'A2', construction: 'free', verdict: 'undecided', cases: 0 },
    ]);
    expect(rows.map((r) => [r.hypothesis, r.paper?.verdict, r.free?.verdict])).toEqual([['A1', 'needed', 'not needed'], ['A2', undefined, 'undecided']]);
  });

  it('gives each finding its replay command and counterexample inside the report folder', () => {
    for (const x of f.findings) {
      expect(x.file).toMatch(/^counterexamples\/[^/]+\.json$/);
      expect(x.replay).toBe(`npx jepa-verify replay ${x.file}`);
      expect(x.why.length).toBeGreaterThan(10);
      expect(x.why).not.toContain('float64 margin');
    }
  });

  it('answers §7 apart from the findings, with intervals and the necessity table', () => {
    expect(f.section7.map((s) => s.claim)).toEqual(['G.attained', 'P1.gap']);
    expect(f.section7[0].intervals[0]).toMatchObject({ exactLower: '-3/2', d: 'd = 2' });
    expect(f.necessity).toHaveLength(3);
  });

  it('groups refutations sharing a cause and picks the smallest counterexample', () => {
    const rep: VerificationReport = structuredClone(fixture);
    const p1 = rep.claims.find((c) => c.id === 'P1')!;
    const eq5 = rep.claims.find((c) => c.id === 'P1.eq5')!;
    p1.results[0].cause = 'collapse allowed';
    eq5.results[0].cause = 'collapse allowed';
    const g = computeFindings(prepare(rep, (p) => ({ path: p, data: p.includes('P1.on-policy') ? ({ instance: { a: [1, 2] }, message: 'small.' } as never) : ({ instance: { a: [1, 2, 3, 4, 5] }, message: 'big.' } as never) }), undefined, { plots: false }));
    const merged = g.findings.find((x) => x.cause === 'collapse allowed')!;
    expect(merged.claims).toEqual(['P1.eq5', 'P1']);
    expect(merged.why).toBe('small.');
    expect(g.findings.length).toBe(f.findings.length - 1);
  });

  it('prints intervals with short rational ends exactly and everything else as floats', () => {
    expect(intervalText({ reading: 'any', lower: -1.5, upper: -1.5, exactLower: '-3/2', exactUpper: '-3/2' })).toBe('[-3/2, -3/2]');
    expect(intervalText({ reading: 'on-policy', lower: 0.5194853064028064, upper: 0.5194853064118243, exactLower: '(-0.52) - (-1102469369011109888/1054179975656878035)' })).toBe('on-policy: [0.5194853064, 0.51948530641]');
    expect(intervalText({ reading: 'fixed-data', lower: 0, upper: 0.125, exactLower: '(0) - (0)', exactUpper: '1/8' })).toBe('fixed-data: [0, 1/8]');
  });

  it('tells a derivation formula in words from one in LaTeX', () => {
    expect(looksLikeProse('W = 0, b = 0: every logit is 0')).toBe(true);
    expect(looksLikeProse('W_\\psi(z, a) = z predicts z_d = 0 from z_d = 0 exactly')).toBe(true);
    expect(looksLikeProse('(I - \\gamma P_{\\pi_c}) V = r_{\\pi_c}')).toBe(false);
    expect(looksLikeProse('2\\lambda E_{\\max} L m')).toBe(false);
    // LaTeX with words in it: KaTeX with the words upright
    const mixed = formulaHtml('(I - \\gamma P_\\pi)^T d = \\mu (discounted visits)');
    expect(mixed).toContain('class="katex"');
    expect(mixed).not.toContain('katex-error');
    expect(mixed).toContain('\\text{ discounted visits }');
    expect(formulaHtml('rows s, entries in order')).toBe('rows s, entries in order');
  });

  it('cuts a message to its first sentence, without the numerical audit or "Infinity digits"', () => {
    expect(oneSentence('Delta exceeds the bound by 2e-9 (float64 margin 2e-9 against noise 1e-16; at 64 digits: excess)')).toBe('Delta exceeds the bound by 2e-9');
    expect(oneSentence('attains J = 0 = lower bound at Infinity digits')).toBe('attains J = 0 = lower bound exactly');
  });

  it("gives the derivation's exact conclusion as the reason when there is one, not the float64 margin at a tiny eps", () => {
    const result = { detail: 'the detail' } as never;
    const withConclusion = { result, counterexample: { data: { message: 'Delta = 5e-13 exceeds the bound 0 by 5e-13 at eps = 0.000001', derivation: { conclusion: "(1/2) d2Delta J_JEPA/deps2 = 1/2 > C' = 0 exactly, so the bound fails for every small eps." } } } } as never;
    expect(whyOf(withConclusion)).toContain("d2Delta J_JEPA/deps2 = 1/2 > C' = 0");
    const messageOnly = { result, counterexample: { data: { message: 'Delta exceeds the bound by 2e-9' } } } as never;
    expect(whyOf(messageOnly)).toBe('Delta exceeds the bound by 2e-9');
    expect(whyOf({ result, counterexample: null } as never)).toBe('the detail');
  });
});

describe('README section', () => {
  const fixture = loadFixture();
  const section = findingsSectionMarkdown(fixture, findingsOf(fixture, outDir()));

  it('names every finding and is replaced between the markers, idempotently', () => {
    for (const id of ['P1.eq5', 'P1', 'P2.k1-pos']) expect(section).toContain(`| ${id} (`);
    const readme = `# T\n\n${START}\nold text\n${END}\n\nafter\n`;
    const once = replaceSection(readme, section);
    expect(once).not.toContain('old text');
    expect(once.endsWith(`${END}\n\nafter\n`)).toBe(true);
    expect(replaceSection(once, section)).toBe(once);
  });

  it('refuses a README without markers', () => {
    expect(() => replaceSection('# no markers\n', section)).toThrow(/findings:start/);
  });
});

describe('terminal summary', () => {
  it('names the findings, not result counts, and prints the HTML path', async () => {
    const dir = outDir();
    await buildReports(loadFixture(), dir);
    const text = terminalSummary(loadFixture(), dir, { columns: 100 });
    expect(text).toMatch(/^3 findings/);
    for (const id of ['P1.eq5', 'P1 ', 'P2.k1-pos']) expect(text).toContain(id);
    expect(text).toContain('replay: npx jepa-verify replay counterexamples/P1.eq5.on-policy.json');
    expect(text).toContain(`Report: ${join(dir, 'verification.html')}`);
    expect(text).not.toMatch(/\d+ refuted, /);
    expect(text).not.toContain('\x1b[');
    for (const line of text.split('\n')) expect(line.length, line).toBeLessThanOrEqual(100);
    expect(expandPacked(readFileSync(join(dir, 'verification.html'), 'utf8'))).toContain('id="findings"');
  });

  it('wraps long lines with a hanging indent', () => {
    const w = wrap('  1. ' + 'word '.repeat(40), 30, '    ');
    const lines = w.split('\n');
    expect(lines[0].startsWith('  1. word')).toBe(true);
    for (const l of lines) expect(l.length).toBeLessThanOrEqual(30);
    for (const l of lines.slice(1)) expect(l.startsWith('    word')).toBe(true);
  });
});

describe('odd optional fields from other producers', () => {
  it('builds a report when derivation, explain, minimality and necessity are malformed', async () => {
    const dir = outDir();
    const ce = JSON.parse(readFileSync(join(dir, 'counterexamples', 'P1.eq5.on-policy.json'), 'utf8'));
    ce.derivation = { steps: ['x', null, { value: 3 }], conclusion: 7 };
    ce.explain = { free: 3 };
    ce.minimality = 'none';
    writeFileSync(join(dir, 'counterexamples', 'P1.eq5.on-policy.json'), JSON.stringify(ce));
    const rep = loadFixture();
    (rep as { necessity?: unknown }).necessity = [{}, null, { claim: 'P1', verdict: 'maybe', cases: 'x' }];
    await buildReports(rep, dir);
    const html = expandPacked(readFileSync(join(dir, 'verification.html'), 'utf8'));
    expect(html).toContain('id="finding-1"');
    expect(html.match(/<table class="necessity">[\s\S]*?<\/table>/)![0]).toContain('undecided');
    expect(findingsOf(rep, dir).necessity).toEqual([{ claim: 'P1', hypothesis: '', construction: 'paper', verdict: 'undecided', cases: 0 }]);
  });
});

describe('an undecided claim says why', () => {
  it('a Z3 proof beside a search with too few decided cases: both named, the reason from the detail', () => {
    const report = reportOf([{
        id: 'P1.rank', statement: 'rank W <= |A|', paper: '§4.2', uses: [], hypotheses: [], repairs: [],
        results: [
          r({ verdict: 'proved', method: 'smt', detail: 'Z3 proved it.' }),
          r({ verdict: 'inconclusive', detail: "Numerical rank by SVD against |A|. No violation in 1 cases, 1 decided (seed 7). Inconclusive: only 1 decided cases, fewer than the 200 a 'holds' needs." }),
        ],
      }] as unknown as VerificationReport['claims'], 1);
    const f = findingsOf(report, outDir());
    expect(f.open).toEqual([{ claim: 'P1.rank', verdict: 'inconclusive', why: "only 1 decided cases, fewer than the 200 a 'holds' needs.", provedBy: ['smt'] }]);
    const text = terminalSummary(report, outDir());
    expect(text.replace(/\s+/g, " ")).toMatch(/Undecided: P1\.rank inconclusive \(proved by smt \(Z3\); a numerical check is inconclusive\): only 1 decided/);
  });
});
