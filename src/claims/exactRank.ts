// Rank of a float64 matrix read as the exact dyadic rationals it stores (fraction elimination), for
// deciding rank and span hypotheses of a counterexample exactly rather than with an SVD tolerance.
import type { Fraction } from 'mathjs';
import { exactRational } from '../precise/index.ts';

export function exactRank(rows: readonly (readonly number[])[]): number {
  const m: Fraction[][] = rows.map((r) => r.map(exactRational));
  const cols = m[0]?.length ?? 0;
  let rank = 0;
  for (let col = 0; col < cols && rank < m.length; col++) {
    const pivot = m.findIndex((row, i) => i >= rank && !row[col].equals(0));
    if (pivot < 0) continue;
    [m[rank], m[pivot]] = [m[pivot], m[rank]];
    for (let i = rank + 1; i < m.length; i++) {
      if (m[i][col].equals(0)) continue;
      const f = m[i][col].div(m[rank][col]);
      for (let j = col; j < cols; j++) m[i][j] = m[i][j].sub(f.mul(m[rank][j]));
    }
    rank++;
  }
  return rank;
}
