// Running the CLI in this process (fast: no tsx start-up) or through the real bin (signals, exit codes).
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { vi } from 'vitest';
import { runCli } from '../../src/cli/main.ts';

export const ROOT = resolve(import.meta.dirname, '..', '..');
export const BIN = join(ROOT, 'bin', 'jepa-verify.mjs');

export interface Ran { code: number; out: string; err: string }

/** runCli with stdout/stderr captured and, when cwd is given, run from that folder. */
export async function inProcess(argv: string[], cwd?: string): Promise<Ran> {
  let out = '', err = '';
  const o = vi.spyOn(process.stdout, 'write').mockImplementation((s) => ((out += String(s)), true));
  const e = vi.spyOn(process.stderr, 'write').mockImplementation((s) => ((err += String(s)), true));
  const before = process.cwd();
  if (cwd) process.chdir(cwd);
  try {
    return { code: await runCli(argv), out, err };
  } finally {
    if (cwd) process.chdir(before);
    o.mockRestore();
    e.mockRestore();
  }
}

export function viaBin(argv: string[], cwd = ROOT, env: Record<string, string> = {}): Ran {
  const r = spawnSync(process.execPath, [BIN, ...argv], { cwd, encoding: 'utf8', env: { ...process.env, CI: 'true', ...env } });
  return { code: r.status ?? -1, out: r.stdout, err: r.stderr };
}

export function spawnBin(argv: string[], cwd = ROOT, env: Record<string, string> = {}) {
  return spawn(process.execPath, [BIN, ...argv], { cwd, env: { ...process.env, CI: 'true', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
}

/** Every file under dir (relative path -> sha256), for byte-identity checks. */
export function snapshot(dir: string): Map<string, string> {
  const files = new Map<string, string>();
  if (!existsSync(dir)) return files;
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else files.set(relative(dir, p), createHash('sha256').update(readFileSync(p)).digest('hex'));
    }
  };
  walk(dir);
  return files;
}

export const sameSnapshot = (a: Map<string, string>, b: Map<string, string>) => a.size === b.size && [...a].every(([k, v]) => b.get(k) === v);

/** One line on stderr, no stack trace, no "internal error". */
export function oneCleanLine(err: string): boolean {
  const lines = err.trim().split('\n');
  return lines.length === 1 && !/internal error|\n\s+at |Error:/.test(err);
}
