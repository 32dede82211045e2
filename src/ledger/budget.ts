// The default budget of `verify` and `claim` (and of the verify() API): decided cases per property
// check. One number, so the command line, the API and the documentation cannot drift apart.
// Issue 17's budget: 10,000 decided cases per check, with `npm run verify` under 90 s wall on 2 cores
// (`bench --workload verify` measures it; on this project's machine, quiet: about 67 s, see the
// README's Speed section). A larger --runs finds more, never less.
export const DEFAULT_RUNS = 10000;
