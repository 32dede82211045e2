// §5.4: (W + dW) z = W z for the code z of every state other than s_a, dW = k e_aΔ (u + v)^T.
import { A3_CONSTRUCTION_ONLY, type A3Reading, A3_TEXT, configurable, big, bigDot, bigVec, defineClaim, dot, fmt, matVec, maxAbs, norm, type Prop2Case, prop2CaseArbitrary, prop2Corners, prop2Setup, type Prop2Setup, type PropertyCheck } from '../src/api.ts';

/** `direction` is the tweak's row vector; the paper's is u + v (= w). */
/** `a3`: the reading of Assumption 3 (null: only §5.3's u is required, the 'construction-only' configuration). */
export const logitsFixedCheck = (direction: (s: Prop2Setup) => number[] = (s) => s.r, a3: A3Reading | null = 'span'): PropertyCheck<Prop2Case> => {
  const setupOf = (c: Prop2Case) => prop2Setup(c, a3, { needA1: false });
  return configurable<PropertyCheck<Prop2Case>>({
    reading: 'any',
    interpretation: `${a3 ? A3_TEXT[a3] : A3_CONSTRUCTION_ONLY}; every state other than s_a, s_b included`,
    arbitrary: prop2CaseArbitrary,
    run: (c) => {
      const r = setupOf(c);
      if (!r.ok) return { kind: 'skip', reason: r.reason };
      const s = r.setup;
      const t = direction(s);
      const { W } = s.instance.head;
      const k = c.k;
      const e = 8 * s.u.length * Number.EPSILON;
      let worst: { state: number; gap: number; noise: number } | null = null;
      s.instance.encoder.forEach((z, state) => {
        if (state === s.sa) return;
        const tweaked = W.map((row, i) => row.map((x, j) => (i === s.action ? x + k * t[j] : x)));
        const lhs = matVec(tweaked, z);
        const rhs = matVec(W, z);
        const gap = Math.max(...lhs.map((x, i) => Math.abs(x - rhs[i])));
        // Rounding of the products, plus what the residual of the numerical w explains: k (|w^T z| + rounding of u + v against w).
        const residual = k * (Math.abs(dot(s.w, z)) + e * (norm(s.u) + norm(s.v) + norm(s.w)) * norm(z));
        const noise = e * (maxAbs(W) + k * norm(t)) * norm(z) * 4 + residual;
        if (gap > noise && (!worst || gap - noise > worst.gap - worst.noise)) worst = { state, gap, noise };
      });
      if (!worst) return { kind: 'ok' };
      const { state, gap, noise } = worst as { state: number; gap: number; noise: number };
      const z = s.instance.encoder[state];
      return {
        kind: 'violation', margin: gap, noise,
        message: `the logits of state ${state} (not s_a = ${s.sa}) moved by ${fmt(gap)}`,
        measured: { gap, state }, predicted: { gap: 0 },
        construction: { state: s.sa, action: s.action, u: s.u, r: t, k },
        confirm: () => {
          const zb = bigVec(z);
          const moved = bigDot(bigVec(t), zb).times(big(k)).abs();
          const explained = bigDot(bigVec(s.w), zb).abs().plus(big(e * (norm(s.u) + norm(s.v) + norm(s.w)) * norm(z))).times(big(k));
          const left = moved.minus(explained).toNumber();
          return { confirmed: left > 1e-30 * (1 + k) * (1 + norm(z)), margin: left, digits: 64, message: `k |r^T z| beyond the residual of w at 64 digits: ${fmt(left)}` };
        },
      };
    },
    corners: (c) => { const r = setupOf(c); return prop2Corners(c, r.ok ? r.setup : undefined, false); },
    instanceOf: (c) => c.partial.instance,
    rule: 'For every state s != s_a: max_i |((W + k e_aΔ (u + v)^T) z(s) - W z(s))_i| against float64 rounding plus k (|w^T z| + 8 d eps64 (|u| + |v| + |w|) |z|) (the residual of the numerical w ⊥ P and the rounding of u + v); confirmed when, at 64 digits, k |(u + v)^T z| exceeds that residual by 1e-30 of the scale. The SMT layer proves the identity formally.',
  }, (cfg) => (cfg.assumption3 === 'construction-only' && a3 !== null ? logitsFixedCheck(direction, null) : null), ['assumption3']);
};

export default defineClaim({
  id: 'P2.logits-fixed',
  statement: '(W + dW) z = W z for the code z of every state other than s_a',
  latex: '(W + \\delta W) z = W z\\quad \\forall z = E_\\phi(s),\\ s \\ne s_a,\\quad \\delta W = k e_{a_\\Delta}(u + v)^\\top',
  paper: '§5.4',
  uses: ['P2.compensator'],
  hypotheses: ['u, w, v from §5.3', 'k > 0'],
  checks: [logitsFixedCheck()],
});
