// Refiners for the three case types of the paper's claims, to be set as `refine:` on a check:
// prop1Refiner(kind) for Prop1Case, prop2Refiner(kind) for Prop2Case, refineCertificateCase for
// the global-minimiser certificates. `kind` names the claim's inequality so the derivation can
// conclude (src/derivation/conclude.ts); the reduction itself never looks at it.
import fc from 'fast-check';
import type { Mdp } from '../model/types.ts';
import { prop1Setup, type Prop1Case } from './prop1Case.ts';
import { prop2Setup, uPickArbitrary, wPickArbitrary, type Prop2Case } from './prop2Case.ts';
import { collapsedInstanceOfSize } from '../search/arbitraries/collapsedInstance.ts';
import { partialInstanceOfShape } from '../search/arbitraries/partialInstance.ts';
import { mdpArbitrary } from '../search/arbitraries/mdp.ts';
import { perturbationDerivation, perturbationFacts, type PerturbationFacts, type PerturbationInput } from '../derivation/perturbation.ts';
import { bestWitness } from '../derivation/witness.ts';
import { certificateDerivation } from '../derivation/certificate.ts';
import { conclude, type ClaimKind } from '../derivation/conclude.ts';
import type { Reading } from '../model/types.ts';
import { derivedFrom, refineWith, sampleOf, type Adapter, type Derived } from '../search/refine.ts';
import type { Param } from '../search/reduce/reduce.ts';
import { rankOf } from '../construction/nullspace.ts';

const positive = (v: number) => v > 0;
const above1 = (v: number) => v > 1;
const unit = (v: number) => Math.abs(v) <= 1;
const indexed = (prefix: (string | number)[], n: number, ok: (v: number) => boolean): Param[] => Array.from({ length: n }, (_, i) => ({ path: [...prefix, i], ok }));

/** Which k the check uses: the free k, or kScale x the §4.5 / §5.5 threshold. */
export type KRule = 'free' | 'threshold';

type WithFacts = Derived & { input?: PerturbationInput; facts?: PerturbationFacts };

const witnessOf = (kind: ClaimKind) => (_c: unknown, d: WithFacts) =>
  d.input && d.facts && d.failing && d.failing.length > 0 ? bestWitness(kind, d.input, d.facts, d.failing) : [];

const oneAction = () => 'no counterexample with |A| = 1: one action is optimal in every state, so Assumption 1 fails';

/** The chain at the case's k; "some k > 0" claims are derived at k = 1 and compared with k = 0. */
function deriveAt(kind: ClaimKind, input: PerturbationInput): WithFacts {
  const built = perturbationDerivation(kind === 'someK' ? { ...input, k: 1 } : input);
  const zero = kind === 'someK' ? perturbationDerivation({ ...input, k: 0 }).facts : undefined;
  return { ...derivedFrom(kind, built, zero), input, facts: built.facts };
}

/** deriveAt's failing readings from the facts alone (no chain for a reader): the same facts, so the same conclusion. */
function failingAt(kind: ClaimKind, input: PerturbationInput): Reading[] | null {
  const facts = perturbationFacts(kind === 'someK' ? { ...input, k: 1 } : input);
  const zero = kind === 'someK' ? perturbationFacts({ ...input, k: 0 }) : undefined;
  return conclude(kind, facts, zero).failing;
}

export function prop1Adapter(kind: ClaimKind, kRule: KRule = kind === 'combine' ? 'threshold' : 'free'): Adapter<Prop1Case> {
  const id = `prop1:${kind}:${kRule}`;
  const inputOf = (c: Prop1Case): PerturbationInput | null => {
    const r = prop1Setup(c);
    if (!r.ok) return null;
    const { pred, u } = r.setup;
    const k = kRule === 'threshold' && r.setup.kMin > 0 && Number.isFinite(r.setup.kMin) ? c.kScale * r.setup.kMin : c.k;
    return { instance: c.instance, state: pred.state, action: pred.action, u, r: u, k, uExact: r.setup.uExact(), rExact: r.setup.uExact() };
  };
  const derive = (c: Prop1Case): WithFacts | null => { const input = inputOf(c); return input && deriveAt(kind, input); };
  const failing = (c: Prop1Case): Reading[] | null => { const input = inputOf(c); return input && failingAt(kind, input); };
  return {
    id,
    view: {
      modelPath: ['instance'], parameters: [{ path: ['k'], ok: positive }, { path: ['kScale'], ok: above1 }, ...indexed(['uPick'], 4, unit)],
      // u up to sign: the picked combination of the null-space basis, negated (all-zero weights mean basis[0]).
      alternatives: (c) => [{ ...c, uPick: c.uPick.every((x) => x === 0) ? [-1, 0, 0, 0] : c.uPick.map((x) => -x) }],
    },
    derive,
    failing,
    witness: witnessOf(kind),
    sample: (sz, n, seed) => sampleOf(fc.record({ instance: collapsedInstanceOfSize(sz), pair: fc.nat(1000), uPick: fc.constant([1]), k: fc.constantFrom(1, 2, 0.5), kScale: fc.constantFrom(2, 4, 1.5) }), n, seed),
    proofs: (sz) => (sz.A === 2 ? [oneAction()] : []),
    floor: { S: 1, A: 2, d: 1 },
  };
}

export const prop1Refiner = (kind: ClaimKind = 'generic', kRule?: KRule) => {
  const ad = prop1Adapter(kind, kRule);
  return (c: Prop1Case, stillRefutes: (c: Prop1Case) => boolean) => refineWith(c, stillRefutes, ad);
};
/** The one-line default for Prop. 1 checks: reduction, explain, minimality and the generic chain. */
export const refineProp1Case = prop1Refiner('generic');

export function prop2Adapter(kind: ClaimKind, kRule: KRule = kind === 'combine' ? 'threshold' : 'free'): Adapter<Prop2Case> {
  const id = `prop2:${kind}:${kRule}`;
  const inputOf = (c: Prop2Case): PerturbationInput | null => {
    const r = prop2Setup(c, null);
    if (!r.ok) return null;
    const s = r.setup;
    const k = kRule === 'threshold' && s.kBound !== null && s.k1p > 0 && s.kBound > 0 ? c.kScale * s.kBound : c.k;
    const e = s.exact();
    return { instance: s.instance, state: s.sa, action: s.action, u: s.u, r: s.r, k, uExact: e?.uExact, rExact: e?.rExact, stateName: 's_a' };
  };
  const derive = (c: Prop2Case): WithFacts | null => { const input = inputOf(c); return input && deriveAt(kind, input); };
  const failing = (c: Prop2Case): Reading[] | null => { const input = inputOf(c); return input && failingAt(kind, input); };
  return {
    id,
    view: {
      modelPath: ['partial', 'instance'],
      afterStateDelete: (c, s) => {
        const [x, y] = c.partial.pair;
        if (x === s || y === s) return null;
        return { ...c, partial: { ...c.partial, pair: [x > s ? x - 1 : x, y > s ? y - 1 : y] } };
      },
      alternatives: (c) => [
        { ...c, uPick: { ...c.uPick, weights: c.uPick.weights.every((x) => x === 0) ? [-1, 0, 0, 0] : c.uPick.weights.map((x) => -x) } },
        { ...c, wPick: { ...c.wPick, sign: (c.wPick.sign === 1 ? -1 : 1) as 1 | -1 } },
      ],
      parameters: [{ path: ['k'], ok: positive }, { path: ['kScale'], ok: above1 }, ...indexed(['uPick', 'weights'], 4, unit), { path: ['wPick', 'scale'], ok: positive }, { path: ['wPick', 'alpha'], ok: (v) => v >= 0 && v <= 1 }, ...indexed(['wPick', 'beta'], 4, unit)],
    },
    derive,
    failing,
    witness: witnessOf(kind),
    sample: (sz, n, seed) => sampleOf(fc.record({
      partial: partialInstanceOfShape({ S: sz.S, A: sz.A, d: sz.d, r: Math.max(0, Math.min(sz.S - 1, sz.d)), q: null, mode: 'free' }),
      pair: fc.nat(1000), uPick: uPickArbitrary(), wPick: wPickArbitrary(), k: fc.constantFrom(1, 2, 0.5), kScale: fc.constantFrom(2, 4, 1.5),
    }), n, seed),
    proofs: (sz, c) => {
      const inst = c.partial.instance;
      const dimS = rankOf(inst.encoder, sz.d);
      const rankW = rankOf(inst.head.W, sz.d);
      return [
        ...(sz.A === 2 ? [oneAction()] : []),
        ...(sz.S === 2 ? ['no counterexample with |S| = 1: Prop. 2 needs two distinct states sharing z_d'] : []),
        `Assumption 3 bounds d from below: here dim span(P) = ${dimS}, so reading (i) needs d >= dim span(P) + |A| + 2 = ${dimS + sz.A + 2}, reading (ii) d >= |S| + |A| + 2 = ${sz.S + sz.A + 2}, reading (iv) d >= dim span(P) + rank(W) + 2 = ${dimS + rankW + 2} (d = ${sz.d})`,
      ];
    },
    floor: { S: 2, A: 2, d: 1 },
  };
}

export const prop2Refiner = (kind: ClaimKind = 'generic', kRule?: KRule) => {
  const ad = prop2Adapter(kind, kRule);
  return (c: Prop2Case, stillRefutes: (c: Prop2Case) => boolean) => refineWith(c, stillRefutes, ad);
};
export const refineProp2Case = prop2Refiner('generic');

export interface CertificateLike { mdp: Mdp; lambda: number }

export const certificateAdapter: Adapter<CertificateLike> = {
  id: 'certificate',
  view: { modelPath: [] },
  derive: (c) => ({ derivation: certificateDerivation(c.mdp), failing: null, exact: true, compared: null, interpretations: ['on-policy and fixed-data: A^{pi_c} <= 0 at every reachable state with V = sum_a pi_c Q forces A^{pi_c} = 0 there, so both lower bounds (-V*(mu) on-policy, 0 for the fixed-data surrogate) are attained'] }),
  sample: (sz, n, seed) => sampleOf(fc.record({ mdp: mdpArbitrary(sz.S, sz.A), lambda: fc.constant(1) }), n, seed),
  proofs: (sz) => (sz.A === 2 ? [oneAction()] : []),
  floor: { S: 1, A: 2, d: 0 },
};

export const refineCertificateCase = <C extends CertificateLike>(c: C, stillRefutes: (c: C) => boolean) =>
  refineWith(c, stillRefutes as (c: CertificateLike) => boolean, certificateAdapter) as { value: C; notes: Record<string, unknown> };
