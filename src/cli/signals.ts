// SIGINT/SIGTERM. While no temporary folder exists the default action stands (the process, its
// worker threads and Z3's threads end at once, however busy the main thread is). While a staging
// folder exists a handler is installed: it removes the folder, then exits 130/143, so an interrupt
// during report writing leaves the old report (or, after the swap, the new one) and nothing else.
import { rmSync } from 'node:fs';

const temps = new Set<string>();
const SIGNALS = { SIGINT: 130, SIGTERM: 143, SIGHUP: 129 } as const;

function onSignal(signal: keyof typeof SIGNALS): void {
  cleanTemps();
  process.exit(SIGNALS[signal]);
}

const handlers = Object.fromEntries(Object.keys(SIGNALS).map((s) => [s, () => onSignal(s as keyof typeof SIGNALS)])) as Record<keyof typeof SIGNALS, () => void>;

export function cleanTemps(): void {
  for (const dir of temps) rmSync(dir, { recursive: true, force: true });
  temps.clear();
}

export function trackTemp(dir: string): void {
  if (temps.size === 0) for (const [s, h] of Object.entries(handlers)) process.on(s, h);
  temps.add(dir);
}

export function forgetTemp(dir: string): void {
  if (!temps.delete(dir) || temps.size > 0) return;
  for (const [s, h] of Object.entries(handlers)) process.off(s, h);
}
