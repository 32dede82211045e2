// The edge where files are written: a whole report appears at once or not at all. The new report is
// built in a staging folder beside the old one and swapped in by two renames in one synchronous
// step, which a SIGINT/SIGTERM handler (signals.ts) cannot interrupt: at any moment either the old
// report or the new one is in place, never a mix, and an interrupted run leaves no staging folder.
import { randomBytes } from 'node:crypto';
import { accessSync, chmodSync, constants, cpSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, realpathSync, renameSync, rmSync, rmdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { InputError } from '../model/validate.ts';
import { forgetTemp, trackTemp } from './signals.ts';

export const STAGING_PREFIX = '.jepa-verify-staging-';

/** What an existing folder must hold to count as a report folder a run may replace. */
const REPORT_MARKERS = ['verification.json', 'verification.md', 'verification.html', 'summary.png', '.gitkeep', 'plots', 'shards', 'training.json', 'training.md', 'variants', 'counterexamples', 'partial', 'claims'];

/** A command's own kind of output: what lets it write into a non-empty folder (a rerun into its own). */
export interface OutputKind {
  /** Whether this top-level entry of the folder is (or shows) the command's own output. */
  isOwn: (entry: string, dir: string) => boolean;
  /** What the command looks for, for the refusal ("report (no verification.json)"). */
  what: string;
}

export const REPORT_OUTPUT: OutputKind = { isOwn: (e) => REPORT_MARKERS.includes(e), what: 'report (no verification.json)' };

/**
 * Checks, before any work, that `outDir` can take a report: not empty, not a file, not inside a
 * file, writable (probed by creating and removing a folder where the staging folder will go), and
 * not a non-empty folder of something else (`--out .` must not swap out a project, and a command
 * that writes files by name must not overwrite a user's). `.gitkeep` alone keeps a folder empty.
 */
export function prepareOutDir(outDir: string, flag = '--out', kind: OutputKind = REPORT_OUTPUT): string {
  if (outDir.trim() === '') throw new InputError(`${flag}: expects a folder, got an empty string`);
  const target = resolve(outDir);
  if (existsSync(target)) {
    const stat = statSync(target);
    if (!stat.isDirectory()) throw new InputError(`${flag} ${outDir}: is a file, not a folder`);
    const entries = readdirSync(target).filter((e) => e !== '.gitkeep');
    if (entries.length > 0 && !entries.some((e) => kind.isOwn(e, target)))
      throw new InputError(`${flag} ${outDir}: a non-empty folder that holds no ${kind.what}; choose a new or empty folder`);
    try {
      accessSync(target, constants.W_OK);
    } catch {
      throw new InputError(`${flag} ${outDir}: the folder is not writable`);
    }
  }
  let ancestor = dirname(target);
  while (!existsSync(ancestor)) ancestor = dirname(ancestor);
  if (!statSync(ancestor).isDirectory()) throw new InputError(`${flag} ${outDir}: ${ancestor} is a file, so the folder cannot be created`);
  try {
    rmdirSync(mkdtempSync(join(ancestor, STAGING_PREFIX + 'probe-')));
  } catch (error) {
    throw new InputError(`${flag} ${outDir}: cannot create files in ${ancestor} (${(error as NodeJS.ErrnoException).code ?? 'not writable'})`);
  }
  return target;
}

export interface SwapOptions {
  /** Top-level entries of the old folder that the new report replaces wholesale (stale files go). */
  replace?: readonly string[];
}

/**
 * Fills a staging folder, carries over what the old folder holds that the new report does not
 * (other commands' files: variants/, training.json, other shards), then swaps it in.
 */
export async function writeAtomically(outDir: string, fill: (staging: string) => Promise<void> | void, options: SwapOptions = {}): Promise<void> {
  // --out a symlink to a folder: the report is swapped in where the link points (staged beside it),
  // so the link keeps pointing at the new report instead of being replaced by a real folder.
  const target = isLinkToFolder(outDir) ? realpathSync(outDir) : resolve(outDir);
  mkdirSync(dirname(target), { recursive: true });
  const staging = makeStaging(dirname(target));
  trackTemp(staging);
  try {
    await fill(staging);
    // Test hook: hold the complete staging folder for a while, so a test can interrupt exactly here.
    const hold = Number(process.env.JEPA_VERIFY_TEST_HOLD_STAGING_MS ?? 0);
    if (hold > 0) await new Promise((r) => setTimeout(r, hold));
    if (existsSync(target)) carryOver(target, staging, new Set(options.replace ?? []));
    swapIn(staging, target);
  } finally {
    rmSync(staging, { recursive: true, force: true });
    forgetTemp(staging);
  }
}

function isLinkToFolder(path: string): boolean {
  try {
    return lstatSync(path).isSymbolicLink() && statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/**
 * A fresh staging folder made by a plain mkdir (mkdtemp's is always 0700, and the folder swapped in
 * would keep that, hiding a shared report from its readers): its mode is what the umask gives any
 * new folder. The random name keeps two runs apart; mkdir fails rather than reuse a folder.
 */
function makeStaging(parent: string): string {
  for (;;) {
    const dir = join(parent, STAGING_PREFIX + randomBytes(6).toString('hex'));
    try {
      mkdirSync(dir);
      return dir;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
}

function carryOver(from: string, to: string, replace: Set<string>): void {
  for (const entry of readdirSync(from, { withFileTypes: true })) {
    if (replace.has(entry.name) || entry.name.startsWith(STAGING_PREFIX)) continue;
    const src = join(from, entry.name);
    const dst = join(to, entry.name);
    if (!existsSync(dst)) cpSync(src, dst, { recursive: true, preserveTimestamps: true });
    else if (entry.isDirectory() && statSync(dst).isDirectory()) carryOver(src, dst, new Set());
  }
}

/** Two renames with no await between them: no signal handler can run in the middle. */
function swapIn(staging: string, target: string): void {
  if (!existsSync(target)) {
    renameSync(staging, target);
    return;
  }
  // A replaced folder keeps its mode (a report someone made 0755, or 0750, stays so).
  chmodSync(staging, statSync(target).mode & 0o7777);
  const old = `${staging}-old`;
  trackTemp(old);
  renameSync(target, old);
  renameSync(staging, target);
  rmSync(old, { recursive: true, force: true });
  forgetTemp(old);
}

export function writeText(path: string, text: string): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
}

export const exists = existsSync;

/** Progress on a TTY only: never in CI, never with --json. */
export function progressPrinter(enabled: boolean) {
  if (!enabled) return undefined;
  let last = 0;
  return (done: number, total: number, what: string) => {
    const now = Date.now();
    if (done < total && now - last < 100) return;
    last = now;
    process.stderr.write(`\r\x1b[K[${done}/${total}] ${what}${done >= total ? '\n' : ''}`);
  };
}

export const wantsProgress = (json: boolean) => Boolean(process.stderr.isTTY) && !json && !process.env.CI;
