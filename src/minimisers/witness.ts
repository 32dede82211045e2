// The trainer as a witness (§7): minimise J (on-policy, exact gradient through src/autodiff) over a
// tabular configuration (E, W, b, affine psi) from a collapsed start, once with the collapse kept
// (the codes' gradient averaged, so every state keeps one shared code) and once without, and set the
// curves against the certified infima. A tabular gradient descent, not src/trainer's networks.
import type { Mdp } from '../model/types.ts';
import { collapsedConfig, layout, pack } from './config.ts';
import { certifiedInfimum } from './infima.ts';
import { objectiveGrad } from './objective.ts';

export interface WitnessRun { constraint: 'collapsed' | 'none'; start: 'collapsed' | 'spread'; J: number[]; final: number }

export interface Witness {
  runs: WitnessRun[];
  infAll: { lower: number; upper: number };
  infCollapsed: { lower: number; upper: number };
}

export function trainWitness(mdp: Mdp, lambda: number, options: { steps?: number; lr?: number; d?: number; seed?: number; every?: number } = {}): Witness {
  const steps = options.steps ?? 3000, lr = options.lr ?? 0.05, d = options.d ?? Math.max(2, mdp.P.length - 1), every = options.every ?? 10;
  const S = mdp.P.length, A = mdp.P[0].length;
  const L = layout(S, A, d);
  let seed = options.seed ?? 1;
  const rand = () => ((seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0) / 2 ** 32 - 0.5) * 0.2;
  const start = collapsedConfig(S, A, d, new Array<number>(A).fill(0), Array.from({ length: d }, rand));
  start.W = start.W.map((row) => row.map(() => rand()));
  const x0 = pack(start);
  // A third run starts from distinct random codes: where the collapsed start stalls, it shows what
  // the same descent reaches when it does not begin collapsed.
  const spread = pack({ ...start, E: start.E.map((z) => z.map(() => rand() * 10)) });
  const plan = [['collapsed', 'collapsed'], ['none', 'collapsed'], ['none', 'spread']] as const;
  const runs = plan.map(([constraint, from]) => {
    const x = (from === 'spread' ? spread : x0).slice();
    const m = new Float64Array(x.length), v = new Float64Array(x.length);
    const J: number[] = [];
    for (let t = 1; t <= steps; t++) {
      const { J: value, grad } = objectiveGrad(mdp, lambda, L, x, 'on-policy');
      if (t % every === 1 || t === steps) J.push(value);
      if (constraint === 'collapsed') {
        // The shared code's gradient is the sum over states; every state takes the same step.
        for (let j = 0; j < d; j++) {
          let sum = 0;
          for (let s = 0; s < S; s++) sum += grad[L.E + s * d + j];
          for (let s = 0; s < S; s++) grad[L.E + s * d + j] = sum / S;
        }
      }
      for (let i = 0; i < x.length; i++) {
        m[i] = 0.9 * m[i] + 0.1 * grad[i];
        v[i] = 0.999 * v[i] + 0.001 * grad[i] * grad[i];
        x[i] -= (lr * (m[i] / (1 - 0.9 ** t))) / (Math.sqrt(v[i] / (1 - 0.999 ** t)) + 1e-12);
      }
    }
    return { constraint, start: from, J, final: J[J.length - 1] };
  });
  const all = certifiedInfimum(mdp, lambda, 'all').interval;
  const col = certifiedInfimum(mdp, lambda, 'collapsed').interval;
  return { runs, infAll: { lower: all.lower, upper: all.upper }, infCollapsed: { lower: col.lower, upper: col.upper } };
}

/** A small SVG: J against step for both runs, dashed lines at the certified infima. */
export function witnessSvg(w: Witness, title: string, every = 10): string {
  const W = 560, H = 320, pad = 48;
  const values = [...w.runs.flatMap((r) => r.J), w.infAll.lower, w.infCollapsed.upper];
  const lo = Math.min(...values), hi = Math.max(...values.filter((x) => x <= w.infCollapsed.upper + 2 * Math.abs(w.infCollapsed.upper - w.infAll.lower) + 0.5));
  const n = Math.max(...w.runs.map((r) => r.J.length));
  const X = (i: number) => pad + ((W - 2 * pad) * i) / Math.max(1, n - 1);
  const Y = (y: number) => H - pad - ((H - 2 * pad) * (Math.min(y, hi) - lo)) / Math.max(1e-12, hi - lo);
  const colours = { collapsed: '#c0392b', none: '#2471a3' };
  const colourOf = (r: WitnessRun) => (r.start === 'spread' ? '#1e8449' : colours[r.constraint]);
  const lines = w.runs.map((r) => `<polyline fill="none" stroke="${colourOf(r)}" stroke-width="1.5" points="${r.J.map((y, i) => `${X(i).toFixed(1)},${Y(y).toFixed(1)}`).join(' ')}"/>`);
  const hline = (y: number, c: string, label: string) => `<line x1="${pad}" x2="${W - pad}" y1="${Y(y).toFixed(1)}" y2="${Y(y).toFixed(1)}" stroke="${c}" stroke-dasharray="5,4"/><text x="${W - pad + 2}" y="${(Y(y) + 4).toFixed(1)}" font-size="10" fill="${c}">${label}</text>`;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W + 60}" height="${H}" font-family="sans-serif">`,
    `<text x="${pad}" y="20" font-size="13">${title}</text>`,
    `<line x1="${pad}" y1="${H - pad}" x2="${W - pad}" y2="${H - pad}" stroke="#444"/><line x1="${pad}" y1="${pad}" x2="${pad}" y2="${H - pad}" stroke="#444"/>`,
    `<text x="${W / 2}" y="${H - 12}" font-size="11">step (x${every})</text><text x="4" y="${pad - 8}" font-size="11">J</text>`,
    `<text x="${pad - 4}" y="${H - pad}" font-size="10" text-anchor="end">${lo.toPrecision(4)}</text><text x="${pad - 4}" y="${pad + 4}" font-size="10" text-anchor="end">${hi.toPrecision(4)}</text>`,
    hline(w.infCollapsed.upper, colours.collapsed, 'inf collapsed'),
    hline(w.infAll.lower, colours.none, 'inf all'),
    ...lines,
    `<text x="${pad + 8}" y="${pad + 14}" font-size="11" fill="${colours.collapsed}">collapse kept: final J ${w.runs[0].final.toPrecision(6)}</text>`,
    `<text x="${pad + 8}" y="${pad + 28}" font-size="11" fill="${colours.none}">unconstrained, collapsed start: final J ${w.runs[1].final.toPrecision(6)}</text>`,
    `<text x="${pad + 8}" y="${pad + 42}" font-size="11" fill="#1e8449">unconstrained, spread start: final J ${w.runs[2].final.toPrecision(6)}</text>`,
    '</svg>',
  ].join('\n');
}
