// Loading variant files: a valid one, and the one-line errors (exit 2) for the ways a file goes wrong.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { loadVariant, shippedVariantFiles } from '../../src/variants/loader.ts';
import { InputError } from '../../src/model/validate.ts';

const ROOT = resolve(import.meta.dirname, '..', '..');
const dir = mkdtempSync(join(tmpdir(), 'jepa-variants-'));
const INDEX = JSON.stringify(join(ROOT, 'src', 'variants', 'index.ts'));

function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

async function loadError(path: string): Promise<string> {
  try {
    await loadVariant(path);
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    return (error as Error).message;
  }
  throw new Error('expected an InputError');
}

describe('variant loader', () => {
  it('loads a valid file', async () => {
    const path = file('ok.ts', `import { defineVariant } from ${INDEX};
export default defineVariant({ name: 'ok', description: 'drops W u = 0', claims: ['P1.eq3'], configuration: { construction: 'u-orthogonal-only' } });
`);
    const { spec } = await loadVariant(path);
    expect(spec.name).toBe('ok');
    expect(spec.claims).toEqual(['P1.eq3']);
  });

  it('loads every shipped variant', async () => {
    const names = [];
    for (const f of shippedVariantFiles()) names.push((await loadVariant(f)).spec.name);
    expect(names.length).toBeGreaterThanOrEqual(6);
    expect(new Set(names).size).toBe(names.length);
  });

  it('names a missing field', async () => {
    const message = await loadError(file('missing.ts', `export default { name: 'x', description: 'no claims' };\n`));
    expect(message).toMatch(/missing\.ts: claims: missing/);
    expect(message.split('\n')).toHaveLength(1);
  });

  it('names a field of the wrong type', async () => {
    expect(await loadError(file('type1.ts', `export default { name: 'x', description: 'd', claims: 'P1.eq3' };\n`))).toMatch(/claims: expected a non-empty array/);
    expect(await loadError(file('type2.ts', `export default { name: 'x', description: 'd', claims: ['P1.eq3'], configuration: { head: 3 } };\n`))).toMatch(/configuration\.head: expected one of "linear", "two-layer-tanh", got number/);
    expect(await loadError(file('type3.ts', `export default { name: 'x', description: 'd', claims: ['P1.eq3'], configuration: {} };\n`))).toMatch(/configuration: expected at least one override/);
    expect(await loadError(file('type4.ts', `export default { name: 'x', description: 'd', claims: ['P1.nope'] };\n`))).toMatch(/claims\[0\]: unknown claim ID "P1.nope"/);
    expect(await loadError(file('type5.ts', `export default { name: 'x', description: 'd', claims: ['P1.eq3'], hypothesis: {} };\n`))).toMatch(/hypothesis: unknown field/);
  });

  it('reports a file that throws on import, has no default export, or does not exist', async () => {
    expect(await loadError(file('throws.ts', `throw new Error('boom at import');\n`))).toMatch(/throws\.ts: failed to load: boom at import/);
    expect(await loadError(file('nodefault.ts', `export const x = 1;\n`))).toMatch(/default export: missing/);
    expect(await loadError(join(dir, 'absent.ts'))).toMatch(/absent\.ts: cannot read the file/);
  });

  it('exits 2 with one line from the CLI', () => {
    const bad = file('cli-bad.ts', `export default { name: 'Bad Name', description: 'd', claims: ['P1.eq3'] };\n`);
    const run = spawnSync(process.execPath, [join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs'), join(ROOT, 'src', 'cli', 'main.ts'), 'variant', bad], { encoding: 'utf8', cwd: ROOT });
    expect(run.status).toBe(2);
    const lines = run.stderr.trim().split('\n').filter((l) => !l.startsWith('npm warn'));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^jepa-verify: .*cli-bad\.ts: name: expected lower-case letters/);
  });
});
