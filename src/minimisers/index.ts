// What claim files use from the §7 analysis (re-exported by src/api.ts).
export { attainedCheck, attainedRepairCheck } from './attainedChecks.ts';
export { onPolicyGapCheck, fixedDataGapCheck, separationCheck, gapHypotheses, gapInterval, type GapKind } from './gapChecks.ts';
export { visitedAssumption1, tiedRepair, unavoidable, strictlySuboptimalReachable, reachableAssumption1, tiedReachable } from './repairs.ts';
export { minCaseArbitrary, type MinCase } from './cases.ts';
export { certifiedInfimum, exactDecision } from './infima.ts';
export { attainment } from './attainment.ts';
export { localCheck, localConfig, localCaseArbitrary, type LocalCase } from './localChecks.ts';
export { findDescent } from './local.ts';
export { uniformOptimality } from './exactCache.ts';
