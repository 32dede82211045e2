// eq. (2): delta pi_aΔ = p_aΔ (1 - p_aΔ) Delta l =: eta, delta pi_j = -p_j p_aΔ Delta l = -p_j/(1 - p_aΔ) eta.
import { confirmSlope, digitsScalar, type Field, float64Scalar, preciseSoftmax, defineClaim, EPS_SEQUENCE, fmt, type LogitCase, logitCaseArbitrary, logitCorners, preciseSoftmaxSlope, type PropertyCheck, softmax, TAYLOR_RULE, taylorFit, taylorPlot } from '../src/api.ts';

/**
 * The paper's first-order coefficients of delta pi per unit Delta l (eq. 2), written once over a
 * field: float64 for the search, 64 digits for the confirmation (where 1 - p_aΔ keeps its digits).
 */
export type Eq2Coefficients = <T>(F: Field<T>, p: T[], a: number) => T[];
export const eq2Coefficients: Eq2Coefficients = (F, p, a) => {
  const rest = F.sub(F.one, p[a]);
  return p.map((pj, j) => (j === a ? F.mul(pj, rest) : F.mul(F.sub(F.zero, F.div(pj, rest)), F.mul(p[a], rest))));
};

const F64 = float64Scalar;
const D64 = digitsScalar(64);

function fits(c: LogitCase, coefficients: Eq2Coefficients) {
  const p = softmax(c.logits);
  const g = coefficients(F64, p, c.action);
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
    if (j < 0) return all.every((f) => f.undecided) ? { kind: 'undecided', reason: 'every delta pi_j and its prediction within float64 noise' } : { kind: 'ok' };
    const f = all[j];
    return {
      kind: 'violation', margin: Math.abs((f.estimate ?? 0) - f.slope), noise: 1e-4 * Math.abs(f.slope),
      message: `delta pi_${j}: measured coefficient ${fmt(f.estimate)} against eq. (2)'s ${fmt(f.slope)}`,
      measured: { slope: f.estimate, rate: f.rate }, predicted: { slope: f.slope },
      construction: { action: c.action, component: j },
      confirm: () => confirmSlope((eps) => preciseSoftmaxSlope(c.logits, c.action, eps)[j], () => coefficients(D64, preciseSoftmax(c.logits, c.action, 0), c.action)[j].toNumber()),
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
