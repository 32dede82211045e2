// A minimal SVG writer. Output must be byte-stable for the same input, so every number goes
// through one formatter and attributes are written in the order given (no object-key sorting
// surprises, no generated ids).

export type Attr = string | number | null | undefined | false;
export type Attrs = Array<[string, Attr]>;

export function escapeXml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** Coordinates at 0.01 px: finer than any screen, coarse enough that float noise never reaches the text. */
export function n(x: number): string {
  const r = Math.round(x * 100) / 100;
  // -0 would print as "0" anyway, but a -0.001 rounds to -0 and must not print "-0".
  return Object.is(r, -0) ? '0' : String(r);
}

function attrs(a: Attrs): string {
  let out = '';
  for (const [k, v] of a) {
    if (v === null || v === undefined || v === false) continue;
    out += ` ${k}="${typeof v === 'number' ? n(v) : escapeXml(v)}"`;
  }
  return out;
}

/** An element; children are already-serialised strings. */
export function el(tag: string, a: Attrs = [], children: string[] | string = []): string {
  const body = typeof children === 'string' ? children : children.join('');
  return body === '' ? `<${tag}${attrs(a)}/>` : `<${tag}${attrs(a)}>${body}</${tag}>`;
}

export function text(x: number, y: number, content: string, a: Attrs = []): string {
  return el('text', [['x', x], ['y', y], ...a], escapeXml(content));
}

/** Polyline path through points; null points split the line into separate runs. */
export function pathD(points: Array<[number, number] | null>): string {
  let d = '';
  let pen = false;
  for (const p of points) {
    if (p === null) {
      pen = false;
      continue;
    }
    d += `${pen ? 'L' : 'M'}${n(p[0])},${n(p[1])}`;
    pen = true;
  }
  return d;
}

export function svgDoc(width: number, height: number, a: Attrs, body: string[]): string {
  return el(
    'svg',
    [
      ['xmlns', 'http://www.w3.org/2000/svg'],
      ['width', width],
      ['height', height],
      ['viewBox', `0 0 ${n(width)} ${n(height)}`],
      ['font-family', 'system-ui, -apple-system, Segoe UI, Helvetica, Arial, sans-serif'],
      ...a,
    ],
    body,
  ) + '\n';
}

/** Rough text width for layout; deterministic, which matters more here than exactness. */
export function textWidth(s: string, fontSize: number): number {
  let w = 0;
  for (const ch of s) {
    if ('iljtf.,:;|!\'()[] '.includes(ch)) w += 0.3;
    else if ('mwMW@'.includes(ch)) w += 0.85;
    else if (ch >= 'A' && ch <= 'Z') w += 0.66;
    else w += 0.55;
  }
  return w * fontSize;
}
