// What a variant file imports: defineVariant, the paper's building blocks and the alternatives.
export { defineVariant } from './define.ts';
export { linearHead, twoLayerHead, tabularEncoder, linearEncoder, mlpWorldModel, certifiedLipschitz } from './classes.ts';
export { paperConstruction } from './constructions.ts';
export { ON_POLICY, FIXED_DATA, PAPER_READINGS, P1_HYPOTHESES, P2_HYPOTHESES } from './paper.ts';
export type {
  VariantSpec, VariantCase, CaseInfo, Hypothesis, HeadClass, EncoderClass, WorldModelClass, LipschitzRule, ObjectiveReading,
  Construction, ConstructionInput, ConstructionResult, VariantClaimId, Family, Precise, PreciseInfo,
} from './types.ts';
