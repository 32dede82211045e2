// Elementwise ops with size-1 broadcasting, and stopGrad.
import { Tensor, node } from './tensor.ts';

function broadcastShape(a: Tensor, b: Tensor, op: string): [number, number] {
  const r = Math.max(a.rows, b.rows), c = Math.max(a.cols, b.cols);
  const ok = (t: Tensor) => (t.rows === r || t.rows === 1) && (t.cols === c || t.cols === 1);
  if (!ok(a) || !ok(b)) throw new Error(`${op}: cannot broadcast ${a.rows}x${a.cols} with ${b.rows}x${b.cols}`);
  return [r, c];
}

/** Index into t for output position (i, j) when t is broadcast along size-1 axes. */
function bidx(t: Tensor, i: number, j: number): number {
  return (t.rows === 1 ? 0 : i) * t.cols + (t.cols === 1 ? 0 : j);
}

// The op is an integer switched on inside the loops rather than a callback: V8 cannot inline a
// callback shared by several ops, and these loops are the trainer's hot path.
const enum Bin { Add, Sub, Mul }

function binary(a: Tensor, b: Tensor, kind: Bin, op: string): Tensor {
  const [r, c] = broadcastShape(a, b, op);
  const out = new Float64Array(r * c);
  const A = a.data, B = b.data;
  const same = a.rows === b.rows && a.cols === b.cols;
  if (same) {
    const n = r * c;
    if (kind === Bin.Add) for (let i = 0; i < n; i++) out[i] = A[i] + B[i];
    else if (kind === Bin.Sub) for (let i = 0; i < n; i++) out[i] = A[i] - B[i];
    else for (let i = 0; i < n; i++) out[i] = A[i] * B[i];
  } else {
    for (let i = 0; i < r; i++)
      for (let j = 0; j < c; j++) {
        const x = A[bidx(a, i, j)], y = B[bidx(b, i, j)];
        out[i * c + j] = kind === Bin.Add ? x + y : kind === Bin.Sub ? x - y : x * y;
      }
  }
  return node(out, r, c, [a, b], op, (o) => {
    const G = o.grad!;
    const ga = a.requiresGrad ? a.g() : null;
    const gb = b.requiresGrad ? b.g() : null;
    if (same) {
      const n = r * c;
      if (ga) {
        if (kind === Bin.Mul) for (let i = 0; i < n; i++) ga[i] += G[i] * B[i];
        else for (let i = 0; i < n; i++) ga[i] += G[i];
      }
      if (gb) {
        if (kind === Bin.Mul) for (let i = 0; i < n; i++) gb[i] += G[i] * A[i];
        else if (kind === Bin.Sub) for (let i = 0; i < n; i++) gb[i] -= G[i];
        else for (let i = 0; i < n; i++) gb[i] += G[i];
      }
      return;
    }
    for (let i = 0; i < r; i++)
      for (let j = 0; j < c; j++) {
        const g = G[i * c + j];
        if (g === 0) continue;
        const ia = bidx(a, i, j), ib = bidx(b, i, j);
        if (ga) ga[ia] += kind === Bin.Mul ? g * B[ib] : g;
        if (gb) gb[ib] += kind === Bin.Mul ? g * A[ia] : kind === Bin.Sub ? -g : g;
      }
  });
}

export const add = (a: Tensor, b: Tensor) => binary(a, b, Bin.Add, 'add');
export const sub = (a: Tensor, b: Tensor) => binary(a, b, Bin.Sub, 'sub');
export const mul = (a: Tensor, b: Tensor) => binary(a, b, Bin.Mul, 'mul');

const enum Un { Scale, Tanh, Relu, Exp, Log, Square }

function unary(a: Tensor, kind: Un, op: string, k = 1): Tensor {
  const n = a.size, A = a.data;
  const out = new Float64Array(n);
  switch (kind) {
    case Un.Scale: for (let i = 0; i < n; i++) out[i] = k * A[i]; break;
    case Un.Tanh: for (let i = 0; i < n; i++) out[i] = Math.tanh(A[i]); break;
    case Un.Relu: for (let i = 0; i < n; i++) out[i] = A[i] > 0 ? A[i] : 0; break;
    case Un.Exp: for (let i = 0; i < n; i++) out[i] = Math.exp(A[i]); break;
    case Un.Log: for (let i = 0; i < n; i++) out[i] = Math.log(A[i]); break;
    case Un.Square: for (let i = 0; i < n; i++) out[i] = A[i] * A[i]; break;
  }
  return node(out, a.rows, a.cols, [a], op, (o) => {
    const G = o.grad!, ga = a.g();
    switch (kind) {
      case Un.Scale: for (let i = 0; i < n; i++) ga[i] += G[i] * k; break;
      case Un.Tanh: for (let i = 0; i < n; i++) ga[i] += G[i] * (1 - out[i] * out[i]); break;
      case Un.Relu: for (let i = 0; i < n; i++) if (A[i] > 0) ga[i] += G[i]; break;
      case Un.Exp: for (let i = 0; i < n; i++) ga[i] += G[i] * out[i]; break;
      case Un.Log: for (let i = 0; i < n; i++) ga[i] += G[i] / A[i]; break;
      case Un.Square: for (let i = 0; i < n; i++) ga[i] += G[i] * 2 * A[i]; break;
    }
  });
}

export const scale = (a: Tensor, k: number) => unary(a, Un.Scale, 'scale', k);
export const neg = (a: Tensor) => scale(a, -1);
export const tanh = (a: Tensor) => unary(a, Un.Tanh, 'tanh');
export const relu = (a: Tensor) => unary(a, Un.Relu, 'relu');
export const exp = (a: Tensor) => unary(a, Un.Exp, 'exp');
export const log = (a: Tensor) => unary(a, Un.Log, 'log');
export const square = (a: Tensor) => unary(a, Un.Square, 'square');

/**
 * While a gradient check runs, stop-gradient outputs are recorded on the reference evaluation and
 * replayed on the perturbed ones: a detached value is a constant of the surrogate loss, so the
 * finite difference must hold it fixed to be comparable with the analytic gradient.
 */
let freezer: { mode: 'record' | 'replay'; values: Float64Array[]; next: number } | null = null;

export function setStopGradFreezer(f: typeof freezer): void {
  freezer = f;
}

/** Same values, no gradient: the stop-gradient of the JEPA target and of rlIntoEncoder=false. */
export function stopGrad(a: Tensor): Tensor {
  if (freezer !== null) {
    if (freezer.mode === 'record') freezer.values.push(Float64Array.from(a.data));
    else {
      const v = freezer.values[freezer.next++];
      if (v === undefined || v.length !== a.size) throw new Error('stopGrad replay: the graph changed between evaluations');
      return new Tensor(v, a.rows, a.cols, false);
    }
  }
  return new Tensor(a.data, a.rows, a.cols, false);
}
