// The "simplest rational" order of the reduction: 0, then small integers, then halves, quarters,
// eighths and sixteenths (dyadic, so every candidate is an exact double and the exact engine reads
// the very number the reader sees).

/** Denominators tried, smallest first; all powers of two so the doubles are the rationals. */
export const DENOMINATORS = [1, 2, 4, 8, 16] as const;

/** (denominator, |numerator|) of x as a dyadic rational with denominator <= 16, or null. */
export function simpleForm(x: number): { num: number; den: number } | null {
  for (const den of DENOMINATORS) {
    const num = x * den;
    if (Number.isInteger(num) && Math.abs(num) <= 2 ** 20) return { num, den };
  }
  return null;
}

/** Lower is simpler: denominator first, then the size of the numerator; non-simple numbers last. */
export function complexity(x: number): number {
  const f = simpleForm(x);
  if (!f) return Number.POSITIVE_INFINITY;
  return DENOMINATORS.indexOf(f.den as (typeof DENOMINATORS)[number]) * 1e7 + Math.abs(f.num) * 2 + (f.num < 0 ? 1 : 0);
}

/** Candidate replacements for x, strictly simpler than x, simplest first. */
export function simplerValues(x: number): number[] {
  const out = new Set<number>([0, 1, -1, 2, -2, 0.5, -0.5]);
  for (const den of DENOMINATORS) out.add(Math.round(x * den) / den);
  if (x !== 0) {
    const p = Math.sign(x) * 2 ** Math.max(-4, Math.min(8, Math.round(Math.log2(Math.abs(x)))));
    out.add(p);
  }
  const cx = complexity(x);
  return [...out].filter((v) => v !== x && !Object.is(v, -0) && complexity(v) < cx).sort((a, b) => complexity(a) - complexity(b));
}

/**
 * A probability vector rounded to multiples of 1/den keeping its sum (largest remainder), so a
 * stochastic row stays stochastic; null when the rounding changes nothing.
 */
export function roundDistribution(p: number[], den: number): number[] | null {
  const total = p.reduce((a, b) => a + b, 0);
  const units = Math.round(total * den);
  if (Math.abs(units / den - total) > 1e-9) return null;
  const raw = p.map((x) => x * den);
  const base = raw.map(Math.floor);
  let left = units - base.reduce((a, b) => a + b, 0);
  const order = raw.map((x, i) => ({ i, frac: x - Math.floor(x) })).sort((a, b) => b.frac - a.frac || a.i - b.i);
  for (const { i } of order) { if (left <= 0) break; base[i]++; left--; }
  const out = base.map((x) => x / den);
  return out.every((x, i) => x === p[i]) ? null : out;
}

/** Is every entry a rational of denominator <= 16? */
export const isSimple = (x: number): boolean => simpleForm(x) !== null;

/** Largest denominator among the numbers of a nested structure (Infinity when one is not dyadic <= 16). */
export function maxDenominator(value: unknown): number {
  let worst = 1;
  const walk = (v: unknown) => {
    if (typeof v === 'number') { const f = simpleForm(v); worst = Math.max(worst, f ? f.den : Number.POSITIVE_INFINITY); }
    else if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') Object.values(v).forEach(walk);
  };
  walk(value);
  return worst;
}
