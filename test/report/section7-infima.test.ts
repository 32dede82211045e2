// Q9's Q10 bullet 1: §7 asks for every infimum "printed with both bounds". Fixed-data results carry
// no interval (the infimum is -inf or 0, not a JSON number); their counterexample files state it
// (measured.classInfIsMinusInf / allInfIsMinusInf, measured.uniformAdvantage > 0), and the report
// prints it with both bounds. verification.json is unchanged.
import fs from 'node:fs';
import path from 'node:path';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { afterAll, describe, expect, it } from 'vitest';
import { computeFindings, intervalText } from '../../src/report/findings.ts';
import { renderHtml } from '../../src/report/html/render.ts';
import { expandPacked } from '../../src/report/html/pack.ts';
import { prepare } from '../../src/report/html/model.ts';
import { renderMarkdown } from '../../src/report/markdown.ts';
import { findingsSectionMarkdown } from '../../src/report/readme.ts';
import { terminalSummary } from '../../src/report/terminal.ts';
import type { ClaimResult, VerificationReport } from '../../src/report/schema.ts';
import { reportOf } from './helpers.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'hrep-infima-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const res = (p: Partial<ClaimResult> & Pick<ClaimResult, 'verdict'>): ClaimResult => ({ reading: 'on-policy', method: 'certificate', cases: 2, decided: 2, corners: [], counterexample: null, detail: '', ...p });
const FILES: Record<string, Record<string, number>> = {
  'G.attained.fixed-data.json': { uniformAdvantage: 0.5 },
  'P2.gap.fixed-data.json': { classInfIsMinusInf: 1, allInfIsMinusInf: 1 },
  'P1.gap.fixed-data.json': { classInfIsMinusInf: 0, allInfIsMinusInf: 0 },
};
const fileData = (name: string) => ({ schemaVersion: 1, claim: name.split('.fixed')[0], reading: 'fixed-data', replay: { seed: 1, path: '' }, instance: {}, measured: FILES[name], predicted: {}, message: 'm' });
const load = (p: string) => {
  const name = p.split('/').pop()!;
  return FILES[name] ? ({ path: p, data: fileData(name), error: undefined } as never) : { path: p, data: null, error: 'missing' };
};
const ce = (name: string) => ({ verdict: 'refuted' as const, reading: 'fixed-data' as const, counterexample: `reports/counterexamples/${name}` });

const report: VerificationReport = reportOf([
  { id: 'G.attained', paper: '§7', statement: 's', uses: [], repairs: [], results: [res({ verdict: 'refuted', counterexample: 'reports/counterexamples/G.attained.on-policy.json', interval: { lower: -1, upper: -1, exactLower: '-1', exactUpper: '-1' } }), res(ce('G.attained.fixed-data.json'))] },
  { id: 'P1.gap', paper: '§7', statement: 's', uses: [], repairs: [], results: [res(ce('P1.gap.fixed-data.json'))] },
  { id: 'P2.gap', paper: '§7', statement: 's', uses: [], repairs: [], results: [res(ce('P2.gap.fixed-data.json'))] },
]);
const prepared = () => prepare(JSON.parse(JSON.stringify(report)) as VerificationReport, load, undefined, { plots: false });

describe('§7 infima with both bounds', () => {
  it('reads the fixed-data infima from the counterexample files', () => {
    const s7 = computeFindings(prepared()).section7;
    expect(s7.map((r) => r.intervals.map(intervalText))).toEqual([
      ['on-policy: [-1, -1]', 'fixed-data: inf J_fd(.; theta0), every theta0 [-inf, -inf]'],
      ['fixed-data: inf J_fd over the class [0, 0]', 'fixed-data: inf J_fd over all configurations [0, 0]'],
      ['fixed-data: inf J_fd over the class [-inf, -inf]', 'fixed-data: inf J_fd over all configurations [-inf, -inf]'],
    ]);
  });

  it('prints them in the markdown, the html, the README block and stdout', () => {
    fs.mkdirSync(path.join(dir, 'counterexamples'), { recursive: true });
    for (const name of Object.keys(FILES)) fs.writeFileSync(path.join(dir, 'counterexamples', name), JSON.stringify(fileData(name)));
    const want = 'fixed-data: inf J_fd over the class [-inf, -inf]; fixed-data: inf J_fd over all configurations [-inf, -inf]';
    expect(renderMarkdown(prepared())).toContain(want.replace(/\[/g, '\\[').replace(/\]/g, '\\]'));
    expect(expandPacked(renderHtml(prepared()))).toContain('fixed-data: inf J_fd over the class [-inf, -inf]');
    expect(findingsSectionMarkdown(report, computeFindings(prepared()))).toContain(want);
    expect(terminalSummary(report, dir).replace(/\s+/g, ' ')).toContain(want);
  });

  it('a point interval keeps both bounds', () => {
    expect(intervalText({ reading: 'any', lower: 0, upper: 0, exactLower: '(0) - (0)', exactUpper: '(0) - (0)' })).toBe('[0, 0]');
  });
});
