// An instance in the high-precision engine's BigNumbers (the exact values of its doubles), its shape
// checked, and a perturbation of it built from those exact values (E + eps u, W + k e_a r^T rounded
// at the working precision, not the float64 perturbation), sharing the unchanged rows.
import type { Instance, Mdp, Perturbation, WorldModel } from '../model/types.ts';
import { memoByCode, reprOf } from './memo.ts';
import { matVec, type Big, type Ctx } from './context.ts';
import { rdPredict, rdTanh } from './rdPredictor.ts';

export function need(cond: boolean, msg: string): void {
  if (!cond) throw new Error(msg);
}
const isVec = (v: unknown, n: number): v is number[] =>
  Array.isArray(v) && v.length === n && v.every((x) => typeof x === 'number' && Number.isFinite(x));
const isMat = (m: unknown, r: number, c: number): m is number[][] => Array.isArray(m) && m.length === r && m.every((row) => isVec(row, c));

export function shapes(inst: Instance): { nS: number; nA: number; d: number } {
  const { mdp } = inst;
  const nS = mdp?.P?.length ?? 0;
  const nA = inst.head?.W?.length ?? 0;
  const d = inst.encoder?.[0]?.length ?? 0;
  need(nS > 0 && nA > 0 && d > 0, 'instance: need at least one state, one action (head.W rows) and d >= 1');
  need(mdp.P.every((row) => isMat(row, nA, nS)), `mdp.P: must be ${nS} x ${nA} x ${nS} finite numbers`);
  need(mdp.P.every((row) => row.every((p) => p.every((v) => v >= 0))), 'mdp.P: entries must be >= 0');
  need(isMat(mdp.R, nS, nA), `mdp.R: must be ${nS} x ${nA}`);
  need(isVec(mdp.mu, nS), `mdp.mu: must have length ${nS}`);
  need(typeof mdp.gamma === 'number' && mdp.gamma > 0 && mdp.gamma <= 1, 'mdp.gamma: must be in (0, 1]');
  need(isMat(inst.encoder, nS, d), `encoder: must be ${nS} x ${d}`);
  need(isMat(inst.head.W, nA, d), `head.W: must be ${nA} x ${d}`);
  need(isVec(inst.head.b, nA), `head.b: must have length ${nA}`);
  need(typeof inst.lambda === 'number' && Number.isFinite(inst.lambda), 'lambda: must be a finite number');
  const wm = inst.worldModel;
  if (wm?.kind === 'affine') {
    need(Array.isArray(wm.M) && wm.M.length === nA && wm.M.every((m) => isMat(m, d, d)), `worldModel.M: must be ${nA} x ${d} x ${d}`);
    need(isMat(wm.c, nA, d), `worldModel.c: must be ${nA} x ${d}`);
  } else if (wm?.kind === 'mlp') {
    need(Array.isArray(wm.layers) && wm.layers.length > 0, 'worldModel.layers: need at least one layer');
    let width = d + nA;
    wm.layers.forEach((l, i) => {
      const out = l.W?.length ?? 0;
      need(out > 0 && isMat(l.W, out, width) && isVec(l.b, out), `worldModel.layers[${i}]: W must be out x ${width}, b length out`);
      width = out;
    });
    need(width === d, `worldModel.layers: the last layer must output d = ${d}`);
  } else {
    need(false, "worldModel.kind: must be 'affine' or 'mlp'");
  }
  return { nS, nA, d };
}

export function checkPerturbation(p: Perturbation, nS: number, nA: number, d: number): void {
  need(Number.isInteger(p?.state) && p.state >= 0 && p.state < nS, `perturbation.state: must be an integer in [0, ${nS})`);
  need(Number.isInteger(p.action) && p.action >= 0 && p.action < nA, `perturbation.action: must be an integer in [0, ${nA})`);
  need(isVec(p.u, d), `perturbation.u: must have length ${d}`);
  need(isVec(p.r, d), `perturbation.r: must have length ${d}`);
  need(Number.isFinite(p.k) && Number.isFinite(p.eps), 'perturbation.k, perturbation.eps: must be finite');
}

export type BigWorldModel = { kind: 'affine'; M: Big[][][]; c: Big[][] } | { kind: 'mlp'; layers: { W: Big[][]; b: Big[] }[] };

/** The MDP of an instance in BigNumber (the exact values of its doubles, rounded at the working precision). */
export interface BigMdp {
  /** Kept as doubles too: the gamma = 1 termination check is structural and exact on them. */
  Pnum: number[][][];
  P: Big[][][];
  R: Big[][];
  mu: Big[];
  gamma: Big;
  gammaIsOne: boolean;
}

export function bigMdp(c: Ctx, mdp: Mdp): BigMdp {
  const m = (x: number[][]) => x.map((row) => row.map(c.big));
  return { Pnum: mdp.P, P: mdp.P.map(m), R: m(mdp.R), mu: mdp.mu.map(c.big), gamma: c.big(mdp.gamma), gammaIsOne: mdp.gamma === 1 };
}

export function bigWorldModel(c: Ctx, wm: WorldModel): BigWorldModel {
  const m = (x: number[][]) => x.map((row) => row.map(c.big));
  return wm.kind === 'affine' ? { kind: 'affine', M: wm.M.map(m), c: m(wm.c) } : { kind: 'mlp', layers: wm.layers.map((l) => ({ W: m(l.W), b: l.b.map(c.big) })) };
}

export interface BigInstance extends BigMdp {
  nS: number;
  nA: number;
  d: number;
  E: Big[][];
  W: Big[][];
  b: Big[];
  lambda: Big;
  predict: Predictor;
  /** Shared by an instance and its perturbations (perturb() keeps them): see headDot, perturb. */
  dots: WeakMap<Big[], WeakMap<Big[], Big>>;
  tweakedRows: Map<string, Big[]>;
}

export function toBig(c: Ctx, inst: Instance): BigInstance {
  const { nS, nA, d } = shapes(inst);
  const v = (x: number[]) => x.map(c.big);
  const m = (x: number[][]) => x.map(v);
  return {
    nS,
    nA,
    d,
    ...bigMdp(c, inst.mdp),
    E: m(inst.encoder),
    W: m(inst.head.W),
    b: v(inst.head.b),
    lambda: c.big(inst.lambda),
    predict: lazyPredictor(() => bigPredictor(c, bigWorldModel(c, inst.worldModel), nA)),
    dots: new WeakMap(),
    tweakedRows: new Map(),
  };
}

const TWEAKED_ROWS = 64;

/** The world model converted on its first prediction: a J_PG-only evaluation never asks for one. */
function lazyPredictor(build: () => Predictor): Predictor {
  let predict: Predictor | undefined;
  return (z, a) => (predict ??= build())(z, a);
}

export function perturb(c: Ctx, bi: BigInstance, p: Perturbation): BigInstance {
  checkPerturbation(p, bi.nS, bi.nA, bi.d);
  const eps = c.big(p.eps);
  const k = c.big(p.k);
  // uExact / rExact (decimal strings) carry directions that are exact to 64 digits, where the
  // float64 u and r satisfy the construction's constraints only to ~1e-16.
  const u = p.uExact ? p.uExact.map(c.parse) : p.u.map((x) => c.big(x));
  const r = p.rExact ? p.rExact.map(c.parse) : p.r.map((x) => c.big(x));
  const moved = sameOr(bi.E[p.state], bi.E[p.state].map((x, j) => x.plus(eps.times(u[j]))));
  const E = bi.E.map((row, s) => (s === p.state ? moved : row));
  // The head row W_a + k r does not depend on eps: the perturbations of one confirmation (eps and 0,
  // two eps) get the same row object, so headDot serves every logit but the moved state's.
  const key = `${p.action}/${reprOf(k)}/${r.map(reprOf).join('|')}`;
  let tweaked = bi.tweakedRows.get(key);
  if (tweaked === undefined) {
    if (bi.tweakedRows.size >= TWEAKED_ROWS) bi.tweakedRows.clear();
    bi.tweakedRows.set(key, (tweaked = sameOr(bi.W[p.action], bi.W[p.action].map((x, j) => x.plus(k.times(r[j]))))));
  }
  const W = bi.W.map((row, a) => (a === p.action ? tweaked : row));
  return { ...bi, E, W };
}

/**
 * The unperturbed row object when the perturbed row holds the same numbers (eps = 0 or k = 0, and
 * entries whose exact decimals fit the working digits, so rounding them changed nothing): the
 * caches keyed by row objects (headDot, predictions, squared errors) then serve the base point's values.
 */
function sameOr(row: Big[], next: Big[]): Big[] {
  for (let j = 0; j < row.length; j++) if (reprOf(row[j]) !== reprOf(next[j])) return next;
  return row;
}

/** W_psi(z, a) in BigNumber; `tanh` defaults to this engine's own (the MLP's hidden layers). */
export type Predictor = (z: Big[], a: number) => Big[];

export function bigPredictor(c: Ctx, wm: BigWorldModel, nA: number, tanh: (x: Big) => Big = c.tanh): Predictor {
  // The engine's own tanh has a BigInt replay (rdPredictor.ts, the same digits); another one (a
  // caller's) keeps decimal.js, as does a non-finite number.
  const rd = wm.kind === 'affine' || tanh === c.tanh ? rdTanhAt(c.digits) : null;
  if (wm.kind === 'affine') return memoByCode((z, a) => rdPredict(c.zero, c.digits, wm, nA, rd!, z, a) ?? matVec(c, wm.M[a], z).map((x, i) => x.plus(wm.c[a][i])));
  return memoByCode((z, a) => {
    const fast = rd ? rdPredict(c.zero, c.digits, wm, nA, rd, z, a) : null;
    if (fast) return fast;
    let h: Big[] = [...z, ...Array.from({ length: nA }, (_, i) => (i === a ? c.one : c.zero))];
    wm.layers.forEach((l, i) => {
      h = matVec(c, l.W, h).map((x, j) => x.plus(l.b[j]));
      if (i < wm.layers.length - 1) h = h.map(tanh);
    });
    return h;
  });
}

const rdTanhs = new Map<number, ReturnType<typeof rdTanh>>();
const rdTanhAt = (digits: number) => {
  let t = rdTanhs.get(digits);
  if (!t) rdTanhs.set(digits, (t = rdTanh(digits)));
  return t;
};
