// Codes compared as the report prints them (z.join(',')), without printing them.

/**
 * Two codes are the same when their text z.join(',') is: a double's shortest text names it alone,
 * except 0 and -0 (both "0"), so that is === coordinate by coordinate, or both NaN (and equal
 * lengths). Compared as numbers: printing every double was most of subspaces()' cost.
 */
export function sameCodeText(x: readonly number[], y: readonly number[]): boolean {
  if (x.length !== y.length) return false;
  for (let j = 0; j < x.length; j++) if (x[j] !== y[j] && !(Number.isNaN(x[j]) && Number.isNaN(y[j]))) return false;
  return true;
}

/** new Set(encoder.map((z) => z.join(','))).size, without the text. */
export function distinctCodes(encoder: readonly (readonly number[])[]): number {
  let n = 0;
  for (let s = 0; s < encoder.length; s++) {
    let seen = false;
    for (let r = 0; r < s && !seen; r++) seen = sameCodeText(encoder[r], encoder[s]);
    if (!seen) n++;
  }
  return n;
}
