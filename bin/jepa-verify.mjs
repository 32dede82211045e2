#!/usr/bin/env node
// Node 20 cannot strip TypeScript types, so the bin registers tsx's loader and runs the CLI in this
// very process: a signal sent to `jepa-verify` reaches the verifier itself (no child to forward to).
// tsx's loader (esbuild) calls process.cwd() while it loads, so a shell left in a folder that a
// report swap replaced would get Node's ENOENT uv_cwd stack trace before any of our code runs:
// check the folder first and load tsx only afterwards (dynamic import, not a hoisted static one).
try {
  process.cwd();
} catch {
  process.stderr.write('jepa-verify: the current folder no longer exists (a report swapped in replaced it?): cd into it again\n');
  process.exit(2);
}
const { register } = await import('tsx/esm/api');
register();
const { runCli } = await import('../src/cli/main.ts');
process.exitCode = await runCli(process.argv.slice(2));
