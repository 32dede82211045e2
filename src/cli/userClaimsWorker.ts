// The worker side of `--claims DIR`: the only place a user's claim files are imported. The main
// thread never imports them: it gets each claim's outline (plain data: id, statement, readings)
// from a worker and sends unit names to workers that load the files again and run the checks.
// Each file's loading is announced ({ loading: i }) before its import starts, so the main thread
// can time it and name it if it loops, exits or crashes the thread.
import { createRequire } from 'node:module';
import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Claim } from '../claims/framework.ts';
import { answerUnit, ledgerUnits, type UnitRequest } from '../ledger/run.ts';
import { InputError } from '../model/validate.ts';
import { moduleScopeOf } from './moduleScope.ts';
import { DEFAULT_LIMITS, replay, type ReplayLimits } from './replay.ts';
import { USER_CLAIMS_ROLE, type ClaimOutline, type LoadMessage, type UserWorkerData } from './claimsWorkers.ts';
// The tool's public module, loaded before any claim file's clock starts: a claim file's own import
// of 'jepa-verify' is then (in an installed package) this same module, already loaded.
import '../api.ts';

const READINGS = ['on-policy', 'fixed-data', 'any'];
const oneLine = (error: unknown) => (error instanceof Error ? error.message : String(error)).split('\n').filter(Boolean).slice(0, 2).join(' ');

/** Imports one claim file (path as the user gave it, relative to the working directory) and validates its default export. */
export async function importClaimFile(dir: string, path: string): Promise<Claim> {
  let module: { default?: unknown };
  try {
    module = (await import(pathToFileURL(resolve(path)).href)) as { default?: unknown };
  } catch (error) {
    const scope = moduleScopeOf(dir);
    if (scope.type !== 'module') throw new InputError(`${path}: failed to load: claim files are ES modules, but ${scope.manifest ? `${scope.manifest} does not say "type": "module"` : 'no package.json above the folder says "type": "module"'}; claims load inside a project whose package.json has "type": "module" and that has jepa-verify and fast-check installed`);
    throw new InputError(`${path}: failed to load: ${oneLine(error)}`);
  }
  return validateClaim(module.default, path);
}

function validateChecks(checks: unknown, at: string, functions: boolean): void {
  if (!Array.isArray(checks) || checks.length === 0) throw new InputError(`${at}: expected a non-empty array of checks`);
  checks.forEach((k: unknown, i: number) => {
    const check = k as Record<string, unknown>;
    const where = `${at}[${i}]`;
    if (typeof check !== 'object' || check === null) throw new InputError(`${where}: expected a check object`);
    if (!READINGS.includes(check.reading as string)) throw new InputError(`${where}.reading: expected on-policy, fixed-data or any, got ${JSON.stringify(check.reading)}`);
    if (functions) for (const fn of ['arbitrary', 'run', 'corners', 'instanceOf'] as const) if (typeof check[fn] !== 'function') throw new InputError(`${where}.${fn}: expected a function`);
    if (typeof check.rule !== 'string') throw new InputError(`${where}.rule: expected a string (what the check measures, in words)`);
  });
}

export function validateClaim(value: unknown, file: string): Claim {
  if (typeof value !== 'object' || value === null) throw new InputError(`${file}: default export: expected export default defineClaim({...})`);
  const c = value as Record<string, unknown>;
  if (typeof c.id !== 'string' || !/^[A-Za-z0-9][\w.\-]*$/.test(c.id)) throw new InputError(`${file}: id: expected a name of letters, digits, '.', '-' or '_', got ${JSON.stringify(c.id)}`);
  if (typeof c.statement !== 'string' || c.statement.trim() === '') throw new InputError(`${file}: statement: expected a non-empty string`);
  for (const key of ['paper', 'latex'] as const) if (c[key] !== undefined && typeof c[key] !== 'string') throw new InputError(`${file}: ${key}: expected a string`);
  for (const key of ['uses', 'hypotheses'] as const) if (c[key] !== undefined && (!Array.isArray(c[key]) || (c[key] as unknown[]).some((x) => typeof x !== 'string'))) throw new InputError(`${file}: ${key}: expected an array of strings`);
  if (!Array.isArray(c.checks) || c.checks.length === 0) throw new InputError(`${file}: checks: expected a non-empty array of checks`);
  validateChecks(c.checks, `${file}: checks`, true);
  if (c.repairs !== undefined) {
    if (!Array.isArray(c.repairs)) throw new InputError(`${file}: repairs: expected an array of { statement, checks }`);
    c.repairs.forEach((r: unknown, i: number) => {
      const repair = r as Record<string, unknown> | null;
      if (typeof repair?.statement !== 'string') throw new InputError(`${file}: repairs[${i}].statement: expected a string`);
      validateChecks(repair.checks, `${file}: repairs[${i}].checks`, true);
    });
  }
  for (const key of ['paper', 'uses', 'hypotheses'] as const) if (c[key] === undefined) throw new InputError(`${file}: ${key}: missing`);
  return c as unknown as Claim;
}

const checkOutline = (k: { reading: string; rule: string }) => ({ reading: k.reading, rule: k.rule });

/** The claim as plain data (what assembleLedger and the unit list read of it). */
export function outlineOf(c: Claim): ClaimOutline {
  return {
    id: c.id, statement: c.statement, latex: c.latex, paper: c.paper, uses: [...c.uses], hypotheses: [...c.hypotheses],
    checks: c.checks.map(checkOutline),
    ...(c.repairs ? { repairs: c.repairs.map((r) => ({ statement: r.statement, checks: r.checks.map(checkOutline) })) } : {}),
  };
}

/** The files in order, each announced before its import; on a worker, a failure is a message, not a throw. */
async function loadAll(dir: string, files: string[], say: (m: LoadMessage) => void): Promise<Claim[] | null> {
  const claims: Claim[] = [];
  for (const [i, path] of files.entries()) {
    say({ loading: i });
    try {
      const claim = await importClaimFile(dir, path);
      claims.push(claim);
      say({ loaded: i, outline: outlineOf(claim) });
    } catch (error) {
      say({ failed: i, message: error instanceof InputError ? error.message : `${path}: ${oneLine(error)}` });
      return null;
    }
  }
  return claims;
}

/**
 * Outside a "type": "module" package a claim file is CommonJS to Node (tsx compiles it), and its
 * import of the public module loads that module's whole graph again as CommonJS: seconds that are
 * the tool's, not the file's. Loaded here first, before any file's clock starts, the file finds it
 * in the require cache.
 */
function preloadForCommonJs(dir: string): void {
  if (moduleScopeOf(dir).type === 'module') return;
  try {
    createRequire(import.meta.url)('../api.ts');
  } catch {
    // The file's own import will say what is wrong, under its own name.
  }
}

/** One replay (replay FILE --claims DIR) against the claims loaded here: its outcome, or its error and whether it is bad input. */
function serveReplay(port: NonNullable<typeof parentPort>, claims: Claim[]): void {
  port.once('message', async (m: { path: string; limits: Pick<ReplayLimits, 'maxBytes' | 'maxSize' | 'timeoutMs'> }) => {
    try {
      port.postMessage({ outcome: await replay(m.path, claims, { ...DEFAULT_LIMITS, ...m.limits }) });
    } catch (error) {
      port.postMessage({ error: error instanceof Error ? error.message.split('\n')[0] : String(error), input: error instanceof InputError });
    }
  });
  port.postMessage({ ready: true });
}

async function serve(data: UserWorkerData): Promise<void> {
  const port = parentPort!;
  preloadForCommonJs(data.dir);
  const claims = await loadAll(data.dir, data.files, (m) => port.postMessage(m));
  if (!claims || data.serve === 'none') return;
  if (data.serve === 'replay') return serveReplay(port, claims);
  const units = new Map(ledgerUnits(claims).map((u) => [u.name, u]));
  port.on('message', (m: UnitRequest) => answerUnit(port, units, m));
  port.postMessage({ ready: true });
}

if (!isMainThread && (workerData as { role?: string } | null)?.role === USER_CLAIMS_ROLE) await serve(workerData as UserWorkerData);
