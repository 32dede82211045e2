// A small reverse-mode autodiff over row-major float64 matrices, in the style of micrograd:
// every op returns a new Tensor that remembers its parents and how to push its gradient back.
// Everything is 2-D (a scalar is 1x1, a vector a row or a column) so that each op has one
// shape rule and one backward rule; broadcasting is limited to size-1 rows/columns.

export class Tensor {
  readonly data: Float64Array;
  readonly rows: number;
  readonly cols: number;
  /** Allocated on first use, so constants and forward-only passes cost no gradient memory. */
  grad: Float64Array | null = null;
  readonly requiresGrad: boolean;
  readonly parents: readonly Tensor[];
  /** Adds this node's gradient into its parents' gradients. */
  backwardFn: (() => void) | null = null;
  readonly op: string;

  constructor(data: Float64Array, rows: number, cols: number, requiresGrad = false, parents: readonly Tensor[] = [], op = 'leaf') {
    if (data.length !== rows * cols) throw new Error(`tensor: ${data.length} values for shape ${rows}x${cols}`);
    this.data = data;
    this.rows = rows;
    this.cols = cols;
    this.requiresGrad = requiresGrad;
    this.parents = parents;
    this.op = op;
  }

  get size(): number {
    return this.data.length;
  }

  /** The gradient buffer, created (zeroed) when first needed. */
  g(): Float64Array {
    if (this.grad === null) this.grad = new Float64Array(this.data.length);
    return this.grad;
  }

  zeroGrad(): void {
    if (this.grad !== null) this.grad.fill(0);
  }

  item(): number {
    if (this.data.length !== 1) throw new Error(`item() on a ${this.rows}x${this.cols} tensor`);
    return this.data[0];
  }

  get(i: number, j: number): number {
    return this.data[i * this.cols + j];
  }

  toArray(): number[][] {
    const out: number[][] = [];
    for (let i = 0; i < this.rows; i++) out.push(Array.from(this.data.subarray(i * this.cols, (i + 1) * this.cols)));
    return out;
  }

  /**
   * Reverse pass from a scalar. The topological order is built with an explicit stack, not
   * recursion: an unrolled episode of a few thousand steps would overflow the call stack.
   */
  backward(): void {
    if (this.data.length !== 1) throw new Error('backward() needs a scalar (1x1) tensor');
    const order: Tensor[] = [];
    const visited = new Set<Tensor>();
    const stack: [Tensor, number][] = [[this, 0]];
    visited.add(this);
    while (stack.length > 0) {
      const top = stack[stack.length - 1];
      const [node, next] = top;
      if (next < node.parents.length) {
        top[1] = next + 1;
        const p = node.parents[next];
        if (p.requiresGrad && !visited.has(p)) {
          visited.add(p);
          stack.push([p, 0]);
        }
      } else {
        stack.pop();
        order.push(node);
      }
    }
    this.g()[0] += 1;
    for (let k = order.length - 1; k >= 0; k--) {
      const fn = order[k].backwardFn;
      if (fn !== null) fn();
    }
  }
}

// ---------- constructors ----------

export function fromArray(rows: number[][], requiresGrad = false): Tensor {
  const r = rows.length;
  const c = r === 0 ? 0 : rows[0].length;
  const data = new Float64Array(r * c);
  for (let i = 0; i < r; i++) {
    if (rows[i].length !== c) throw new Error('fromArray: ragged rows');
    for (let j = 0; j < c; j++) data[i * c + j] = rows[i][j];
  }
  return new Tensor(data, r, c, requiresGrad);
}

export function constant(data: ArrayLike<number>, rows: number, cols: number): Tensor {
  return new Tensor(Float64Array.from(data), rows, cols, false);
}

export function scalar(v: number): Tensor {
  return new Tensor(Float64Array.of(v), 1, 1, false);
}

export function zeros(rows: number, cols: number, requiresGrad = false): Tensor {
  return new Tensor(new Float64Array(rows * cols), rows, cols, requiresGrad);
}

export function eye(n: number): Tensor {
  const t = zeros(n, n);
  for (let i = 0; i < n; i++) t.data[i * n + i] = 1;
  return t;
}

/** Builds an op node; the backward closure is attached only if some parent needs a gradient. */
export function node(data: Float64Array, rows: number, cols: number, parents: Tensor[], op: string, backward: (out: Tensor) => void): Tensor {
  const needs = parents.some((p) => p.requiresGrad);
  const out = new Tensor(data, rows, cols, needs, needs ? parents : [], op);
  if (needs) out.backwardFn = () => {
    if (out.grad !== null) backward(out);
  };
  return out;
}

// ---------- linear algebra ----------

export function matmul(a: Tensor, b: Tensor): Tensor {
  if (a.cols !== b.rows) throw new Error(`matmul: ${a.rows}x${a.cols} @ ${b.rows}x${b.cols}`);
  const m = a.rows, k = a.cols, n = b.cols;
  const out = new Float64Array(m * n);
  const A = a.data, B = b.data;
  for (let i = 0; i < m; i++) {
    for (let p = 0; p < k; p++) {
      const aip = A[i * k + p];
      if (aip === 0) continue;
      const bo = p * n, oo = i * n;
      for (let j = 0; j < n; j++) out[oo + j] += aip * B[bo + j];
    }
  }
  return node(out, m, n, [a, b], 'matmul', (o) => {
    const G = o.grad!;
    if (a.requiresGrad) {
      const ga = a.g();
      for (let i = 0; i < m; i++)
        for (let p = 0; p < k; p++) {
          let s = 0;
          for (let j = 0; j < n; j++) s += G[i * n + j] * B[p * n + j];
          ga[i * k + p] += s;
        }
    }
    if (b.requiresGrad) {
      const gb = b.g();
      for (let i = 0; i < m; i++)
        for (let p = 0; p < k; p++) {
          const aip = A[i * k + p];
          if (aip === 0) continue;
          for (let j = 0; j < n; j++) gb[p * n + j] += aip * G[i * n + j];
        }
    }
  });
}

export function transpose(a: Tensor): Tensor {
  const m = a.rows, n = a.cols;
  const out = new Float64Array(m * n);
  for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) out[j * m + i] = a.data[i * n + j];
  return node(out, n, m, [a], 'transpose', (o) => {
    const G = o.grad!, ga = a.g();
    for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) ga[i * n + j] += G[j * m + i];
  });
}

/** LU with partial pivoting of an n x n row-major matrix; throws on an (exactly) singular pivot. */
function luFactor(A: Float64Array, n: number): { lu: Float64Array; piv: Int32Array } {
  const lu = Float64Array.from(A);
  const piv = new Int32Array(n);
  for (let i = 0; i < n; i++) piv[i] = i;
  for (let k = 0; k < n; k++) {
    let p = k, best = Math.abs(lu[k * n + k]);
    for (let i = k + 1; i < n; i++) {
      const v = Math.abs(lu[i * n + k]);
      if (v > best) { best = v; p = i; }
    }
    if (best === 0) throw new Error('solve: singular matrix');
    if (p !== k) {
      for (let j = 0; j < n; j++) {
        const t = lu[k * n + j]; lu[k * n + j] = lu[p * n + j]; lu[p * n + j] = t;
      }
      const t = piv[k]; piv[k] = piv[p]; piv[p] = t;
    }
    const d = lu[k * n + k];
    for (let i = k + 1; i < n; i++) {
      const f = (lu[i * n + k] /= d);
      if (f === 0) continue;
      for (let j = k + 1; j < n; j++) lu[i * n + j] -= f * lu[k * n + j];
    }
  }
  return { lu, piv };
}

function luSolve(f: { lu: Float64Array; piv: Int32Array }, n: number, B: Float64Array, m: number): Float64Array {
  const { lu, piv } = f;
  const X = new Float64Array(n * m);
  for (let i = 0; i < n; i++) for (let j = 0; j < m; j++) X[i * m + j] = B[piv[i] * m + j];
  for (let i = 0; i < n; i++)
    for (let k = 0; k < i; k++) {
      const l = lu[i * n + k];
      if (l !== 0) for (let j = 0; j < m; j++) X[i * m + j] -= l * X[k * m + j];
    }
  for (let i = n - 1; i >= 0; i--) {
    for (let k = i + 1; k < n; k++) {
      const u = lu[i * n + k];
      if (u !== 0) for (let j = 0; j < m; j++) X[i * m + j] -= u * X[k * m + j];
    }
    const d = lu[i * n + i];
    for (let j = 0; j < m; j++) X[i * m + j] /= d;
  }
  return X;
}

/** Plain numeric dense solve A X = B (no tape), for evaluations outside training. */
export function solveNumeric(A: Float64Array, n: number, B: Float64Array, m: number): Float64Array {
  return luSolve(luFactor(A, n), n, B, m);
}

/**
 * X = A^{-1} B for square A. Gradients: dB = A^{-T} dX and dA = -dB X^T, the usual
 * implicit-function rule; A^T is factorised afresh in the backward pass, which for the
 * |S| <= a few dozen matrices here is cheaper than being clever.
 */
export function solve(a: Tensor, b: Tensor): Tensor {
  if (a.rows !== a.cols || a.rows !== b.rows) throw new Error(`solve: ${a.rows}x${a.cols} \\ ${b.rows}x${b.cols}`);
  const n = a.rows, m = b.cols;
  const X = luSolve(luFactor(a.data, n), n, b.data, m);
  return node(X, n, m, [a, b], 'solve', (o) => {
    const G = o.grad!;
    const At = new Float64Array(n * n);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) At[j * n + i] = a.data[i * n + j];
    const GB = luSolve(luFactor(At, n), n, G, m);
    if (b.requiresGrad) {
      const gb = b.g();
      for (let i = 0; i < n * m; i++) gb[i] += GB[i];
    }
    if (a.requiresGrad) {
      const ga = a.g();
      for (let i = 0; i < n; i++)
        for (let j = 0; j < n; j++) {
          let s = 0;
          for (let c = 0; c < m; c++) s += GB[i * m + c] * X[j * m + c];
          ga[i * n + j] -= s;
        }
    }
  });
}

// ---------- elementwise with broadcasting ----------

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

// ---------- reductions ----------

export function sum(a: Tensor): Tensor {
  let s = 0;
  for (let i = 0; i < a.size; i++) s += a.data[i];
  return node(Float64Array.of(s), 1, 1, [a], 'sum', (o) => {
    const g = o.grad![0], ga = a.g();
    for (let i = 0; i < a.size; i++) ga[i] += g;
  });
}

export function mean(a: Tensor): Tensor {
  return scale(sum(a), 1 / a.size);
}

/** Sum over columns: m x n -> m x 1. */
export function sumRows(a: Tensor): Tensor {
  const m = a.rows, n = a.cols;
  const out = new Float64Array(m);
  for (let i = 0; i < m; i++) {
    let s = 0;
    for (let j = 0; j < n; j++) s += a.data[i * n + j];
    out[i] = s;
  }
  return node(out, m, 1, [a], 'sumRows', (o) => {
    const G = o.grad!, ga = a.g();
    for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) ga[i * n + j] += G[i];
  });
}

/** Sum over rows: m x n -> 1 x n. */
export function sumCols(a: Tensor): Tensor {
  const m = a.rows, n = a.cols;
  const out = new Float64Array(n);
  for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) out[j] += a.data[i * n + j];
  return node(out, 1, n, [a], 'sumCols', (o) => {
    const G = o.grad!, ga = a.g();
    for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) ga[i * n + j] += G[j];
  });
}

// ---------- softmax family (row-wise) ----------

export function logSoftmax(a: Tensor): Tensor {
  const m = a.rows, n = a.cols;
  const out = new Float64Array(m * n);
  for (let i = 0; i < m; i++) {
    let mx = -Infinity;
    for (let j = 0; j < n; j++) mx = Math.max(mx, a.data[i * n + j]);
    let s = 0;
    for (let j = 0; j < n; j++) s += Math.exp(a.data[i * n + j] - mx);
    const lse = mx + Math.log(s);
    for (let j = 0; j < n; j++) out[i * n + j] = a.data[i * n + j] - lse;
  }
  return node(out, m, n, [a], 'logSoftmax', (o) => {
    const G = o.grad!, ga = a.g();
    for (let i = 0; i < m; i++) {
      let gs = 0;
      for (let j = 0; j < n; j++) gs += G[i * n + j];
      for (let j = 0; j < n; j++) ga[i * n + j] += G[i * n + j] - Math.exp(out[i * n + j]) * gs;
    }
  });
}

export function softmax(a: Tensor): Tensor {
  const m = a.rows, n = a.cols;
  const out = new Float64Array(m * n);
  for (let i = 0; i < m; i++) {
    let mx = -Infinity;
    for (let j = 0; j < n; j++) mx = Math.max(mx, a.data[i * n + j]);
    let s = 0;
    for (let j = 0; j < n; j++) s += (out[i * n + j] = Math.exp(a.data[i * n + j] - mx));
    for (let j = 0; j < n; j++) out[i * n + j] /= s;
  }
  return node(out, m, n, [a], 'softmax', (o) => {
    const G = o.grad!, ga = a.g();
    for (let i = 0; i < m; i++) {
      let dot = 0;
      for (let j = 0; j < n; j++) dot += G[i * n + j] * out[i * n + j];
      for (let j = 0; j < n; j++) ga[i * n + j] += out[i * n + j] * (G[i * n + j] - dot);
    }
  });
}

// ---------- indexing ----------

/** Rows idx[0], idx[1], ... of a (repeats allowed; gradients of repeats add up). */
export function gatherRows(a: Tensor, idx: ArrayLike<number>): Tensor {
  const n = a.cols, k = idx.length;
  const out = new Float64Array(k * n);
  for (let r = 0; r < k; r++) {
    const src = idx[r];
    if (src < 0 || src >= a.rows) throw new Error(`gatherRows: row ${src} of ${a.rows}`);
    out.set(a.data.subarray(src * n, (src + 1) * n), r * n);
  }
  return node(out, k, n, [a], 'gatherRows', (o) => {
    const G = o.grad!, ga = a.g();
    for (let r = 0; r < k; r++) {
      const so = idx[r] * n;
      for (let j = 0; j < n; j++) ga[so + j] += G[r * n + j];
    }
  });
}

/** Columns idx[0], idx[1], ... of a. */
export function gatherCols(a: Tensor, idx: ArrayLike<number>): Tensor {
  const m = a.rows, n = a.cols, k = idx.length;
  for (let c = 0; c < k; c++) if (idx[c] < 0 || idx[c] >= n) throw new Error(`gatherCols: column ${idx[c]} of ${n}`);
  const out = new Float64Array(m * k);
  for (let i = 0; i < m; i++) for (let c = 0; c < k; c++) out[i * k + c] = a.data[i * n + idx[c]];
  return node(out, m, k, [a], 'gatherCols', (o) => {
    const G = o.grad!, ga = a.g();
    for (let i = 0; i < m; i++) for (let c = 0; c < k; c++) ga[i * n + idx[c]] += G[i * k + c];
  });
}

/** The entries a[rows[t], cols[t]] as a column: log pi(a_t | s_t) from a log-prob matrix. */
export function pick(a: Tensor, rows: ArrayLike<number>, cols: ArrayLike<number>): Tensor {
  if (rows.length !== cols.length) throw new Error('pick: index lengths differ');
  const k = rows.length, n = a.cols;
  const out = new Float64Array(k);
  for (let t = 0; t < k; t++) {
    if (rows[t] < 0 || rows[t] >= a.rows || cols[t] < 0 || cols[t] >= n) throw new Error('pick: index out of range');
    out[t] = a.data[rows[t] * n + cols[t]];
  }
  return node(out, k, 1, [a], 'pick', (o) => {
    const G = o.grad!, ga = a.g();
    for (let t = 0; t < k; t++) ga[rows[t] * n + cols[t]] += G[t];
  });
}

/** Side-by-side concatenation [a | b | ...] of tensors with equal row counts. */
export function concatCols(parts: Tensor[]): Tensor {
  const m = parts[0].rows;
  for (const p of parts) if (p.rows !== m) throw new Error('concatCols: row counts differ');
  const n = parts.reduce((s, p) => s + p.cols, 0);
  const out = new Float64Array(m * n);
  let off = 0;
  for (const p of parts) {
    for (let i = 0; i < m; i++) for (let j = 0; j < p.cols; j++) out[i * n + off + j] = p.data[i * p.cols + j];
    off += p.cols;
  }
  return node(out, m, n, parts, 'concatCols', (o) => {
    const G = o.grad!;
    let off2 = 0;
    for (const p of parts) {
      if (p.requiresGrad) {
        const gp = p.g();
        for (let i = 0; i < m; i++) for (let j = 0; j < p.cols; j++) gp[i * p.cols + j] += G[i * n + off2 + j];
      }
      off2 += p.cols;
    }
  });
}

/** Stacked rows [a; b; ...] of tensors with equal column counts. */
export function concatRows(parts: Tensor[]): Tensor {
  const n = parts[0].cols;
  for (const p of parts) if (p.cols !== n) throw new Error('concatRows: column counts differ');
  const m = parts.reduce((s, p) => s + p.rows, 0);
  const out = new Float64Array(m * n);
  let off = 0;
  for (const p of parts) {
    out.set(p.data, off);
    off += p.size;
  }
  return node(out, m, n, parts, 'concatRows', (o) => {
    const G = o.grad!;
    let off2 = 0;
    for (const p of parts) {
      if (p.requiresGrad) {
        const gp = p.g();
        for (let i = 0; i < p.size; i++) gp[i] += G[off2 + i];
      }
      off2 += p.size;
    }
  });
}
