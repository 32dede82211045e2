import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { expandPacked } from '../../src/report/html/pack.ts';
import { afterAll, describe, expect, it } from 'vitest';
import { buildReports, counterexampleCandidates } from '../../src/report/build.ts';
import { renderChart } from '../../src/report/plots/charts.ts';
import { fmtNum, latexNum } from '../../src/report/plots/format.ts';
import { layoutGraph, layerClaims } from '../../src/report/plots/graph.ts';
import { parseTraining } from '../../src/report/plots/training.ts';
import { splitMath } from '../../src/report/html/math.ts';
import { badgeStyle, claimVerdict, worstVerdict, VERDICTS } from '../../src/report/html/verdicts.ts';
import { githubSlug, mdText } from '../../src/report/markdown.ts';
import type { Verdict } from '../../src/report/schema.ts';
import { allResults, freshOutDir, loadFixture, loadTraining } from './helpers.ts';

const CLAIM_IDS = [
  'P1.rank', 'P1.dim', 'P1.u-exists', 'P1.logits-fixed', 'P1.logit-gain', 'P1.softmax-jac', 'P1.eq2', 'P1.dV', 'P1.eq3', 'P1.k1-pos', 'P1.eq4', 'P1.eq5', 'P1.combine', 'P1',
  'P2.dimU', 'P2.u-exists', 'P2.w-exists', 'P2.compensator', 'P2.logits-fixed', 'P2.logit-gain', 'P2.k1-pos', 'P2.eq3', 'P2.jepa', 'P2.combine', 'P2',
  'S6.deeper-heads', 'G.attained', 'P1.gap',
];

const dirs: string[] = [];
function outDir(withTraining = true): string {
  const d = freshOutDir(withTraining);
  dirs.push(d);
  return d;
}
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function readTree(dir: string): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else out.set(relative(dir, p), readFileSync(p));
    }
  };
  walk(dir);
  return out;
}

describe('fixture', () => {
  it('covers every claim of CLAIMS.md and every verdict and reading', () => {
    const r = loadFixture();
    expect(r.claims.map((c) => c.id)).toEqual(CLAIM_IDS);
    const verdicts = new Set(allResults(r).map((x) => x.verdict));
    for (const v of VERDICTS) expect(verdicts).toContain(v);
    expect(new Set(allResults(r).map((x) => x.reading))).toEqual(new Set(['on-policy', 'fixed-data', 'any']));
  });
});

describe('buildReports', () => {
  it('writes html, md and one svg per plot, and returns those paths', async () => {
    const dir = outDir();
    const report = loadFixture();
    const files = await buildReports(report, dir);
    expect(files[0]).toBe(join(dir, 'verification.html'));
    expect(files[1]).toBe(join(dir, 'verification.md'));
    for (const f of files) expect(existsSync(f)).toBe(true);
    const svgs = files.filter((f) => f.endsWith('.svg'));
    // identical series under two results are one plot
    const claimPlots = new Set(allResults(report).flatMap((r) => (r.plots ?? []).map((p) => JSON.stringify({ ...p, title: undefined })))).size;
    const training = parseTraining(loadTraining())!;
    const trainingPlots = new Set(training.runs.map((r) => r.env)).size * training.metrics.length;
    // + 1 for the dependency graph
    expect(svgs.length).toBe(claimPlots + trainingPlots + 1);
    expect(svgs.every((f) => f.startsWith(join(dir, 'plots')))).toBe(true);
    expect(readdirSync(join(dir, 'plots')).length).toBe(svgs.length);
  });

  it('markdown has the mermaid graph, every claim id, summary table and plot links', async () => {
    const dir = outDir();
    await buildReports(loadFixture(), dir);
    const md = readFileSync(join(dir, 'verification.md'), 'utf8');
    const mermaid = /```mermaid\n([\s\S]*?)\n```/.exec(md);
    expect(mermaid).not.toBeNull();
    expect(mermaid![1]).toMatch(/^flowchart TD/);
    for (const id of CLAIM_IDS) {
      expect(md).toContain(`### ${id}\n`);
      expect(mermaid![1]).toContain(`<b>${id}</b>`);
    }
    // one edge per `uses` entry
    const uses = loadFixture().claims.reduce((a, c) => a + c.uses.length, 0);
    expect(mermaid![1].split('\n').filter((l) => l.includes(' --> ')).length).toBe(uses);
    expect(md).toContain('| Claim | Paper | Statement | Verdict | Other interpretations | Checks | Repairs |');
    const links = [...md.matchAll(/\]\((plots\/[^)]+\.svg)\)/g)].map((m) => m[1]);
    expect(links.length).toBeGreaterThan(0);
    for (const l of links) expect(existsSync(join(dir, l))).toBe(true);
    expect(md).toContain('$\\mathcal{J}$'); // inline math kept for GitHub
    expect(md).toContain('npx jepa-verify replay counterexamples/P1.eq5.on-policy.json');
    expect(md).not.toContain('reports/counterexamples');
    expect(md).toContain('```smt2');
  });

  it('is byte-stable: two builds of the same input give identical files', async () => {
    const a = outDir();
    const b = outDir();
    await buildReports(loadFixture(), a);
    await buildReports(loadFixture(), b);
    const ta = readTree(a);
    const tb = readTree(b);
    expect([...ta.keys()].sort()).toEqual([...tb.keys()].sort());
    const svgs = [...ta.keys()].filter((k) => k.endsWith('.svg'));
    expect(svgs.length).toBeGreaterThan(20);
    for (const [k, v] of ta) expect(v.equals(tb.get(k)!), k).toBe(true);
    // nothing machine-specific leaks into the output
    expect(ta.get('verification.html')!.toString()).not.toContain(a);
  });

  it('reads counterexamples from the report folder, whatever directory the paths were written relative to', async () => {
    const dir = outDir();
    await buildReports(loadFixture(), dir);
    // long commands may break at their slashes (<wbr>)
    const html = expandPacked(readFileSync(join(dir, 'verification.html'), 'utf8')).replace(/<wbr>/g, '');
    expect(html).not.toContain('Could not read the counterexample file');
    // P1.eq5 (reports/counterexamples/…) and P2.k1-pos (counterexamples/…) both print their matrices
    expect(html).toContain('worldModel.M[a=1]');
    expect(html).toContain('worldModel.layers[0].W');
    expect(html).toContain('npx jepa-verify replay counterexamples/P1.eq5.on-policy.json');
    expect(html).toContain('npx jepa-verify replay counterexamples/P2.k1-pos.any.json');
    expect(html).not.toContain('reports/counterexamples');
  });

  it('reports a missing counterexample file instead of failing, and never falls back to another folder', async () => {
    const dir = outDir();
    rmSync(join(dir, 'counterexamples'), { recursive: true });
    // the fixture folder next to the working directory has every file; it must not be read
    await buildReports(loadFixture(), dir);
    const html = expandPacked(readFileSync(join(dir, 'verification.html'), 'utf8'));
    expect(html).toContain('Could not read the counterexample file: file not found');
    expect(html).not.toContain('worldModel.M[a=1]');
  });

  it('maps every counterexample path into the report folder', () => {
    expect(counterexampleCandidates('reports/counterexamples/X.json', '/tmp/out')).toEqual(['/tmp/out/counterexamples/X.json']);
    expect(counterexampleCandidates('../../tmp/out/counterexamples/X.json', '/tmp/out')).toEqual(['/tmp/out/counterexamples/X.json']);
    expect(counterexampleCandidates('/old/run/counterexamples/X.json', '/tmp/out')).toEqual(['/tmp/out/counterexamples/X.json']);
    expect(counterexampleCandidates('/abs/X.json', '/tmp/out')).toEqual(['/abs/X.json']);
  });

  it('gives the same bytes from the in-memory report and from its JSON (verify vs jepa-verify report)', async () => {
    const a = outDir();
    const b = outDir();
    const report = loadFixture();
    // in memory: what verify holds before writing (Infinity digits, undefined fields)
    const live = structuredClone(report);
    live.claims[0].results[0].margins = { float64: 0, highPrecision: 0, digits: Infinity };
    (live.claims[0].results[0] as { seconds?: number }).seconds = undefined;
    await buildReports(live, a);
    await buildReports(JSON.parse(JSON.stringify(live)), b);
    for (const f of ['verification.html', 'verification.md']) expect(readFileSync(join(a, f)).equals(readFileSync(join(b, f))), f).toBe(true);
    expect(readFileSync(join(a, 'verification.html'), 'utf8')).not.toContain('Infinity');
  });

  it('takes trainer curves from opts.trainingJson or outDir/training.json, and omits them otherwise', async () => {
    const none = outDir(false);
    const f0 = await buildReports(loadFixture(), none);
    expect(f0.some((f) => f.includes('training.'))).toBe(false);
    expect(readFileSync(join(none, 'verification.html'), 'utf8')).not.toContain('id="training"');

    const given = outDir(false);
    const f1 = await buildReports(loadFixture(), given, { trainingJson: loadTraining() });
    expect(f1.filter((f) => f.includes('plots/training.')).length).toBe(14);

    const broken = outDir(false);
    writeFileSync(join(broken, 'training.json'), '{ not json');
    await expect(buildReports(loadFixture(), broken)).resolves.toBeTruthy();
  });

  it('removes plots of an earlier build that are no longer part of the report', async () => {
    const dir = outDir();
    await buildReports(loadFixture(), dir);
    const stale = join(dir, 'plots', 'OLD.claim.any.taylor-1.svg');
    writeFileSync(stale, '<svg/>');
    await buildReports(loadFixture(), dir);
    expect(existsSync(stale)).toBe(false);
  });
});

describe('badge colours', () => {
  it('map each verdict to its colour', () => {
    expect(badgeStyle('proved').bg).toBe('#116329');
    expect(badgeStyle('holds').bg).toBe('#2da44e');
    expect(badgeStyle('refuted').bg).toBe('#cf222e');
    expect(badgeStyle('inconclusive').bg).toBe('#d4a72c');
    expect(badgeStyle('error').bg).toBe('#6e40c9');
    expect(new Set(VERDICTS.map((v) => badgeStyle(v).bg)).size).toBe(VERDICTS.length);
    expect(badgeStyle('something-new').bg).toBe('#8c959f');
  });

  it('are the colours the HTML uses for the badge classes', async () => {
    const dir = outDir(false);
    await buildReports(loadFixture(), dir);
    const html = expandPacked(readFileSync(join(dir, 'verification.html'), 'utf8'));
    for (const v of VERDICTS) expect(html).toContain(`.v-${v}{background:${badgeStyle(v).bg};color:${badgeStyle(v).fg}}`);
  });

  it('combine readings to the worst verdict: refuted > error > inconclusive > holds > proved', () => {
    const w = (...vs: Verdict[]) => worstVerdict(vs);
    expect(w('proved', 'holds')).toBe('holds');
    expect(w('holds', 'inconclusive')).toBe('inconclusive');
    expect(w('inconclusive', 'error')).toBe('error');
    expect(w('error', 'refuted', 'proved')).toBe('refuted');
    expect(w()).toBeNull();
    const eq5 = loadFixture().claims.find((c) => c.id === 'P1.eq5')!;
    expect(claimVerdict(eq5)).toBe('refuted');
  });
});

describe('dependency graph layout', () => {
  it('puts every claim below the claims it uses, without overlaps', () => {
    const claims = loadFixture().claims;
    const layer = layerClaims(claims);
    for (const c of claims) for (const p of c.uses) expect(layer.get(p)!).toBeLessThan(layer.get(c.id)!);
    const { layers } = layoutGraph(claims);
    for (const l of layers)
      for (let i = 1; i < l.length; i++) expect(l[i].x - l[i].width / 2).toBeGreaterThanOrEqual(l[i - 1].x + l[i - 1].width / 2 - 1e-9);
  });

  it('survives a cycle and unknown parents', () => {
    const base = loadFixture().claims.slice(0, 2);
    const cyc = [
      { ...base[0], id: 'A', uses: ['B', 'missing'] },
      { ...base[1], id: 'B', uses: ['A'] },
    ];
    expect(() => layoutGraph(cyc)).not.toThrow();
  });
});

describe('formatting helpers', () => {
  it('formats numbers without float noise', () => {
    expect(fmtNum(0.1 + 0.2)).toBe('0.3');
    expect(fmtNum(1e-7)).toBe('1e-7');
    expect(fmtNum(-0.00209)).toBe('-0.00209');
    expect(fmtNum(null)).toBe('—');
    expect(fmtNum(1000)).toBe('1000');
    expect(latexNum(2.5e-12)).toBe('2.5\\times 10^{-12}');
  });

  it('splits $…$ math and escapes Markdown only outside it', () => {
    expect(splitMath('a $x_1$ b \\$5')).toEqual([
      { math: false, text: 'a ' },
      { math: true, text: 'x_1' },
      { math: false, text: ' b $5' },
    ]);
    expect(mdText('u_i * $a_b$')).toBe('u_i \\* $a_b$');
    expect(mdText('_x_ <b> <= |')).toBe('\\_x\\_ \\<b> <= |');
    expect(mdText('a | b', true)).toBe('a \\| b');
    expect(githubSlug('P1.u-exists')).toBe('p1u-exists');
  });

  it('renders a chart with no finite data as a labelled empty plot', () => {
    const svg = renderChart({ title: 't', xLabel: 'x', yLabel: 'y', xScale: 'log', yScale: 'log', series: [{ name: 's', colour: '#000', points: [[1, null], [2, -1]] }] });
    expect(svg).toContain('no finite data to plot');
  });
});

describe('robustness to a sparse report', () => {
  it('builds when optional arrays are missing', async () => {
    const r = loadFixture();
    const sparse = JSON.parse(JSON.stringify(r)) as Record<string, unknown> & { claims: Array<Record<string, unknown>> };
    for (const c of sparse.claims) {
      delete c.repairs;
      delete c.latex;
      for (const res of c.results as Array<Record<string, unknown>>) delete res.corners;
    }
    delete sparse.claims[0].uses;
    const dir = outDir(false);
    await expect(buildReports(sparse as unknown as typeof r, dir)).resolves.toContain(join(dir, 'verification.md'));
  });
});
