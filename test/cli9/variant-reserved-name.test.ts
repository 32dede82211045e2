// N2: a variant named `index` would write index.md (its report), then the variants index over it.
// The name is refused before anything runs: exit 2, one line naming the field; the --out folder is untouched.
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { inProcess, oneCleanLine, ROOT } from '../cli/helpers.ts';

const dir = mkdtempSync(join(tmpdir(), 'cli9-reserved-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const INDEX = JSON.stringify(join(ROOT, 'src', 'variants', 'index.ts'));

describe('variant name "index"', () => {
  it('is refused with one line naming `name`, exit 2, and nothing written', async () => {
    const file = join(dir, 't.ts');
    writeFileSync(file, `import { defineVariant } from ${INDEX};
export default defineVariant({ name: 'index', description: 'drops W u = 0', claims: ['P1.eq3'], configuration: { construction: 'u-orthogonal-only' } });
`);
    const out = join(dir, 'out');
    const r = await inProcess(['variant', file, '--runs', '20', '--ledger', 'none', '--out', out]);
    expect(r.code).toBe(2);
    expect(oneCleanLine(r.err)).toBe(true);
    expect(r.err).toContain(`${file}: name: "index" is reserved`);
    expect(r.out).toBe('');
    expect(existsSync(join(out, 'index.md'))).toBe(false);
  });

  it('a name merely containing "index" is still accepted', async () => {
    const file = join(dir, 'u.ts');
    writeFileSync(file, `import { defineVariant } from ${INDEX};
export default defineVariant({ name: 'index-2', description: 'drops W u = 0', claims: ['P1.eq3'], configuration: { construction: 'u-orthogonal-only' } });
`);
    const out = join(dir, 'out2');
    const r = await inProcess(['variant', file, '--runs', '20', '--ledger', 'none', '--out', out]);
    expect(r.err).not.toContain('reserved');
    expect([0, 1]).toContain(r.code);
    expect(existsSync(join(out, 'index-2.md'))).toBe(true);
    expect(existsSync(join(out, 'index.md'))).toBe(true);
  });
});
