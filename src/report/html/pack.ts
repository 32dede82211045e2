// How plots travel inside verification.html: lighter than their files under plots/, and packed.

import { deflateSync } from 'node:zlib';

/**
 * The page's copy of a plot, lighter than the file under plots/: the font comes from the page's
 * CSS and the marks keep only the y value the browser test reads back.
 */
export function inlineSvg(svg: string): string {
  return svg.trim().replace(/ font-family="[^"]*"/, '').replace(/ data-x="[^"]*"/g, '');
}

/**
 * Plots travel deflated and base64-encoded (a third of their size) and are unpacked by the page's
 * own script on load, so the file stays self-contained and under its weight budget; without
 * DecompressionStream the script shows the plot's file from plots/ instead. zlib output is
 * deterministic for the same input and level, so the report stays byte-stable.
 */
export function packSvg(svg: string): string {
  return deflateSync(Buffer.from(svg, 'utf8'), { level: 9 }).toString('base64');
}

export const UNPACK_SCRIPT = `(async () => {
  const boxes = [...document.querySelectorAll('div.svgz')];
  const ok = typeof DecompressionStream === 'function';
  for (const box of boxes) {
    try {
      if (!ok) throw new Error('no DecompressionStream');
      const bytes = Uint8Array.from(atob(box.dataset.z), (c) => c.charCodeAt(0));
      const text = await new Response(new Blob([bytes]).stream().pipeThrough(new DecompressionStream('deflate'))).text();
      box.outerHTML = text;
    } catch (e) {
      const a = box.parentElement.querySelector('figcaption a');
      box.outerHTML = a ? '<img alt="" style="width:100%" src="' + a.getAttribute('href') + '">' : '';
    }
  }
  document.documentElement.dataset.plots = 'ready';
})();`;
