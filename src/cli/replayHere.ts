// The replay command a terminal shows, runnable where the user stands. verification.json keeps the
// report-relative `npx jepa-verify replay counterexamples/X.json` (the same bytes for any --out and
// any working directory), but npx finds jepa-verify only from inside a project that has it: from a
// report folder elsewhere (verify --out /tmp/r) that command asks the npm registry instead.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { PACKAGE_ROOT } from '../packageRoot.ts';

export { PACKAGE_ROOT };

/** Whether `npx jepa-verify` run in `dir` resolves this tool locally: a project on the way up has it as a bin or is it. */
export function npxFindsJepaVerify(dir: string): boolean {
  for (let at = resolve(dir); ; at = dirname(at)) {
    if (existsSync(join(at, 'node_modules', '.bin', 'jepa-verify'))) return true;
    const manifest = join(at, 'package.json');
    if (existsSync(manifest)) {
      try {
        if ((JSON.parse(readFileSync(manifest, 'utf8')) as { name?: unknown }).name === 'jepa-verify') return true;
      } catch {
        // not a readable manifest: keep looking upward
      }
    }
    if (dirname(at) === at) return false;
  }
}

const quoted = (p: string) => (/^[\w@%+=:,./-]+$/.test(p) ? p : `'${p.replace(/'/g, `'\\''`)}'`);

/**
 * `command` (report-relative, as verification.json has it) rewritten to run from `cwd`: the file's
 * path relative to cwd, and `--prefix PACKAGE_ROOT` when npx would not find jepa-verify from cwd.
 * Anything that is not a replay command is returned as it is.
 */
export function replayHere(command: string, outDir: string, cwd: string, npxFinds: boolean, packageRoot = PACKAGE_ROOT): string {
  const m = /^npx jepa-verify replay (\S+)(.*)$/.exec(command);
  if (!m) return command;
  const file = resolve(cwd, outDir, m[1]);
  const path = fromHere(file, cwd);
  // A folder or file option (--claims DIR, --variant FILE) is report-relative too.
  const rest = m[2].replace(/( --(?:claims|variant) )('(?:[^']|'\\'')*'|\S+)/g, (_, flag: string, p: string) => flag + quoted(fromHere(resolve(cwd, outDir, unquoted(p)), cwd)));
  return `npx ${npxFinds ? '' : `--prefix ${quoted(packageRoot)} `}jepa-verify replay ${quoted(path)}${rest}`;
}

/** The path `quoted` wrote. */
const unquoted = (p: string) => (p.startsWith("'") ? p.slice(1, -1).replace(/'\\''/g, "'") : p);

/** An absolute path as a relative one from cwd, if there is one. */
function fromHere(path: string, cwd: string): string {
  const rel = relative(cwd, path);
  return rel === '' ? '.' : isAbsolute(rel) ? path : rel;
}
