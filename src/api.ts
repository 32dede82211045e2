// The one public module claim files (properties/*.ts) and variant files import: the check
// framework, the check builders, the case types and generators, and the paper's constructions.
// Nothing under properties/ imports any other module of src/ directly.
export * from './claims/framework.ts';
export * from './claims/configuration.ts';
export * from './claims/confirm.ts';
export * from './claims/taylor.ts';
export * from './claims/affineSlope.ts';
export * from './claims/prop1Checks.ts';
export * from './claims/prop2Checks.ts';
export * from './claims/prop1Case.ts';
export * from './claims/prop2Case.ts';
export * from './claims/channelCase.ts';
export * from './claims/logitCase.ts';
export * from './claims/assumptions.ts';
export * from './claims/preciseLinear.ts';
export * from './claims/preciseSoftmax.ts';
export * from './claims/preciseWorldModel.ts';
export * from './construction/nullspace.ts';
export * from './construction/prop1.ts';
export * from './construction/prop2.ts';
export * from './construction/kRule.ts';
export * from './claims/ruleInputs.ts';
export * from './construction/codes.ts';
export * from './construction/twoLayerHead.ts';
export * from './construction/twoLayerPrecise.ts';
export * from './model/types.ts';
export { flatten, reachableStates } from './engine/mdp.ts';
export { advantage, evaluatePolicy, optimalValues, softmaxRowsInto, SingularSystemError } from './engine/evaluate.ts';
export { basePoint, baseObjective, prepare, perturb, logits, delta, type BasePoint } from './engine/objective.ts';
export { worldModelFn, lipschitz } from './engine/worldModel.ts';
export { exactOptimality, exactOptimalQ, preciseEvaluate, preciseLocalShift } from './precise/index.ts';
export { instanceCorners } from './search/corners.ts';
export { mdpArbitrary } from './search/arbitraries/mdp.ts';
export { lambdaArbitrary } from './search/arbitraries/lambda.ts';
export { gridDouble, vector } from './search/arbitraries/scalar.ts';
export { partialInstanceArbitrary, type PartialInstance } from './search/arbitraries/partialInstance.ts';
export type { ClaimResult, CounterexampleFile, Method, PlotSeries, ReadingLabel, Verdict } from './report/schema.ts';
export type { BigNumber } from 'mathjs';
export * from './minimisers/index.ts';
export { prop1Refiner, prop2Refiner, refineProp1Case, refineProp2Case, refineCertificateCase } from './claims/refiners.ts';
export { formatDerivation } from './derivation/format.ts';
export { rederive } from './claims/rederive.ts';
export { exactRank } from './claims/exactRank.ts';
export { exactDirection, exactU1, preciseDot, witnessResiduals } from './claims/exactChannel.ts';
export { digitsScalar, float64Scalar, type Scalar } from './precise/dual.ts';
export type { Field } from './precise/linalg.ts';
// The ledger as a function (issue 15): verify({ claims, paper, only, seed, runs }).
export { verify, type VerifyOptions } from './verify.ts';
export { classLogitCheck, classUExistsCheck } from './claims/classChannel.ts';
// Variant files, in properties/variants/ or anywhere in a user's project: export default defineVariant({...}).
export { defineVariant } from './variants/define.ts';
export type { VariantSpec, VariantClaimId } from './variants/types.ts';
// The sign of a 64-digit value beyond its noise, and the premises (collapse, A > 0) decided with it.
export { NOISE_64, positive64, scaleOf, sign64, type Sign64 } from './precise/sign.ts';
export { advantagePositive, fullCollapse, identicalActions, instanceAdvantagePositive, pairCollapse } from './claims/premises.ts';
