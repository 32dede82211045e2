// The default budget of `verify` and `claim` (and of the verify() API): decided cases per property
// check. One number, so the command line, the API and the documentation cannot drift apart.
// The largest round budget whose default run stays under the speed target, `npm run verify` in 90 s
// wall on 2 cores, with room for run-to-run variation (`bench --workload verify --cases N` measures
// it; on this project's machine, quiet: 3,000 took 43 s, 5,000 58 s, 10,000 94 s): see the README's
// Speed section. A larger --runs finds more, never less.
export const DEFAULT_RUNS = 5000;
