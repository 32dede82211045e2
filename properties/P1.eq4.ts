// eq. (4): e' <= L eps + e and e'^2 - e^2 <= L^2 eps^2 + 2 L eps e, e = ||W(z_d,a) - z_d||, e' = ||W(z_d + eps u, a) - z_d||.
import { ALL_FIELDS, big, changesProp1Case, configurable, type Configuration, PAPER_CONFIGURATION, prop1CaseArbitraryUnder, defineClaim, EPS_SEQUENCE, fmt, preciseWorldModel, type Prop1Case, prop1Corners, prop1Setup, type PropertyCheck, worldModelFn } from '../src/api.ts';

/**
 * e and e' per action at each eps. W(z_d, a), hence e, does not depend on eps: it is computed once
 * per case (the same operations on the same numbers as per eps) and e' per eps.
 */
function errorsOf(c: Prop1Case, u: number[]) {
  const { instance } = c;
  const d = u.length;
  const A = instance.head.W.length;
  const world = worldModelFn(instance.worldModel, d, A);
  const zd = Float64Array.from(instance.encoder[0]);
  const e: number[] = [];
  for (let a = 0; a < A; a++) {
    const p0 = world(zd, a, new Float64Array(d));
    e.push(Math.hypot(...p0.map((x, j) => x - zd[j])));
  }
  return (eps: number) => {
    const moved = zd.map((x, j) => x + eps * u[j]);
    const out: { a: number; e: number; ePrime: number }[] = [];
    for (let a = 0; a < A; a++) {
      const p1 = world(moved, a, new Float64Array(d));
      out.push({ a, e: e[a], ePrime: Math.hypot(...p1.map((x, j) => x - zd[j])) });
    }
    return out;
  };
}

/** scaleL multiplies L in the bound: 1 is the paper's eq. (4); tests plant other values. L is the setup's (certified, or as configured). */
export const eq4Check = (square: boolean, scaleL = 1, cfg: Configuration = PAPER_CONFIGURATION): PropertyCheck<Prop1Case> => configurable<PropertyCheck<Prop1Case>>({
  reading: 'any',
  interpretation: square ? "the squared form e'^2 - e^2 <= L^2 eps^2 + 2 L eps e" : "e' <= L eps + e",
  arbitrary: prop1CaseArbitraryUnder(cfg),
  run: (c) => {
    const r = prop1Setup(c, false, cfg);
    if (!r.ok) return { kind: 'skip', reason: r.reason };
    const L = scaleL * r.setup.pred.L;
    const errors = errorsOf(c, r.setup.u);
    for (const eps of EPS_SEQUENCE) {
      for (const { a, e, ePrime } of errors(eps)) {
        const lhs = square ? ePrime * ePrime - e * e : ePrime;
        const rhs = square ? L * L * eps * eps + 2 * L * eps * e : L * eps + e;
        const noise = 64 * Number.EPSILON * (e + ePrime + L * eps + 1e-300) * (square ? e + ePrime + L * eps : 1) * u_scale(c);
        if (lhs - rhs <= noise) continue;
        return {
          kind: 'violation', margin: lhs - rhs, noise,
          message: `action ${a}, eps = ${eps}: ${square ? "e'^2 - e^2" : "e'"} = ${fmt(lhs)} exceeds ${fmt(rhs)}`,
          measured: { e, ePrime, L }, predicted: { bound: rhs },
          construction: { action: a, u: r.setup.u, eps },
          confirm: () => {
            const p = preciseWorldModel(c.instance, r.setup.u, eps, a);
            const Lb = big(L);
            const epsB = big(eps);
            const lhsB = square ? p.ePrime.pow(2).minus(p.e.pow(2)) : p.ePrime;
            const rhsB = square ? Lb.pow(2).times(epsB.pow(2)).plus(Lb.times(epsB).times(p.e).times(2)) : Lb.times(epsB).plus(p.e);
            const m = lhsB.minus(rhsB).toNumber();
            return { confirmed: m > 1e-40 * (1 + Math.abs(rhsB.toNumber())), margin: m, digits: 64, message: `excess ${fmt(m)}` };
          },
        };
      }
    }
    return { kind: 'ok' };
  },
  corners: (c) => { const r = prop1Setup(c, false, cfg); return prop1Corners(c, r.ok ? r.setup : undefined); },
  instanceOf: (c) => c.instance,
  rule: `For every action and eps = 1e-1..1e-7, e and e' from the world model, L ${cfg.lipschitz === 'estimated' ? "estimated from the case's sample pairs" : 'its (certified) Lipschitz constant'}; the excess must exceed 64 eps64 times the magnitudes involved, and is confirmed at 64 digits.`,
}, (to) => (changesProp1Case(to) ? eq4Check(square, scaleL, to) : null), ALL_FIELDS);

const u_scale = (c: Prop1Case) => 1 + Math.max(...c.instance.encoder[0].map(Math.abs));



export default defineClaim({
  id: 'P1.eq4',
  statement: "e' <= L eps + e and e'^2 - e^2 <= L^2 eps^2 + 2 L eps e",
  latex: "e' \\le L\\varepsilon + e,\\qquad e'^2 - e^2 \\le L^2\\varepsilon^2 + 2L\\varepsilon e",
  paper: 'eq. (4)',
  uses: [],
  hypotheses: ['Assumption 2: W_psi(., a) is L-Lipschitz for every a', "e = ||W_psi(z_d, a) - z_d||, e' = ||W_psi(z_d + eps u, a) - z_d|| (the target code held at z_d, as the paper defines e')"],
  checks: [eq4Check(false), { ...eq4Check(true) }],
});
