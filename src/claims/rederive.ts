// Recompute a counterexample file's derivation from its case alone (for `replay FILE`): the file names
// the adapter that derived it (derivationSource), and the derivation is rebuilt in exact or 64-digit
// arithmetic from `case`, never copied from the file.
import type { Derivation } from '../report/schema.ts';
import type { ClaimKind } from '../derivation/conclude.ts';
import type { Prop1Case } from './prop1Case.ts';
import type { Prop2Case } from './prop2Case.ts';
import { certificateAdapter, prop1Adapter, prop2Adapter, type CertificateLike, type KRule } from './refiners.ts';

const KINDS: ClaimKind[] = ['eq5', 'combine', 'someK', 'eq3', 'k1', 'jepa-bound', 'generic'];

/** The derivation recomputed from file.case, or null when the file names no (known) source. */
export function rederive(file: Record<string, unknown>): Derivation | null {
  const source = typeof file.derivationSource === 'string' ? file.derivationSource : null;
  if (!source || !file.case) return null;
  if (source === 'certificate') return certificateAdapter.derive?.(file.case as CertificateLike)?.derivation ?? null;
  const [family, kind, kRule] = source.split(':');
  if (!KINDS.includes(kind as ClaimKind) || (kRule !== 'free' && kRule !== 'threshold')) return null;
  if (family === 'prop1') return prop1Adapter(kind as ClaimKind, kRule as KRule).derive?.(file.case as Prop1Case)?.derivation ?? null;
  if (family === 'prop2') return prop2Adapter(kind as ClaimKind, kRule as KRule).derive?.(file.case as Prop2Case)?.derivation ?? null;
  return null;
}
