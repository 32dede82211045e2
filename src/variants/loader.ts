// Loading a variant file: a file that is missing, throws on import, has no default export or a
// wrong field is one InputError line (exit 2), never a stack trace.
import { existsSync, readdirSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { InputError } from '../model/validate.ts';
import { validateVariant } from './define.ts';
import type { VariantSpec } from './types.ts';

export const VARIANTS_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'properties', 'variants');

export interface LoadedVariant {
  spec: VariantSpec;
  /** As given, relative to the working directory when it is inside it: what counterexamples record. */
  file: string;
  absolute: string;
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
  const rel = relative(process.cwd(), absolute);
  return { spec, file: rel.startsWith('..') ? absolute : rel, absolute };
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
