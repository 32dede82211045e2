// What the run's budget line may truthfully say. verification.json's budget.runsPerClaim is the
// --runs a search asks for; a check with its own case cap (maxRuns: exact or 64-digit work per case)
// or one that reached its skip cap decides fewer, so the line names those, read off the results
// (never a list kept here), since a 'holds' resting on 300 cases must not read as resting on 10,000.

import type { ClaimResult, VerificationReport } from './schema.ts';
import { grouped } from './plots/format.ts';


export interface BudgetCaps {
  runs: number;
  /** Checks that ran to a case cap below the budget: the cap, and the checks ("S6.deeper-heads repair 1") at it. */
  capped: Array<{ cap: number; checks: string[]; results: number }>;
  /** Checks that stopped at the skip cap with fewer decided cases than the budget. */
  skipCapped: string[];
}

/**
 * A search that did not stop for a violation, an error or an early stop ran until it had
 * min(budget, its cap) decided cases (src/claims/runProperty.ts); so a holds or inconclusive
 * result with fewer decided than the budget, and no skip-cap or early-stop note, shows its cap.
 */
function shortOf(r: ClaimResult, runs: number): 'cap' | 'skip' | null {
  if (typeof r.decided !== 'number' || r.decided >= runs) return null;
  // a trained result's decided counts trained configurations, not cases of the search budget
  if (r.method === 'trained') return null;
  if (r.verdict !== 'holds' && r.verdict !== 'inconclusive') return null;
  const detail = r.detail ?? '';
  if (/skip cap/.test(detail)) return 'skip';
  if (/stopped early/.test(detail)) return null;
  return 'cap';
}

export function budgetCaps(report: VerificationReport): BudgetCaps {
  const runs = report.budget.runsPerClaim;
  const byCap = new Map<number, { checks: string[]; results: number }>();
  const skip: string[] = [];
  for (const c of report.claims) {
    const all = [...c.results.map((r) => ({ r, name: c.id })), ...c.repairs.flatMap((rep, i) => rep.results.map((r) => ({ r, name: `${c.id} repair ${i + 1}` })))];
    for (const { r, name } of all) {
      const why = shortOf(r, runs);
      if (why === 'skip') {
        if (!skip.includes(name)) skip.push(name);
      } else if (why === 'cap') {
        const e = byCap.get(r.decided!) ?? { checks: [], results: 0 };
        if (!e.checks.includes(name)) e.checks.push(name);
        e.results++;
        byCap.set(r.decided!, e);
      }
    }
  }
  const capped = [...byCap].sort((a, b) => b[0] - a[0]).map(([cap, e]) => ({ cap, ...e }));
  return { runs, capped, skipCapped: skip };
}

const checks = (n: number) => `${n} check${n === 1 ? '' : 's'}`;

/** "3 checks capped at 300 (X repair 1, ...); X.skip stopped at the skip cap with fewer", or '' when every search reached the budget. */
export function capsText(report: VerificationReport, short = false): string {
  const b = budgetCaps(report);
  const parts: string[] = [];
  for (const c of b.capped) parts.push(`${checks(c.results)} capped at ${grouped(c.cap)}${short ? '' : ` (${c.checks.join(', ')})`}`);
  if (b.skipCapped.length > 0) parts.push(`${short ? checks(b.skipCapped.length) : b.skipCapped.join(', ')} stopped at the skip cap with fewer`);
  return parts.join('; ');
}

/** "budget 10,000 decided cases per property or certificate check; 10 checks capped at 300 (S6.deeper-heads repair 1, ...)". */
export function budgetText(report: VerificationReport): string {
  const runs = report.budget.runsPerClaim;
  const caps = capsText(report);
  return `budget ${grouped(runs)} decided case${runs === 1 ? '' : 's'} per property or certificate check${caps ? `; ${caps}` : ''}`;
}
