// jepa-verify's command line: dispatch, --help/--version, and the mapping of failures to exit codes.
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { InputError } from '../model/validate.ts';
import { ABLATE_SUMMARY, COMMANDS, EXIT_CODES } from './commands.ts';
import { suggest } from './options.ts';
import { cleanTemps } from './signals.ts';
import { PACKAGE_ROOT } from '../packageRoot.ts';

type Command = (argv: string[]) => Promise<number>;

const handlers: Record<string, Command> = {
  verify: async (argv) => (await import('./verify.ts')).verifyCommand(argv),
  list: async (argv) => (await import('./basic.ts')).listCommand(argv),
  claim: async (argv) => (await import('./basic.ts')).claimCommand(argv),
  replay: async (argv) => (await import('./replay.ts')).replayCommand(argv),
  report: async (argv) => (await import('./basic.ts')).reportCommand(argv),
  init: async (argv) => (await import('./basic.ts')).initCommand(argv),
  train: async (argv) => (await import('./train.ts')).runTrain(argv),
  merge: async (argv) => (await import('./shards.ts')).mergeCommand(argv),
  bench: async (argv) => (await import('./bench.ts')).runBench(argv),
  variant: async (argv) => (await import('./variant.ts')).runVariant(argv),
  ablate: async (argv) => (await import('./ablate.ts')).ablateCommand(argv),
};

export function version(): string {
  const pkg = JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { version: string };
  return pkg.version;
}

function usage(): string {
  return [
    'jepa-verify: machine-checked verdicts for "RL as internal regularization preventing JEPA collapse"',
    '',
    'usage: jepa-verify COMMAND [options]      (jepa-verify COMMAND --help for its options)',
    '',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(8)} ${c.summary}`),
    `  ${'ablate'.padEnd(8)} ${ABLATE_SUMMARY}`,
    ...Object.keys(handlers).filter((h) => h !== 'ablate' && !COMMANDS.some((c) => c.name === h)).map((h) => `  ${h.padEnd(8)} (jepa-verify ${h} --help)`),
    '',
    '  --version  the version',
    '',
    EXIT_CODES,
  ].join('\n');
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined) {
    process.stderr.write(usage() + '\n');
    return 2;
  }
  if (name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(usage() + '\n');
    return 0;
  }
  if (name === '--version' || name === '-V' || name === 'version') {
    process.stdout.write(`jepa-verify ${version()}\n`);
    return 0;
  }
  const command = handlers[name];
  if (!command) {
    const hint = suggest(name.replace(/^-+/, ''), Object.keys(handlers));
    throw new InputError(`${name}: unknown ${name.startsWith('-') ? 'option' : 'command'}${hint ? ` (did you mean ${hint}?)` : ''} (see jepa-verify --help)`);
  }
  return command(rest);
}

let watching = false;

/**
 * A reader that stopped reading (`jepa-verify list | head -1`) closes the pipe: the next write fails
 * with EPIPE, emitted as an 'error' event that would otherwise end the process with a stack trace.
 * The command ends there, quietly, as a tool killed by SIGPIPE would (Node ignores SIGPIPE), and a
 * staging folder being filled is removed first, so the old report stays. Installed once, for every command.
 */
function endQuietlyOnClosedPipe(): void {
  if (watching) return;
  watching = true;
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      cleanTemps();
      if (error.code === 'EPIPE') process.exit(0);
      // Any other failure of the terminal itself: an internal error, said where it can still be said.
      if (stream === process.stdout) process.stderr.write(`jepa-verify: internal error: stdout: ${error.message.split('\n')[0]}\n`);
      process.exit(3);
    });
  }
}

/** main with every failure mapped to its exit code: 2 bad input (one line), 3 internal error. */
export async function runCli(argv: string[]): Promise<number> {
  endQuietlyOnClosedPipe();
  try {
    return await main(argv);
  } catch (error) {
    if (error instanceof InputError || (error as Error | undefined)?.name === 'InputError') {
      process.stderr.write(`jepa-verify: ${(error as Error).message.split('\n')[0]}\n`);
      return 2;
    }
    process.stderr.write(`jepa-verify: internal error: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}\n`);
    return 3;
  }
}

const isEntry = process.argv[1] && resolve(process.argv[1]) === resolve(fileURLToPath(import.meta.url));
if (isEntry) process.exitCode = await runCli(process.argv.slice(2));

export { unitName } from '../ledger/run.ts';
