// How the heavy parts of verification.html travel: every check's body, each derivation and each
// group of trainer plots is deflated and base64-encoded between <!--pack--> markers (a fifth to a
// tenth of its size: KaTeX and SVG markup repeat a lot) and unpacked by the page's own script on
// load. The file stays self-contained and within its weight budget; zlib output is deterministic
// for the same input and level, so the report stays byte-stable.

import { deflateSync, inflateSync } from 'node:zlib';

export const PACK_OPEN = '<!--pack-->';
export const PACK_CLOSE = '<!--/pack-->';

/** `html` marked for packing. */
export const packable = (html: string): string => `${PACK_OPEN}${html}${PACK_CLOSE}`;

/**
 * The page's copy of a plot, lighter than the file under plots/: the font comes from the page's
 * CSS and the marks keep only the y value the browser test reads back.
 */
export function inlineSvg(svg: string): string {
  return svg.trim().replace(/ font-family="[^"]*"/, '').replace(/ data-x="[^"]*"/g, '');
}

const MARKED = /<!--pack-->([\s\S]*?)<!--\/pack-->/g;

/** Every marked fragment replaced by its packed form. */
export function packMarked(html: string): string {
  return html.replace(MARKED, (_m, inner: string) => `<div class="packed" data-z="${deflateSync(Buffer.from(inner, 'utf8'), { level: 9 }).toString('base64')}"></div>`);
}

/** The page as its script leaves it (for tests and tools that read the HTML as text). */
export function expandPacked(html: string): string {
  return html.replace(/<div class="packed" data-z="([^"]*)"><\/div>/g, (_m, z: string) => inflateSync(Buffer.from(z, 'base64')).toString('utf8'));
}

export const UNPACK_SCRIPT = `(async () => {
  const ok = typeof DecompressionStream === 'function';
  for (const box of [...document.querySelectorAll('div.packed')]) {
    try {
      if (!ok) throw new Error('no DecompressionStream');
      const bytes = Uint8Array.from(atob(box.dataset.z), (c) => c.charCodeAt(0));
      box.outerHTML = await new Response(new Blob([bytes]).stream().pipeThrough(new DecompressionStream('deflate'))).text();
    } catch (e) {
      box.outerHTML = '<p class="warn packed-fallback">This part is packed and this browser cannot unpack it; verification.md beside this file has the same content.</p>';
    }
  }
  document.documentElement.dataset.plots = 'ready';
})();`;
