// Command-line parsing: flags with values, checked with one-line errors (exit 2).
import { InputError } from '../model/validate.ts';

export interface ParsedArgs {
  positional: string[];
  flags: Map<string, string | true>;
}

export function parseArgs(argv: string[], valued: string[], booleans: string[]): ParsedArgs {
  const positional: string[] = [];
  const flags = new Map<string, string | true>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (!arg.startsWith('--')) { positional.push(arg); continue; }
    const [name, inline] = arg.slice(2).split('=', 2);
    if (valued.includes(name)) {
      const value = inline ?? argv[++i];
      if (value === undefined) throw new InputError(`--${name}: expects a value`);
      flags.set(name, value);
    } else if (booleans.includes(name)) flags.set(name, true);
    else throw new InputError(`--${name}: unknown option`);
  }
  return { positional, flags };
}

export function intFlag(args: ParsedArgs, name: string, fallback: number, min: number, max: number): number {
  const raw = args.flags.get(name);
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (raw === true || !Number.isInteger(value) || value < min || value > max) throw new InputError(`--${name}: expected an integer in [${min}, ${max}], got ${JSON.stringify(raw)}`);
  return value;
}

export const stringFlag = (args: ParsedArgs, name: string, fallback: string): string => {
  const raw = args.flags.get(name);
  return typeof raw === 'string' ? raw : fallback;
};
