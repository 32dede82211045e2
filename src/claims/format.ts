// Small shared helpers of the check framework (no imports, so every framework module may use them).

/** How a confirmation was made: 'at 64 digits', or 'exactly (rational arithmetic)' for an exact one (digits Infinity). */
export const atPrecision = (digits: number): string => (Number.isFinite(digits) ? `at ${digits} digits` : 'exactly (rational arithmetic)');
export const fmt = (x: number | null | undefined): string => (x === null || x === undefined ? 'n/a' : Math.abs(x) >= 1e-3 && Math.abs(x) < 1e4 ? x.toPrecision(4) : x.toExponential(3));

/** A stable 32-bit seed per (run seed, claim, reading): claims do not share random streams. */
export function subSeed(seed: number, ...parts: string[]): number {
  let h = (seed ^ 0x9e3779b9) >>> 0;
  for (const part of parts)
    for (let i = 0; i < part.length; i++) {
      h = Math.imul(h ^ part.charCodeAt(i), 0x01000193) >>> 0;
      h ^= h >>> 13;
    }
  return h | 0;
}

export const sortedCounts = (counts: Record<string, number>) => Object.fromEntries(Object.entries(counts).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
export const round3 = (x: number) => Math.round(x * 1000) / 1000;
export const firstLine = (e: unknown) => (e instanceof Error ? e.message : String(e)).split('\n')[0];
export const bump = (counts: Record<string, number>, key: string) => { counts[key] = (counts[key] ?? 0) + 1; };
