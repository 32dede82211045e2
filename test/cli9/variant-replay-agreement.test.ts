// N3 (consistency) / N1 (a reader sees the instance): a variant counterexample's replay holds the file's
// `instance` and `construction` to its case as a paper counterexample's replay does (exit 2 naming the
// first difference, or the missing field), and prints the instance before the verdict.
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inProcess, oneCleanLine, ROOT } from '../cli/helpers.ts';

const dir = mkdtempSync(join(tmpdir(), 'cli9-vreplay-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const variantFile = join(dir, 'u.ts');
let original = '';

beforeAll(async () => {
  writeFileSync(variantFile, `import { defineVariant } from ${JSON.stringify(join(ROOT, 'src', 'variants', 'index.ts'))};
export default defineVariant({ name: 'u-only', description: 'drops W u = 0', claims: ['P1.eq3'], configuration: { construction: 'u-orthogonal-only' } });
`);
  const r = await inProcess(['variant', variantFile, '--runs', '20', '--ledger', 'none', '--out', join(dir, 'out')]);
  expect(r.code).toBe(0);
  const folder = join(dir, 'out', 'u-only', 'counterexamples', 'variant');
  original = join(folder, readdirSync(folder).filter((f) => f.endsWith('.json')).sort()[0]);
}, 120_000);

function edited(name: string, edit: (d: Record<string, any>) => void): string {
  const data = JSON.parse(readFileSync(original, 'utf8'));
  edit(data);
  const path = join(dir, name);
  writeFileSync(path, JSON.stringify(data));
  return path;
}

describe('variant counterexample replay', () => {
  it('refutes as written and prints the instance before the verdict', async () => {
    const r = await inProcess(['replay', original, '--variant', variantFile]);
    expect(r.code).toBe(0);
    const lines = r.out.trim().split('\n');
    const data = JSON.parse(readFileSync(original, 'utf8'));
    expect(lines).toContain(`  mdp.gamma = ${JSON.stringify(data.instance.mdp.gamma)}`);
    expect(lines).toContain(`  encoder = ${JSON.stringify(data.instance.encoder)}`);
    expect(lines.at(-1)).toBe('verdict: refuted');
  });

  it('an instance that is not the case\'s is exit 2 naming the first difference', async () => {
    const r = await inProcess(['replay', edited('gamma.json', (d) => { d.instance.mdp.gamma = 0.5; }), '--variant', variantFile]);
    expect(r.code).toBe(2);
    expect(oneCleanLine(r.err)).toBe(true);
    expect(r.err).toMatch(/instance\.mdp\.gamma: 0\.5 vs [\d.e-]+ in case: the file's instance is not its case's/);
  });

  it.each([['instance', 'instance: missing'], ['construction', 'construction: missing']])('a missing %s is exit 2', async (field, message) => {
    const r = await inProcess(['replay', edited(`no-${field}.json`, (d) => { delete d[field]; }), '--variant', variantFile]);
    expect(r.code).toBe(2);
    expect(oneCleanLine(r.err)).toBe(true);
    expect(r.err).toContain(message);
  });

  it('a construction that is not the case\'s is exit 2', async () => {
    const r = await inProcess(['replay', edited('k.json', (d) => { d.construction.k = 123; }), '--variant', variantFile]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/construction\.k: 123 vs [\d.e-]+ rebuilt from the case/);
  });
});
