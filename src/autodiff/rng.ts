// Seeded randomness, so that a seed fixes every number a run produces (byte-identical JSON).
// mulberry32 is tiny and fast; its 2^32 period is far beyond what one run draws.

/** Mixes two integers into a well-spread 32-bit seed, so sub-streams (per run, per rollout) differ. */
export function hashSeed(a: number, b = 0): number {
  let h = (Math.imul(a | 0, 0x9e3779b1) ^ Math.imul((b | 0) + 0x7f4a7c15, 0x85ebca6b)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x21f0aaad) >>> 0;
  h = Math.imul(h ^ (h >>> 15), 0x735a2d97) >>> 0;
  return (h ^ (h >>> 15)) >>> 0;
}

/** mulberry32, the one generator behind the trainer's Rng and the bench's BenchRng (bench/random.ts). */
export class Mulberry32 {
  private state: number;

  /** The salt keeps streams of different users of one seed apart. */
  constructor(seed: number, salt: number) {
    this.state = hashSeed(seed, salt);
  }

  /** Uniform 32-bit unsigned integer. */
  nextUint32(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  }

  /** Uniform in [0, 1), 32 bits of resolution. */
  next(): number {
    return this.nextUint32() / 4294967296;
  }
}

export class Rng extends Mulberry32 {
  private spare: number | null = null;

  constructor(seed: number) {
    super(seed, 0x5eed);
  }

  uniform(lo: number, hi: number): number {
    return lo + (hi - lo) * this.next();
  }

  /** Integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  /** Standard normal by Box-Muller; the second value of each pair is kept for the next call. */
  normal(): number {
    if (this.spare !== null) {
      const s = this.spare;
      this.spare = null;
      return s;
    }
    // 1 - next() lies in (0, 1], so the log is finite.
    const u1 = 1 - this.next();
    const u2 = this.next();
    const r = Math.sqrt(-2 * Math.log(u1));
    this.spare = r * Math.sin(2 * Math.PI * u2);
    return r * Math.cos(2 * Math.PI * u2);
  }

  /** Index drawn from the (possibly sub-stochastic) weights p; -1 when u falls in the missing mass. */
  categorical(p: ArrayLike<number>, full = false): number {
    return sampleIndex(p, this.next(), full);
  }
}

/**
 * Inverse-CDF draw with a given uniform, so two policies can share the same random numbers.
 * Returns -1 when u falls in the missing mass of a sub-stochastic p. With `full` the weights are
 * known to sum to 1, and rounding (a sum of 1 - 1e-16) must not end an episode: the last index
 * with positive weight is returned instead.
 */
export function sampleIndex(p: ArrayLike<number>, u: number, full = false): number {
  let acc = 0;
  let last = -1;
  for (let i = 0; i < p.length; i++) {
    if (p[i] > 0) last = i;
    acc += p[i];
    if (u < acc) return i;
  }
  return full ? last : -1;
}
