// Central-difference gradient check: the test every op and model must pass.

import { Tensor } from './tensor.ts';
import { setStopGradFreezer } from './elementwise.ts';

export interface GradcheckResult {
  ok: boolean;
  checked: number;
  /** Largest |analytic - numeric| - (atol + rtol |numeric|); <= 0 means every entry passed. */
  worstExcess: number;
  failures: { param: number; index: number; analytic: number; numeric: number }[];
}

/**
 * f must rebuild the graph from the current parameter values on every call and return a scalar.
 * Pass rule: |a - n| <= atol + rtol |n| (defaults 1e-5, 1e-3). Values passed through stopGrad are
 * held at their reference values during the finite differences (see stopGrad), so what is checked
 * is the gradient of the surrogate that training follows.
 */
export function gradcheck(f: () => Tensor, params: Tensor[], opts: { h?: number; atol?: number; rtol?: number; maxPerParam?: number } = {}): GradcheckResult {
  const { h = 1e-6, atol = 1e-5, rtol = 1e-3, maxPerParam = Infinity } = opts;
  for (const p of params) p.zeroGrad();
  const frozen = { mode: 'record' as 'record' | 'replay', values: [] as Float64Array[], next: 0 };
  try {
    setStopGradFreezer(frozen);
    f().backward();
    frozen.mode = 'replay';
    return compare(f, params, analyticOf(params), frozen, h, atol, rtol, maxPerParam);
  } finally {
    setStopGradFreezer(null);
  }
}

function analyticOf(params: Tensor[]): Float64Array[] {
  return params.map((p) => Float64Array.from(p.grad ?? new Float64Array(p.size)));
}

function compare(
  f: () => Tensor, params: Tensor[], analytic: Float64Array[], frozen: { next: number }, h: number, atol: number, rtol: number, maxPerParam: number,
): GradcheckResult {
  const evalAt = () => {
    frozen.next = 0;
    return f().item();
  };
  const failures: GradcheckResult['failures'] = [];
  let worst = -Infinity, checked = 0;
  params.forEach((p, pi) => {
    const n = Math.min(p.size, maxPerParam);
    // Spread the checked entries over the whole tensor when only some are checked.
    const stride = Math.max(1, Math.floor(p.size / n));
    for (let c = 0, i = 0; c < n && i < p.size; c++, i += stride) {
      const x = p.data[i];
      p.data[i] = x + h;
      const fp = evalAt();
      p.data[i] = x - h;
      const fm = evalAt();
      p.data[i] = x;
      const num = (fp - fm) / (2 * h);
      const a = analytic[pi][i];
      const excess = Math.abs(a - num) - (atol + rtol * Math.abs(num));
      worst = Math.max(worst, excess);
      checked++;
      if (!(excess <= 0)) failures.push({ param: pi, index: i, analytic: a, numeric: num });
    }
  });
  return { ok: failures.length === 0, checked, worstExcess: worst, failures };
}
