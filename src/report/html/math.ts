// Server-side KaTeX: the HTML report must work offline from file://, so math is rendered here
// and the KaTeX stylesheet is inlined with its fonts as data: URLs.

import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { renderToString } from 'katex';

export function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

export function tex(src: string, display = false): string {
  return renderToString(src, {
    displayMode: display,
    throwOnError: false,
    // the statements come from the checker and may hold Unicode (ε, Δ) inside math
    strict: 'ignore',
    output: 'htmlAndMathml',
    trust: false,
  });
}

/** Splits text on `$…$` (a `\$` is a literal dollar) into text and math runs. */
export function splitMath(s: string): Array<{ math: boolean; text: string }> {
  const out: Array<{ math: boolean; text: string }> = [];
  let buf = '';
  let inMath = false;
  for (let i = 0; i < s.length; i++) {
    const ch = s[i];
    if (ch === '\\' && s[i + 1] === '$') {
      buf += inMath ? '\\$' : '$';
      i++;
      continue;
    }
    if (ch === '$') {
      if (buf !== '' || inMath) out.push({ math: inMath, text: buf });
      buf = '';
      inMath = !inMath;
      continue;
    }
    buf += ch;
  }
  if (inMath) {
    // an unmatched opening dollar is literal text, not the start of math
    out.push({ math: false, text: '$' + buf });
  } else if (buf !== '') out.push({ math: false, text: buf });
  return out.filter((p) => p.text !== '' || p.math);
}

export function hasMath(s: string): boolean {
  return splitMath(s).some((p) => p.math);
}

/** Text with inline `$…$` math rendered; everything else HTML-escaped. */
export function richText(s: string): string {
  return splitMath(s)
    .map((p) => (p.math ? tex(p.text) : escapeHtml(p.text)))
    .join('');
}

let cssCache: string | null = null;

function fullKatexCss(): string {
  if (cssCache !== null) return cssCache;
  const require = createRequire(import.meta.url);
  // the package's exports hide dist/*.css, but the main entry sits in dist/
  const dist = dirname(require.resolve('katex'));
  const css = readFileSync(join(dist, 'katex.min.css'), 'utf8');
  cssCache = css.replace(/src:url\(fonts\/([A-Za-z0-9_-]+)\.woff2\)[^;}]*/g, (_m, name: string) => {
    try {
      const b64 = readFileSync(join(dist, 'fonts', `${name}.woff2`)).toString('base64');
      return `src:url(data:font/woff2;base64,${b64}) format("woff2")`;
    } catch {
      // without the font file KaTeX falls back to the local serif fonts; still readable
      return 'src:local("Times New Roman")';
    }
  });
  return cssCache;
}

const face = (family: string, style: string, weight: string) => `${family}|${style === 'italic' ? 'italic' : 'normal'}|${weight === '700' || weight === 'bold' ? '700' : '400'}`;

/**
 * katex.min.css with its fonts inlined as woff2, keeping only the faces the page can use: a face
 * is kept when some KaTeX rule that selects it matches classes present in `html`. The regular
 * and math-italic faces are always kept. Without `html`, every face is kept.
 */
export function katexCss(html?: string): string {
  const css = fullKatexCss();
  if (html === undefined) return css;
  const used = new Set<string>();
  for (const m of html.matchAll(/class="([^"]*)"/g)) for (const c of m[1].split(/\s+/)) if (c) used.add(c);
  const keep = new Set([face('KaTeX_Main', 'normal', '400'), face('KaTeX_Math', 'italic', '400')]);
  for (const m of css.matchAll(/(?:^|})([^{}@]+)\{([^{}]*)\}/g)) {
    const decl = m[2];
    const family = /font-family:(KaTeX_[A-Za-z0-9]+)/.exec(decl)?.[1];
    const style = /font-style:(\w+)/.exec(decl)?.[1] ?? 'normal';
    const weight = /font-weight:(\w+)/.exec(decl)?.[1] ?? '400';
    if (!family && !/font-(weight|style)/.test(decl)) continue;
    const matches = m[1].split(',').some((sel) => {
      const classes = [...sel.matchAll(/\.([A-Za-z0-9_-]+)/g)].map((x) => x[1]);
      return classes.length > 0 && classes.every((c) => used.has(c));
    });
    if (matches) keep.add(face(family ?? 'KaTeX_Main', style, weight));
  }
  return css.replace(/@font-face\{([^}]*)\}/g, (all, body: string) => {
    const family = /font-family:(KaTeX_[A-Za-z0-9]+)/.exec(body)?.[1] ?? '';
    const style = /font-style:(\w+)/.exec(body)?.[1] ?? 'normal';
    const weight = /font-weight:(\w+)/.exec(body)?.[1] ?? '400';
    return keep.has(face(family, style, weight)) ? all : '';
  });
}
