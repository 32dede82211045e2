// The edge where files are written: a whole report appears at once or not at all, so a failed or
// refused run never leaves a half-written or overwritten report behind.
import { existsSync, mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync, cpSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

/** Write files into a staging folder beside `outDir`, then move each into place. */
export async function writeAtomically(outDir: string, fill: (staging: string) => Promise<void> | void): Promise<void> {
  const target = resolve(outDir);
  mkdirSync(dirname(target), { recursive: true });
  const staging = mkdtempSync(join(dirname(target), '.jepa-verify-staging-'));
  try {
    await fill(staging);
    mkdirSync(target, { recursive: true });
    moveInto(staging, target);
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

function moveInto(from: string, to: string): void {
  for (const entry of readdirSync(from, { withFileTypes: true })) {
    const src = join(from, entry.name);
    const dst = join(to, entry.name);
    if (entry.isDirectory()) {
      mkdirSync(dst, { recursive: true });
      moveInto(src, dst);
    } else {
      try { renameSync(src, dst); } catch { cpSync(src, dst); }
    }
  }
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
