// `jepa-verify ablate ID [--seed N] [--cases N] [--draws N] [--hypothesis NAME] [--out DIR] [--json]`.
import { ABLATE_SUMMARY } from './commands.ts';
import { parseOrHelp } from './help.ts';
import { seedOption, type CommandSpec } from './options.ts';
import { ablate, NECESSITY_BUDGET, NECESSITY_CLAIMS, necessityMarkdown } from '../minimisers/ablate.ts';
import { prepareOutDir, type OutputKind } from './output.ts';

export const ABLATE = {
  name: 'ablate',
  summary: ABLATE_SUMMARY,
  positionals: [{ name: 'ID', description: `one of ${NECESSITY_CLAIMS.join(', ')}`, required: true }],
  options: {
    seed: seedOption(42),
    cases: { kind: 'int', argument: 'N', default: NECESSITY_BUDGET.cases, min: 1, max: 100_000, description: 'most cases whose conclusion is evaluated per row (the default is verify\'s, so the rows match its report)' },
    draws: { kind: 'int', argument: 'N', default: NECESSITY_BUDGET.draws, min: 1, max: 1_000_000, description: 'cases drawn per dropped hypothesis (the default is verify\'s)' },
    hypothesis: { kind: 'string', argument: 'NAME', description: 'only this hypothesis' },
    out: { kind: 'string', argument: 'DIR', description: 'write the counterexample files of needed hypotheses here (without it the table cites no file)' },
    json: { kind: 'flag', description: 'print JSON on stdout instead of text' },
  },
} as const satisfies CommandSpec;

/** Its files are CLAIM.drop-HYPOTHESIS.CONSTRUCTION.json (as in a report's counterexamples/necessity/). */
export const ABLATE_OUTPUT: OutputKind = {
  isOwn: (entry) => entry.endsWith('.json') && NECESSITY_CLAIMS.some((id) => entry.startsWith(`${id}.drop-`)),
  what: 'ablate output (no ID.drop-*.json file)',
};

export async function ablateCommand(argv: string[]): Promise<number> {
  const parsed = parseOrHelp(ABLATE, argv);
  if (!parsed) return 0;
  const o = parsed.options;
  if (o.out !== undefined) prepareOutDir(o.out, '--out', ABLATE_OUTPUT);
  const rows = ablate(parsed.positionals[0], { seed: o.seed, cases: o.cases, draws: o.draws, hypothesis: o.hypothesis, outDir: o.out });
  process.stdout.write(o.json ? JSON.stringify(rows) + '\n' : necessityMarkdown(rows) + '\n');
  return 0;
}
