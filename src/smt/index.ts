// Entry point of the formal layer: SMT proofs of the paper's algebraic steps plus the symbolic Jacobian.
import type { ClaimResult } from '../report/schema.ts';
import { softmaxJacobianCheck } from '../symbolic/softmaxJacobian.ts';
import { runSmtClaim, type SmtClaim } from './claim.ts';
import { p1Combine, p2Combine } from './claims/combine.ts';
import { p1Dim, p1Rank, p1UExists, p2DimU, p2UExists } from './claims/dimension.ts';
import { p1DV } from './claims/dV.ts';
import { p1Eq2 } from './claims/eq2.ts';
import { p1Eq4 } from './claims/eq4.ts';
import { p1LogitGain, p1LogitsFixed } from './claims/p1Logits.ts';
import { p2Compensator, p2LogitGain, p2LogitsFixed } from './claims/p2Compensator.ts';
import { p1SoftmaxJac } from './claims/softmaxJac.ts';

export { checkSmt, DEFAULT_TIMEOUT_MS, shutdownSmt, type SmtOutcome } from './solver.ts';
export { counterexamplePath, runSmtClaim, smtCounterexample, type SmtClaim, type SmtClaimResult } from './claim.ts';
export { smtlibText, type SmtQuery } from './smtlib.ts';
export { softmaxJacobianCheck } from '../symbolic/softmaxJacobian.ts';

export const SMT_CLAIMS: readonly SmtClaim[] = [
  p1Rank, p1Dim, p1UExists, p1LogitsFixed, p1LogitGain, p1SoftmaxJac, p1Eq2, p1DV, p1Eq4, p1Combine,
  p2DimU, p2UExists, p2Compensator, p2LogitsFixed, p2LogitGain, p2Combine,
];

/** Claim IDs this layer gives verdicts on. */
export const FORMAL_CLAIM_IDS: readonly string[] = SMT_CLAIMS.map((c) => c.id);

/** Runs the SMT queries (sequentially: Z3 wasm serialises them anyway) and the symbolic check. */
export async function runFormalChecks(opts: { timeoutMs?: number; only?: string[] } = {}): Promise<Map<string, ClaimResult[]>> {
  const wanted = (id: string) => !opts.only || opts.only.includes(id);
  const results = new Map<string, ClaimResult[]>();
  const push = (id: string, r: ClaimResult) => results.set(id, [...(results.get(id) ?? []), r]);
  for (const claim of SMT_CLAIMS) {
    if (wanted(claim.id)) push(claim.id, await runSmtClaim(claim, { timeoutMs: opts.timeoutMs }));
  }
  if (wanted('P1.softmax-jac')) push('P1.softmax-jac', softmaxJacobianCheck());
  return results;
}
