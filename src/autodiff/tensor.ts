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
