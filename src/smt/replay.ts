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
