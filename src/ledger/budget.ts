// The default budget of `verify` and `claim` (and of the verify() API): decided cases per property
// check. One number, so the command line, the API and the documentation cannot drift apart.
// The largest round budget whose default run fits the speed target (`npm run verify` under 90 s wall
// on 2 cores; `bench --workload verify` measures it): see the README's Speed section.
export const DEFAULT_RUNS = 1000;
