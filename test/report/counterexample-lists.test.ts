// A finding's counterexample in verification.md and verification.html (U.md D16): the same free
// entries (the file's explain.free, entry by entry; the HTML had shown only the whole pieces that are
// free, 2 of 24), prose formulas set as text and TeX as math, and the matrices' axes named in both.
import { describe, expect, it } from 'vitest';
import { computeFindings } from '../../src/report/findings.ts';
import { expandPacked } from '../../src/report/html/pack.ts';
import { prepare } from '../../src/report/html/model.ts';
import { renderHtml } from '../../src/report/html/render.ts';
import { renderMarkdown } from '../../src/report/markdown.ts';
import type { CounterexampleFile, VerificationReport } from '../../src/report/schema.ts';
import { reportOf } from './helpers.ts';

const FREE = ['mdp.P[0][0][0]', 'mdp.P[1][1][1]', 'mdp.R[0][1]', 'mdp.gamma', 'lambda', 'head.b[0]', 'case.k', 'case.uPick[0]'];
const FIXED = ['mdp.P[0][0][1]', 'mdp.mu[0]', 'mdp.mu[1]'];
const PROSE = 'softmax(W z_s + b); equal logits give 1/|A|';
const TEX = 'R(s,a) + \\gamma \\sum_{s\'} P(s\'|s,a) V(s\')';

const ce = {
  schemaVersion: 1,
  claim: 'X',
  reading: 'any',
  replay: { seed: 1, path: '0' },
  instance: { mdp: { P: [[[0, 0], [0, 0]], [[0, 0], [0, 0]]], R: [[0, 1], [0, -1]], mu: [1, 0], gamma: 1 }, head: { W: [[0], [0]], b: [0, 0] }, lambda: 1 },
  message: 'k1 = 0',
  explain: { free: FREE, fixed: FIXED },
  minimality: ['nothing smaller'],
  derivation: {
    steps: [
      { symbol: 'pi', latex: '\\pi(a \\mid s)', formula: PROSE, value: '[[1/2, 1/2], [1/2, 1/2]]', exact: true },
      { symbol: 'Q', latex: 'Q^{\\pi}(s, a)', formula: TEX, value: '[[0, 1], [0, -1]]', exact: true },
    ],
    conclusion: 'k1 = 0: not > 0.',
  },
} as unknown as CounterexampleFile;

const report: VerificationReport = reportOf([{ id: 'X', paper: '§4.3', statement: 'k1 > 0', uses: [], repairs: [], results: [{ reading: 'any', method: 'property', verdict: 'refuted', cases: 8, decided: 8, undecided: 0, corners: [], counterexample: 'counterexamples/X.any.json', detail: 'Refuted.' }] }]);
const prepared = () => prepare(JSON.parse(JSON.stringify(report)) as VerificationReport, (p) => ({ path: p, data: JSON.parse(JSON.stringify(ce)) as CounterexampleFile }), undefined, { plots: false });
const findingsOfMd = (md: string) => md.slice(md.indexOf('## Findings'), md.indexOf('## All claims'));
const unescapeMd = (s: string) => s.replace(/\\([[\]_*`\\|])/g, '$1');

describe("a finding's counterexample", () => {
  const md = findingsOfMd(renderMarkdown(prepared()));
  const html = expandPacked(renderHtml(prepared()));
  const card = html.slice(html.indexOf('id="finding-1"'), html.indexOf('</li>', html.indexOf('id="finding-1"')));

  it("lists the file's free and fixed entries, the same in md and html", () => {
    const mdList = (title: string) => {
      const line = md.split('\n').find((l) => l.includes(title));
      expect(line, title).toBeDefined();
      return unescapeMd(line!.slice(line!.indexOf(title) + title.length).replace(/^\*\*\s*/, '')).split('; ');
    };
    const htmlList = (title: string) => {
      const m = new RegExp(`<b>${title.replace(/[()]/g, '\\$&')}</b> ([^<]*)</div>`).exec(card);
      expect(m, title).not.toBeNull();
      return m![1].split('; ');
    };
    const freeTitle = 'Free (each moved up and down by a quarter of its size, or halfway to 0 and to 1 if a probability, and both moves kept it a counterexample, which other values need not):';
    expect(mdList(freeTitle)).toEqual(FREE);
    expect(htmlList(freeTitle)).toEqual(FREE);
    expect(mdList('Fixed (one of those two moves lost the counterexample, or neither gave a valid instance):')).toEqual(FIXED);
    expect(htmlList('Fixed (one of those two moves lost the counterexample, or neither gave a valid instance):')).toEqual(FIXED);
    // no second, shorter count of free entries anywhere
    expect(card).not.toMatch(/Entries free to take other values/);
    expect(computeFindings(prepared()).findings).toHaveLength(1);
  });

  it('sets a prose formula as text and a TeX formula as math in the md derivation table', () => {
    const rows = md.split('\n').filter((l) => l.startsWith('| $'));
    const pi = rows.find((l) => l.includes('\\pi(a \\mid s)'))!;
    const q = rows.find((l) => l.includes('Q^{\\pi}(s, a)'))!;
    expect(pi).toBeDefined();
    expect(pi.split(' | ')[1]).toBe('softmax(W z_s + b); equal logits give 1/\\|A\\|');
    expect(q.split(' | ')[1]).toBe(`$${TEX.replace(/\|/g, '\\|')}$`);
  });

  it("names the axes of the matrices in md as in the html (mdp.P[s=0]: rows a, columns s')", () => {
    expect(card).toContain("mdp.P[s=0] <span>(rows a, columns s'");
    expect(md).toMatch(/<sub>mdp\.P\\\[s=0\\\]: rows a, columns s'/);
    expect(md).toMatch(/<sub>mdp\.R: rows s, columns a<\/sub>/);
  });
});
