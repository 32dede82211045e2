// §7's fixed-data infima, for the report text. A fixed-data result carries no `interval` (its
// infimum is -inf or 0, and JSON has no -inf), but its counterexample file states the infima as
// numbers: measured.classInfIsMinusInf / allInfIsMinusInf (P1.gap, P2.gap: 1 = -inf, 0 = 0) and
// measured.uniformAdvantage > 0 (G.attained: J_fd(.; theta0) -> -inf for every theta0,
// src/minimisers/attainedChecks.ts). Both bounds are printed, as §7 asks for every infimum.

import type { PreparedResult } from './html/model.ts';
import type { ReadingLabel } from './schema.ts';

/** An interval a §7 row prints; `what` names the quantity when it is not the result's own interval (a fixed-data infimum read from its file). */
export type IntervalRow = { reading: ReadingLabel; lower: number; upper: number; exactLower?: string; exactUpper?: string; d?: string; what?: string };

const bound = (minusInf: boolean) => (minusInf ? { lower: -Infinity, upper: -Infinity, exactLower: '-inf', exactUpper: '-inf' } : { lower: 0, upper: 0, exactLower: '0', exactUpper: '0' });
const flag = (x: unknown): boolean | null => (x === 1 ? true : x === 0 ? false : null);

/** The exact fixed-data infima a §7 result's counterexample file states, or none. */
export function fixedDataInfima(pr: PreparedResult): IntervalRow[] {
  const r = pr.result;
  if (r.reading !== 'fixed-data' || r.interval) return [];
  const m = (pr.counterexample?.data?.measured ?? {}) as Record<string, unknown>;
  const cls = flag(m.classInfIsMinusInf);
  const all = flag(m.allInfIsMinusInf);
  if (cls !== null && all !== null) {
    return [
      { reading: 'fixed-data', what: 'inf J_fd over the class', ...bound(cls) },
      { reading: 'fixed-data', what: 'inf J_fd over all configurations', ...bound(all) },
    ];
  }
  if (typeof m.uniformAdvantage === 'number' && m.uniformAdvantage > 0) return [{ reading: 'fixed-data', what: 'inf J_fd(.; theta0), every theta0', ...bound(true) }];
  return [];
}
