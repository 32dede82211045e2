// Claim files are ES modules; Node reads a .ts file as CommonJS unless the nearest package.json
// above it says "type": "module", and then a claim fails to load with an error about require() and
// cycles that names neither cause nor fix. init and verify --claims say it plainly instead.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

/** The package.json nearest above `dir` and its "type" (Node reads a .ts file as CommonJS unless it is "module"). */
export function moduleScopeOf(dir: string): { manifest: string | null; type: string | null } {
  for (let at = resolve(dir); ; at = dirname(at)) {
    const manifest = join(at, 'package.json');
    if (existsSync(manifest)) {
      try {
        const type = (JSON.parse(readFileSync(manifest, 'utf8')) as { type?: unknown }).type;
        return { manifest, type: typeof type === 'string' ? type : null };
      } catch {
        return { manifest, type: null };
      }
    }
    if (dirname(at) === at) return { manifest: null, type: null };
  }
}

