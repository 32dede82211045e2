// High-precision and exact second implementation of the objective (see evaluate.ts, rational.ts).
export { preciseEvaluate, preciseDelta, preciseLocalShift, preciseTanh, toNumbers } from './evaluate.ts';
export type { Big, PreciseEvaluation, PreciseDelta, PreciseLocalShift } from './evaluate.ts';
export { exactRational, exactDecimalString, decomposeDouble } from './exact.ts';
export { exactOptimality, exactOptimalQ, optimalActions, reachableStates } from './rational.ts';
export type { ExactOptimality, ExactOptimalQ } from './rational.ts';
export { gaussSolve, SingularSystemError } from './linalg.ts';
export type { Field } from './linalg.ts';
export { LEAK_TOL, assertPolicyTerminates, assertAllPoliciesTerminate } from './termination.ts';
