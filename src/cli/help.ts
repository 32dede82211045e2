// The step every command starts with: parse its table, or print its help and run nothing.
import { HELP, helpText, parseCommand, type CommandSpec, type Parsed } from './options.ts';

export function parseOrHelp<S extends CommandSpec>(spec: S, argv: readonly string[]): Parsed<S> | null {
  const parsed = parseCommand(spec, argv);
  if (parsed === HELP) {
    process.stdout.write(helpText(spec) + '\n');
    return null;
  }
  return parsed;
}
