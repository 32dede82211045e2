// Re-checking a recorded counterexample from its file alone: the case is re-run in float64, the
// violation confirmed at high precision, and every hypothesis it relies on re-decided at 64 digits
// or exactly (verify.ts's judgeCase, the same judgement the search used). `replay` calls this.
import type { Claim, PropertyCheck } from './types.ts';
import { fmt } from './format.ts';
import { judgeCase } from './verify.ts';

/** The check a label names: '' or 'checkN' among claim.checks, 'repairN[-i]' among the repairs. */
export function findCheck(claim: Claim, reading: string, label: string | undefined): PropertyCheck<unknown> | undefined {
  const repair = label?.match(/^repair(\d+)(?:-(\d+))?$/);
  if (repair) {
    const checks = claim.repairs?.[Number(repair[1]) - 1]?.checks ?? [];
    return (repair[2] ? checks[Number(repair[2]) - 1] : checks.find((c) => c.reading === reading)) as PropertyCheck<unknown> | undefined;
  }
  const numbered = label?.match(/^check(\d+)$/);
  if (numbered) return claim.checks[Number(numbered[1]) - 1] as PropertyCheck<unknown> | undefined;
  return claim.checks.find((c) => c.reading === reading) as PropertyCheck<unknown> | undefined;
}

export interface Recheck {
  refutes: boolean;
  /** 'refuted' | 'outside' (a hypothesis fails when re-decided) | 'vanished' | 'unavailable' | 'no violation' | 'error'. */
  status: string;
  lines: string[];
}

/** Re-judge one recorded case of one check: float64, high precision, hypotheses re-decided. */
export function recheckCase<T>(check: PropertyCheck<T>, value: T): Recheck {
  const { evaluated, verified } = judgeCase(check, value);
  if (evaluated.kind === 'crash') return { refutes: false, status: 'error', lines: [`verdict: error (the check failed: ${String((evaluated.error as Error)?.message ?? evaluated.error).split('\n')[0]})`] };
  if (evaluated.kind !== 'violation') {
    const why = evaluated.kind === 'skip' ? `the case is outside the hypotheses: ${evaluated.reason}` : evaluated.kind === 'undecided' ? `undecided: ${evaluated.reason}` : 'float64 finds no violation';
    return { refutes: false, status: 'no violation', lines: [`verdict: not refuted (${why})`] };
  }
  const lines = [`float64: ${evaluated.message}; margin ${fmt(evaluated.margin)} against noise ${fmt(evaluated.noise)}`];
  if (!verified) return { refutes: false, status: 'error', lines };
  switch (verified.status) {
    case 'error':
      return { refutes: false, status: 'error', lines: [...lines, `verdict: error (the high-precision check failed: ${String((verified.error as Error)?.message ?? verified.error).split('\n')[0]})`] };
    case 'outside':
      return { refutes: false, status: 'outside', lines: [...lines, `verdict: not refuted (${verified.reason})`] };
    default: {
      const c = verified.confirmation;
      lines.push(`${Number.isFinite(c.digits) ? `${c.digits} digits` : 'exact'}: ${c.message}; margin ${fmt(c.margin)}`);
      if (verified.status === 'confirmed') {
        if (verified.hypotheses) lines.push(`hypotheses re-decided: ${verified.hypotheses}`);
        return { refutes: true, status: 'refuted', lines: [...lines, 'verdict: refuted'] };
      }
      return { refutes: false, status: verified.status, lines: [...lines, verified.status === 'unavailable' ? 'verdict: inconclusive (the high-precision check could not decide this case: none exists for it, or its slope did not settle)' : 'verdict: not refuted (the float64 violation vanishes at high precision)'] };
    }
  }
}

/** A counterexample file re-checked against the claims (by claim ID, reading and repair label). null when no check matches. */
export function recheckCounterexample(file: { claim: string; reading: string; repairLabel?: unknown; case?: unknown }, claims: Claim[]): Recheck | null {
  const claim = claims.find((c) => c.id === file.claim);
  if (!claim) return null;
  const check = findCheck(claim, file.reading, typeof file.repairLabel === 'string' ? file.repairLabel : undefined);
  if (!check) return null;
  return recheckCase(check, file.case);
}
