// Every file replay accepts has a schema it matches (README: "Replay treats its file as data"):
// claim counterexamples counterexample.schema.json, §7 certificates certificate.schema.json,
// necessity files necessity.schema.json. Checked on a fresh report's counterexamples/ (all three
// kinds) and on the committed reports/; replay checks the same schema before it reads a file.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { firstError, loadSchema, type SchemaName } from '../../src/schema/validate.ts';
import { inProcess, oneCleanLine, ROOT } from './helpers.ts';

const tmp = mkdtempSync(join(tmpdir(), 'jepa-verify-file-schemas-'));
const out = join(tmp, 'report');
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const files = (dir: string): string[] => readdirSync(dir).flatMap((f) => (statSync(join(dir, f)).isDirectory() ? files(join(dir, f)) : f.endsWith('.json') ? [join(dir, f)] : []));
/** The schema by the file's folder: what verify writes where. */
const schemaFor = (dir: string, file: string): SchemaName => {
  const folder = relative(dir, file).split(sep)[0];
  return folder === 'certificates' ? 'certificate' : folder === 'necessity' ? 'necessity' : 'counterexample';
};
const read = (f: string) => JSON.parse(readFileSync(f, 'utf8')) as Record<string, unknown>;

beforeAll(async () => {
  const r = await inProcess(['verify', '--runs', '50', '--only', 'P1.gap,P1.k1-pos', '--no-trained', '--out', out, '--json']);
  expect(r.code, r.err).toBeLessThanOrEqual(1);
}, 120_000);

describe('every file under counterexamples/ matches its schema', () => {
  it('a fresh report: all three kinds present, each valid against its own schema (and the §7 ones not against the claim schema)', () => {
    const dir = join(out, 'counterexamples');
    const all = files(dir);
    const kinds = new Set(all.map((f) => schemaFor(dir, f)));
    expect([...kinds].sort()).toEqual(['certificate', 'counterexample', 'necessity']);
    for (const f of all) expect(firstError(read(f), loadSchema(schemaFor(dir, f))), f).toBeNull();
    for (const f of all) if (schemaFor(dir, f) !== 'counterexample') expect(firstError(read(f), loadSchema('counterexample')), f).not.toBeNull();
  });

  it('the committed report (reports/counterexamples)', () => {
    const dir = join(ROOT, 'reports', 'counterexamples');
    if (!existsSync(dir)) return;
    for (const f of files(dir)) expect(firstError(read(f), loadSchema(schemaFor(dir, f))), f).toBeNull();
  });
});

describe('replay checks a §7 file against its schema before reading it', () => {
  const certificate = () => read(files(join(out, 'counterexamples', 'certificates'))[0]);
  const necessity = () => read(files(join(out, 'counterexamples', 'necessity'))[0]);
  const replayOf = async (name: string, data: unknown) => {
    const path = join(tmp, name);
    writeFileSync(path, JSON.stringify(data));
    return inProcess(['replay', path]);
  };

  it('the files as written replay (exit 0)', async () => {
    expect((await replayOf('c.json', certificate())).code).toBe(0);
    expect((await replayOf('n.json', necessity())).code).toBe(0);
  });

  it('a field the schema requires or types: exit 2 naming it', async () => {
    for (const [data, message] of [
      [{ ...certificate(), mdp: undefined }, /^jepa-verify: mdp: missing$/],
      [{ ...certificate(), leaves: [{ sigma: [0], path: '012', at: -1 }] }, /^jepa-verify: leaves\[0\]\.path: "012" does not match/],
      [{ ...certificate(), class: 'some' }, /^jepa-verify: class: expected one of/],
      [{ ...necessity(), hypothesis: undefined }, /^jepa-verify: hypothesis: missing$/],
      [{ ...necessity(), construction: 'other' }, /^jepa-verify: construction: expected one of "paper", "free"/],
    ] as const) {
      const r = await replayOf('bad.json', data);
      expect(r.code, r.err).toBe(2);
      expect(oneCleanLine(r.err), r.err).toBe(true);
      expect(r.err.trim()).toMatch(message);
    }
  });
});

describe('the package exports every schema', () => {
  it('jepa-verify/schema/NAME.json for verification, counterexample, certificate and necessity files', () => {
    const exports = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { exports: Record<string, string> }).exports;
    for (const name of ['verification', 'counterexample', 'certificate', 'necessity'] as const) {
      expect(exports[`./schema/${name}.json`]).toBe(`./src/schema/${name}.schema.json`);
      expect(JSON.parse(readFileSync(join(ROOT, exports[`./schema/${name}.json`]), 'utf8'))).toEqual(loadSchema(name));
    }
  });
});
