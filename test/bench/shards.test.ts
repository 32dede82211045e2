// verify --shard i/n and merge: two shards merged give the reports of one run.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { mergeShards, parseShard, readShards, shardFile, shardOf, unitHash } from '../../src/cli/shards.ts';
import { loadClaims } from '../../src/ledger/claims.ts';
import { assembleLedger, ledgerUnits } from '../../src/ledger/run.ts';
import type { PropertyRun } from '../../src/claims/framework.ts';
import type { ClaimResult } from '../../src/report/schema.ts';
import { InputError } from '../../src/model/validate.ts';

const cli = (args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', join(process.cwd(), 'src/cli/main.ts'), ...args], { encoding: 'utf8', env: { ...process.env, CI: 'true' } });
const withoutTiming = (text: string) => JSON.stringify(JSON.parse(text), (k, v) => (k === 'seconds' || k === 'generatedAt' ? undefined : v), 1);
/** Every file under dir, by path relative to it, with its text. */
const tree = (dir: string): Record<string, string> => Object.fromEntries(readdirSync(dir, { recursive: true, withFileTypes: true })
  .filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name)).sort().map((p) => [relative(dir, p), readFileSync(p, 'utf8')]));

describe('parseShard', () => {
  it('reads i/n and owns each unit in exactly one shard', () => {
    const shards = [0, 1, 2].map((i) => parseShard(`${i}/3`));
    expect(shards[2]).toMatchObject({ index: 2, count: 3 });
    for (const unit of ['P1.eq5|on-policy|', 'P1|fixed-data|repair1', 'P2.jepa|on-policy|check2']) expect(shards.filter((s) => s.owns(unit))).toHaveLength(1);
    // Stable across runs and machines: FNV-1a of the name.
    expect(unitHash('P1.eq5|on-policy|')).toBe(unitHash('P1.eq5|on-policy|'));
    expect(unitHash('a')).toBe(0xe40c292c);
  });

  it('rejects anything but i/n with 0 <= i < n', () => {
    for (const bad of ['', '1', '2/2', '-1/2', '0/0', 'a/b', '1/2/3']) expect(() => parseShard(bad)).toThrow(InputError);
    expect(() => parseShard('3/2')).toThrow(/--shard/);
  });
});

describe('mergeShards', () => {
  it('puts shard 0\'s formal and trained results around the units of every shard, as one run orders them', async () => {
    const claims = await loadClaims();
    const only = ['P1.dV', 'P1.eq5', 'S6.deeper-heads'];
    const units = ledgerUnits(claims, { only });
    const result = (method: ClaimResult['method'], detail: string): ClaimResult => ({ reading: 'any', verdict: 'holds', method, cases: 1, corners: [], counterexample: null, detail });
    const runs = new Map<string, PropertyRun>(units.map((u) => [u.name, { result: result('property', u.name), counterexample: null }]));
    const formal = new Map([['P1.dV', [result('smt', 'formal dV')]], ['P1.eq5', [result('smt', 'formal eq5'), result('symbolic', 'symbolic eq5')]]]);
    const extra = new Map([['P1.eq5', [result('trained', 'trained eq5')]]]);
    const base = { seed: 1, runs: 10, only, counterexampleDir: 'x' };
    const single = assembleLedger(claims, { ...base, formal, extra }, runs).report;
    const count = 3;
    const shards = Array.from({ length: count }, (_, i) => {
      const mine = new Map([...runs].filter(([name]) => shardOf(i, count).owns(name)));
      const report = assembleLedger(claims, { ...base, ...(i === 0 ? { formal, extra } : {}) }, mine).report;
      return { path: `shard-${i}`, file: JSON.parse(JSON.stringify(shardFile(report, { index: i, count }))) };
    });
    for (let i = 0; i < count; i++) expect(units.some((u) => shardOf(i, count).owns(u.name))).toBe(true);
    const merged = mergeShards([...shards].reverse(), units, 'x', () => null);
    expect(merged.report.claims).toEqual(single.claims);
    // The files a shard carries are data: none may land outside the report's counterexample folder.
    for (const path of ['../outside.json', 'x/../../outside.json', '/tmp/outside.json']) {
      const stray = JSON.parse(JSON.stringify(shards));
      stray[0].file.files = [{ path, file: {} }];
      expect(() => mergeShards(stray, units, 'x', () => null)).toThrow(/files\[\]\.path/);
    }
    // A shard that has lost a unit's result no longer matches the units it owns.
    const entry = shards.flatMap((s) => s.file.report.claims).find((c: { results: ClaimResult[] }) => c.results.some((r) => r.method === 'property'));
    entry.results.splice(entry.results.findIndex((r: ClaimResult) => r.method === 'property'), 1);
    expect(() => mergeShards(shards, units, 'x', () => null)).toThrow(InputError);
  });
});

describe('readShards', () => {
  it('refuses a shard file of another version, or no shard file, with an InputError naming the file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'jepa-shard-version-'));
    try {
      const path = join(dir, 'shard-0-of-1.json');
      const file = { schemaVersion: 1, kind: 'jepa-verify-shard', shard: { index: 0, count: 1 }, claims: [], report: { claims: [] } };
      writeFileSync(path, JSON.stringify(file));
      expect(() => readShards(dir)).toThrow(/shard-0-of-1\.json: shard file schemaVersion 1 is from another jepa-verify version \(this one reads 2\)/);
      writeFileSync(path, JSON.stringify({ ...file, kind: 'something' }));
      expect(() => readShards(dir)).toThrow(/not a jepa-verify shard file/);
      writeFileSync(path, JSON.stringify({ ...file, schemaVersion: 2 }));
      expect(readShards(dir)).toHaveLength(1);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('verify --shard and merge', () => {
  const root = mkdtempSync(join(tmpdir(), 'jepa-shards-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  // Formal results (P1.dV, P1.softmax-jac), refutations with counterexample files, a repair with
  // two checks, and a §7 claim (P1.gap): interval certificates in two repairs (whose names count the
  // results of the whole claim, so a shard alone would name them wrongly) and necessity rows with
  // their files. (Claims with trained results take ~15 s more; the unit test above covers them.)
  const args = ['--runs', '20', '--seed', '5', '--only', 'P1.softmax-jac,P1.dV,S6.deeper-heads,P1.gap'];
  const out = join(root, 'out');

  it('two shards merged write the verification.json, reports and counterexample files of one run', () => {
    const single = cli(['verify', ...args, '--out', out, '--json']);
    expect(single.status, single.stderr).toBe(0);
    const one = readFileSync(join(out, 'verification.json'), 'utf8');
    const oneFiles = tree(join(out, 'counterexamples'));
    // The case covers what it says: top-level counterexamples, certificates and necessity files, all cited.
    const names = Object.keys(oneFiles);
    expect(names.filter((f) => !f.includes('/')).length).toBeGreaterThan(0);
    expect(names.filter((f) => f.startsWith('certificates/')).length).toBeGreaterThan(1);
    expect(names.filter((f) => f.startsWith('necessity/')).length).toBeGreaterThan(0);
    expect(JSON.parse(one).necessity.length).toBeGreaterThan(0);
    for (const f of names) expect(one).toContain(`counterexamples/${f}`);
    const training = ['training.json', 'training.md'].map((f) => readFileSync(join(out, f), 'utf8'));
    renameSync(out, join(root, 'single'));

    const shards = join(root, 'shards');
    for (const i of [0, 1]) {
      const run = cli(['verify', ...args, '--shard', `${i}/2`, '--out', shards, '--json']);
      expect(run.status, run.stderr).toBe(0);
      expect(existsSync(join(shards, 'shards', `shard-${i}-of-2.json`))).toBe(true);
    }
    expect(existsSync(join(shards, 'verification.json'))).toBe(false);
    const merged = cli(['merge', shards, '--out', out]);
    expect(merged.status, merged.stderr).toBe(0);
    expect(withoutTiming(readFileSync(join(out, 'verification.json'), 'utf8'))).toBe(withoutTiming(one));
    expect(tree(join(out, 'counterexamples'))).toEqual(oneFiles);
    // The quick training report a fresh folder gets (shard 0 computes it).
    expect(['training.json', 'training.md'].map((f) => readFileSync(join(out, f), 'utf8'))).toEqual(training);
    for (const f of ['verification.html', 'verification.md']) expect(existsSync(join(out, f))).toBe(true);

    // Shards that disagree, a shard file of another version, or a missing shard, are refused with one line (exit 2).
    const file = join(shards, 'shards', 'shard-1-of-2.json');
    const text = readFileSync(file, 'utf8');
    writeFileSync(file, text.replace('"schemaVersion": 2', '"schemaVersion": 1'));
    const old = cli(['merge', shards, '--out', join(root, 'bad')]);
    expect(old.status).toBe(2);
    expect(old.stderr.trim().split('\n')).toHaveLength(1);
    expect(old.stderr).toMatch(/shard-1-of-2\.json: shard file schemaVersion 1 is from another jepa-verify version/);
    writeFileSync(file, text.replace('"seed": 5', '"seed": 6'));
    const bad = cli(['merge', shards, '--out', join(root, 'bad')]);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/seed/);
    rmSync(file);
    const missing = cli(['merge', shards, '--out', join(root, 'bad')]);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toMatch(/shard 1\/2 missing/);
    expect(existsSync(join(root, 'bad'))).toBe(false);
  }, 180_000);
});
