// Opens the built HTML in headless Chromium from file://, as a reader would offline, and checks
// what only a browser can: math typeset with the inlined fonts, plots drawn, badges right.

import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildReports } from '../../src/report/build.ts';
import { CHROMIUM_PATH, launchChromium, screenshotSummary, type Browser } from '../../src/report/html/screenshot.ts';
import { aggregateVerdict, claimReadings, claimVerdict, readingVerdict } from '../../src/report/html/verdicts.ts';
import { parseTraining } from '../../src/report/plots/training.ts';
import type { Page } from 'playwright-core';
import { allResults, freshOutDir, loadFixture, loadTraining } from './helpers.ts';

const report = loadFixture();
let dir = '';
let htmlPath = '';
let browser: Browser | null = null;
let page: Page;
const requests: string[] = [];
const pageErrors: string[] = [];

beforeAll(async () => {
  if (!existsSync(CHROMIUM_PATH)) throw new Error(`${CHROMIUM_PATH} is missing: apt-get install -y chromium`);
  // a fixed directory, kept after the run: the report and summary.png can be opened afterwards,
  // and reruns overwrite it instead of piling up temp dirs
  dir = freshOutDir(true, 'jepa-verify-report-test');
  await buildReports(report, dir);
  htmlPath = join(dir, 'verification.html');
  browser = await launchChromium();
  page = await browser.context.newPage();
  page.on('request', (r) => requests.push(r.url()));
  page.on('pageerror', (e) => pageErrors.push(String(e)));
  await page.goto(pathToFileURL(htmlPath).href, { waitUntil: 'load' });
  await page.evaluate(() => document.fonts.ready.then(() => undefined));
  // plots travel deflated and are unpacked by the page's script
  await page.waitForFunction(() => document.documentElement.dataset.plots === 'ready');
}, 60_000);

afterAll(async () => {
  await browser?.close();
});

describe('verification.html in Chromium', () => {
  it('unpacks every packed part of the page', async () => {
    expect(await page.locator('div.packed').count()).toBe(0);
    expect(await page.locator('.packed-fallback').count()).toBe(0);
  });

  it('says where the content is when the browser cannot inflate', async () => {
    const p2 = await browser!.context.newPage();
    await p2.addInitScript(() => {
      (window as unknown as { DecompressionStream?: unknown }).DecompressionStream = undefined;
    });
    await p2.goto(pathToFileURL(htmlPath).href, { waitUntil: 'load' });
    await p2.waitForFunction(() => document.documentElement.dataset.plots === 'ready');
    const r = await p2.evaluate(() => ({ fallback: document.querySelectorAll('.packed-fallback').length, packed: document.querySelectorAll('div.packed').length, findings: document.querySelectorAll('li.finding').length }));
    await p2.close();
    expect(r.packed).toBe(0);
    expect(r.fallback).toBeGreaterThan(5);
    // the findings themselves are never packed
    expect(r.findings).toBeGreaterThan(1);
  });

  it('is self-contained: no request leaves the file, no script errors', () => {
    expect(requests.filter((u) => !u.startsWith('data:') && u !== pathToFileURL(htmlPath).href)).toEqual([]);
    expect(pageErrors).toEqual([]);
  });

  it('typesets the math with KaTeX and its inlined fonts', async () => {
    const r = await page.evaluate(() => ({
      katex: document.querySelectorAll('.katex').length,
      errors: document.querySelectorAll('.katex-error').length,
      statements: [...document.querySelectorAll<HTMLElement>('.statement, td.stmt, .statement-text')].map((e) => e.innerText),
      displayStatements: document.querySelectorAll('article.claim .statement .katex-display').length,
      mainFont: document.fonts.check('16px KaTeX_Main'),
      mathFont: document.fonts.check('italic 16px KaTeX_Math'),
      loaded: [...document.fonts].filter((f) => f.status === 'loaded').map((f) => f.family),
    }));
    expect(r.katex).toBeGreaterThan(report.claims.length);
    expect(r.errors).toBe(0);
    expect(r.statements.length).toBeGreaterThanOrEqual(2 * report.claims.length);
    for (const s of r.statements) expect(s, s).not.toContain('$');
    expect(r.displayStatements).toBe(report.claims.filter((c) => c.latex).length);
    expect(r.mainFont && r.mathFont).toBe(true);
    expect(r.loaded).toContain('KaTeX_Main');
    expect(r.loaded).toContain('KaTeX_Math');
  });

  it('draws data marks in every plot', async () => {
    const plots = await page.evaluate(() =>
      [...document.querySelectorAll('svg.plot')].map((svg) => ({
        id: svg.getAttribute('data-plot') ?? '',
        paths: [...svg.querySelectorAll('path.series')].filter((p) => (p.getAttribute('d') ?? '').length > 3).length,
        marks: [...svg.querySelectorAll('path.marks')].reduce((a, m) => a + (m.getAttribute('data-y') ?? '').split(' ').filter((y) => y !== '' && Number.isFinite(Number(y))).length, 0),
        box: svg.getBoundingClientRect().width,
      })),
    );
    const claimPlots = new Set(allResults(report).flatMap((r) => (r.plots ?? []).map((p) => JSON.stringify({ ...p, title: undefined })))).size;
    const training = parseTraining(loadTraining())!;
    const trainingPlots = new Set(training.runs.map((r) => r.env)).size * training.metrics.length;
    expect(plots.length).toBe(claimPlots + trainingPlots);
    for (const p of plots) {
      expect(p.paths, p.id).toBeGreaterThan(0);
      expect(p.box, p.id).toBeGreaterThan(200);
      if (!p.id.startsWith('training.')) expect(p.marks, p.id).toBeGreaterThan(0);
    }
  });

  it('shows the dependency graph with one node per claim and one edge per use', async () => {
    const g = await page.evaluate(() => ({
      nodes: [...document.querySelectorAll('svg.depgraph g.node')].map((n) => [n.getAttribute('data-claim'), n.getAttribute('data-verdict')]),
      edges: document.querySelectorAll('svg.depgraph g.edge').length,
    }));
    expect(g.nodes.length).toBe(report.claims.length);
    for (const [id, v] of g.nodes) expect(v).toBe(claimVerdict(report.claims.find((c) => c.id === id)!));
    expect(g.edges).toBe(report.claims.reduce((a, c) => a + c.uses.length, 0));
  });

  it("gives every badge the fixture's verdict", async () => {
    const badges = await page.evaluate(() =>
      [...document.querySelectorAll<HTMLElement>('.badge[data-claim]')].map((b) => ({
        claim: b.dataset.claim!,
        index: b.dataset.index,
        repair: b.dataset.repair,
        reading: b.dataset.reading,
        combined: b.dataset.combined === 'true',
        text: b.textContent!.trim(),
        inSummary: b.closest('table.summary') !== null,
      })),
    );
    expect(badges.length).toBeGreaterThan(0);
    for (const b of badges) {
      const c = report.claims.find((x) => x.id === b.claim);
      expect(c, b.claim).toBeDefined();
      let expected: string | null;
      if (b.combined && b.repair !== undefined) expected = aggregateVerdict(c!.repairs[Number(b.repair)].results.filter((r) => r.reading === b.reading));
      else if (b.combined) expected = readingVerdict(c!, b.reading as 'on-policy' | 'fixed-data' | 'any');
      else {
        const results = b.repair !== undefined ? c!.repairs[Number(b.repair)].results : c!.results;
        const r = results[Number(b.index)];
        expect(r.reading).toBe(b.reading);
        expected = r.verdict;
      }
      expect(b.text, JSON.stringify(b)).toBe(expected ?? 'no result');
    }
    // the summary has one verdict per claim and reading, nothing more
    for (const c of report.claims) {
      const inRow = badges.filter((b) => b.inSummary && b.claim === c.id && b.combined);
      expect(inRow.map((b) => b.reading).sort(), c.id).toEqual([...claimReadings(c)].sort());
    }
  });

  it('puts the findings first, one per refuted claim, with matrices, derivation, repair and replay', async () => {
    const firstSection = await page.evaluate(() => document.querySelector('main section')?.id);
    expect(firstSection).toBe('findings');
    const refuted = report.claims.filter((c) => claimReadings(c).some((rd) => readingVerdict(c, rd) === 'refuted')).map((c) => c.id);
    expect(refuted.length).toBeGreaterThan(1);
    const listed = await page.evaluate(() => [...document.querySelectorAll<HTMLElement>('li.finding')].flatMap((li) => li.dataset.claims!.split(' ')));
    expect(listed.sort()).toEqual([...refuted].sort());
    // interpretation-only failures are kept apart from the findings
    const interp = await page.evaluate(() => [...document.querySelectorAll<HTMLElement>('table.interp-only tr[data-claim]')].map((r) => r.dataset.claim));
    expect(interp).toEqual(['P1.dV']);
    expect(listed).not.toContain('P1.dV');
    const eq5 = page.locator('li.finding[data-claims="P1.eq5"]');
    const text = (await eq5.innerText()).replace(/\s+/g, ' ');
    expect(text).toContain('npx jepa-verify replay counterexamples/P1.eq5.on-policy.json');
    expect(text).toContain('Corrected statement');
    expect(text).toContain('Derivation');
    expect(await eq5.locator('.mat table.mx').count()).toBeGreaterThan(5);
    expect(await eq5.locator('table.derivation .katex').count()).toBeGreaterThan(1);
    // entries the counterexample does not depend on: the file's explain.free, listed as verification.md lists them
    expect(text).toContain('Free (each moved up and down by a quarter of its size, or halfway to 0 and to 1 if a probability, and both moves kept it a counterexample, which other values need not): mdp.R; head.b');
    // §7: intervals and the necessity table
    expect(await page.locator('#s7 table.s7 tr[data-claim]').count()).toBe(2);
    expect(await page.locator('#s7 table.necessity tr').count()).toBe(1 + (report.necessity?.length ?? 0));
    expect(await page.locator('#s7').innerText()).toContain('-3/2');
  });

  it('keeps every check collapsed, SMT queries too, with no "Infinity digits"', async () => {
    const smtCount = allResults(report).reduce((a, r) => a + (r.smt?.length ?? 0), 0);
    expect(await page.locator('details.smt').count()).toBe(smtCount);
    expect(await page.locator('details[open]').count()).toBe(0);
    expect(await page.locator('details.check').count()).toBe(allResults(report).length);
    const body = await page.evaluate(() => document.body.textContent ?? '');
    expect(body).not.toContain('Infinity');
  });

  it('resolves every counterexample link inside the report folder', async () => {
    const hrefs = await page.evaluate(() => [...document.querySelectorAll<HTMLAnchorElement>('a.cefile, #s7 a[href^="counterexamples/"]')].map((a) => a.getAttribute('href')!));
    const files = new Set(allResults(report).filter((r) => r.counterexample).map((r) => r.counterexample!.split('/').pop()));
    expect(new Set(hrefs.map((h) => h.split('/').pop()))).toEqual(files);
    for (const h of hrefs) {
      expect(h.startsWith('counterexamples/'), h).toBe(true);
      expect(existsSync(join(dir, h)), h).toBe(true);
    }
  });

  it('never scrolls sideways at 1280 px, even with every detail open', async () => {
    const widths = await page.evaluate(() => {
      const w = () => document.documentElement.scrollWidth;
      const before = w();
      document.querySelectorAll('details').forEach((d) => ((d as HTMLDetailsElement).open = true));
      const after = w();
      document.querySelectorAll('details').forEach((d) => ((d as HTMLDetailsElement).open = false));
      return { before, after, client: document.documentElement.clientWidth };
    });
    expect(widths.before).toBeLessThanOrEqual(widths.client);
    expect(widths.after).toBeLessThanOrEqual(widths.client);
  });

  it('fits every claim-graph label inside its box', async () => {
    const overflow = await page.evaluate(() =>
      [...document.querySelectorAll('svg.depgraph g.node')].flatMap((n) => {
        const r = n.querySelector('rect')!.getBBox();
        return [...n.querySelectorAll('text')].map((t) => t.getBBox()).filter((b) => b.x < r.x - 0.5 || b.x + b.width > r.x + r.width + 0.5).map(() => n.getAttribute('data-claim'));
      }),
    );
    expect(overflow).toEqual([]);
  });

  it('saves a screenshot of the findings', async () => {
    const png = process.env.REPORT_SCREENSHOT ?? join(dir, 'findings.png');
    await screenshotSummary(htmlPath, png);
    const buf = readFileSync(png);
    expect(buf.subarray(1, 4).toString()).toBe('PNG');
    const width = buf.readUInt32BE(16);
    const height = buf.readUInt32BE(20);
    expect(width).toBeGreaterThan(800);
    expect(height).toBeGreaterThan(400);
    expect(statSync(png).size).toBeGreaterThan(20_000);
  }, 60_000);
});
