// The derivation of a §4 / §5 counterexample: the chain a reader recomputes by hand, pi, V, Q, A,
// d_pi, p, k1, e, E_max, L, C, C', the logit change, and dDelta J/deps at eps = 0 in both readings,
// exact rationals where the inputs, the direction u and the policy are rational, 64 digits otherwise.
import type { Fraction } from 'mathjs';
import type { Instance, Reading } from '../model/types.ts';
import { READINGS } from '../model/types.ts';
import type { Derivation, DerivationStep } from '../report/schema.ts';
import { baseQuantities, digitsScalar, exactScalar, firstOrderBoth, NotRationalError, secondOrderBoth, type FirstOrder, type Scalar, type SecondOrder } from '../precise/dual.ts';
import { gaussSolve, SingularSystemError } from '../precise/linalg.ts';
import { lipschitz, spectralNorm } from '../engine/worldModel.ts';
import { rationalDirection, readerShow, recognise, sqrtRational } from './exactValues.ts';
import { contentKey } from '../engine/contentMemo.ts';
import { NOISE_64 } from '../precise/sign.ts';
import { getter, hide } from '../engine/getters.ts';

export interface PerturbationInput {
  instance: Instance;
  state: number;
  action: number;
  u: number[];
  r: number[];
  k: number;
  /** 64-digit directions the check confirms with (exactChannel.ts); the float ones otherwise. */
  uExact?: string[] | null;
  rExact?: string[] | null;
  /** Names for the moved state in the text: s_Δ (Prop. 1) or s_a (Prop. 2). */
  stateName?: string;
}

/** Everything the conclusions compare, as numbers (exact when `exact`), per reading. */
export interface PerturbationFacts {
  exact: boolean;
  k1: number; C: number; Cprime: number; k: number; m: number; rTu: number; rTuSign: number;
  slopes: Record<Reading, { PG: number; JEPA: number; J: number; d2JEPA: number; d2J: number }>;
  /** Exact comparisons, when exact: sign(slope - C) etc. computed in the field, not in float64. */
  signs: Record<Reading, { JEPAminusC: number; JEPAorder: 1 | 2; J: number; Jorder: 1 | 2; PGminusPred: number }>;
  k1Sign: number;
  /** Prop. 2: k1 with A^{pi_c} of the constant policy pi(.|z_d) played at every state, and sign(measured PG slope - its prediction). */
  k1Const?: number;
  constSigns?: Record<Reading, number>;
}

export interface BuiltDerivation { derivation: Derivation; facts: PerturbationFacts }

/**
 * The facts' quantities as the exact rationals they are, for a conclusion a reader sees ("k1 = 4/9",
 * not 0.444444). Only on a derivation built in the exact field for a reader; under a symbol key, so
 * the facts still compare (and serialise) as the numbers the decisions use.
 */
export interface RationalFacts {
  k: Fraction; k1: Fraction; C: Fraction; Cprime: Fraction; rTu: Fraction; k1Const?: Fraction;
  slopes: Record<Reading, { PG: Fraction; JEPA: Fraction; J: Fraction; d2JEPA: Fraction; d2J: Fraction }>;
}
const RATIONAL = Symbol('rational facts');
export const rationalFacts = (f: PerturbationFacts): RationalFacts | undefined => (f as { [RATIONAL]?: RationalFacts })[RATIONAL];

interface Parts<T> { Aconst?: T; S: Scalar<T>; fo: Record<Reading, FirstOrder<T>>; so: () => Record<Reading, SecondOrder<T>>; L: { value: T; exact: boolean }; Emax: { value: T; exact: boolean }; rTu: T }

function compute<T>(S: Scalar<T>, inp: PerturbationInput, u: T[], r: T[]): Parts<T> {
  const p = { state: inp.state, action: inp.action, u, r, k: S.of(inp.k) };
  const fo = firstOrderBoth(S, inp.instance, p);
  // Second derivatives decide where a slope ties its bound (e.g. L = 0, C = 0 with a moving target).
  // Computed when first asked (the steps always ask; a decision only at a tie): they fail only where
  // the first derivatives already did (same values, same policy, same tanh arguments).
  let second: Record<Reading, SecondOrder<T>> | null = null;
  const so = () => (second ??= secondOrderBoth(S, inp.instance, p));
  const base = fo['on-policy'].base;
  // E_max^2 = max ||W_psi(z_s, a) - z_s'||^2 over transitions with P > 0 (the check's definition).
  let e2: T = S.zero;
  inp.instance.mdp.P.forEach((rows, s) => rows.forEach((row, a) => row.forEach((q, t) => {
    if (q > 0 && S.toNumber(S.sub(base.errSq[s][a][t], e2)) > 0) e2 = base.errSq[s][a][t];
  })));
  const rTu = u.reduce((acc, x, j) => S.add(acc, S.mul(x, r[j])), S.zero);
  // Prop. 2's other reading of A^{pi_c}: the advantage of pi(.|z_d) played at every state, i.e. the
  // instance with every code set to the moved state's z_d (its policy is constant across states).
  let Aconst: T | undefined;
  if (inp.stateName === 's_a') {
    const zd = inp.instance.encoder[inp.state];
    const collapsed = { ...inp.instance, encoder: inp.instance.encoder.map(() => zd.slice()) };
    Aconst = baseQuantities(S, collapsed).A[inp.state][inp.action];
  }
  return { Aconst, S, fo, so, L: lipschitzIn(S, inp.instance), Emax: sqrtIn(S, e2), rTu };
}

function sqrtIn<T>(S: Scalar<T>, x: T): { value: T; exact: boolean } {
  if (S.name === 'exact') {
    const root = sqrtRational(x as unknown as Fraction);
    if (root) return { value: root as unknown as T, exact: true };
    throw new NotRationalError('E_max is irrational');
  }
  return { value: (x as unknown as { sqrt(): T }).sqrt(), exact: false };
}

/** L = max_a sigma_max(M_a): exact when the float64 value rounds a rational whose square is an eigenvalue of M_a^T M_a exactly. */
function lipschitzIn<T>(S: Scalar<T>, inst: Instance): { value: T; exact: boolean } {
  const wm = inst.worldModel;
  if (wm.kind !== 'affine') {
    if (S.name === 'exact') throw new NotRationalError('an MLP world model has no exact Lipschitz constant here');
    return { value: S.of(lipschitz(wm, inst.encoder[0].length).L), exact: false };
  }
  const { largest, guess } = affineLipschitz(wm.M);
  if (guess) {
    return { value: S.name === 'exact' ? (guess as unknown as T) : S.div(S.of(Number(guess.n)), S.of(Number(guess.d))), exact: true };
  }
  if (S.name === 'exact') throw new NotRationalError('L is irrational');
  return { value: S.of(largest), exact: false };
}

// The largest sigma_max of an affine world model and its exact rational when there is one: a function
// of M alone (spectral norms, then an exact determinant), asked for by every derivation of a
// refinement's candidates, most of which keep M. Remembered by M's content (every double's bits).
const LIPSCHITZ_MEMO = 256;
const lipschitzMemo = new Map<string, { largest: number; guess: Fraction | null }>();
function affineLipschitz(Ms: number[][][]): { largest: number; guess: Fraction | null } {
  const key = contentKey(Ms);
  const hit = key === null ? undefined : lipschitzMemo.get(key);
  if (hit) return hit;
  const sig = Ms.map((M) => spectralNorm(M));
  const a = sig.indexOf(Math.max(...sig));
  const recognised = recognise(sig[a], 4096, 1e-12);
  const out = { largest: sig[a], guess: recognised && exactSingular(Ms[a], recognised) ? recognised : null };
  if (key !== null) {
    if (lipschitzMemo.size >= LIPSCHITZ_MEMO) lipschitzMemo.clear();
    lipschitzMemo.set(key, out);
  }
  return out;
}

/** Is l^2 an eigenvalue of M^T M (det(M^T M - l^2 I) = 0, exactly)? */
function exactSingular(M: number[][], l: Fraction): boolean {
  const F = exactScalar;
  const d = M.length;
  const G = Array.from({ length: d }, (_, i) => Array.from({ length: d }, (_, j) => {
    let s = F.zero;
    for (let k = 0; k < d; k++) s = F.add(s, F.mul(F.of(M[k][i]), F.of(M[k][j])));
    return i === j ? F.sub(s, l.mul(l)) : s;
  }));
  try { gaussSolve(F, G, G.map(() => [F.zero]), 'M^T M - L^2 I'); return false; } catch (e) { return e instanceof SingularSystemError; }
}

/** Build the chain in the exact field when possible, else at 64 digits. */
export function perturbationDerivation(inp: PerturbationInput, withSteps = true): BuiltDerivation {
  const uq = rationalDirection(inp.u, inp.uExact);
  const rq = rationalDirection(inp.r, inp.rExact);
  if (uq && rq) {
    try { return assemble(compute(exactScalar, inp, uq, rq), inp, withSteps); } catch (e) { if (!(e instanceof NotRationalError)) throw e; }
  }
  const S = digitsScalar(64);
  const dir = (x: number[], e?: string[] | null) => (e ? e.map(S.parse) : x.map(S.of));
  return assemble(compute(S, inp, dir(inp.u, inp.uExact), dir(inp.r, inp.rExact)), inp, withSteps);
}

/**
 * The facts of perturbationDerivation alone, for deciding a case (which readings it refutes) without
 * the chain a reader sees: the same numbers, with the second derivatives computed only where a sign
 * needs them or a reader of slopes asks for them (d2JEPA, d2J are then computed on first read).
 */
export function perturbationFacts(inp: PerturbationInput): PerturbationFacts {
  return perturbationDerivation(inp, false).facts;
}

function assemble<T>(parts: Parts<T>, inp: PerturbationInput, withSteps: boolean): BuiltDerivation {
  const { S, fo, so, L, Emax, rTu, Aconst } = parts;
  // Signs: exact in the rational field; at 64 digits a value below NOISE_64 (1e-40) of its scale is rounding (taken as 0), the margin of precise/sign.ts.
  const sgn = (x: T, ...scale: T[]) => {
    if (exact) return S.sign(x);
    const big = Math.max(1, ...scale.map((y) => Math.abs(S.toNumber(y))));
    return Math.abs(S.toNumber(x)) <= NOISE_64 * big ? 0 : S.sign(x);
  };
  const half = S.div(S.one, S.of(2));
  const exact = S.name === 'exact';
  const b = fo['on-policy'].base;
  const s = inp.state;
  const a = inp.action;
  const sn = inp.stateName ?? 's_\\Delta';
  const lambda = S.of(inp.instance.lambda);
  const p = b.pi[s][a];
  const adv = b.A[s][a];
  const m = b.d[s];
  const k1 = S.mul(S.mul(m, p), adv);
  const C = S.mul(S.mul(S.mul(S.mul(S.of(2), lambda), m), L.value), Emax.value);
  const Cp = S.mul(S.mul(S.mul(lambda, m), L.value), L.value);
  const k = S.of(inp.k);
  const step = (symbol: string, latex: string, value: string, ex: boolean, formula?: string): DerivationStep => ({ symbol, latex, value, exact: ex, ...(formula ? { formula } : {}) });
  const show = readerShow(S);
  const steps: DerivationStep[] = !withSteps ? [] : [
    step('pi', '\\pi(a \\mid s)', show.mat(b.pi), exact, 'softmax(W z_s + b); equal logits give 1/|A|'),
    step('V', 'V^{\\pi}', show.vec(b.V), exact, '(I - \\gamma P_\\pi) V = r_\\pi'),
    step('Q', 'Q^{\\pi}(s, a)', show.mat(b.Q), exact, 'R(s,a) + \\gamma \\sum_{s\'} P(s\'|s,a) V(s\')'),
    step('A', 'A^{\\pi}(s, a)', show.mat(b.A), exact, 'Q - V'),
    step('d_pi', 'd_\\pi', show.vec(b.d), exact, '(I - \\gamma P_\\pi)^T d = \\mu (discounted visits)'),
    step('p', `p_{a_\\Delta} = \\pi(a_\\Delta \\mid ${sn})`, show.scalar(p), exact),
    step('A_delta', `A^{\\pi}(${sn}, a_\\Delta)`, show.scalar(adv), exact),
    step('k1', `k_1 = d_\\pi(${sn})\\, p_{a_\\Delta} A^{\\pi}(${sn}, a_\\Delta)`, show.scalar(k1), exact),
    step('e2', 'e^2(s,a,s\') = \\lVert W_\\psi(z_s, a) - z_{s\'} \\rVert^2', show.mat(b.errSq.map((rows) => rows.flat())), exact, 'rows s, entries (a, s\') in order'),
    step('E_max', 'E_{\\max} = \\max_{P(s\'|s,a) > 0} e', show.scalar(Emax.value), Emax.exact && exact),
    step('L', 'L = \\max_a \\sigma_{\\max}(M_a)', show.scalar(L.value), L.exact, inp.instance.worldModel.kind === 'affine' ? undefined : 'MLP: the check\'s certified bound (product of layer spectral norms), float64'),
    step('C', `C = 2 \\lambda m L E_{\\max},\\ m = d_\\pi(${sn})`, show.scalar(C), exact),
    step('Cprime', "C' = \\lambda m L^2", show.scalar(Cp), exact),
    step('rTu', inp.stateName === 's_a' ? 'w^T u' : 'u^T u', show.scalar(rTu), exact, 'the head tweak is k e_{a_Δ} r^T with r = u (Prop. 1) or r = w (Prop. 2)'),
    step('dlogits', `\\partial_\\varepsilon\\, l(${sn})`, show.vec(fo['on-policy'].dLogits), exact, 'the logit of a_Δ moves by k (r^T u) per unit eps'),
  ];
  const slopes = {} as PerturbationFacts['slopes'];
  const signs = {} as PerturbationFacts['signs'];
  for (const rd of READINGS) {
    const f = fo[rd];
    const tag = rd === 'on-policy' ? '\\text{on-policy}' : '\\text{fixed data}';
    const q = () => so()[rd];
    if (withSteps) steps.push(
      step(`d2J_JEPA/deps2 (${rd})`, `\\partial^2_\\varepsilon \\Delta\\mathcal{J}_{JEPA}\\ (${tag})`, show.scalar(q().d2J_JEPA), exact),
      step(`d2J/deps2 (${rd})`, `\\partial^2_\\varepsilon \\Delta\\mathcal{J}\\ (${tag})`, show.scalar(q().d2J), exact),
    );
    if (withSteps) steps.push(
      step(`dJ_PG/deps (${rd})`, `\\partial_\\varepsilon \\Delta\\mathcal{J}_{PG}\\ (${tag})`, show.scalar(f.dJ_PG), exact),
      step(`dJ_JEPA/deps (${rd})`, `\\partial_\\varepsilon \\Delta\\mathcal{J}_{JEPA}\\ (${tag})`, show.scalar(f.dJ_JEPA), exact),
      step(`dJ/deps (${rd})`, `\\partial_\\varepsilon \\Delta\\mathcal{J}\\ (${tag})`, show.scalar(f.dJ), exact),
    );
    slopes[rd] = withSteps
      ? { PG: S.toNumber(f.dJ_PG), JEPA: S.toNumber(f.dJ_JEPA), J: S.toNumber(f.dJ), d2JEPA: S.toNumber(q().d2J_JEPA), d2J: S.toNumber(q().d2J) }
      : lazySlopes(S.toNumber(f.dJ_PG), S.toNumber(f.dJ_JEPA), S.toNumber(f.dJ), () => S.toNumber(q().d2J_JEPA), () => S.toNumber(q().d2J));
    const first = sgn(S.sub(f.dJ_JEPA, C), f.dJ_JEPA, C);
    // Delta J_JEPA - (C eps + C' eps^2) = (slope - C) eps + (f''/2 - C') eps^2 + O(eps^3).
    const jepa = () => (first !== 0 ? first : sgn(S.sub(S.mul(half, q().d2J_JEPA), Cp), q().d2J_JEPA, Cp));
    const firstJ = sgn(f.dJ, f.dJ_PG, f.dJ_JEPA);
    const signJ = () => (firstJ !== 0 ? firstJ : sgn(q().d2J, q().d2J_PG, q().d2J_JEPA));
    const PGminusPred = sgn(S.add(f.dJ_PG, S.mul(S.mul(k1, rTu), k)), f.dJ_PG);
    const JEPAorder = first !== 0 ? 1 : 2;
    const Jorder = firstJ !== 0 ? 1 : 2;
    // Facts alone: a sign that needs the second derivatives is decided when a conclusion reads it.
    signs[rd] = withSteps
      ? { JEPAminusC: jepa(), JEPAorder, J: signJ(), Jorder, PGminusPred }
      : lazySigns(jepa, JEPAorder, signJ, Jorder, PGminusPred);
  }
  if (withSteps) steps.push(step('eq3', '-k_1 (r^T u) k\\ (\\text{eq. (3) slope})', show.scalar(S.sub(S.zero, S.mul(S.mul(k1, rTu), k))), exact));
  const k1c = Aconst === undefined ? undefined : S.mul(S.mul(m, p), Aconst);
  if (Aconst !== undefined && withSteps) steps.push(step('A_const', `A^{\\pi_c}(${sn}, a_\\Delta),\\ \\pi_c = \\pi(\\cdot|z_d) \\text{ at every state}`, show.scalar(Aconst), exact), step('k1_const', "k_1' / (w^T u) \\text{ with that } A", show.scalar(k1c!), exact));
  const facts: PerturbationFacts = {
    exact, k1: S.toNumber(k1), C: S.toNumber(C), Cprime: S.toNumber(Cp), k: inp.k, m: S.toNumber(m), rTu: S.toNumber(rTu), rTuSign: S.sign(rTu), slopes, signs, k1Sign: sgn(k1),
    ...(k1c !== undefined ? { k1Const: S.toNumber(k1c), constSigns: Object.fromEntries(READINGS.map((rd) => [rd, sgn(S.add(fo[rd].dJ_PG, S.mul(S.mul(k1c, rTu), k)), fo[rd].dJ_PG)])) as Record<Reading, number> } : {}),
  };
  if (exact && withSteps) {
    const q = (x: T) => x as unknown as Fraction;
    const rational: RationalFacts = {
      k: q(k), k1: q(k1), C: q(C), Cprime: q(Cp), rTu: q(rTu), ...(k1c !== undefined ? { k1Const: q(k1c) } : {}),
      slopes: Object.fromEntries(READINGS.map((rd) => [rd, { PG: q(fo[rd].dJ_PG), JEPA: q(fo[rd].dJ_JEPA), J: q(fo[rd].dJ), d2JEPA: q(so()[rd].d2J_JEPA), d2J: q(so()[rd].d2J) }])) as RationalFacts['slopes'],
    };
    Object.defineProperty(facts, RATIONAL, { value: rational, enumerable: false });
  }
  return { derivation: { steps, conclusion: '' }, facts };
}

// Facts without steps decide the second-order numbers on first read. Their lazy fields come from
// shared descriptors, not literal getters: a literal getter gives each object a hidden class of its
// own (old space) whose closures kept the case's derivation alive through scavenges (engine/getters.ts).
// Same keys in the same order; the closures sit under a non-enumerable symbol.
const LAZY = Symbol('lazy facts');
type Slopes = PerturbationFacts['slopes'][Reading];
type Signs = PerturbationFacts['signs'][Reading];
const lazy = (o: object, i: number): number => (o as Record<symbol, (() => number)[]>)[LAZY][i]();
const D2JEPA = getter(function (this: Slopes) { return lazy(this, 0); });
const D2J = getter(function (this: Slopes) { return lazy(this, 1); });
const JEPA_MINUS_C = getter(function (this: Signs) { return lazy(this, 0); });
const SIGN_J = getter(function (this: Signs) { return lazy(this, 1); });

function lazySlopes(PG: number, JEPA: number, J: number, d2JEPA: () => number, d2J: () => number): Slopes {
  const o = hide({ PG, JEPA, J }, LAZY, [d2JEPA, d2J]) as Slopes;
  Object.defineProperty(o, 'd2JEPA', D2JEPA);
  Object.defineProperty(o, 'd2J', D2J);
  return o;
}

function lazySigns(jepa: () => number, JEPAorder: 1 | 2, signJ: () => number, Jorder: 1 | 2, PGminusPred: number): Signs {
  const o = hide({}, LAZY, [jepa, signJ]) as Signs;
  Object.defineProperty(o, 'JEPAminusC', JEPA_MINUS_C);
  o.JEPAorder = JEPAorder;
  Object.defineProperty(o, 'J', SIGN_J);
  o.Jorder = Jorder;
  o.PGminusPred = PGminusPred;
  return o;
}
