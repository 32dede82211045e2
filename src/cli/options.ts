// Declarative command line: one table per command (as vitest's cli-config.ts) from which parsing,
// validation and --help all come, so a flag cannot be accepted by the parser but missing from the
// help, or documented with a default the code does not use.
import { InputError } from '../model/validate.ts';

interface Common {
  description: string;
}
export type OptionSpec =
  | (Common & { kind: 'flag' })
  | (Common & { kind: 'int'; argument: string; default?: number; min: number; max: number })
  | (Common & { kind: 'string'; argument: string; default?: string; choices?: readonly string[] });

export interface PositionalSpec {
  name: string;
  description: string;
  required?: boolean;
}

export interface CommandSpec {
  name: string;
  summary: string;
  positionals: readonly PositionalSpec[];
  options: Readonly<Record<string, OptionSpec>>;
  /** Extra help text (exit codes, defaults that depend on other options). */
  notes?: string;
}

type ValueOf<O extends OptionSpec> = O extends { kind: 'flag' } ? boolean : O extends { kind: 'int' } ? number : string;
export type OptionValues<S extends CommandSpec> = {
  [K in keyof S['options']]: S['options'][K] extends { kind: 'flag' } | { default: number | string } ? ValueOf<S['options'][K]> : ValueOf<S['options'][K]> | undefined;
};

export interface Parsed<S extends CommandSpec> {
  positionals: string[];
  options: OptionValues<S>;
  /** Options the user gave explicitly (defaults applied to the rest). */
  given: Set<string>;
}

/** The seed option every command shares: one range, one meaning. */
export const seedOption = (fallback: number) => ({
  kind: 'int' as const, argument: 'N', default: fallback, min: 0, max: 2 ** 31 - 1,
  description: 'seed of every random choice; the same seed gives the same output',
});

export const HELP = Symbol('help');

/** Levenshtein distance, for "did you mean". */
export function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const next = Math.min(row[j] + 1, row[j - 1] + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = row[j];
      row[j] = next;
    }
  }
  return row[b.length];
}

/** The closest candidate within a small edit distance (or sharing a prefix), if any. */
export function suggest(word: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestScore = Infinity;
  for (const c of candidates) {
    const d = distance(word, c);
    const score = c.startsWith(word) && word.length >= 2 ? 0.5 : d;
    if (score < bestScore && (score <= Math.max(1, Math.floor(c.length / 3)) || score === 0.5)) {
      best = c;
      bestScore = score;
    }
  }
  return best;
}

const isHelp = (a: string) => a === '-h' || a === '--help';

/** Parses argv for one command; returns HELP when -h/--help appears anywhere (before `--`). */
export function parseCommand<S extends CommandSpec>(spec: S, argv: readonly string[]): Parsed<S> | typeof HELP {
  const end = argv.indexOf('--');
  if ((end < 0 ? argv : argv.slice(0, end)).some(isHelp)) return HELP;
  const values: Record<string, string | number | boolean | undefined> = {};
  const given = new Set<string>();
  const positionals: string[] = [];
  const names = Object.keys(spec.options);
  const where = `${spec.name}`;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (i === end) {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (!arg.startsWith('-') || arg === '-') {
      positionals.push(arg);
      continue;
    }
    if (!arg.startsWith('--')) {
      const hint = suggest(arg.replace(/^-+/, ''), names);
      throw new InputError(`${arg}: unknown option for ${where}${hint ? ` (did you mean --${hint}?)` : ''} (see jepa-verify ${where} --help)`);
    }
    const eq = arg.indexOf('=');
    const name = arg.slice(2, eq < 0 ? undefined : eq);
    const option = spec.options[name];
    if (!option) {
      const hint = suggest(name, names);
      throw new InputError(`--${name}: unknown option for ${where}${hint ? ` (did you mean --${hint}?)` : ''} (see jepa-verify ${where} --help)`);
    }
    if (given.has(name)) throw new InputError(`--${name}: given more than once`);
    given.add(name);
    if (option.kind === 'flag') {
      if (eq >= 0) throw new InputError(`--${name}: takes no value, got ${JSON.stringify(arg.slice(eq + 1))}`);
      values[name] = true;
      continue;
    }
    let raw: string | undefined;
    if (eq >= 0) raw = arg.slice(eq + 1);
    else {
      const next = argv[i + 1];
      // A value may start with '-' only when it is a number (a negative int is then range-checked).
      if (next !== undefined && (!next.startsWith('-') || (option.kind === 'int' && /^-\d/.test(next)))) {
        raw = next;
        i++;
      }
    }
    if (raw === undefined) throw new InputError(`--${name}: expects a value (${option.argument})`);
    if (raw.trim() === '') throw new InputError(`--${name}: expects a value (${option.argument}), got an empty string`);
    values[name] = convert(name, option, raw);
  }
  for (const [name, option] of Object.entries(spec.options)) {
    if (values[name] === undefined) values[name] = option.kind === 'flag' ? false : option.default;
  }
  const allowed = spec.positionals.length;
  if (positionals.length > allowed) {
    const extra = positionals[allowed];
    const what = allowed === 0 ? `${where} takes no arguments` : `${where} takes ${spec.positionals.map((p) => p.name).join(' ')}`;
    throw new InputError(`${JSON.stringify(extra)}: unexpected argument (${what})`);
  }
  spec.positionals.forEach((p, i) => {
    if (p.required && positionals[i] === undefined) throw new InputError(`${p.name}: missing (usage: ${usageLine(spec)})`);
    if (positionals[i] !== undefined && positionals[i].trim() === '') throw new InputError(`${p.name}: expects a value, got an empty string`);
  });
  return { positionals, options: values as OptionValues<S>, given };
}

function convert(name: string, option: OptionSpec, raw: string): string | number {
  if (option.kind === 'int') {
    const value = /^[+-]?\d+$/.test(raw.trim()) ? Number(raw) : NaN;
    if (!Number.isSafeInteger(value) || value < option.min || value > option.max) throw new InputError(`--${name}: expected an integer in [${option.min}, ${option.max}], got ${JSON.stringify(raw)}`);
    return value;
  }
  if (option.kind === 'string' && option.choices && !option.choices.includes(raw)) {
    const hint = suggest(raw, option.choices);
    throw new InputError(`--${name}: expected one of ${option.choices.join(', ')}, got ${JSON.stringify(raw)}${hint ? ` (did you mean ${hint}?)` : ''}`);
  }
  return raw;
}

export function usageLine(spec: CommandSpec): string {
  const pos = spec.positionals.map((p) => (p.required ? p.name : `[${p.name}]`)).join(' ');
  return `jepa-verify ${spec.name}${pos ? ' ' + pos : ''}${Object.keys(spec.options).length ? ' [options]' : ''}`;
}

/** --help text, generated from the same table the parser uses. */
export function helpText(spec: CommandSpec): string {
  const lines = [`usage: ${usageLine(spec)}`, '', spec.summary];
  if (spec.positionals.length) {
    lines.push('', 'arguments:');
    for (const p of spec.positionals) lines.push(`  ${p.name.padEnd(24)} ${p.description}`);
  }
  const opts = Object.entries(spec.options);
  lines.push('', 'options:');
  for (const [name, o] of opts) {
    const head = o.kind === 'flag' ? `--${name}` : `--${name} ${o.argument}`;
    const range = o.kind === 'int' ? ` (${o.min}..${o.max}${o.default !== undefined ? `, default ${o.default}` : ''})` : o.kind === 'string' ? `${o.choices ? ` (one of ${o.choices.join(', ')})` : ''}${o.default !== undefined ? ` (default ${o.default})` : ''}` : '';
    lines.push(`  ${head.padEnd(24)} ${o.description}${range}`);
  }
  lines.push(`  ${'-h, --help'.padEnd(24)} this help; runs nothing`);
  if (spec.notes) lines.push('', spec.notes);
  return lines.join('\n');
}
