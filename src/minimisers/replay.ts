// Replay of the §7 files that are not claim counterexamples: infimum certificates and necessity
// counterexamples (`jepa-verify replay FILE` dispatches here on the file's `kind`). Each kind has
// its schema (src/schema/certificate.schema.json, necessity.schema.json), checked before the file
// is read further, as claim counterexamples are checked against counterexample.schema.json.
import { InputError } from '../model/validate.ts';
import { firstError, loadSchema } from '../schema/validate.ts';
import { replayInfimumCertificate, type InfimumCertificateFile } from './certificates.ts';
import { replayNecessityFile } from './ablate.ts';
import type { NecessityCounterexample } from './necessity.ts';

const KINDS = { 'infimum-certificate': 'certificate', 'necessity-counterexample': 'necessity' } as const;
type Kind = keyof typeof KINDS;

/** The file's kind when it is one of these (null for anything else: the file is then a claim counterexample or bad input). */
export function minimiserFileKind(data: unknown): Kind | null {
  const kind = (data as { kind?: unknown } | null)?.kind;
  return typeof kind === 'string' && Object.hasOwn(KINDS, kind) ? (kind as Kind) : null;
}

export interface MinimiserReplay { claim: string; reading: string; refutes: boolean; lines: string[] }

/**
 * The already parsed file (replay's input checks came first). Certificates: `refutes` is true when
 * the certificate still holds (exit 0, as a counterexample that still refutes); necessity files:
 * true when dropping the hypothesis still breaks the claim.
 */
export function replayMinimiserFile(data: unknown): MinimiserReplay {
  const kind = minimiserFileKind(data);
  if (!kind) throw new InputError(`kind: expected ${Object.keys(KINDS).join(' or ')}`);
  const problem = firstError(data, loadSchema(KINDS[kind]));
  if (problem) throw new InputError(problem);
  const file = data as { kind: Kind; claim: string };
  if (kind === 'infimum-certificate') {
    const r = replayInfimumCertificate(file as unknown as InfimumCertificateFile);
    return { claim: file.claim, reading: 'on-policy', refutes: r.holds, lines: r.lines };
  }
  const r = replayNecessityFile(file as unknown as NecessityCounterexample);
  return { claim: file.claim, reading: 'any', refutes: r.refutes, lines: r.lines };
}
