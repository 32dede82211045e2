// Re-run a recorded SMT-LIB query (from a counterexample file) in a fresh solver.
import { checkSmt, shutdownSmt } from './solver.ts';
import type { SmtQuery } from './smtlib.ts';

export async function checkSmtText(text: string, timeoutMs = 20_000): Promise<string> {
  const logic = (text.match(/\(set-logic\s+([A-Z_]+)\)/)?.[1] ?? 'QF_NRA') as SmtQuery['logic'];
  // The recorded text already carries its own set-logic/check-sat, which fromString ignores.
  const outcome = await checkSmt({ label: 'replay', logic, body: text }, { timeoutMs });
  return outcome.status;
}

export { shutdownSmt };

/**
 * Replay of an SMT counterexample rebuilt from the claim itself: the claim's own queries are run
 * afresh and a recorded query text is never executed (a hand-written one could "refute" anything).
 * Returns null when the claim has no SMT proof. `queries` are the rebuilt texts, for comparison.
 */
export async function rerunSmtClaim(id: string, timeoutMs?: number): Promise<{ verdict: string; detail: string; queries: string[] } | null> {
  const { SMT_CLAIMS, runSmtClaim } = await import('./index.ts');
  const claim = SMT_CLAIMS.find((c) => c.id === id);
  if (!claim) return null;
  const result = await runSmtClaim(claim, { timeoutMs });
  return { verdict: result.verdict, detail: result.detail, queries: (result.smt ?? []).map((r) => r.query) };
}
