// An example project outside this repository: it installs the package from `npm pack` (offline:
// the tarball itself, with this repository's node_modules linked in for the dependencies), writes
// claim files with `jepa-verify init` and by hand, and runs them with `jepa-verify verify --claims`
// and with vitest (jepa-verify/vitest); both must give the same verdict for each claim.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { firstError, loadSchema } from '../../src/schema/validate.ts';
import { ROOT } from './helpers.ts';

const tmp = mkdtempSync(join(tmpdir(), 'jepa-verify-package-'));
const project = join(tmp, 'example');
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const npm = (args: string[], cwd: string) => execFileSync('npm', args, { cwd, encoding: 'utf8', env: { ...process.env, npm_config_audit: 'false', npm_config_fund: 'false', npm_config_update_notifier: 'false' } });

beforeAll(() => {
  mkdirSync(project, { recursive: true });
  const tarball = npm(['pack', ROOT, '--pack-destination', tmp, '--silent'], tmp).trim().split('\n').pop()!;
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'example', private: true, type: 'module', devDependencies: { vitest: '^4.1.12' } }, null, 2));
  // Dependencies come from this repository's node_modules (no network); the package itself from the tarball.
  const modules = join(project, 'node_modules');
  mkdirSync(modules);
  for (const name of readdirSync(join(ROOT, 'node_modules'))) {
    if (name.startsWith('.') || name === 'jepa-verify') continue; // never .bin: nothing may write through a link
    if (name.startsWith('@')) {
      mkdirSync(join(modules, name));
      for (const sub of readdirSync(join(ROOT, 'node_modules', name))) symlinkSync(join(ROOT, 'node_modules', name, sub), join(modules, name, sub));
    } else symlinkSync(join(ROOT, 'node_modules', name), join(modules, name));
  }
  // Installing is unpacking the tarball into node_modules/jepa-verify (what npm does for a tarball),
  // done by hand so that no package manager writes through the links into this repository.
  mkdirSync(join(modules, 'jepa-verify'));
  execFileSync('tar', ['-xzf', join(tmp, tarball), '-C', join(modules, 'jepa-verify'), '--strip-components=1']);
}, 300_000);

const bin = () => [join(project, 'node_modules', 'jepa-verify', 'bin', 'jepa-verify.mjs')];
const vitestBin = () => [join(project, 'node_modules', 'vitest', 'vitest.mjs')];

describe('an example project using the installed package', () => {
  it('installed from the tarball, with its schemas exported', () => {
    const pkg = JSON.parse(readFileSync(join(project, 'node_modules', 'jepa-verify', 'package.json'), 'utf8'));
    expect(pkg.exports['.']).toBe('./src/api.ts');
    expect(readdirSync(join(project, 'node_modules', 'jepa-verify', 'src', 'schema'))).toContain('counterexample.schema.json');
  });

  it('jepa-verify init, a hand-written claim, and the same verdicts from verify --claims and from vitest', () => {
    const init = spawnSync(process.execPath, [...bin(), 'init', 'claims'], { cwd: project, encoding: 'utf8' });
    expect(init.status, init.stderr).toBe(0);
    writeFileSync(join(project, 'claims', 'peak.claim.ts'), readFileSync(join(ROOT, 'test', 'fixtures', 'example-project', 'peak.claim.ts.txt'), 'utf8'));

    const cli = spawnSync(process.execPath, [...bin(), 'verify', '--claims', 'claims', '--no-paper', '--runs', '300', '--seed', '42', '--json'], { cwd: project, encoding: 'utf8', env: { ...process.env, CI: 'true' } });
    expect(cli.status, cli.stderr).toBe(0);
    const report = JSON.parse(cli.stdout);
    expect(firstError(report, loadSchema('verification'))).toBeNull();
    const cliVerdict = Object.fromEntries(report.claims.map((c: { id: string; results: { verdict: string }[] }) => [c.id, c.results.map((r) => r.verdict)]));
    expect(cliVerdict).toEqual({ 'example.softmax-sums-to-one': ['holds'], 'my.peak-below-0.9': ['refuted'] });

    mkdirSync(join(project, 'test'));
    writeFileSync(join(project, 'test', 'claims.test.ts'), [
      "import { claimTest } from 'jepa-verify/vitest';",
      "import example from '../claims/example.claim.ts';",
      "import peak from '../claims/peak.claim.ts';",
      'claimTest(example, { runs: 300, seed: 42 });',
      'claimTest(peak, { runs: 300, seed: 42 });',
    ].join('\n'));
    writeFileSync(join(project, 'vitest.config.ts'), "import { defineConfig } from 'vitest/config';\nexport default defineConfig({ test: { server: { deps: { inline: ['jepa-verify'] } } } });\n");
    const vt = spawnSync(process.execPath, [...vitestBin(), 'run', '--reporter=json', '--outputFile=vitest.json'], { cwd: project, encoding: 'utf8', env: { ...process.env, CI: 'true' } });
    expect(vt.status).toBe(1); // the refuted claim fails its test
    const results = JSON.parse(readFileSync(join(project, 'vitest.json'), 'utf8')).testResults.flatMap((f: { assertionResults: unknown[] }) => f.assertionResults) as { fullName: string; status: string; failureMessages: string[] }[];
    const vitestVerdict = (id: string) => results.filter((r) => r.fullName.startsWith(id)).map((r) => (r.status === 'failed' && /refuted/.test(r.failureMessages.join('\n')) ? 'refuted' : r.status === 'passed' ? 'holds' : r.status));
    expect(vitestVerdict('example.softmax-sums-to-one')).toEqual(cliVerdict['example.softmax-sums-to-one']);
    expect(vitestVerdict('my.peak-below-0.9')).toEqual(cliVerdict['my.peak-below-0.9']);
  });
});
