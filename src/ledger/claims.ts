// The ledger's claims: one file per claim under properties/, ordered as CLAIMS.md lists them.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Claim } from '../claims/framework.ts';
import { PACKAGE_ROOT } from '../packageRoot.ts';

export const CLAIM_ORDER = [
  'P1.rank', 'P1.dim', 'P1.u-exists', 'P1.logits-fixed', 'P1.logit-gain', 'P1.softmax-jac', 'P1.eq2', 'P1.dV', 'P1.eq3', 'P1.k1-pos', 'P1.eq4', 'P1.eq5', 'P1.combine', 'P1',
  'P2.dimU', 'P2.u-exists', 'P2.w-exists', 'P2.compensator', 'P2.logits-fixed', 'P2.logit-gain', 'P2.k1-pos', 'P2.eq3', 'P2.jepa', 'P2.combine', 'P2',
  'S6.deeper-heads',
  'G.attained', 'P1.gap', 'P2.gap', 'P1.local', 'P2.local',
];

export const PROPERTIES_DIR = join(PACKAGE_ROOT, 'properties');

export async function loadClaims(dir = PROPERTIES_DIR): Promise<Claim[]> {
  const files = readdirSync(dir).filter((f) => f.endsWith('.ts')).sort();
  const claims: Claim[] = [];
  for (const file of files) {
    const module = (await import(pathToFileURL(join(dir, file)).href)) as { default?: Claim };
    if (module.default && typeof module.default.id === 'string') claims.push(module.default);
  }
  const rank = (id: string) => {
    const i = CLAIM_ORDER.indexOf(id);
    return i < 0 ? CLAIM_ORDER.length : i;
  };
  return claims.sort((a, b) => rank(a.id) - rank(b.id) || (a.id < b.id ? -1 : 1));
}
