// Headless Chromium for the report: a PNG of the findings for the CLI, and the launcher the
// browser test shares so both run the browser the same way.

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type BrowserContext } from 'playwright-core';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

// Everything that would make the browser talk to the network or to Google services is off:
// the report must render offline, and CI machines have no sandbox support.
export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export interface Browser {
  context: BrowserContext;
  close(): Promise<void>;
}

/** Chromium with a fresh profile directory, removed again on close. */
export async function launchChromium(viewport = { width: 1280, height: 900 }): Promise<Browser> {
  const userDataDir = await mkdtemp(join(tmpdir(), 'jepa-verify-chromium-'));
  let context: BrowserContext;
  try {
    context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: CHROMIUM_PATH,
      headless: true,
      args: CHROMIUM_ARGS,
      viewport,
      deviceScaleFactor: 1,
    });
  } catch (e) {
    await rm(userDataDir, { recursive: true, force: true });
    throw e;
  }
  return {
    context,
    async close() {
      await context.close();
      await rm(userDataDir, { recursive: true, force: true });
    },
  };
}

/** A PNG of one section of the report (by default the findings, the page's first screen). */
export async function screenshotSummary(htmlPath: string, pngPath: string, selector = '#findings', maxHeight = 2400): Promise<void> {
  const b = await launchChromium();
  try {
    const page = await b.context.newPage();
    await page.goto(pathToFileURL(resolve(htmlPath)).href, { waitUntil: 'load' });
    await page.evaluate(() => document.fonts.ready.then(() => undefined));
    // the sticky navigation bar would otherwise be painted over the top of the clip
    await page.addStyleTag({ content: 'nav.top{display:none!important}' });
    const box = await page.locator(selector).first().boundingBox();
    if (box === null) {
      await page.screenshot({ path: pngPath });
      return;
    }
    // the page's title and totals belong in the picture of its first section
    const head = await page.locator('header.page').first().boundingBox();
    const top = head !== null && head.y < box.y ? head.y : box.y;
    const pad = 16;
    const x = Math.max(0, box.x - pad);
    const y = Math.max(0, top - pad);
    // a long findings list is cut: the picture is of the first screen or two, the page has the rest
    await page.screenshot({ path: pngPath, fullPage: true, clip: { x, y, width: box.width + box.x - x + pad, height: Math.min(maxHeight, box.height + box.y - y + pad) } });
  } finally {
    await b.close();
  }
}
