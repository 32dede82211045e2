// `verify --claims DIR`: a user's own claim files, beside or instead of the paper's. Their checks
// are user code, so each runs on a worker thread under a time limit: a check that loops ends as an
// 'error' result naming the limit, and the other checks still run.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { moduleScopeOf } from './moduleScope.ts';
import { pathToFileURL } from 'node:url';
import type { Worker } from 'node:worker_threads';
import type { Claim, PropertyRun } from '../claims/framework.ts';
import { assembleLedger, ledgerUnits, type LedgerRun, type UnitOptions } from '../ledger/run.ts';
import { LEDGER_ROLE } from '../ledger/parallel.ts';
import { startUserWorker } from './sandbox.ts';
import { checkSourceFile } from './replay.ts';
import { InputError } from '../model/validate.ts';

const READINGS = ['on-policy', 'fixed-data', 'any'];

/** The claim files directly in DIR, sorted; what can be judged of the folder without loading any of them. */
export function probeClaimsDir(dir: string, flag = '--claims'): string[] {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new InputError(`${flag} ${dir}: no such folder`);
  const files = readdirSync(dir).filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts') && !f.endsWith('.test.ts')).sort();
  if (files.length === 0) throw new InputError(`${flag} ${dir}: no claim files (*.ts); jepa-verify init ${dir} writes one`);
  return files;
}

/** Every *.ts file directly in DIR must default-export a claim (helpers go in sub-folders). */
export async function loadUserClaims(dir: string, flag = '--claims'): Promise<Claim[]> {
  const files = probeClaimsDir(dir, flag);
  const claims: Claim[] = [];
  for (const f of files) {
    const path = join(dir, f);
    checkSourceFile(path);
    let module: { default?: unknown };
    try {
      module = (await import(pathToFileURL(resolve(path)).href)) as { default?: unknown };
    } catch (error) {
      const scope = moduleScopeOf(dir);
      if (scope.type !== 'module') throw new InputError(`${path}: failed to load: claim files are ES modules, but ${scope.manifest ? `${scope.manifest} does not say "type": "module"` : 'no package.json above the folder says "type": "module"'}; claims load inside a project whose package.json has "type": "module" and that has jepa-verify and fast-check installed`);
      throw new InputError(`${path}: failed to load: ${(error instanceof Error ? error.message : String(error)).split('\n').filter(Boolean).slice(0, 2).join(' ')}`);
    }
    claims.push(validateClaim(module.default, path));
  }
  const seen = new Map<string, string>();
  for (const [i, c] of claims.entries()) {
    const other = seen.get(c.id);
    if (other) throw new InputError(`${join(dir, files[i])}: id: ${JSON.stringify(c.id)} is also the id of ${other}`);
    seen.set(c.id, join(dir, files[i]));
  }
  return claims;
}

function validateClaim(value: unknown, file: string): Claim {
  if (typeof value !== 'object' || value === null) throw new InputError(`${file}: default export: expected export default defineClaim({...})`);
  const c = value as Record<string, unknown>;
  if (typeof c.id !== 'string' || !/^[A-Za-z0-9][\w.\-]*$/.test(c.id)) throw new InputError(`${file}: id: expected a name of letters, digits, '.', '-' or '_', got ${JSON.stringify(c.id)}`);
  if (typeof c.statement !== 'string' || c.statement.trim() === '') throw new InputError(`${file}: statement: expected a non-empty string`);
  for (const key of ['paper'] as const) if (c[key] !== undefined && typeof c[key] !== 'string') throw new InputError(`${file}: ${key}: expected a string`);
  for (const key of ['uses', 'hypotheses'] as const) if (c[key] !== undefined && (!Array.isArray(c[key]) || (c[key] as unknown[]).some((x) => typeof x !== 'string'))) throw new InputError(`${file}: ${key}: expected an array of strings`);
  if (!Array.isArray(c.checks) || c.checks.length === 0) throw new InputError(`${file}: checks: expected a non-empty array of checks`);
  c.checks.forEach((k: unknown, i: number) => {
    const check = k as Record<string, unknown>;
    const at = `${file}: checks[${i}]`;
    if (typeof check !== 'object' || check === null) throw new InputError(`${at}: expected a check object`);
    if (!READINGS.includes(check.reading as string)) throw new InputError(`${at}.reading: expected on-policy, fixed-data or any, got ${JSON.stringify(check.reading)}`);
    for (const fn of ['arbitrary', 'run', 'corners', 'instanceOf'] as const) if (typeof check[fn] !== 'function') throw new InputError(`${at}.${fn}: expected a function`);
    if (typeof check.rule !== 'string') throw new InputError(`${at}.rule: expected a string (what the check measures, in words)`);
  });
  for (const key of ['paper', 'uses', 'hypotheses'] as const) if (c[key] === undefined) throw new InputError(`${file}: ${key}: missing`);
  return c as unknown as Claim;
}

type Reply = { ready: true } | { fatal: string } | { i: number; run: PropertyRun } | { i: number; error: string };

export interface UserRunOptions extends UnitOptions {
  only?: string[];
  workers: number;
  timeoutMs: number;
  progress?: (done: number, total: number, what: string) => void;
}

/** Each unit on a worker thread (which imports DIR's files itself), each under options.timeoutMs. */
export async function runUserClaims(dir: string, claims: Claim[], options: UserRunOptions): Promise<LedgerRun> {
  const units = ledgerUnits(claims, { only: options.only });
  const unitOptions: UnitOptions = { seed: options.seed, runs: options.runs, counterexampleDir: options.counterexampleDir, shrinkAttempts: options.shrinkAttempts };
  const runs = new Map<string, PropertyRun>();
  const failed = (i: number, detail: string): PropertyRun => ({
    result: { reading: units[i].check.reading, verdict: 'error', method: 'property', cases: 0, corners: [], counterexample: null, detail },
    counterexample: null,
  });
  let next = 0, done = 0;
  const live = new Set<Worker>();
  try {
    await new Promise<void>((resolveAll, rejectAll) => {
      const finish = (i: number, run: PropertyRun) => {
        runs.set(units[i].name, run);
        done++;
        options.progress?.(done, units.length, units[i].what);
        if (done === units.length) resolveAll();
      };
      const start = () => {
        if (next >= units.length) return;
        const w = startUserWorker(new URL('../ledger/parallel.ts', import.meta.url), { role: LEDGER_ROLE, propertiesDir: resolve(dir) });
        live.add(w);
        let current = -1;
        let timer: NodeJS.Timeout | undefined;
        const feed = () => {
          if (next >= units.length) {
            live.delete(w);
            void w.terminate();
            return;
          }
          current = next++;
          w.postMessage({ i: current, name: units[current].name, options: unitOptions });
          timer = setTimeout(() => {
            const i = current;
            current = -1;
            live.delete(w);
            void w.terminate();
            finish(i, failed(i, `the check did not finish within ${options.timeoutMs / 1000} s and was stopped (jepa-verify verify --timeout S raises the limit)`));
            start();
          }, options.timeoutMs);
        };
        w.on('message', (m: Reply) => {
          if ('ready' in m) return feed();
          if ('fatal' in m) return rejectAll(new InputError(`--claims ${dir}: ${m.fatal}`));
          if (m.i !== current) return;
          clearTimeout(timer);
          current = -1;
          finish(m.i, 'run' in m ? m.run : failed(m.i, `the check threw: ${m.error.split('\n')[0]}`));
          feed();
        });
        w.on('error', (error: Error) => {
          clearTimeout(timer);
          live.delete(w);
          if (current >= 0) {
            const i = current;
            current = -1;
            finish(i, failed(i, `the check crashed its worker: ${error.message.split('\n')[0]}`));
          }
          start();
        });
      };
      if (units.length === 0) return resolveAll();
      for (let k = 0; k < Math.max(1, Math.min(options.workers, units.length)); k++) start();
    });
  } finally {
    await Promise.all([...live].map((w) => w.terminate()));
  }
  return assembleLedger(claims, { seed: options.seed, runs: options.runs, only: options.only, counterexampleDir: options.counterexampleDir }, runs);
}
