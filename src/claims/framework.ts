// A claim = one file under properties/: its ID, statement, hypotheses and checks. This module runs
// property check (runProperty.ts: search, shrink, result assembly) and turns it into a result.
export * from './types.ts';
export { runProperty } from './runProperty.ts';
export { findCheck, recheckCase, recheckCounterexample, type Recheck } from './recheck.ts';
export { atPrecision, fmt, subSeed } from './format.ts';
