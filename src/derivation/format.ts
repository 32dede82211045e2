// Plain-text rendering of a counterexample file's derivation and notes, for `replay FILE` (H4) and
// terminals: one line per step, then the conclusion, interpretations, minimality and explain.
export function formatDerivation(file: Record<string, unknown>): string {
  const lines: string[] = [];
  const d = file.derivation as { steps?: { symbol: string; value: string; exact: boolean; formula?: string }[]; conclusion?: string } | undefined;
  if (d?.steps?.length) {
    lines.push('derivation:');
    const width = Math.max(...d.steps.map((s) => s.symbol.length));
    for (const s of d.steps) lines.push(`  ${s.symbol.padEnd(width)} = ${s.value}${s.exact ? '' : '  (64 digits)'}${s.formula ? `   [${s.formula}]` : ''}`);
    if (d.steps.some((s) => !s.exact)) lines.push('  (64 digits: computed with 64 significant digits, shown to 16)');
    if (d.conclusion) lines.push(`  => ${d.conclusion}`);
  }
  const list = (key: string, title: string) => {
    const v = file[key];
    if (Array.isArray(v) && v.length > 0) lines.push(`${title}:`, ...v.map((x) => `  - ${String(x)}`));
  };
  list('interpretations', 'refutes under');
  list('minimality', 'minimality');
  const ex = file.explain as { free?: string[]; fixed?: string[] } | undefined;
  if (ex) {
    if (ex.fixed?.length) lines.push(`entries that matter: ${ex.fixed.join(', ')}`);
    if (ex.free?.length) lines.push(`free entries (any nearby value keeps the counterexample): ${ex.free.join(', ')}`);
  }
  const wit = file.witness as { reading: string; eps: number; value: number; bound: number; noiseRatio: number; part: string }[] | undefined;
  for (const w of wit ?? []) lines.push(`witness (${w.reading}): at eps = ${w.eps}, ${w.part} = ${w.value.toPrecision(6)} against ${w.bound.toPrecision(6)}; excess / float64 noise = ${w.noiseRatio.toExponential(2)}${(w as { everyEps?: boolean }).everyEps ? '; violated at every eps = 2^-1 .. 2^-24' : ''}`);
  const dec = file.decision as { text?: string; noiseRatio?: number | null } | undefined;
  if (dec?.text) lines.push(`decision: ${dec.text}${typeof dec.noiseRatio === 'number' ? ` (margin / float64 noise = ${dec.noiseRatio.toExponential(2)})` : ''}`);
  return lines.join('\n');
}
