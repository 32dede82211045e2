// eq. (2): delta pi_aΔ = p_aΔ (1 - p_aΔ) Delta l =: eta, delta pi_j = -p_j p_aΔ Delta l = -p_j/(1 - p_aΔ) eta.
import { confirmSlope, defineClaim, EPS_SEQUENCE, fmt, type LogitCase, logitCaseArbitrary, logitCorners, preciseSoftmaxSlope, type PropertyCheck, softmax, TAYLOR_RULE, taylorFit, taylorPlot } from '../src/api.ts';

/** The paper's first-order coefficients of delta pi per unit Delta l (eq. 2). */
export const eq2Coefficients = (p: number[], a: number): number[] => p.map((pj, j) => (j === a ? pj * (1 - pj) : -(pj / (1 - p[a])) * (p[a] * (1 - p[a]))));

function fits(c: LogitCase, coefficients: typeof eq2Coefficients) {
  const p = softmax(c.logits);
  const g = coefficients(p, c.action);
  return p.map((pj, j) =>
    taylorFit(EPS_SEQUENCE.map((eps) => {
      const q = softmax(c.logits.map((x, i) => (i === c.action ? x + eps : x)));
      return { eps, delta: q[j] - pj, noise: 4 * Number.EPSILON };
    }), g[j]),
  );
}

export const eq2Check = (coefficients = eq2Coefficients): PropertyCheck<LogitCase> => ({
  reading: 'any',
  arbitrary: logitCaseArbitrary,
  run: (c) => {
    const p = softmax(c.logits);
    // 1 - p_aΔ = 0 in float64 makes the second form of eq. (2) 0/0: not a statement about the math.
    if (1 - p[c.action] === 0) return { kind: 'skip', reason: '1 - p_aΔ rounds to 0' };
    const all = fits(c, coefficients);
    const j = all.findIndex((f) => f.suspicious);
    if (j < 0) return { kind: 'ok' };
    const f = all[j];
    return {
      kind: 'violation', margin: Math.abs((f.estimate ?? 0) - f.slope), noise: 1e-4 * Math.abs(f.slope),
      message: `delta pi_${j}: measured coefficient ${fmt(f.estimate)} against eq. (2)'s ${fmt(f.slope)}`,
      measured: { slope: f.estimate, rate: f.rate }, predicted: { slope: f.slope },
      construction: { action: c.action, component: j },
      confirm: () => confirmSlope((eps) => preciseSoftmaxSlope(c.logits, c.action, eps)[j], f.slope),
    };
  },
  corners: logitCorners,
  instanceOf: (c) => ({ logits: c.logits, action: c.action }),
  plots: (c) => [taylorPlot('delta pi_aΔ against eta = p(1-p) Delta l', fits(c, coefficients)[c.action])],
  rule: TAYLOR_RULE.replace('Delta(eps)', 'delta pi_j(Delta l = eps)'),
});

export default defineClaim({
  id: 'P1.eq2',
  statement: 'delta pi_aΔ = p_aΔ (1 - p_aΔ) Delta l =: eta, delta pi_j = -p_j p_aΔ Delta l = -p_j/(1 - p_aΔ) eta to first order',
  latex: '\\delta\\pi_{a_\\Delta} = p_{a_\\Delta}(1-p_{a_\\Delta})\\Delta\\ell =: \\eta,\\quad \\delta\\pi_{j\\ne a_\\Delta} = -p_j p_{a_\\Delta}\\Delta\\ell = -\\frac{p_j}{1-p_{a_\\Delta}}\\eta',
  paper: 'eq. (2)',
  uses: ['P1.softmax-jac', 'P1.logit-gain'],
  hypotheses: ['only the logit of a_Δ moves, by Delta l'],
  checks: [eq2Check()],
});
