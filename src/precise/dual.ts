// Forward-mode dual numbers x + x' ε (ε^2 = 0) over any Field<T> of linalg.ts, and the exact
// first-order coefficient dDelta J/deps at eps = 0 of the §4.2 / §5.3 perturbations.
//
// Why: a first-order claim is decided by a derivative at eps = 0. The Taylor fit estimates it from
// finite differences; here it is computed directly, as an exact rational when the inputs are
// rationals and the policy is (every logit row constant: softmax gives 1/|A|; exp of a non-zero
// rational is irrational, so no other row is), and at 64 digits otherwise. The solver is the
// shared gaussSolve of linalg.ts, run over the dual field; the pipeline is eq. (1) as evaluate.ts
// writes it (softmax, M = I - gamma P_pi, V, d_pi, Q, A, JEPA errors), written once over a field
// because evaluate.ts's copy is bound to BigNumber methods (exp, ln, gt).
import { READINGS, type Instance, type Reading } from '../model/types.ts';
import { gaussSolve, transpose, type Field } from './linalg.ts';
import { NotRationalError, softmaxByExp, type Scalar } from './scalars.ts';

export { digitsScalar, exactScalar, float64Scalar, NotRationalError, shortDecimal, showFraction, type Scalar } from './scalars.ts';

// ---------------------------------------------------------------- dual numbers

export interface Dual<T> { re: T; du: T }

export function dualField<T>(F: Field<T>): Field<Dual<T>> {
  return {
    zero: { re: F.zero, du: F.zero },
    one: { re: F.one, du: F.zero },
    add: (a, b) => ({ re: F.add(a.re, b.re), du: F.add(a.du, b.du) }),
    sub: (a, b) => ({ re: F.sub(a.re, b.re), du: F.sub(a.du, b.du) }),
    mul: (a, b) => ({ re: F.mul(a.re, b.re), du: F.add(F.mul(a.re, b.du), F.mul(a.du, b.re)) }),
    // (a + a'ε) / (b + b'ε) = a/b + (a' b - a b') / b^2 ε
    div: (a, b) => ({ re: F.div(a.re, b.re), du: F.div(F.sub(F.mul(a.du, b.re), F.mul(a.re, b.du)), F.mul(b.re, b.re)) }),
    // Pivoting and singularity look at the value only: the system is non-singular iff its value is.
    cmpAbs: (a, b) => F.cmpAbs(a.re, b.re),
    negligible: (p, scale) => F.negligible(p.re, scale.re),
  };
}

/**
 * The value part of dualField alone (du stays zero): for the eps = 0 evaluation, whose derivative
 * parts nothing reads. Its value parts are the same operations on the same numbers as dualField's.
 */
function valueField<T>(F: Field<T>): Field<Dual<T>> {
  const z = F.zero;
  return {
    zero: { re: F.zero, du: z },
    one: { re: F.one, du: z },
    add: (a, b) => ({ re: F.add(a.re, b.re), du: z }),
    sub: (a, b) => ({ re: F.sub(a.re, b.re), du: z }),
    mul: (a, b) => ({ re: F.mul(a.re, b.re), du: z }),
    div: (a, b) => ({ re: F.div(a.re, b.re), du: z }),
    cmpAbs: (a, b) => F.cmpAbs(a.re, b.re),
    negligible: (p, scale) => F.negligible(p.re, scale.re),
  };
}

// ---------------------------------------------------------------- eq. (1) over a field

/** The perturbation of FORMATS.md with u, r, k already in the field (eps is the dual direction). */
export interface FieldPerturbation<T> { state: number; action: number; u: T[]; r: T[]; k: T }

/** Quantities at eps = 0 (the real parts) a derivation shows. */
export interface BaseQuantities<T> {
  pi: T[][]; V: T[]; Q: T[][]; A: T[][]; d: T[];
  /** errSq[s][a][t] = ||W_psi(z_s, a) - z_t||^2 for every transition. */
  errSq: T[][][];
  J_PG: T; J_JEPA: T;
}

export interface FirstOrder<T> {
  scalar: Scalar<T>;
  reading: Reading;
  /** dDelta/deps at eps = 0 of each part of J under the reading. */
  dJ_PG: T; dJ_JEPA: T; dJ: T;
  base: BaseQuantities<T>;
  /** d/deps of the logits at the moved state (k |u|^2 e_aΔ-like; exact). */
  dLogits: T[];
}

interface Point<T> { pi: Dual<T>[][]; dLogPi: T[][]; V: Dual<T>[]; Q: Dual<T>[][]; A: Dual<T>[][]; d: Dual<T>[]; err: Dual<T>[][]; errSq: T[][][]; dl: T[][] }

/** The point at p (eps the dual direction); with p = null the unperturbed point, whose du parts are zero and unread (value parts only). */
function evaluateDual<T>(S: Scalar<T>, inst: Instance, p: FieldPerturbation<T> | null, shift?: T[], errors = true): Point<T> {
  const D = p ? dualField(S) : valueField(S);
  const nS = inst.mdp.P.length;
  const nA = inst.head.W.length;
  const d = inst.encoder[0].length;
  const c = (x: T): Dual<T> => ({ re: x, du: S.zero });
  const codes: Dual<T>[][] = inst.encoder.map((z, s) => z.map((x, j) => ({ re: p && shift && s === p.state ? S.add(S.of(x), shift[j]) : S.of(x), du: p && s === p.state ? p.u[j] : S.zero })));
  const W: T[][] = inst.head.W.map((row, a) => row.map((x, j) => (p && a === p.action ? S.add(S.of(x), S.mul(p.k, p.r[j])) : S.of(x))));
  const b = inst.head.b.map(S.of);
  const pi: Dual<T>[][] = [];
  const dLogPi: T[][] = [];
  const dl: T[][] = [];
  for (let s = 0; s < nS; s++) {
    const l = W.map((row, a) => row.reduce((acc, w, j) => D.add(acc, D.mul(c(w), codes[s][j])), c(b[a])));
    const piRe = softmaxRe(S, l.map((x) => x.re));
    // dpi_a = pi_a (dl_a - sum_b pi_b dl_b); dlog pi_a = dl_a - sum_b pi_b dl_b.
    const mean = l.reduce((acc, x, a) => S.add(acc, S.mul(piRe[a], x.du)), S.zero);
    const dlog = l.map((x) => S.sub(x.du, mean));
    pi.push(piRe.map((q, a) => ({ re: q, du: S.mul(q, dlog[a]) })));
    dLogPi.push(dlog);
    dl.push(l.map((x) => x.du));
  }
  const P = inst.mdp.P.map((rs) => rs.map((r) => r.map(S.of)));
  const gamma = S.of(inst.mdp.gamma);
  const M: Dual<T>[][] = [];
  const rPi: Dual<T>[][] = [];
  for (let s = 0; s < nS; s++) {
    const row: Dual<T>[] = [];
    for (let t = 0; t < nS; t++) {
      let pst = D.zero;
      for (let a = 0; a < nA; a++) pst = D.add(pst, D.mul(pi[s][a], c(P[s][a][t])));
      row.push(D.sub(s === t ? D.one : D.zero, D.mul(c(gamma), pst)));
    }
    M.push(row);
    rPi.push([inst.mdp.R[s].reduce((acc, r, a) => D.add(acc, D.mul(pi[s][a], c(S.of(r)))), D.zero)]);
  }
  const V = gaussSolve(D, M, rPi, 'I - gamma P_pi (dual)').map((x) => x[0]);
  const dvis = gaussSolve(D, transpose(M), inst.mdp.mu.map((x) => [c(S.of(x))]), '(I - gamma P_pi)^T (dual)').map((x) => x[0]);
  const Q = inst.mdp.R.map((row, s) => row.map((r, a) => D.add(c(S.of(r)), D.mul(c(gamma), P[s][a].reduce((acc, q, t) => D.add(acc, D.mul(c(q), V[t])), D.zero)))));
  const A = Q.map((row, s) => row.map((q) => D.sub(q, V[s])));
  const errSq: T[][][] = [];
  if (!errors) return { pi, dLogPi, V, Q, A, d: dvis, err: [], errSq, dl };
  const predict = dualPredictor(S, inst, nA);
  const err = codes.map((z, s) => {
    const rows: T[][] = [];
    const out = P[s].map((ps, a) => {
      const pred = predict(z, a);
      const sq: T[] = [];
      let e = D.zero;
      ps.forEach((q, t) => {
        let x = D.zero;
        for (let j = 0; j < d; j++) { const diff = D.sub(pred[j], codes[t][j]); x = D.add(x, D.mul(diff, diff)); }
        sq.push(x.re);
        if (!S.isZero(q)) e = D.add(e, D.mul(c(q), x));
      });
      rows.push(sq);
      return e;
    });
    errSq.push(rows);
    return out;
  });
  return { pi, dLogPi, V, Q, A, d: dvis, err, errSq, dl };
}

function softmaxRe<T>(S: Scalar<T>, l: T[]): T[] {
  return S.softmax ? S.softmax(l) : softmaxByExp(S, l);
}

function dualPredictor<T>(S: Scalar<T>, inst: Instance, nA: number): (z: Dual<T>[], a: number) => Dual<T>[] {
  const D = dualField(S);
  const c = (x: number): Dual<T> => ({ re: S.of(x), du: S.zero });
  const affine = (W: number[][], x: Dual<T>[], bias: number[]) => W.map((row, i) => row.reduce((acc, w, j) => D.add(acc, D.mul(c(w), x[j])), c(bias[i])));
  const wm = inst.worldModel;
  if (wm.kind === 'affine') return (z, a) => affine(wm.M[a], z, wm.c[a]);
  const tanh = (x: Dual<T>): Dual<T> => {
    if (!S.tanh) throw new NotRationalError('no tanh in this field');
    const t = S.tanh(x.re);
    return { re: t, du: S.mul(S.sub(S.one, S.mul(t, t)), x.du) };
  };
  return (z, a) => {
    let h: Dual<T>[] = [...z, ...Array.from({ length: nA }, (_, i) => (i === a ? D.one : D.zero))];
    wm.layers.forEach((l, i) => {
      h = affine(l.W, h, l.b);
      if (i < wm.layers.length - 1) h = h.map(tanh);
    });
    return h;
  };
}

/**
 * dDelta J/deps at eps = 0 for the perturbation (code of p.state += eps u; W += k e_action r^T), under
 * a reading. Fixed-data holds d_pi, pi and A^pi of the untweaked instance, as evaluate.ts does.
 * Throws NotRationalError in the exact field when the policy or an MLP's tanh is irrational.
 */
export function firstOrder<T>(S: Scalar<T>, inst: Instance, p: FieldPerturbation<T>, reading: Reading, shift?: T[]): FirstOrder<T> {
  const x = evaluateDual(S, inst, p, shift);
  return slopesOf(S, inst, p, reading, x, evaluateDual(S, inst, null));
}

/** firstOrder under both readings: the perturbed and the base point do not depend on the reading, so each is evaluated once. */
export function firstOrderBoth<T>(S: Scalar<T>, inst: Instance, p: FieldPerturbation<T>, shift?: T[]): Record<Reading, FirstOrder<T>> {
  const x = evaluateDual(S, inst, p, shift);
  const base = evaluateDual(S, inst, null);
  return Object.fromEntries(READINGS.map((rd) => [rd, slopesOf(S, inst, p, rd, x, base)])) as Record<Reading, FirstOrder<T>>;
}

/**
 * A^pi at eps = 0 (firstOrder's base point) of another instance, without the JEPA errors: called where
 * firstOrder already ran on an instance with the same codes' predictions (Prop. 2's collapsed
 * instance), so the errors could fail nowhere new (an MLP's tanh arguments are the same).
 */
export function baseQuantities<T>(S: Scalar<T>, inst: Instance): { A: T[][] } {
  return { A: evaluateDual(S, inst, null, undefined, false).A.map((r) => r.map((v) => v.re)) };
}

/** The unperturbed point's values in a field, with the JEPA errors: err[s][a] = sum_t P(t|s,a) errSq[s][a][t]. */
export function basePointIn<T>(S: Scalar<T>, inst: Instance): { pi: T[][]; A: T[][]; d: T[]; err: T[][]; errSq: T[][][] } {
  const x = evaluateDual(S, inst, null);
  const re = (rows: Dual<T>[][]) => rows.map((r) => r.map((v) => v.re));
  return { pi: re(x.pi), A: re(x.A), d: x.d.map((v) => v.re), err: re(x.err), errSq: x.errSq };
}

function slopesOf<T>(S: Scalar<T>, inst: Instance, p: FieldPerturbation<T>, reading: Reading, x: Point<T>, base: Point<T>): FirstOrder<T> {
  const lambda = S.of(inst.lambda);
  const nA = inst.head.W.length;
  let pgRe = S.zero;
  inst.mdp.mu.forEach((m, s) => (pgRe = S.sub(pgRe, S.mul(S.of(m), base.V[s].re))));
  let jepaRe = S.zero;
  base.d.forEach((ds, s) => base.pi[s].forEach((q, a) => (jepaRe = S.add(jepaRe, S.mul(S.mul(ds.re, q.re), base.err[s][a].re)))));
  jepaRe = S.mul(lambda, jepaRe);
  let dPG = S.zero;
  let dJEPA = S.zero;
  if (reading === 'on-policy') {
    inst.mdp.mu.forEach((m, s) => (dPG = S.sub(dPG, S.mul(S.of(m), x.V[s].du))));
    // d/deps of sum_s d(s) sum_a pi(a|s) err(s,a): product rule over the three factors.
    x.d.forEach((ds, s) => x.pi[s].forEach((q, a) => {
      const e = x.err[s][a];
      const term = S.add(S.add(S.mul(S.mul(ds.du, q.re), e.re), S.mul(S.mul(ds.re, q.du), e.re)), S.mul(S.mul(ds.re, q.re), e.du));
      dJEPA = S.add(dJEPA, term);
    }));
  } else {
    base.d.forEach((ds, s) => {
      for (let a = 0; a < nA; a++) {
        const w = S.mul(ds.re, base.pi[s][a].re);
        dPG = S.sub(dPG, S.mul(S.mul(w, base.A[s][a].re), x.dLogPi[s][a]));
        dJEPA = S.add(dJEPA, S.mul(w, x.err[s][a].du));
      }
    });
  }
  dJEPA = S.mul(lambda, dJEPA);
  const re = <U>(m: Dual<U>[][]) => m.map((r) => r.map((v) => v.re));
  return {
    scalar: S, reading, dJ_PG: dPG, dJ_JEPA: dJEPA, dJ: S.add(dPG, dJEPA),
    base: { pi: re(base.pi), V: base.V.map((v) => v.re), Q: re(base.Q), A: re(base.A), d: base.d.map((v) => v.re), errSq: base.errSq, J_PG: pgRe, J_JEPA: jepaRe },
    dLogits: x.dl[p.state],
  };
}

// ---------------------------------------------------------------- second order

/**
 * Dual numbers as a Scalar, so that duals nest: evaluating with codes z + eps1 u + eps2 u in
 * Dual<Dual<T>> gives f(0) + f'(0)(eps1 + eps2) + f''(0) eps1 eps2, the second derivative exactly.
 * Softmax and tanh use their derivative formulas, so no exp is needed beyond the base field's.
 */
export function dualScalar<T>(S: Scalar<T>): Scalar<Dual<T>> {
  const D = dualField(S);
  return {
    ...D, name: S.name,
    of: (x) => ({ re: S.of(x), du: S.zero }),
    softmax: (l) => {
      const pi = softmaxRe(S, l.map((x) => x.re));
      const mean = l.reduce((acc, x, a) => S.add(acc, S.mul(pi[a], x.du)), S.zero);
      return pi.map((q, a) => ({ re: q, du: S.mul(q, S.sub(l[a].du, mean)) }));
    },
    tanh: S.tanh ? (x) => { const t = S.tanh!(x.re); return { re: t, du: S.mul(S.sub(S.one, S.mul(t, t)), x.du) }; } : undefined,
    isZero: (x) => S.isZero(x.re) && S.isZero(x.du),
    eq: (a, b) => S.eq(a.re, b.re) && S.eq(a.du, b.du),
    sign: (x) => S.sign(x.re),
    toNumber: (x) => S.toNumber(x.re),
    show: (x) => S.show(x.re),
  };
}

/** d^2 Delta/deps^2 at eps = 0 of each part of J under a reading (nested duals). */
export function secondOrder<T>(S: Scalar<T>, inst: Instance, p: FieldPerturbation<T>, reading: Reading): SecondOrder<T> {
  const S2 = dualScalar(S);
  const lift = (x: T): Dual<T> => ({ re: x, du: S.zero });
  const fo = firstOrder(S2, inst, { state: p.state, action: p.action, u: p.u.map(lift), r: p.r.map(lift), k: lift(p.k) }, reading, p.u.map((x) => ({ re: S.zero, du: x })));
  return { d2J_PG: fo.dJ_PG.du, d2J_JEPA: fo.dJ_JEPA.du, d2J: fo.dJ.du };
}

export interface SecondOrder<T> { d2J_PG: T; d2J_JEPA: T; d2J: T }

/** secondOrder under both readings from one nested evaluation of each point. */
export function secondOrderBoth<T>(S: Scalar<T>, inst: Instance, p: FieldPerturbation<T>): Record<Reading, SecondOrder<T>> {
  const S2 = dualScalar(S);
  const lift = (x: T): Dual<T> => ({ re: x, du: S.zero });
  const fo = firstOrderBoth(S2, inst, { state: p.state, action: p.action, u: p.u.map(lift), r: p.r.map(lift), k: lift(p.k) }, p.u.map((x) => ({ re: S.zero, du: x })));
  return Object.fromEntries(READINGS.map((rd) => [rd, { d2J_PG: fo[rd].dJ_PG.du, d2J_JEPA: fo[rd].dJ_JEPA.du, d2J: fo[rd].dJ.du }])) as Record<Reading, SecondOrder<T>>;
}
