// §4.3 soft-max Jacobian, symbolically: d/dl_j [exp(l_i) / sum_k exp(l_k)] - pi_i (delta_ij - pi_j) simplifies to 0.
import { all, create, type MathNode } from 'mathjs';
import type { ClaimResult } from '../report/schema.ts';

const math = create(all, {});
const big = create(all, { number: 'BigNumber', precision: 64 });

export const SYMBOLIC_SIZES = [2, 3, 4];
const POINTS = 5;
const TOLERANCE = 1e-50;

/** Deterministic logits in [-5, 5] for the high-precision spot check (no Math.random: results replay). */
function points(n: number): number[][] {
  let state = 12345 + n;
  const next = () => ((state = (state * 1103515245 + 12345) % 2 ** 31) / 2 ** 31) * 10 - 5;
  return Array.from({ length: POINTS }, () => Array.from({ length: n }, next));
}

interface EntryOutcome {
  n: number;
  i: number;
  j: number;
  simplified: string;
  /** max |difference| over the spot points at 64 digits. */
  maxAbs: number;
}

/** The paper's entry pi_i (delta_ij - pi_j), as text over pi(a) (a planted twin passes another formula). */
export type JacobianEntry = (pi: (a: number) => string, i: number, j: number) => string;
const paperEntry: JacobianEntry = (pi, i, j) => `(${pi(i)}) * (${i === j ? 1 : 0} - (${pi(j)}))`;

function checkEntry(n: number, i: number, j: number, expected: JacobianEntry): EntryOutcome {
  const l = Array.from({ length: n }, (_, k) => `l${k}`);
  const sum = l.map((x) => `exp(${x})`).join(' + ');
  const pi = (a: number) => `exp(${l[a]}) / (${sum})`;
  const derivative: MathNode = math.derivative(pi(i), l[j]);
  const diff = math.parse(`(${derivative.toString()}) - (${expected(pi, i, j)})`);
  const simplified = math.simplify(diff).toString();
  // An independent guard against a simplify bug: the unsimplified difference at 64 digits.
  const compiled = big.parse(diff.toString()).compile();
  let maxAbs = 0;
  for (const pt of points(n)) {
    const scope = Object.fromEntries(l.map((name, k) => [name, big.bignumber(pt[k])]));
    const value = Math.abs(Number(compiled.evaluate(scope)));
    maxAbs = Math.max(maxAbs, value);
  }
  return { n, i, j, simplified, maxAbs };
}

export function softmaxJacobianCheck(expected: JacobianEntry = paperEntry): ClaimResult {
  const start = performance.now();
  const entries = SYMBOLIC_SIZES.flatMap((n) =>
    Array.from({ length: n * n }, (_, k) => checkEntry(n, Math.floor(k / n), k % n, expected)),
  );
  const seconds = (performance.now() - start) / 1000;
  const notZero = entries.filter((e) => e.simplified !== '0');
  const numericBad = entries.filter((e) => !(e.maxAbs < TOLERANCE));
  const worst = Math.max(...entries.map((e) => e.maxAbs));
  const base = {
    reading: 'any' as const,
    method: 'symbolic' as const,
    cases: entries.length,
    corners: SYMBOLIC_SIZES.map((n) => `n = ${n} actions, all ${n * n} entries (i, j)`),
    counterexample: null,
    seconds,
    interpretation: 'the identity, for 2..5 actions',
  };
  const numeric = `At ${POINTS} deterministic points per n (logits in [-5, 5]) the unsimplified difference evaluated with 64-digit BigNumber has max |diff| = ${worst.toExponential(2)} (required < ${TOLERANCE}).`;
  if (numericBad.length > 0) {
    const e = numericBad[0];
    return {
      ...base,
      verdict: 'refuted',
      detail: `The difference d pi_${e.i}/d l_${e.j} - pi_i (delta_ij - pi_j) for n = ${e.n} is ${e.maxAbs} at 64 digits, not 0. ${numeric}`,
    };
  }
  if (notZero.length > 0) {
    return {
      ...base,
      verdict: 'holds',
      detail: `mathjs simplify did not reduce ${notZero.length} of ${entries.length} differences to 0 (e.g. n = ${notZero[0].n}, (i, j) = (${notZero[0].i}, ${notZero[0].j}): ${notZero[0].simplified}); they vanish numerically only. ${numeric}`,
    };
  }
  return {
    ...base,
    verdict: 'proved',
    detail:
      `mathjs derivative of softmax_i = exp(l_i) / sum_k exp(l_k) with respect to l_j, minus pi_i (delta_ij - pi_j), simplifies syntactically to 0 for every (i, j) and n = ${SYMBOLIC_SIZES.join(', ')} ` +
      `(${entries.length} entries). ${numeric}`,
  };
}
