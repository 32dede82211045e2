// A counterexample file shows its refutation twice: `instance` and `construction` (FORMATS.md: what a
// reader reads) and `case` (what replay runs, with the construction rebuilt from it). A file whose
// copies disagree is not one refutation: replay says where they part (exit 2) instead of answering
// for the case while the reader looks at the instance.
import { InputError } from '../model/validate.ts';

/** The first path where two JSON values differ, as `name[0].mdp.mu[1]: a vs b`, or null. */
export function firstDifference(a: unknown, b: unknown, name: string): string | null {
  const text = (v: unknown) => (v === undefined ? 'missing' : JSON.stringify(v)?.slice(0, 40) ?? String(v));
  if (Array.isArray(a) && Array.isArray(b)) {
    if (a.length !== b.length) return `${name}: length ${a.length} vs ${b.length}`;
    for (let i = 0; i < a.length; i++) {
      const d = firstDifference(a[i], b[i], `${name}[${i}]`);
      if (d) return d;
    }
    return null;
  }
  if (a !== null && b !== null && typeof a === 'object' && typeof b === 'object' && !Array.isArray(a) && !Array.isArray(b)) {
    for (const k of new Set([...Object.keys(a), ...Object.keys(b)])) {
      const d = firstDifference((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], `${name}.${k}`);
      if (d) return d;
    }
    return null;
  }
  return Object.is(a, b) || a === b ? null : `${name}: ${text(a)} vs ${text(b)}`;
}

/** As JSON has it (no undefined fields, -0 as 0): the file's side was written that way. */
const asJson = (v: unknown): unknown => (v === undefined ? undefined : JSON.parse(JSON.stringify(v)));

/** The file's `instance` must be the instance of its `case` (exit 2 when missing or different). */
export function requireInstanceOfCase(file: Record<string, unknown>, ofCase: unknown): void {
  if (!('instance' in file)) throw new InputError('instance: missing (a counterexample file shows the instance its case holds; FORMATS.md)');
  const d = firstDifference(asJson(file.instance), asJson(ofCase), 'instance');
  if (d) throw new InputError(`${d} in case: the file's instance is not its case's (replay runs the case; to try another instance, edit the case)`);
}

/**
 * The file's `construction` must be the one rebuilt from its case. verify writes one exactly when the
 * check's violation builds one, so a file may lack it only then (a user's claim whose check builds
 * none); otherwise a missing one is bad input, as a missing `instance` is.
 */
export function requireConstructionOfCase(file: Record<string, unknown>, rebuilt: unknown): void {
  if (!('construction' in file) || file.construction === undefined) {
    if (rebuilt === undefined) return;
    throw new InputError("construction: missing (a counterexample file shows the construction its case rebuilds; FORMATS.md)");
  }
  const d = firstDifference(asJson(file.construction), asJson(rebuilt), 'construction');
  if (d) throw new InputError(`${d} rebuilt from the case: the file's construction is not its case's`);
}

/**
 * The instance and, for a violation, the construction a reader sees are the ones rebuilt from the
 * case (exit 2 naming the first difference): paper and variant replays alike.
 */
export function requireFileOfCase(file: Record<string, unknown>, instanceOfCase: unknown, outcome: { kind: string; construction?: unknown }): void {
  requireInstanceOfCase(file, instanceOfCase);
  if (outcome.kind === 'violation') requireConstructionOfCase(file, outcome.construction);
}

/** The instance the derivation starts from, one field a line (a reader checks the chain from these numbers). */
export function instanceLines(instance: unknown): string[] {
  if (typeof instance !== 'object' || instance === null) return [];
  // The note on P only where there is an MDP (a claim of your own may have none).
  const mdp = 'mdp' in instance;
  const lines = [`instance (the case's${mdp ? "; P[s][a][s'] may sum to less than 1, the missing mass ending the episode" : ''}):`];
  const walk = (v: unknown, name: string): void => {
    if (v !== null && typeof v === 'object' && !Array.isArray(v)) for (const [k, x] of Object.entries(v)) walk(x, name ? `${name}.${k}` : k);
    else lines.push(`  ${name} = ${JSON.stringify(v)}`);
  };
  walk(instance, '');
  return lines;
}
