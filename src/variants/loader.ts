// Loading a variant file: a file that is missing, throws on import, has no default export or a
// wrong field is one InputError line (exit 2), never a stack trace.
import { existsSync, readdirSync, realpathSync } from 'node:fs';
import { basename, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { InputError } from '../model/validate.ts';
import { validateVariant } from './define.ts';
import type { VariantSpec } from './types.ts';
import { PACKAGE_ROOT } from '../packageRoot.ts';


export const VARIANTS_DIR = join(PACKAGE_ROOT, 'properties', 'variants');

export interface LoadedVariant {
  spec: VariantSpec;
  /**
   * What reports and counterexamples record: a shipped variant as properties/variants/NAME.ts (the
   * package's own path, the same in every checkout and where replay finds it without --variant),
   * any other file as the user gave it (replay runs it only when given again with --variant FILE).
   */
  file: string;
  absolute: string;
  shipped: boolean;
}

export async function loadVariant(file: string): Promise<LoadedVariant> {
  const absolute = resolve(file);
  if (!existsSync(absolute)) throw new InputError(`${file}: cannot read the file`);
  let module: Record<string, unknown>;
  try {
    module = (await import(pathToFileURL(absolute).href)) as Record<string, unknown>;
  } catch (error) {
    throw new InputError(`${file}: failed to load: ${firstMeaningfulLine(error instanceof Error ? error.message : String(error))}`);
  }
  if (!('default' in module) || module.default === undefined) throw new InputError(`${file}: default export: missing (expected export default defineVariant({...}))`);
  const spec = validateVariant(module.default, file);
  const shippedName = shippedNameOf(absolute);
  if (shippedName) return { spec, file: `properties/variants/${shippedName}`, absolute, shipped: true };
  // A user's file whose path, read from the package, names a shipped variant (a copy of one at the
  // same place in the user's project) is recorded by its absolute path, so replay never takes it for the shipped one.
  const readsAsShipped = !isAbsolute(file) && existsSync(join(PACKAGE_ROOT, file)) && shippedNameOf(join(PACKAGE_ROOT, file)) !== null;
  return { spec, file: readsAsShipped ? absolute : file, absolute, shipped: false };
}

/** The file name when the file is a .ts file directly in this package's properties/variants/ (after symbolic links), the test cli/replay.ts allowedVariant makes; else null. */
function shippedNameOf(absolute: string): string | null {
  if (!existsSync(VARIANTS_DIR)) return null;
  const real = realpathSync(absolute);
  const inside = relative(realpathSync(VARIANTS_DIR), real);
  return real.endsWith('.ts') && inside !== '' && !inside.startsWith('..') && !isAbsolute(inside) && !inside.includes(sep) ? basename(real) : null;
}

/**
 * The --variant argument a replay run from the report folder needs: none for a shipped variant,
 * else the file from that folder (as given when absolute), so the report's replayCommand runs.
 */
export function replayVariantArgument(v: Pick<LoadedVariant, 'shipped' | 'absolute' | 'file'>, reportDir: string): string | undefined {
  if (v.shipped) return undefined;
  return isAbsolute(v.file) ? v.file : relative(resolve(reportDir), v.absolute).split(sep).join('/');
}

/** esbuild says "Transform failed with 1 error:" and puts the error itself (file:line:col: ERROR: …) on the next line. */
function firstMeaningfulLine(message: string): string {
  const lines = message.split('\n').map((l) => l.trim()).filter(Boolean);
  const first = lines[0] ?? 'unknown error';
  return first.endsWith(':') && lines[1] ? `${first} ${lines[1]}` : first;
}

/** The shipped variants, in file-name order. */
export function shippedVariantFiles(dir = VARIANTS_DIR): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).filter((f) => f.endsWith('.ts')).sort().map((f) => join(dir, f));
}
