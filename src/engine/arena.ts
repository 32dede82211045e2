// Several Float64Arrays of one computation (a base point's stages, jepaCostAdvantage) as views of one buffer.

/**
 * Zeroed Float64Arrays of the given sizes, as views of one buffer. A typed array longer than a few
 * entries gets a backing store of its own, which costs ~0.5 us to allocate and to collect; a base
 * point is a dozen of them per case. Views read and write as separate arrays would (nothing here
 * uses .buffer), so every number is the same.
 */
export function arena(sizes: number[]): Float64Array[] {
  let total = 0;
  for (const n of sizes) total += n;
  const buf = new Float64Array(total);
  const out: Float64Array[] = [];
  let at = 0;
  for (const n of sizes) {
    out.push(buf.subarray(at, at + n));
    at += n;
  }
  return out;
}
