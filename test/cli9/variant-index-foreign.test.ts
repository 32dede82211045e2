// N15: the variants index read every kind-"variant" JSON in --out and printed its text verbatim (a
// hand-made report's `<script>` and `**bold**` became Markdown/HTML, its link pointed at a missing .md).
// Now only NAME.json beside NAME.md with a valid NAME is listed, and its text is escaped.
import { readFileSync, mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { collectIndex, renderIndex } from '../../src/variants/report.ts';

const dir = mkdtempSync(join(tmpdir(), 'cli9-vindex-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const report = (name: string, outcome: string) => JSON.stringify({ kind: 'variant', variant: { name, file: `/tmp/${name}.ts`, description: 'a *hand-made* report. More.', claims: ['P1.eq3'] }, outcome, claims: [] });

describe('variants index from a folder with hand-made reports', () => {
  it('escapes the text of a listed report and leaves out what variant did not write', () => {
    mkdirSync(join(dir, 'out'));
    writeFileSync(join(dir, 'out', 'evil.json'), report('evil', '<script>alert(1)</script> **pwned**'));
    writeFileSync(join(dir, 'out', 'evil.md'), '# evil\n');
    // No .md beside it, a file name that is not its name, a name variant would refuse.
    writeFileSync(join(dir, 'out', 'nomd.json'), report('nomd', 'x'));
    writeFileSync(join(dir, 'out', 'other.json'), report('renamed', 'x'));
    writeFileSync(join(dir, 'out', 'Bad Name.json'), report('Bad Name', 'x'));
    writeFileSync(join(dir, 'out', 'Bad Name.md'), '');
    const entries = collectIndex([join(dir, 'out')], []);
    expect(entries.map((e) => e.name)).toEqual(['evil']);
    const md = renderIndex(entries);
    const row = md.split('\n').find((l) => l.startsWith('| [evil]'))!;
    expect(row).toBe('| [evil](evil.md) | a \\*hand-made\\* report. | P1.eq3 | \\<script>alert(1)\\</script> \\*\\*pwned\\*\\* |');
    expect(md).not.toMatch(/(^|[^\\])<script>/);
    expect(readFileSync(join(dir, 'out', 'evil.json'), 'utf8')).toContain('<script>');
  });
});
