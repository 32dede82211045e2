// verify's progress display, planned from the paper's ledger units (apart from progress.ts, which
// knows nothing of the ledger).
import { Progress } from './progress.ts';

/** verify's display: the paper's ledger units planned (after --only and --shard), on stderr. */
export async function verifyProgress(json: boolean, claims: Array<{ id: string }>, only: string[] | undefined, unitFilter?: (unit: string) => boolean): Promise<Progress> {
  const p = new Progress({ json });
  if (p.mode === 'off' || claims.length === 0) return p;
  const { ledgerUnits } = await import('../ledger/run.ts');
  type C = Parameters<typeof ledgerUnits>[0];
  const units = ledgerUnits(claims as C, { only, unitFilter });
  p.claimsTotal((only && only.length > 0 ? claims.filter((c) => only.includes(c.id)) : claims).map((c) => c.id));
  const { ESTIMATED_COSTS } = await import('../ledger/unitCosts.ts');
  // units missing from the table (new checks) count as a typical one
  const typical = [...ESTIMATED_COSTS.values()].sort((a, b) => a - b)[Math.floor(ESTIMATED_COSTS.size / 2)] ?? 1;
  p.plan(units.map((u) => ({ name: u.name, claimId: u.claimId, method: u.check.method, cost: ESTIMATED_COSTS.get(u.name) ?? typical })));
  return p;
}
