// Explain phase (Hypothesis's "or any other generated value"): perturb each entry of a refuting
// case and report those that can take other values with the counterexample intact (free) and
// those whose change breaks it (fixed). A reader can then ignore the free entries.
import type { Model } from './reduce/edits.ts';
import { getAt, numberGroups, pathText, setAt, valid, type CaseView, type Path } from './reduce/reduce.ts';

export interface Explanation { free: string[]; fixed: string[]; calls: number }

/** Two other values for x: a quarter of its size (at least 1/4) either side; halving toward 0 and 1 for probabilities. */
function alternatives(x: number, probability: boolean): number[] {
  if (probability) return [x / 2, (x + 1) / 2].filter((v) => v !== x);
  const step = Math.max(Math.abs(x), 1) / 4;
  return [x + step, x - step];
}

const isProbability = (label: string) => /^mdp\.(P|mu)\b|^mdp\.gamma/.test(label);

/**
 * Each group of entries (tied codes move together) gets two alternative values; an entry is free
 * when every alternative that gives a valid instance still refutes (at least one must), fixed otherwise.
 * Entry paths are relative to the instance (e.g. "mdp.R[0][1]"); case parameters keep their own name.
 */
export function explainCase<C>(c: C, view: CaseView<C>, stillRefutes: (c: C) => boolean, budget = 300): Explanation {
  const model = getAt(c, view.modelPath) as Model;
  const out: Explanation = { free: [], fixed: [], calls: 0 };
  // Whole-distribution entries (mu, P rows) are explained entry by entry, so skip the vector groups.
  const groups = numberGroups(model, view as CaseView<unknown>).filter((g) => !g.block && g.label !== 'mdp.mu' && !/^mdp\.P\[\d+\]\[\d+\]$/.test(g.label));
  const params = (view.parameters ?? []).filter((p) => typeof getAt(c, p.path) === 'number').map((p) => ({ label: `case.${pathText(p.path)}`, paths: [p.path] as Path[], ok: p.ok }));
  const muPaths = model.mdp.mu.map((_, s) => ({ label: `mdp.mu[${s}]`, paths: [[...view.modelPath, 'mdp', 'mu', s]] as Path[] }));
  const all: { label: string; paths: Path[]; ok?: (v: number) => boolean }[] = [...groups, ...params, ...muPaths];
  for (const g of all) {
    if (out.calls >= budget) break;
    const x = getAt(c, g.paths[0]) as number;
    let tried = 0;
    let intact = true;
    const inRange = g.ok ? g.ok : g.label === 'lambda' ? (v: number) => v > 0 : () => true;
    for (const v of alternatives(x, isProbability(g.label)).filter(inRange)) {
      let candidate = g.paths.reduce((acc, p) => setAt(acc, p, v), c);
      // mu must stay a distribution: move the difference onto the largest other entry.
      if (g.label.startsWith('mdp.mu[')) candidate = rebalanceMu(candidate, view, g.paths[0], v - x);
      const m = getAt(candidate, view.modelPath) as Model;
      if (!valid(m)) continue;
      tried++;
      out.calls++;
      let ok = false;
      try { ok = stillRefutes(candidate); } catch { ok = false; }
      if (!ok) { intact = false; break; }
    }
    const labels = g.paths.map((p) => pathText(p.slice(view.modelPath.length)));
    const name = g.label.startsWith('case.') ? [g.label] : labels;
    if (tried > 0 && intact) out.free.push(...name);
    else out.fixed.push(...name);
  }
  return out;
}

function rebalanceMu<C>(c: C, view: CaseView<C>, path: Path, change: number): C {
  const mu = getAt(c, [...view.modelPath, 'mdp', 'mu']) as number[];
  const s = path[path.length - 1] as number;
  let t = -1;
  mu.forEach((x, i) => { if (i !== s && (t < 0 || x > mu[t])) t = i; });
  if (t < 0) return c;
  return setAt(c, [...view.modelPath, 'mdp', 'mu', t], mu[t] - change);
}
