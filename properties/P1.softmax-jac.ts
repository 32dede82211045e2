// §4.3: the softmax Jacobian d pi_i / d l_j = pi_i (delta_ij - pi_j).
import { defineClaim, fmt, type LogitCase, logitCaseArbitrary, logitCorners, preciseSoftmaxSlope, softmax } from '../src/api.ts';

/** The paper's formula, one column j of the Jacobian. */
export const jacobianColumn = (p: number[], j: number) => p.map((pi, i) => pi * ((i === j ? 1 : 0) - p[j]));

/** Central differences with h = 1e-6: truncation ~h^2, rounding ~eps64/h. */
function measure(c: LogitCase, column = jacobianColumn) {
  const h = 1e-6;
  const plus = softmax(c.logits.map((x, i) => (i === c.action ? x + h : x)));
  const minus = softmax(c.logits.map((x, i) => (i === c.action ? x - h : x)));
  const numeric = plus.map((x, i) => (x - minus[i]) / (2 * h));
  const formula = column(softmax(c.logits), c.action);
  const gap = Math.max(...numeric.map((x, i) => Math.abs(x - formula[i])));
  return { numeric, formula, gap, noise: 1e-6 };
}

export const softmaxJacCheck = (column = jacobianColumn) => ({
  reading: 'any' as const,
  arbitrary: logitCaseArbitrary,
  run: (c: LogitCase) => {
    const m = measure(c, column);
    if (m.gap <= m.noise) return { kind: 'ok' as const };
    return {
      kind: 'violation' as const, margin: m.gap, noise: m.noise,
      message: `column ${c.action} of the Jacobian differs from pi_i (delta_ij - pi_j) by ${fmt(m.gap)}`,
      measured: Object.fromEntries(m.numeric.map((x, i) => [`dpi${i}`, x])),
      predicted: Object.fromEntries(m.formula.map((x, i) => [`dpi${i}`, x])),
      confirm: () => {
        const slope = preciseSoftmaxSlope(c.logits, c.action, 1e-30);
        const gap = Math.max(...slope.map((x, i) => Math.abs(x - m.formula[i])));
        return { confirmed: gap > 1e-12, margin: gap, digits: 64, message: `forward difference at h = 1e-30 differs by ${fmt(gap)}` };
      },
    };
  },
  corners: logitCorners,
  instanceOf: (c: LogitCase) => ({ logits: c.logits, action: c.action }),
  rule: 'Central differences (h = 1e-6) of the exact softmax against the formula; a gap above 1e-6 is a candidate, confirmed by a forward difference at h = 1e-30 at 64 digits (gap > 1e-12).',
});

export default defineClaim({
  id: 'P1.softmax-jac',
  statement: 'd pi_i / d l_j = pi_i (delta_ij - pi_j)',
  latex: '\\frac{\\partial \\pi_i}{\\partial \\ell_j} = \\pi_i(\\delta_{ij} - \\pi_j)',
  paper: '§4.3',
  uses: [],
  hypotheses: ['pi = softmax(l), l in R^|A|'],
  checks: [softmaxJacCheck()],
});
