#!/usr/bin/env node
// Node 20 cannot strip TypeScript types, so the bin registers tsx's loader and runs the CLI in this
// very process: a signal sent to `jepa-verify` reaches the verifier itself (no child to forward to).
import { register } from 'tsx/esm/api';

register();
const { runCli } = await import('../src/cli/main.ts');
process.exitCode = await runCli(process.argv.slice(2));
