// Replay of the §7 files that are not claim counterexamples: infimum certificates and necessity
// counterexamples (`jepa-verify replay FILE` dispatches here on the file's `kind`).
import { readFileSync, statSync } from 'node:fs';
import { InputError } from '../model/validate.ts';
import { replayInfimumCertificate, type InfimumCertificateFile } from './certificates.ts';
import { replayNecessityFile } from './ablate.ts';
import type { NecessityCounterexample } from './necessity.ts';

const KINDS = ['infimum-certificate', 'necessity-counterexample'] as const;

/** The file's kind when it is one of these (null for anything else, including unreadable files). */
export function minimiserFileKind(path: string, maxBytes = 5_000_000): (typeof KINDS)[number] | null {
  try {
    if (statSync(path).size > maxBytes) return null;
    const kind = (JSON.parse(readFileSync(path, 'utf8')) as { kind?: unknown }).kind;
    return (KINDS as readonly unknown[]).includes(kind) ? (kind as (typeof KINDS)[number]) : null;
  } catch {
    return null;
  }
}

export interface MinimiserReplay { claim: string; reading: string; refutes: boolean; lines: string[] }

/**
 * Certificates: `refutes` is true when the certificate still holds (exit 0, as a counterexample that
 * still refutes); necessity files: true when dropping the hypothesis still breaks the claim.
 */
export function replayMinimiserFile(path: string): MinimiserReplay {
  const file = JSON.parse(readFileSync(path, 'utf8')) as { kind: string; claim?: unknown };
  if (typeof file.claim !== 'string') throw new InputError('claim: expected a claim ID string');
  if (file.kind === 'infimum-certificate') {
    const r = replayInfimumCertificate(file as unknown as InfimumCertificateFile);
    return { claim: file.claim, reading: 'on-policy', refutes: r.holds, lines: r.lines };
  }
  const r = replayNecessityFile(file as unknown as NecessityCounterexample);
  return { claim: file.claim, reading: 'any', refutes: r.refutes, lines: r.lines };
}
