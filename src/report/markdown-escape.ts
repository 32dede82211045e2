// Escape only what GFM would misread, so the Markdown source stays readable: an intraword `_`
// (z_d, s_Δ) can never start emphasis, and `<` only matters before a tag-like character. In a
// table cell a pipe would end the cell and a newline the row.
const WORD = /[\p{L}\p{N}]/u;

/** Markdown-escape a plain-text run (no math handling; markdown.ts's mdText keeps `$…$` runs). */
export function escapeMarkdown(s: string, inTable = false): string {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const ch = s[i];
    if (ch === '_') out += WORD.test(s[i - 1] ?? ' ') && WORD.test(s[i + 1] ?? ' ') ? '_' : '\\_';
    else if (ch === '<') out += /[A-Za-z/!?]/.test(s[i + 1] ?? '') ? '\\<' : '<';
    else if ('\\`*[]'.includes(ch)) out += '\\' + ch;
    else if (inTable && ch === '|') out += '\\|';
    else if (inTable && ch === '\n') out += ' ';
    else out += ch;
  }
  return out;
}
